/**
 * The notebook's problems, each a finite-sum monotone inclusion 0 ∈ F(u) + N_C(u) with F affine,
 * C either ℝ^dim or a product of probability simplices, a start u0, its constants and (where one
 * exists) the closed-form solution nearest to u0. Spec: shared/specs/halpern.md §1.7–1.8.
 *
 * Instances are built from an `Rng` the caller seeds (one instance per experiment seed); runs of an
 * experiment share the instance and differ only in the algorithms' own randomness.
 */
import { distance, dot, matTVec, matVec, norm } from "../common/linalg";
import type { Rng } from "../common/rng";
import { fromSpectrum, luFactor, luSolve, randomOrthogonal, spectralNorm } from "./linalg";
import { CoordinateSplitOperator, DenseComponentsOperator, LeastSquaresOperator, type Operator } from "./operators";
import { projectSimplex } from "./simplex";

export interface Problem {
  key: string;
  label: string;
  op: Operator;
  /** Simplex blocks [offset, length] of C; empty means unconstrained (C = ℝ^dim). */
  simplices: [number, number][];
  u0: Float64Array;
  /** The solution nearest to u0, where known in closed form. */
  solution?: Float64Array;
  /** Lipschitz constant of F: ‖M‖₂. */
  LF: number;
  /**
   * Expected-Lipschitz constant (A3) under uniform sampling: E_i‖F_i(u) − F_i(v)‖² ≤ L²‖u − v‖².
   * For coordinate splits this is √n · max_i ‖M[:, group i]‖₂.
   */
  Lexp: number;
  /** Only for cocoercive F: F is (1/L)-cocoercive and E_i‖F_i(u)−F_i(v)‖² ≤ Lexp⟨F(u)−F(v), u−v⟩ (A2). */
  coco?: { L: number; Lexp: number };
  /** ‖A‖_F for the matrix game (the released code's step sizes use it). */
  frobenius?: number;
}

export function isConstrained(p: Problem): boolean {
  return p.simplices.length > 0;
}

/** Π_C in place (the resolvent J_{ηN_C} for every η). */
export function project(p: Problem, u: Float64Array): void {
  for (const [off, len] of p.simplices) projectSimplex(u, off, len);
}

/** Work buffers for residual evaluation (no allocation per call). */
export class ResidualEvaluator {
  private readonly Fu: Float64Array;
  private readonly t: Float64Array;
  constructor(readonly problem: Problem) {
    this.Fu = new Float64Array(problem.op.dim);
    this.t = new Float64Array(problem.op.dim);
  }
  /**
   * ‖F(u)‖ when unconstrained; the natural residual ‖u − Π_C(u − F(u))‖ on simplices, as both
   * released scripts report (≤ dist(0, F(u) + N_C(u)), spec §1.2). Not counted as oracle calls.
   */
  residual(u: Float64Array): number {
    const p = this.problem;
    p.op.apply(u, this.Fu);
    if (!isConstrained(p)) return norm(this.Fu);
    const t = this.t;
    for (let i = 0; i < t.length; i++) t[i] = u[i] - this.Fu[i];
    project(p, t);
    return distance(u, t);
  }
}

/** D = ‖u0 − u*‖ (NaN when no closed-form solution is known). */
export function initialDistance(p: Problem): number {
  return p.solution ? distance(p.u0, p.solution) : Number.NaN;
}

/**
 * Exact resolvent J_{ηF}(u) = (I + ηM)⁻¹(u + ηq) of an unconstrained affine problem (H2's oracle).
 * Factorises once; dense, so for dim up to a few hundred.
 */
export function exactResolvent(p: Problem, eta: number): (u: Float64Array, out: Float64Array) => void {
  if (isConstrained(p)) throw new Error("exactResolvent: only for unconstrained problems");
  const d = p.op.dim;
  const { M, q } = p.op.affine();
  const IM = M.map((m) => eta * m);
  for (let i = 0; i < d; i++) IM[i * d + i] += 1;
  const lu = luFactor(IM, d);
  const rhs = new Float64Array(d);
  return (u, out) => {
    for (let i = 0; i < d; i++) rhs[i] = u[i] + eta * q[i];
    luSolve(lu, rhs, out);
  };
}

