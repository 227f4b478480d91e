/**
 * First-order methods for the penalty formulation min_x ψ_σ(x), two baselines, and their measures.
 *
 * RECONSTRUCTIONS. The paper's pseudo-code is in an appendix that was not available (spec §1.5):
 * DoubleLoopPenalty (plain and proximal/Moreau-envelope inner loops) and SingleLoopMomentum are
 * reconstructions that match every confirmed fragment (Danskin gradient, σ = Θ(ε), warm-started
 * y- and z-sequences, large batches vs. STORM momentum). The baselines follow their public toy code:
 * V-PBGD (Shen & Chen 2023, V-PBGD/toy/toy.py) and BOME (Liu et al. 2022, toy/toy_convergence.py).
 *
 * Every method reads the problem only through a CountedOracle, so calls to ∇f and ∇g are charged
 * the same way for all of them. One `step()` is one outer iteration.
 */
import { distance } from "../common/linalg";
import type { CountedOracle } from "./oracle";
import type { BilevelProblem } from "./problems";
import type { Clock, MethodKey, Variant } from "./schema";

type Vec = Float64Array;

export interface Method {
  /** The current upper-level iterate. */
  readonly x: Vec;
  step(): void;
}

export interface MethodSettings {
  sigma: number;
  /** Outer step α. */
  alpha: number;
  /** Inner step γ (default rule: 1 / (L_gy + σ L_fy)). */
  gamma: number;
  /** Inner steps M per outer iteration of the double loops. */
  inner: number;
  /** GD steps on g(x, ·) per iteration for the baselines' ŷ (warm-started in V-PBGD). */
  baselineInner: number;
  /** Samples per oracle call site (1 when the oracle is exact). */
  batch: number;
  /** STORM weight β of the single-loop variant. */
  beta: number;
  /** Proximal variant: projected GD steps per prox point. */
  proxSteps: number;
  /** V-PBGD step as a multiple of σ (the PBGD toy: 0.1/γ with γ = 1/σ). */
  vpbgdStep: number;
  /** BOME: η and learning rate. */
  bomeEta: number;
  bomeLr: number;
}

/** The inner step γ = scale/(L_gy + σ L_fy) (spec: 1/(8 + σ) on T3). */
export function innerStep(p: BilevelProblem, sigma: number, scale = 1): number {
  return scale / (p.lipschitzGy + sigma * p.lipschitzFy);
}

/** Every setting at its default, with σ and the given overrides. */
export function methodSettings(p: BilevelProblem, o: Partial<MethodSettings> & { sigma: number }): MethodSettings {
  const base = { alpha: 0.2, gamma: innerStep(p, o.sigma), inner: 200, baselineInner: 5, batch: 1, beta: 0.1 };
  return { ...base, proxSteps: 5, vpbgdStep: 0.1, bomeEta: 0.5, bomeLr: 0.05, ...o };
}

/** Parameter scalings of spec §1.5 for reaching ‖∇ψ_σ‖ ≤ ε with σ = ε (a reconstruction; constants are ours). */
export function complexitySettings(
  prob: BilevelProblem,
  variant: Variant,
  eps: number,
  c: { noise: number; innerPerDecade: number; batchConst: number; betaConst: number },
): MethodSettings {
  const sigma = eps;
  const ell = prob.smoothness(sigma);
  const decades = Math.max(1, Math.log10(1 / (sigma * eps)));
  const base = methodSettings(prob, {
    sigma,
    alpha: Math.min(1, 1 / ell),
    inner: Math.ceil(c.innerPerDecade * decades),
  });
  if (variant === "det") return base;
  // Noise s amplified by 1/σ must fall below ε: B ≈ c_B (s / (σε))².
  const batch = Math.max(1, Math.ceil(c.batchConst * (c.noise / (sigma * eps)) ** 2));
  if (variant === "sto") return { ...base, batch };
  // STORM averages noise over ~1/β samples: β ≈ c_β (σε / s)²; the x-step is Θ(σ) so y and z can track.
  return {
    ...base,
    batch,
    beta: Math.min(1, c.betaConst * ((sigma * eps) / c.noise) ** 2),
    alpha: Math.min(1 / ell, sigma),
  };
}

