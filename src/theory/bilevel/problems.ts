/**
 * The closed-form toy bilevel problems T1–T5 of the spec (§1.8), with the paper's objects:
 *
 *   ψ(x) = min_{y ∈ S(x)} f(x, y),  S(x) = argmin_{y∈Y} g(x, y),  g*(x) = min_{y∈Y} g(x, y),
 *   ψ_σ(x) = min_{y∈Y} { f(x, y) + (g(x, y) − g*(x)) / σ },  y_σ(x) ∈ S_σ(x) its minimiser,
 *
 * (Kwon, Kwon, Wright & Nowak, ICLR 2024, §2–3), the Danskin-type gradient
 *   ∇ψ_σ(x) = ∇_x f(x, y_σ) + (∇_x g(x, y_σ) − ∇_x g(x, y*)) / σ,
 * and the explicit hypergradient with a pseudo-inverse when S(x) is not a singleton,
 *   ∇ψ(x) = ∇_x f − ∇²_{xy} g [∇²_{yy} g]^† ∇_y f   at the optimistic y* ∈ argmin_{S(x)} f.
 *
 * Every function here is an *uncounted* closed form (for measuring and for tests); algorithms must
 * go through the counted oracle in oracle.ts.
 */

import { dot, gram, matTVec, matVec, norm, pseudoInverseSymmetric, solveSpd, symmetricEigen } from "../common/linalg";
import { Rng } from "../common/rng";
import { minimizeOnInterval } from "./scalar";
import type { ProblemKey } from "./schema";

/** T1's dimensions and regulariser, T4's targets. */
export type ProblemOptions = Partial<Record<"dx" | "dy" | "rho" | "a" | "b", number>>;

type Vec = Float64Array;
type Box = readonly [number, number] | null;

/** The problem-specific part: values, gradients, solution maps and closed forms. */
interface ProblemCore {
  key: ProblemKey;
  title: string;
  dx: number;
  dy: number;
  /** X and Y as boxes (the same interval for every coordinate), or null for the whole space (the default). */
  xBox: Box;
  yBox: Box;
  f(x: Vec, y: Vec): number;
  g(x: Vec, y: Vec): number;
  /** Writes ∇_x f into gx and ∇_y f into gy. */
  gradF(x: Vec, y: Vec, gx: Vec, gy: Vec): void;
  gradG(x: Vec, y: Vec, gx: Vec, gy: Vec): void;
  /** Value function g*(x) = min_Y g(x, ·). */
  gStar(x: Vec): number;
  /** The optimistic lower-level solution y*(x) ∈ argmin_{y ∈ S(x)} f(x, y). */
  lowerSolution(x: Vec, out: Vec): void;
  /** A minimiser y_σ(x) of σ f + g over Y. */
  penaltySolution(x: Vec, sigma: number, out: Vec): void;
  psi(x: Vec): number;
  /** ∇ψ by its closed form (T4: one-sided at the kink x = 1). */
  gradPsi(x: Vec, out: Vec): void;
  /** Closed forms of ψ_σ and ∇ψ_σ where the spec derives them (T1, T2). */
  psiSigmaClosed?(x: Vec, sigma: number): number;
  gradPsiSigmaClosed?(x: Vec, sigma: number, out: Vec): void;
  xStar(): Vec;
  /** A global minimiser of ψ_σ over X (closed form or numerical). */
  xStarSigma(sigma: number): Vec;
  /** Lower-level Hessians at (x, y): ∇²_yy g (dy × dy) and ∇²_xy g (dx × dy), row-major. */
  hessYY?(x: Vec, y: Vec, out: Vec): void;
  hessXY?(x: Vec, y: Vec, out: Vec): void;
  /** Smoothness ℓ_σ of ψ_σ in closed form, where known (otherwise estimated numerically). */
  smoothnessClosed?(sigma: number): number;
  /** Lipschitz constants of ∇_y g and ∇_y f (set the inner step γ = 1/(L_gy + σ L_fy); default 1). */
  lipschitzGy: number;
  lipschitzFy: number;
  /** Default start (runs perturb it uniformly by ±xSpread, default 1), lower-level start. */
  x0: Vec;
  xSpread: number;
  y0: Vec;
  /** The fixed x at which the landscape gaps are measured. */
  probe: Vec;
  /** Interval drawn in the 1-D pictures. */
  xRange: readonly [number, number];
}