function operatorNorm(op: Operator): number {
  const t = new Float64Array(op.dim);
  const zero = new Float64Array(op.dim);
  op.apply(zero, t); // t = −q
  const lin = (v: Float64Array, out: Float64Array) => {
    op.apply(v, out);
    for (let i = 0; i < out.length; i++) out[i] -= t[i];
  };
  return spectralNorm(op.dim, lin, (v, out) => op.applyLinearT(v, out));
}

/**
 * A two-player coordinate split (component i owns coordinates i of x and n+i of y) with its
 * constants L_F = ‖M‖₂ and Lexp = √n · max_i ‖M[:, group i]‖₂.
 */
function twoPlayerSplit(n: number, q: Float64Array, column: (c: number, out: Float64Array) => void) {
  const groups = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    groups[2 * i] = i;
    groups[2 * i + 1] = n + i;
  }
  const op = new CoordinateSplitOperator(2 * n, 2, groups, q, column);
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, op.groupNormSq(i));
  return { op, LF: operatorNorm(op), Lexp: Math.sqrt(n * m) };
}

/**
 * "Policeman and burglar" (spec §1.7a): min_{x∈Δ} max_{y∈Δ} yᵀAx with A_ij = w_j (1 − e^{−θ|i−j|}),
 * w = |N(0, I)|. Our w comes from Philox, not numpy seed 1, so the norms differ from 492.3/493.1
 * but the structure (nearly rank one, ‖A‖_F/‖A‖₂ ≈ 1) is the same. F(x,y) = (Aᵀy, −Ax).
 */
export function policemanBurglar(n: number, theta: number, rng: Rng): Problem & { A: Float64Array } {
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) w[j] = Math.abs(rng.normal());
  const A = new Float64Array(n * n);
  let fro = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = w[j] * (1 - Math.exp(-theta * Math.abs(i - j)));
      A[i * n + j] = a;
      fro += a * a;
    }
  }
  const dim = 2 * n;
  const split = twoPlayerSplit(n, new Float64Array(dim), (c, out) => {
    if (c < n)
      for (let r = 0; r < n; r++) out[n + r] = -A[r * n + c]; // x_c column: −A[:, c] into the y-rows
    else for (let r = 0; r < n; r++) out[r] = A[(c - n) * n + r]; // y_c column: A[c, :]ᵀ into the x-rows
  });
  return {
    key: "matrix-game",
    label: `policeman–burglar matrix game, n = ${n}, θ = ${theta}`,
    ...split,
    simplices: [
      [0, n],
      [n, n],
    ],
    u0: new Float64Array(dim).fill(1 / n),
    frobenius: Math.sqrt(fro),
    A,
  };
}

/**
 * Ouyang–Xu hard QP (spec §1.7b): min_x max_y ½xᵀHx − hᵀx − ⟨Ax − b, y⟩, A_{i,n−1−i} = 1,
 * A_{i,n−2−i} = −1, A ← A/4, H = 2AᵀA, b = ¼·1, h = ¼e_n; F(x,y) = (Hx − h − Aᵀy, Ax − b),
 * unconstrained. Solution x*_j = j, y* = −½·1 (spec numerical check; verified in the tests).
 */