type Start = (oracle: CountedOracle, x0: Vec, y0: Vec, s: MethodSettings) => Method;
const METHODS: Record<MethodKey, Start> = {
  double: (oracle, x0, y0, s) => new DoubleLoopPenalty(oracle, x0, y0, s, false),
  prox: (oracle, x0, y0, s) => new DoubleLoopPenalty(oracle, x0, y0, s, true),
  single: (...start) => new SingleLoopMomentum(...start),
  vpbgd: (...start) => new ValuePenaltyBGD(...start),
  bome: (...start) => new Bome(...start),
};

/** A method started at x0 with every lower-level sequence (y, z, ŷ) started at y0. */
export function makeMethod(key: MethodKey, oracle: CountedOracle, x0: Vec, s: MethodSettings, y0 = oracle.problem.y0) {
  return METHODS[key](oracle, x0, y0, s);
}

/** Partial gradients: ∇f(x, y) in (fx, fy), ∇g(x, y) in (gx, gy), ∇g at a second lower point in (gx2, gy2). */
const buffers = (dx: number, dy: number) => ({
  fx: new Float64Array(dx),
  fy: new Float64Array(dy),
  gx: new Float64Array(dx),
  gy: new Float64Array(dy),
  gx2: new Float64Array(dx),
  gy2: new Float64Array(dy),
});
type Buffers = ReturnType<typeof buffers>;

/** Coordinate i of the Danskin direction ∇_x f(x, y) + (∇_x g(x, y) − ∇_x g(x, z))/σ. */
const danskin = (b: Buffers, i: number, sigma: number) => b.fx[i] + (b.gx[i] - b.gx2[i]) / sigma;

/** What every method holds: the iterates x and y, the oracle, its settings and scratch gradients. */
abstract class Iterates implements Method {
  readonly x: Vec;
  readonly y: Vec;
  protected readonly p: BilevelProblem;
  protected readonly b: Buffers;

  constructor(
    protected readonly oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    protected readonly s: MethodSettings,
  ) {
    this.p = oracle.problem;
    this.x = Float64Array.from(x0);
    this.y = Float64Array.from(y0);
    this.b = buffers(this.p.dx, this.p.dy);
  }

  abstract step(): void;

  /** ∇f and ∇g at (x, y) and ∇g at (x, z), each averaged over `batch` samples, into b. */
  protected sample(z: Vec, batch: number): void {
    const { oracle, x, y, b } = this;
    oracle.gradF(x, y, b.fx, b.fy, batch);
    oracle.gradG(x, y, b.gx, b.gy, batch);
    oracle.gradG(x, z, b.gx2, b.gy2, batch);
  }

  /** The baselines' ŷ: `baselineInner` projected GD steps of size 1/L_gy on g(x, ·). */
  protected descendLower(yHat: Vec): void {
    const { oracle, p, s, x, b } = this;
    const step = 1 / p.lipschitzGy;
    for (let t = 0; t < s.baselineInner; t++) {
      oracle.gradG(x, yHat, b.gx2, b.gy2, s.batch);
      for (let i = 0; i < p.dy; i++) yHat[i] -= step * b.gy2[i];
      p.projectY(yHat);
    }
  }
}