/** What a toy may leave out: one-dimensional x and y, X = Y = the whole space, unit constants and spread. */
const CORE_DEFAULTS = { dx: 1, dy: 1, xBox: null, yBox: null, lipschitzGy: 1, lipschitzFy: 1, xSpread: 1 };
type Defaulted = keyof typeof CORE_DEFAULTS;
type CoreSpec = Omit<ProblemCore, Defaulted> & Partial<Pick<ProblemCore, Defaulted>>;

export interface BilevelProblem extends ProblemCore {
  /** ψ_σ(x) from its definition: f(x, y_σ) + (g(x, y_σ) − g*(x)) / σ. */
  psiSigma(x: Vec, sigma: number): number;
  /** Danskin-type gradient of ψ_σ at x (spec §1.2, identity 3). */
  gradPsiSigma(x: Vec, sigma: number, out: Vec): void;
  /** Explicit hypergradient ∇ψ with the Moore–Penrose pseudo-inverse of ∇²_yy g (unconstrained Y). */
  hypergradient(x: Vec, out: Vec): void;
  /** ℓ_σ: closed form where known, else max |Δ∇ψ_σ / Δx| over a fine grid of xRange (1-D only). */
  smoothness(sigma: number): number;
  /** ‖∇ψ_σ(x)‖, or on a box X the projected-gradient mapping ‖x − Π_X(x − a∇ψ_σ(x))‖ / a. */
  stationarity(x: Vec, sigma: number, a: number): number;
  projectX(x: Vec): void;
  projectY(y: Vec): void;
}

const CORES: Record<ProblemKey, (o: ProblemOptions) => CoreSpec> = {
  T1: (o) => quadraticT1(o.dx ?? 3, o.dy ?? 5, o.rho ?? 0.1),
  T2: flatLowerLevelT2,
  T3: plLowerLevelT3,
  T4: (o) => boxLowerLevelT4(o.a ?? 0.5, o.b ?? 2),
  T5: pbgdToyT5,
};

export function makeProblem(key: ProblemKey, opts: ProblemOptions = {}): BilevelProblem {
  return withDerived(CORES[key](opts));
}

const clip = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function withDerived(spec: CoreSpec): BilevelProblem {
  const core: ProblemCore = { ...CORE_DEFAULTS, ...spec };
  const { dx, dy } = core;
  const ySigma = new Float64Array(dy);
  const yLow = new Float64Array(dy);
  const gx1 = new Float64Array(dx);
  const gy1 = new Float64Array(dy);
  const gx2 = new Float64Array(dx);
  const gy2 = new Float64Array(dy);
  const grad = new Float64Array(dx);
  const hYY = new Float64Array(dy * dy);
  const hXY = new Float64Array(dx * dy);
  const pinvTimes = new Float64Array(dy);
  const xs = new Float64Array(dx);
  const smoothCache = new Map<number, number>();

  const psiSigma = (x: Vec, sigma: number): number => {
    core.penaltySolution(x, sigma, ySigma);
    return core.f(x, ySigma) + (core.g(x, ySigma) - core.gStar(x)) / sigma;
  };
  const gradPsiSigma = (x: Vec, sigma: number, out: Vec): void => {
    core.penaltySolution(x, sigma, ySigma);
    core.lowerSolution(x, yLow);
    core.gradF(x, ySigma, gx1, gy1);
    core.gradG(x, ySigma, gx2, gy2);
    for (let i = 0; i < dx; i++) out[i] = gx1[i] + gx2[i] / sigma;
    core.gradG(x, yLow, gx2, gy2);
    for (let i = 0; i < dx; i++) out[i] -= gx2[i] / sigma;
  };
  const projectBox = (v: Vec, box: Box): void => {
    if (!box) return;
    for (let i = 0; i < v.length; i++) v[i] = clip(v[i], box[0], box[1]);
  };
  return {
    ...core,
    psiSigma,
    gradPsiSigma,
    hypergradient(x, out) {
      if (!core.hessYY || !core.hessXY) throw new Error(`${core.key}: no Hessians (constrained lower level)`);
      core.lowerSolution(x, yLow);
      core.gradF(x, yLow, gx1, gy1);
      core.hessYY(x, yLow, hYY);
      core.hessXY(x, yLow, hXY);
      const pinv = pseudoInverseSymmetric(hYY, dy);
      matVec(pinv, dy, dy, gy1, pinvTimes);
      matVec(hXY, dx, dy, pinvTimes, out);
      for (let i = 0; i < dx; i++) out[i] = gx1[i] - out[i];
    },
    smoothness(sigma) {
      if (core.smoothnessClosed) return core.smoothnessClosed(sigma);
      const cached = smoothCache.get(sigma);
      if (cached !== undefined) return cached;
      if (dx !== 1) throw new Error(`${core.key}: numerical smoothness needs dx = 1`);
      const [lo, hi] = core.xRange;
      const n = 600;
      const h = (hi - lo) / n;
      let best = 0;
      xs[0] = lo;
      gradPsiSigma(xs, sigma, grad);
      let prev = grad[0];
      for (let i = 1; i <= n; i++) {
        xs[0] = lo + i * h;
        gradPsiSigma(xs, sigma, grad);
        best = Math.max(best, Math.abs(grad[0] - prev) / h);
        prev = grad[0];
      }
      smoothCache.set(sigma, best);
      return best;
    },
    stationarity(x, sigma, a) {
      gradPsiSigma(x, sigma, grad);
      if (!core.xBox) return norm(grad, dx);
      let s = 0;
      for (let i = 0; i < dx; i++) {
        const moved = clip(x[i] - a * grad[i], core.xBox[0], core.xBox[1]);
        s += ((x[i] - moved) / a) ** 2;
      }
      return Math.sqrt(s);
    },
    projectX: (x) => projectBox(x, core.xBox),
    projectY: (y) => projectBox(y, core.yBox),
  };
}