export function hardQP(n: number): Problem {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    A[i * n + (n - 1 - i)] = 0.25;
    if (i < n - 1) A[i * n + (n - 2 - i)] = -0.25;
  }
  // H = 2AᵀA, accumulated row by row of A (two nonzeros per row, so O(n) work).
  const H = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const cols = k < n - 1 ? [n - 1 - k, n - 2 - k] : [n - 1 - k];
    for (const r of cols) for (const c of cols) H[r * n + c] += 2 * A[k * n + r] * A[k * n + c];
  }
  const dim = 2 * n;
  const q = new Float64Array(dim);
  q[n - 1] = 0.25; // h = e_n/4
  for (let i = 0; i < n; i++) q[n + i] = 0.25; // b
  const split = twoPlayerSplit(n, q, (c, out) => {
    if (c < n) {
      for (let r = 0; r < n; r++) out[r] = H[r * n + c]; // H[:, c]
      for (let r = 0; r < n; r++) out[n + r] = A[r * n + c]; // A[:, c]
    } else {
      for (let r = 0; r < n; r++) out[r] = -A[(c - n) * n + r]; // −A[c, :]ᵀ
    }
  });
  const solution = new Float64Array(dim);
  for (let j = 0; j < n; j++) {
    solution[j] = j + 1;
    solution[n + j] = -0.5;
  }
  return {
    key: "hard-qp",
    label: `Ouyang–Xu hard QP, n = ${n}`,
    ...split,
    simplices: [],
    u0: new Float64Array(dim).fill(1 / n),
    solution,
  };
}

/**
 * H1: cocoercive quadratic F(u) = Mu − q, M = Qᵀ diag(λ) Q ⪰ 0 with λ log-spaced in [μ, L]
 * (`nullDim` zero eigenvalues make the solution set an affine subspace). Components
 * M_i = Qᵀ diag(λ ⊙ s_i) Q with s_i ∈ [0, 2], mean 1 per eigen-direction, and q_i = M_i ū, so every
 * M_i ⪰ 0 (expected cocoercivity with Lexp = max_i λ_max(M_i)). From u0 = 0 the solution nearest
 * to u0 is the min-norm one, Q_rᵀQ_r ū.
 */
export function cocoerciveQuadratic(
  n: number,
  d: number,
  mu: number,
  L: number,
  rng: Rng,
  nullDim = 0,
): Problem & { lambda: Float64Array; basis: Float64Array } {
  const Q = randomOrthogonal(d, rng);
  const lam = new Float64Array(d);
  const r = d - nullDim;
  for (let k = 0; k < r; k++) lam[k] = r === 1 ? L : L * (mu / L) ** (k / (r - 1));
  const ubar = new Float64Array(d);
  for (let k = 0; k < d; k++) ubar[k] = rng.normal();
  // Weights s_i per eigen-direction: uniform on [0, 2], then centred so each direction averages 1.
  const s = new Float64Array(n * d);
  for (let k = 0; k < d; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += s[i * d + k] = 2 * rng.uniform();
    m /= n;
    for (let i = 0; i < n; i++) s[i * d + k] = n === 1 ? 1 : Math.min(2, Math.max(0, s[i * d + k] - m + 1));
    // re-centre exactly after clipping
    let m2 = 0;
    for (let i = 0; i < n; i++) m2 += s[i * d + k];
    m2 /= n;
    for (let i = 0; i < n; i++) s[i * d + k] /= m2;
  }
  const Ms = new Float64Array(n * d * d);
  const qs = new Float64Array(n * d);
  // Lexp = max_i λ_max(M_i) (A2); A3's constant: mean_i λ_max(M_i)² bounds E_i‖M_i v‖² for unit v.
  let Lexp = 0;
  let meanSq = 0;
  const li = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let mx = 0;
    for (let k = 0; k < d; k++) mx = Math.max(mx, (li[k] = lam[k] * s[i * d + k]));
    Lexp = Math.max(Lexp, mx);
    meanSq += (mx * mx) / n;
    const Mi = fromSpectrum(Q, li, d);
    Ms.set(Mi, i * d * d);
    matVec(Mi, d, d, ubar, qs.subarray(i * d, (i + 1) * d));
  }
  const op = new DenseComponentsOperator(n, d, Ms, qs);
  const solution = new Float64Array(d);
  for (let k = 0; k < r; k++) {
    const c = dot(Q, ubar, d, k * d);
    for (let j = 0; j < d; j++) solution[j] += c * Q[k * d + j];
  }
  return {
    key: "quadratic",
    label: `H1 cocoercive quadratic, d = ${d}, spectrum [${mu.toPrecision(2)}, ${L}]${nullDim ? `, ${nullDim} zero eigenvalues` : ""}`,
    op,
    simplices: [],
    u0: new Float64Array(d),
    solution,
    LF: L,
    Lexp: Math.sqrt(meanSq),
    coco: { L, Lexp },
    lambda: lam,
    basis: Q,
  };
}