/**
 * Double-loop penalty method [reconstruction, spec §1.5]. Per outer iteration:
 *   M warm-started projected (S)GD steps y ← Π_Y(y − γ(σ∇_y f + ∇_y g)) toward S_σ(x) and
 *   z ← Π_Y(z − γ∇_y g) toward S(x); then the Danskin step
 *   x ← Π_X(x − α[∇_x f(x, y) + (∇_x g(x, y) − ∇_x g(x, z))/σ]), every call batch-averaged over B.
 * Proximal variant: the M inner steps are grouped into prox points y ≈ prox_{ρh(x,·)+ι_Y}(anchor)
 * (ρ = γ, each solved by `proxSteps` projected GD steps of size γ/2 on h + ‖· − anchor‖²/(2ρ)),
 * the Moreau-envelope construction the reviews attribute to the paper's Appendix B.2.
 */
export class DoubleLoopPenalty extends Iterates {
  readonly z = Float64Array.from(this.y);
  private readonly yAnchor = new Float64Array(this.p.dy);
  private readonly zAnchor = new Float64Array(this.p.dy);

  constructor(
    oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    s: MethodSettings,
    private readonly proximal: boolean,
  ) {
    super(oracle, x0, y0, s);
  }

  step(): void {
    const { p, s, x, y, z, b, yAnchor, zAnchor } = this;
    const { sigma, gamma, batch } = s;
    const q = Math.max(1, s.proxSteps);
    for (let m = 0; m < s.inner; m++) {
      if (this.proximal && m % q === 0) {
        yAnchor.set(y);
        zAnchor.set(z);
      }
      this.sample(z, batch);
      if (this.proximal) {
        // GD on h(x,·) + ‖· − anchor‖²/(2γ) with step γ/2.
        for (let i = 0; i < p.dy; i++) {
          y[i] -= 0.5 * gamma * (sigma * b.fy[i] + b.gy[i] + (y[i] - yAnchor[i]) / gamma);
          z[i] -= 0.5 * gamma * (b.gy2[i] + (z[i] - zAnchor[i]) / gamma);
        }
      } else {
        for (let i = 0; i < p.dy; i++) {
          y[i] -= gamma * (sigma * b.fy[i] + b.gy[i]);
          z[i] -= gamma * b.gy2[i];
        }
      }
      p.projectY(y);
      p.projectY(z);
    }
    this.sample(z, batch);
    for (let i = 0; i < p.dx; i++) x[i] -= s.alpha * danskin(b, i, sigma);
    p.projectX(x);
  }
}

/**
 * Single-loop momentum variant [reconstruction, spec §1.5]: one y-, z- and x-step per iteration,
 * each direction a STORM estimate v_k = ∇ℓ(w_k; ξ_k) + (1 − β)(v_{k−1} − ∇ℓ(w_{k−1}; ξ_k)), with
 * O(1) samples per iteration (2 calls of ∇f and 4 of ∇g: the new and the previous point share ξ_k).
 * The estimates start from one batch of B samples.
 */
export class SingleLoopMomentum extends Iterates {
  readonly z = Float64Array.from(this.y);
  private readonly xPrev = new Float64Array(this.p.dx);
  private readonly yPrev = new Float64Array(this.p.dy);
  private readonly zPrev = new Float64Array(this.p.dy);
  /** STORM estimates of ∇_y h_σ(x, y), ∇_y g(x, z) and the Danskin direction. */
  private readonly vy = new Float64Array(this.p.dy);
  private readonly vz = new Float64Array(this.p.dy);
  private readonly vx = new Float64Array(this.p.dx);
  private readonly old = buffers(this.p.dx, this.p.dy);

  constructor(oracle: CountedOracle, x0: Vec, y0: Vec, s: MethodSettings) {
    super(oracle, x0, y0, s);
    const { p, b } = this;
    this.sample(this.z, s.batch);
    for (let i = 0; i < p.dy; i++) {
      this.vy[i] = s.sigma * b.fy[i] + b.gy[i];
      this.vz[i] = b.gy2[i];
    }
    for (let i = 0; i < p.dx; i++) this.vx[i] = danskin(b, i, s.sigma);
  }