/** argmin of ψ_σ on a 1-D interval, by the Danskin derivative (for xStarSigma of T3–T5). */
function argminPsiSigma1d(core: CoreSpec, sigma: number, lo: number, hi: number, n: number): Vec {
  const p = withDerived(core);
  const x = new Float64Array(1);
  const g = new Float64Array(1);
  const value = (t: number) => {
    x[0] = t;
    return p.psiSigma(x, sigma);
  };
  const deriv = (t: number) => {
    x[0] = t;
    p.gradPsiSigma(x, sigma, g);
    return g[0];
  };
  return Float64Array.of(minimizeOnInterval(value, deriv, lo, hi, n));
}

/** T1: g = ½‖y − Bx‖², f = ½‖y − c‖² + ρ/2‖x‖², X, Y whole spaces. Everything in closed form. */
function quadraticT1(dx: number, dy: number, rho: number): CoreSpec {
  // One fixed instance (B, c) per (dx, dy): the problem, not the run, owns this randomness.
  const rng = new Rng(20240309, dx, dy);
  const B = new Float64Array(dy * dx);
  for (let i = 0; i < B.length; i++) B[i] = rng.normal() / Math.sqrt(dy);
  const c = new Float64Array(dy);
  for (let i = 0; i < dy; i++) c[i] = rng.normal();
  const BtB = gram(B, dy, dx);
  const Btc = new Float64Array(dx);
  matTVec(B, dy, dx, c, Btc);
  const topEig = Math.max(...symmetricEigen(BtB, dx).values);
  const r = new Float64Array(dy);
  const tmp = new Float64Array(dx);
  const residual = (x: Vec) => {
    matVec(B, dy, dx, x, r);
    for (let i = 0; i < dy; i++) r[i] -= c[i];
    return r; // Bx − c
  };
  const sq = (v: Vec, n: number) => dot(v, v, n);
  const xStarOf = (scale: number): Vec => {
    const S = Float64Array.from(BtB);
    for (let i = 0; i < dx; i++) S[i * dx + i] += rho * scale;
    return solveSpd(S, dx, Btc);
  };
  const xStar = xStarOf(1);
  return {
    key: "T1",
    title: "T1 · strongly convex quadratic lower level",
    dx,
    dy,
    f(x, y) {
      let s = 0;
      for (let i = 0; i < dy; i++) s += (y[i] - c[i]) ** 2;
      return 0.5 * s + 0.5 * rho * sq(x, dx);
    },
    g(x, y) {
      matVec(B, dy, dx, x, r);
      let s = 0;
      for (let i = 0; i < dy; i++) s += (y[i] - r[i]) ** 2;
      return 0.5 * s;
    },
    gradF(x, y, gx, gy) {
      for (let i = 0; i < dx; i++) gx[i] = rho * x[i];
      for (let i = 0; i < dy; i++) gy[i] = y[i] - c[i];
    },
    gradG(x, y, gx, gy) {
      matVec(B, dy, dx, x, r);
      for (let i = 0; i < dy; i++) gy[i] = y[i] - r[i];
      matTVec(B, dy, dx, gy, gx);
      for (let i = 0; i < dx; i++) gx[i] = -gx[i];
    },
    gStar: () => 0,
    lowerSolution: (x, out) => matVec(B, dy, dx, x, out),
    penaltySolution(x, sigma, out) {
      matVec(B, dy, dx, x, out);
      for (let i = 0; i < dy; i++) out[i] = (sigma * c[i] + out[i]) / (1 + sigma);
    },
    psi: (x) => 0.5 * rho * sq(x, dx) + 0.5 * sq(residual(x), dy),
    gradPsi(x, out) {
      matTVec(B, dy, dx, residual(x), tmp);
      for (let i = 0; i < dx; i++) out[i] = rho * x[i] + tmp[i];
    },
    psiSigmaClosed: (x, sigma) => 0.5 * rho * sq(x, dx) + sq(residual(x), dy) / (2 * (1 + sigma)),
    gradPsiSigmaClosed(x, sigma, out) {
      matTVec(B, dy, dx, residual(x), tmp);
      for (let i = 0; i < dx; i++) out[i] = rho * x[i] + tmp[i] / (1 + sigma);
    },
    xStar: () => Float64Array.from(xStar),
    xStarSigma: (sigma) => xStarOf(1 + sigma),
    hessYY(_x, _y, out) {
      out.fill(0);
      for (let i = 0; i < dy; i++) out[i * dy + i] = 1;
    },
    hessXY(_x, _y, out) {
      for (let i = 0; i < dx; i++) for (let j = 0; j < dy; j++) out[i * dy + j] = -B[j * dx + i];
    },
    smoothnessClosed: (sigma) => rho + topEig / (1 + sigma),
    x0: new Float64Array(dx),
    y0: new Float64Array(dy),
    probe: new Float64Array(dx).fill(1),
    xRange: [-2, 2],
  };
}