/** d values log-spaced from 1 down to σ_min (1 when d = 1). */
const logSpread = (d: number, sigmaMin: number) =>
  Float64Array.from({ length: d }, (_, k) => (d === 1 ? 1 : sigmaMin ** (k / (d - 1))));

/**
 * H3: finite-sum least squares F_i(u) = a_i(a_iᵀu − b_i), consistent b = Aū, so u* = ū (A has full
 * column rank). Rows are unit vectors a_i ∝ 2e₁ + diag(σ) g_i, g_i ~ N(0, I): equal row norms give
 * L = max_i ‖a_i‖² = 1 (A2 under uniform sampling) while the common direction e₁ keeps
 * L_F = λ_max(AᵀA/n) large (≈ 0.35 at d = 10), so L/L_F ≈ 3 as in the spec's check. σ is 1
 * ("well": condition number ≈ 5) or log-spaced in [σ_min, 1] ("ill").
 */
export function leastSquares(n: number, d: number, sigmaMin: number, rng: Rng): Problem {
  const sig = logSpread(d, sigmaMin);
  const A = new Float64Array(n * d);
  const ubar = new Float64Array(d);
  for (let k = 0; k < d; k++) ubar[k] = rng.normal();
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let nrm = 0;
    for (let k = 0; k < d; k++) {
      const a = sig[k] * rng.normal() + (k === 0 ? 2 : 0);
      A[i * d + k] = a;
      nrm += a * a;
    }
    nrm = Math.sqrt(nrm);
    let bi = 0;
    for (let k = 0; k < d; k++) {
      A[i * d + k] /= nrm;
      bi += A[i * d + k] * ubar[k];
    }
    b[i] = bi;
  }
  const op = new LeastSquaresOperator(n, d, A, b);
  const LF = operatorNorm(op);
  return {
    key: "lsq",
    label: `H3 finite-sum least squares, n = ${n}, d = ${d}`,
    op,
    simplices: [],
    u0: new Float64Array(d),
    solution: ubar,
    LF,
    Lexp: 1,
    coco: { L: LF, Lexp: 1 },
  };
}

/**
 * H2/H4: finite-sum bilinear game F(x,y) = (By − c, −Bᵀx + e) with B = Uᵀ diag(σ) V, σ log-spaced in
 * [σ_min, 1], and components B_i = B + Δ_i, c_i = c + δ_i, e_i = e + ε_i (all perturbations
 * centred, so the mean is exact). z* = (x*, y*) is drawn first and c = By*, e = Bᵀx*.
 */