  step(): void {
    const { oracle, p, s, x, y, z, b, old, vx, vy, vz } = this;
    const { sigma, beta } = s;
    this.xPrev.set(x);
    this.yPrev.set(y);
    this.zPrev.set(z);
    for (let i = 0; i < p.dy; i++) {
      y[i] -= s.gamma * vy[i];
      z[i] -= s.gamma * vz[i];
    }
    p.projectY(y);
    p.projectY(z);
    for (let i = 0; i < p.dx; i++) x[i] -= s.alpha * vx[i];
    p.projectX(x);
    oracle.gradFPair(x, y, b.fx, b.fy, this.xPrev, this.yPrev, old.fx, old.fy);
    oracle.gradGPair(x, y, b.gx, b.gy, this.xPrev, this.yPrev, old.gx, old.gy);
    oracle.gradGPair(x, z, b.gx2, b.gy2, this.xPrev, this.zPrev, old.gx2, old.gy2);
    const keep = 1 - beta;
    for (let i = 0; i < p.dy; i++) {
      vy[i] = sigma * b.fy[i] + b.gy[i] + keep * (vy[i] - (sigma * old.fy[i] + old.gy[i]));
      vz[i] = b.gy2[i] + keep * (vz[i] - old.gy2[i]);
    }
    for (let i = 0; i < p.dx; i++) vx[i] = danskin(b, i, sigma) + keep * (vx[i] - danskin(old, i, sigma));
  }
}

/**
 * V-PBGD baseline (Shen & Chen, ICML 2023): T warm-started GD steps on g(x, ·) give ŷ ≈ argmin g,
 * so v(x) = g(x, ŷ); then one joint projected step on f + λ(g(x, y) − v(x)) with λ = 1/σ and step
 * `vpbgdStep`/λ (the toy's 0.1/γ). On T5 ∇_x g(x, ŷ) ≈ 0 and this is exactly toy.py's iteration.
 */
export class ValuePenaltyBGD extends Iterates {
  readonly yHat = Float64Array.from(this.y);
  private readonly xOld = new Float64Array(this.p.dx);
  private readonly yOld = new Float64Array(this.p.dy);
  /** The last joint step's (x, y) displacement over the step: the projected-gradient mapping. */
  lastMapping = Number.POSITIVE_INFINITY;

  step(): void {
    const { p, s, x, y, yHat, b } = this;
    this.descendLower(yHat);
    const lambda = 1 / s.sigma;
    const eta = s.vpbgdStep * s.sigma;
    this.sample(yHat, s.batch);
    this.xOld.set(x);
    this.yOld.set(y);
    for (let i = 0; i < p.dx; i++) x[i] -= eta * (b.fx[i] + lambda * (b.gx[i] - b.gx2[i]));
    for (let i = 0; i < p.dy; i++) y[i] -= eta * (b.fy[i] + lambda * b.gy[i]);
    p.projectX(x);
    p.projectY(y);
    let moved = 0;
    for (let i = 0; i < p.dx; i++) moved += (x[i] - this.xOld[i]) ** 2;
    for (let i = 0; i < p.dy; i++) moved += (y[i] - this.yOld[i]) ** 2;
    this.lastMapping = Math.sqrt(moved) / eta;
  }
}

/**
 * BOME baseline (Liu, Ye, Wright, Stone & Liu, NeurIPS 2022): ŷ from T GD steps on g(x, ·) started
 * at y; q(x, y) = g(x, y) − g(x, ŷ); direction d = ∇f + λ∇q with λ = max(η − ⟨∇f, ∇q⟩/‖∇q‖², 0);
 * joint step (x, y) ← Π(x − ξ d_x, y − ξ d_y). It targets ψ itself, not ψ_σ.
 */
export class Bome extends Iterates {
  private readonly yHat = new Float64Array(this.p.dy);