/**
 * T2: g = ½y₁² − x y₁, f = ½(x − y₂)² + ½(y₁ − 1)² (BOME's toy_lls; the BDA counterexample).
 * S(x) = {(x, t)}: the lower level has a line of solutions; ψ = ½(x − 1)², ψ_σ = (x − 1)²/(2(1 + σ)).
 */
function flatLowerLevelT2(): CoreSpec {
  return {
    key: "T2",
    title: "T2 · lower level with a line of solutions",
    dy: 2,
    f: (x, y) => 0.5 * (x[0] - y[1]) ** 2 + 0.5 * (y[0] - 1) ** 2,
    g: (x, y) => 0.5 * y[0] * y[0] - x[0] * y[0],
    gradF(x, y, gx, gy) {
      gx[0] = x[0] - y[1];
      gy[0] = y[0] - 1;
      gy[1] = y[1] - x[0];
    },
    gradG(x, y, gx, gy) {
      gx[0] = -y[0];
      gy[0] = y[0] - x[0];
      gy[1] = 0;
    },
    gStar: (x) => -0.5 * x[0] * x[0],
    lowerSolution(x, out) {
      out[0] = x[0];
      out[1] = x[0]; // the optimistic choice: the point of S(x) that minimises f
    },
    penaltySolution(x, sigma, out) {
      out[0] = (x[0] + sigma) / (1 + sigma);
      out[1] = x[0];
    },
    psi: (x) => 0.5 * (x[0] - 1) ** 2,
    gradPsi(x, out) {
      out[0] = x[0] - 1;
    },
    psiSigmaClosed: (x, sigma) => (x[0] - 1) ** 2 / (2 * (1 + sigma)),
    gradPsiSigmaClosed(x, sigma, out) {
      out[0] = (x[0] - 1) / (1 + sigma);
    },
    xStar: () => Float64Array.of(1),
    xStarSigma: () => Float64Array.of(1),
    hessYY: (_x, _y, out) => out.set([1, 0, 0, 0]),
    hessXY: (_x, _y, out) => out.set([-1, 0]),
    smoothnessClosed: (sigma) => 1 / (1 + sigma),
    x0: Float64Array.of(-1),
    y0: Float64Array.of(0, 0),
    probe: Float64Array.of(0),
    xRange: [-1, 3],
  };
}