export function bilinearGame(n: number, d: number, sigmaMin: number, spread: number, rng: Rng): Problem {
  const U = randomOrthogonal(d, rng);
  const V = randomOrthogonal(d, rng);
  const B = fromSpectrum(U, logSpread(d, sigmaMin), d, V);
  const xs = new Float64Array(d);
  const ys = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    xs[k] = rng.normal();
    ys[k] = rng.normal();
  }
  const c = new Float64Array(d);
  const e = new Float64Array(d);
  matVec(B, d, d, ys, c);
  matTVec(B, d, d, xs, e);
  const dim = 2 * d;
  const Ms = new Float64Array(n * dim * dim);
  const qs = new Float64Array(n * dim);
  const delta = new Float64Array(n * d * d);
  const qdelta = new Float64Array(n * dim);
  const scale = n === 1 ? 0 : spread / Math.sqrt(d);
  for (let k = 0; k < delta.length; k++) delta[k] = scale * rng.normal();
  for (let k = 0; k < qdelta.length; k++) qdelta[k] = n === 1 ? 0 : spread * rng.normal();
  centre(delta, n, d * d);
  centre(qdelta, n, dim);
  for (let i = 0; i < n; i++) {
    const off = i * dim * dim;
    for (let r = 0; r < d; r++) {
      for (let s = 0; s < d; s++) {
        const bi = B[r * d + s] + delta[i * d * d + r * d + s];
        Ms[off + r * dim + (d + s)] = bi; // x-row r, y-col s: B
        Ms[off + (d + s) * dim + r] = -bi; // y-row s, x-col r: −Bᵀ
      }
    }
    for (let r = 0; r < d; r++) {
      qs[i * dim + r] = c[r] + qdelta[i * dim + r];
      qs[i * dim + d + r] = -e[r] + qdelta[i * dim + d + r];
    }
  }
  const op = new DenseComponentsOperator(n, dim, Ms, qs);
  const solution = new Float64Array(dim);
  solution.set(xs, 0);
  solution.set(ys, d);
  return {
    key: "bilinear",
    label: `H2/H4 finite-sum bilinear game, n = ${n}, d = ${d}, σ ∈ [${sigmaMin}, 1]`,
    op,
    simplices: [],
    u0: new Float64Array(dim),
    solution,
    LF: operatorNorm(op),
    Lexp: meanComponentNorm(Ms, n, dim),
  };
}

/** Subtract the mean over the n blocks of length len, in place. */
function centre(v: Float64Array, n: number, len: number): void {
  for (let k = 0; k < len; k++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i * len + k];
    m /= n;
    for (let i = 0; i < n; i++) v[i * len + k] -= m;
  }
}

function denseNorm(M: Float64Array, d: number): number {
  return spectralNorm(
    d,
    (v, out) => matVec(M, d, d, v, out),
    (v, out) => matTVec(M, d, d, v, out),
    200,
  );
}

/** √(mean_i ‖M_i‖₂²) over n dense dim×dim components: the A3 constant of dense components. */
function meanComponentNorm(Ms: Float64Array, n: number, dim: number): number {
  let meanSq = 0;
  for (let i = 0; i < n; i++) meanSq += denseNorm(Ms.subarray(i * dim * dim, (i + 1) * dim * dim), dim) ** 2;
  return Math.sqrt(meanSq / n);
}

export const RPS = Float64Array.from([0, -1, 1, 1, 0, -1, -1, 1, 0]);

/**
 * H6: rock–paper–scissors as a finite sum. Our construction (the spec leaves the block layout
 * open): n noisy copies A_i = R + Δ_i of the RPS matrix R with Σ_i Δ_i = 0, so the average game is
 * exactly RPS and its unique equilibrium is x* = y* = (⅓, ⅓, ⅓). F_i(x,y) = (A_iᵀy, −A_i x) on Δ₃×Δ₃.
 */
export function rockPaperScissors(n: number, spread: number, rng: Rng): Problem {
  const dim = 6;
  const delta = new Float64Array(n * 9);
  for (let k = 0; k < delta.length; k++) delta[k] = n === 1 ? 0 : spread * rng.normal();
  centre(delta, n, 9);
  const Ms = new Float64Array(n * dim * dim);
  for (let i = 0; i < n; i++) {
    const off = i * dim * dim;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        const a = RPS[r * 3 + c] + delta[i * 9 + r * 3 + c];
        Ms[off + c * dim + (3 + r)] = a; // x-row c gets (Aᵀy)_c = Σ_r A_rc y_r
        Ms[off + (3 + r) * dim + c] = -a; // y-row r gets −(Ax)_r
      }
    }
  }
  const op = new DenseComponentsOperator(n, dim, Ms, new Float64Array(n * dim));
  return {
    key: "rps",
    label: `H6 rock–paper–scissors, ${n} noisy copies`,
    op,
    simplices: [
      [0, 3],
      [3, 3],
    ],
    u0: Float64Array.from([0.6, 0.3, 0.1, 0.2, 0.2, 0.6]),
    solution: new Float64Array(6).fill(1 / 3),
    LF: Math.sqrt(3),
    Lexp: meanComponentNorm(Ms, n, dim),
  };
}