  step(): void {
    const { p, s, x, y, yHat, b } = this;
    yHat.set(y);
    this.descendLower(yHat);
    this.sample(yHat, s.batch);
    // ∇q = (∇_x g(x, y) − ∇_x g(x, ŷ), ∇_y g(x, y)), stored in (gx, gy).
    let inner = 0;
    let qq = 0;
    for (let i = 0; i < p.dx; i++) {
      b.gx[i] -= b.gx2[i];
      inner += b.fx[i] * b.gx[i];
      qq += b.gx[i] * b.gx[i];
    }
    for (let i = 0; i < p.dy; i++) {
      inner += b.fy[i] * b.gy[i];
      qq += b.gy[i] * b.gy[i];
    }
    const lambda = qq > 0 ? Math.max(s.bomeEta - inner / qq, 0) : 0;
    for (let i = 0; i < p.dx; i++) x[i] -= s.bomeLr * (b.fx[i] + lambda * b.gx[i]);
    for (let i = 0; i < p.dy; i++) y[i] -= s.bomeLr * (b.fy[i] + lambda * b.gy[i]);
    p.projectX(x);
    p.projectY(y);
  }
}

const BLOW_UP = 1e12;

/**
 * Steps `method` until the clock passes the last grid value. Grid point c records the measure at
 * the iterate after the last outer iteration that finished at clock ≤ c (the start counts as clock
 * 0); the measure is evaluated only at recorded iterates, uncounted. Points not reached (before an
 * initial batch, past the step cap or a blow-up) are left as they are. Returns the grid index where
 * the run blew up, or -1.
 */
export function track(
  method: Method,
  oracle: CountedOracle,
  o: { sigma: number; mapStep: number; clock: Clock; grid: ArrayLike<number>; maxSteps: number; xStar: Vec },
  stationarity: Float64Array,
  dist?: Float64Array,
): number {
  const p = oracle.problem;
  let steps = 0;
  const clocks = { total: () => oracle.total, gradF: () => oracle.nF, gradG: () => oracle.nG, outer: () => steps };
  const clock = clocks[o.clock];
  const n = o.grid.length;
  const before = Float64Array.from(method.x);
  let j = 0;
  while (j < n && o.grid[j] < clock()) j++;
  while (j < n && steps < o.maxSteps) {
    before.set(method.x);
    method.step();
    steps++;
    const t = clock();
    if (o.grid[j] >= t) continue;
    const stat = p.stationarity(before, o.sigma, o.mapStep);
    if (!Number.isFinite(stat) || stat > BLOW_UP) return j;
    const d = dist ? distance(before, o.xStar) : Number.NaN;
    for (; j < n && o.grid[j] < t; j++) {
      stationarity[j] = stat;
      if (dist) dist[j] = d;
    }
  }
  return -1;
}

/**
 * Runs until the stationarity measure of ψ_σ is ≤ ε, or a cap on calls or outer steps is hit, and
 * returns the ∇f + ∇g calls then (NaN if never), the outer steps and the iterate.
 * The measure is checked after steps 1, 2, … and then on a 1%-geometric schedule, so the reported
 * count overshoots the first hitting time by at most ~1% of the steps (measurements are uncounted).
 */
export function callsToReach(
  method: Method,
  oracle: CountedOracle,
  sigma: number,
  eps: number,
  mapStep: number,
  maxCalls: number,
  maxSteps: number,
): { calls: number; steps: number; x: Vec } {
  const p = oracle.problem;
  let steps = 0;
  let nextCheck = 0;
  for (;;) {
    if (steps >= nextCheck) {
      const stat = p.stationarity(method.x, sigma, mapStep);
      if (stat <= eps) return { calls: oracle.total, steps, x: method.x };
      if (!Number.isFinite(stat)) break;
      nextCheck = Math.max(steps + 1, Math.ceil(steps * 1.01));
    }
    if (steps >= maxSteps || oracle.total > maxCalls) break;
    method.step();
    steps++;
  }
  return { calls: Number.NaN, steps, x: method.x };
}