/** φ(t) = t² + 3 sin² t: nonconvex, PL, single critical point t = 0 (Karimi–Nutini–Schmidt). */
const phi = (t: number) => t * t + 3 * Math.sin(t) ** 2;
const dphi = (t: number) => 2 * t + 3 * Math.sin(2 * t);
const ddphi = (t: number) => 2 + 6 * Math.cos(2 * t);

/** T3: g = φ(y − x), f = ½(y − 1)² + ½x². y* = x, ψ = ½(x − 1)² + ½x², x* = ½; ψ_σ numerical. */
function plLowerLevelT3(): CoreSpec {
  const core: CoreSpec = {
    key: "T3",
    title: "T3 · nonconvex PL lower level",
    f: (x, y) => 0.5 * (y[0] - 1) ** 2 + 0.5 * x[0] * x[0],
    g: (x, y) => phi(y[0] - x[0]),
    gradF(x, y, gx, gy) {
      gx[0] = x[0];
      gy[0] = y[0] - 1;
    },
    gradG(x, y, gx, gy) {
      const d = dphi(y[0] - x[0]);
      gx[0] = -d;
      gy[0] = d;
    },
    gStar: () => 0,
    lowerSolution(x, out) {
      out[0] = x[0];
    },
    penaltySolution(x, sigma, out) {
      const xv = x[0];
      out[0] = minimizeOnInterval(
        (y) => sigma * 0.5 * (y - 1) ** 2 + phi(y - xv),
        (y) => sigma * (y - 1) + dphi(y - xv),
        xv - 2,
        xv + 2,
      );
    },
    psi: (x) => 0.5 * (x[0] - 1) ** 2 + 0.5 * x[0] * x[0],
    gradPsi(x, out) {
      out[0] = 2 * x[0] - 1;
    },
    xStar: () => Float64Array.of(0.5),
    xStarSigma: (sigma) => argminPsiSigma1d(core, sigma, -1, 2, 60),
    hessYY(x, y, out) {
      out[0] = ddphi(y[0] - x[0]);
    },
    hessXY(x, y, out) {
      out[0] = -ddphi(y[0] - x[0]);
    },
    lipschitzGy: 8,
    x0: Float64Array.of(2),
    y0: Float64Array.of(0),
    probe: Float64Array.of(0.5),
    xRange: [-1, 2],
  };
  return core;
}

/**
 * T4: Y = [0, 1], g = ½(y − x)², f = ½(y − a)² + ½(x − b)². y* = clip(x), y_σ = clip((σa + x)/(1 + σ)).
 * With a = ½, b = 2: x* = 2 on the active constraint y* = 1, where ψ_σ = ψ exactly.
 */
function boxLowerLevelT4(a: number, b: number): CoreSpec {
  const psi = (x: number) => 0.5 * (clip(x, 0, 1) - a) ** 2 + 0.5 * (x - b) ** 2;
  const core: CoreSpec = {
    key: "T4",
    title: "T4 · box-constrained lower level",
    yBox: [0, 1],
    f: (x, y) => 0.5 * (y[0] - a) ** 2 + 0.5 * (x[0] - b) ** 2,
    g: (x, y) => 0.5 * (y[0] - x[0]) ** 2,
    gradF(x, y, gx, gy) {
      gx[0] = x[0] - b;
      gy[0] = y[0] - a;
    },
    gradG(x, y, gx, gy) {
      gx[0] = x[0] - y[0];
      gy[0] = y[0] - x[0];
    },
    gStar: (x) => 0.5 * (x[0] - clip(x[0], 0, 1)) ** 2,
    lowerSolution(x, out) {
      out[0] = clip(x[0], 0, 1);
    },
    penaltySolution(x, sigma, out) {
      out[0] = clip((sigma * a + x[0]) / (1 + sigma), 0, 1);
    },
    psi: (x) => psi(x[0]),
    gradPsi(x, out) {
      const inside = x[0] > 0 && x[0] < 1;
      out[0] = (inside ? x[0] - a : 0) + x[0] - b;
    },
    xStar() {
      // ψ is a convex quadratic on each piece (−∞,0], [0,1], [1,∞): compare the three piece minimisers.
      const candidates = [Math.min(0, b), clip((a + b) / 2, 0, 1), Math.max(1, b)];
      let best = candidates[0];
      for (const t of candidates) if (psi(t) < psi(best)) best = t;
      return Float64Array.of(best);
    },
    xStarSigma: (sigma) => argminPsiSigma1d(core, sigma, Math.min(-1, b - 2), Math.max(3.5, b + 2), 400),
    smoothnessClosed: (sigma) => Math.max(1 + 1 / (1 + sigma), Math.abs(1 - 1 / (sigma * (1 + sigma)))),
    x0: Float64Array.of(0),
    y0: Float64Array.of(0.5),
    probe: Float64Array.of(0.25),
    xRange: [Math.min(-0.5, b - 1.5), Math.max(3, b + 1)],
  };
  return core;
}

/**
 * T5: the PBGD toy (V-PBGD/toy/toy.py): g = (x + y)² + x sin²(x + y),
 * f = cos(4y + 2)/(1 + e^{2−4x}) + ½ ln((4x − 2)² + 1), X = [0, 3]. y* = −x, ψ(x) = f(x, −x),
 * several local minima. (toy.py's ∂f/∂x writes 1 + e^{2(2−4x)} for (1 + e^{2−4x})²; we use the
 * exact derivative.)
 */
function pbgdToyT5(): CoreSpec {
  const sig = (x: number) => 1 / (1 + Math.exp(2 - 4 * x));
  const f = (x: number, y: number) => Math.cos(4 * y + 2) * sig(x) + 0.5 * Math.log((4 * x - 2) ** 2 + 1);
  const fx = (x: number, y: number) => {
    const s = sig(x);
    return Math.cos(4 * y + 2) * 4 * s * (1 - s) + (16 * x - 8) / ((4 * x - 2) ** 2 + 1);
  };
  const fy = (x: number, y: number) => -4 * Math.sin(4 * y + 2) * sig(x);
  const xGrid = 300;
  let xStarCache: Vec | null = null;
  const core: CoreSpec = {
    key: "T5",
    title: "T5 · PBGD toy with several local minima",
    xBox: [0, 3],
    f: (x, y) => f(x[0], y[0]),
    g(x, y) {
      const u = x[0] + y[0];
      return u * u + x[0] * Math.sin(u) ** 2;
    },
    gradF(x, y, gx, gy) {
      gx[0] = fx(x[0], y[0]);
      gy[0] = fy(x[0], y[0]);
    },
    gradG(x, y, gx, gy) {
      const u = x[0] + y[0];
      const s2 = Math.sin(2 * u);
      gy[0] = 2 * u + x[0] * s2;
      gx[0] = gy[0] + Math.sin(u) ** 2;
    },
    gStar: () => 0,
    lowerSolution(x, out) {
      out[0] = -x[0];
    },
    penaltySolution(x, sigma, out) {
      const xv = x[0];
      const u = minimizeOnInterval(
        (t) => sigma * f(xv, t - xv) + t * t + xv * Math.sin(t) ** 2,
        (t) => sigma * fy(xv, t - xv) + 2 * t + xv * Math.sin(2 * t),
        -1.5,
        1.5,
      );
      out[0] = u - xv;
    },
    psi: (x) => f(x[0], -x[0]),
    gradPsi(x, out) {
      out[0] = fx(x[0], -x[0]) - fy(x[0], -x[0]);
    },
    xStar() {
      xStarCache ??= Float64Array.of(
        minimizeOnInterval(
          (t) => f(t, -t),
          (t) => fx(t, -t) - fy(t, -t),
          0,
          3,
          xGrid,
        ),
      );
      return Float64Array.from(xStarCache);
    },
    xStarSigma: (sigma) => argminPsiSigma1d(core, sigma, 0, 3, xGrid),
    hessYY(x, y, out) {
      out[0] = 2 + 2 * x[0] * Math.cos(2 * (x[0] + y[0]));
    },
    hessXY(x, y, out) {
      const u = x[0] + y[0];
      out[0] = 2 + Math.sin(2 * u) + 2 * x[0] * Math.cos(2 * u);
    },
    lipschitzGy: 8,
    lipschitzFy: 16,
    x0: Float64Array.of(1.5),
    xSpread: 1.5,
    y0: Float64Array.of(0),
    probe: Float64Array.of(1),
    xRange: [0, 3],
  };
  return core;
}
