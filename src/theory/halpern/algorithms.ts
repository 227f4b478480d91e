/**
 * The methods of the notebook, each written as the released scripts run it
 * (github.com/zephyr-cai/Finite-Sum-Halpern-Iteration, matrix_game.py / quadratic_programming.py;
 * spec §1.3–1.5, §1.7). All draw oracle answers through one `Oracle`, so a full pass costs n calls,
 * a PAGE/SARAH difference 2 per sampled index, a VR-FoRB or VR-EG inner step 2 — for every method.
 * Each runs until its `Recorder` has filled every checkpoint (or saw a blow-up).
 *
 * Resolvent of G: every problem here has G = N_C (C a product of simplices or ℝ^d), so J_{ηG} = Π_C.
 */
import type { Rng } from "../common/rng";
import type { Oracle } from "./operators";
import { type Problem, project } from "./problems";
import type { Recorder } from "./recorder";

export interface MethodContext {
  problem: Problem;
  oracle: Oracle;
  rec: Recorder;
  rng: Rng;
}

/**
 * Classical Halpern on T = Π_C ∘ (I − step·F): u_{k+1} = λ_k u0 + (1 − λ_k) T u_k, λ_k = 1/(k+2)
 * (Lieder's schedule). With F (1/L)-cocoercive and step = 2/L, T is nonexpansive and
 * ‖F(u_k)‖ ≤ L‖u0 − u*‖/(k+1) (spec §1.3 item 2). Output u_k; one full pass per step.
 */
export function halpern(ctx: MethodContext, step: number): Float64Array {
  const { problem, oracle, rec } = ctx;
  const d = problem.op.dim;
  const u0 = problem.u0;
  const u = Float64Array.from(u0);
  const Fu = new Float64Array(d);
  for (let k = 0; !rec.done; k++) {
    oracle.full(u, Fu);
    for (let i = 0; i < d; i++) Fu[i] = u[i] - step * Fu[i];
    project(problem, Fu);
    const lam = 1 / (k + 2);
    for (let i = 0; i < d; i++) u[i] = lam * u0[i] + (1 - lam) * Fu[i];
    rec.tick(k + 1, oracle.calls, u);
  }
  return u;
}

/**
 * Halpern on the exact resolvent J = J_{η(F+G)}: u_{k+1} = λ_k u0 + (1 − λ_k) J u_k. The output
 * after t resolvents is J u_{t−1}, with Res(J u_{t−1}) ≤ 2‖u0 − u*‖/(η t) (spec §1.3 item 3). An
 * exact resolvent is not a component oracle; it is charged as one full pass (n calls).
 */
export function halpernResolvent(
  ctx: MethodContext,
  resolvent: (u: Float64Array, out: Float64Array) => void,
): Float64Array {
  const { problem, oracle, rec } = ctx;
  const d = problem.op.dim;
  const u0 = problem.u0;
  const u = Float64Array.from(u0);
  const Ju = new Float64Array(d);
  for (let k = 0; !rec.done; k++) {
    resolvent(u, Ju);
    oracle.calls += problem.op.n;
    rec.tick(k + 1, oracle.calls, Ju);
    const lam = 1 / (k + 2);
    for (let i = 0; i < d; i++) u[i] = lam * u0[i] + (1 - lam) * Ju[i];
  }
  return Ju;
}

/**
 * Extragradient: z̄ = Π(z − ηF(z)), z⁺ = Π(z − ηF(z̄)); two full passes per step. As in both
 * released scripts the reported point is the extrapolation point z̄_k (its F is already computed).
 */
export function extragradient(ctx: MethodContext, eta: number): Float64Array {
  const { problem, oracle, rec } = ctx;
  const d = problem.op.dim;
  const z = Float64Array.from(problem.u0);
  const zbar = new Float64Array(d);
  const F = new Float64Array(d);
  for (let k = 0; !rec.done; k++) {
    oracle.full(z, F);
    for (let i = 0; i < d; i++) zbar[i] = z[i] - eta * F[i];
    project(problem, zbar);
    oracle.full(zbar, F);
    for (let i = 0; i < d; i++) z[i] -= eta * F[i];
    project(problem, z);
    rec.tick(k + 1, oracle.calls, zbar);
  }
  return zbar;
}

/**
 * EAG step rules (Yoon & Ryu 2021): constant α (EAG-C; α ≤ 1/(8L) in the theorem, the scripts use
 * 5/‖A‖₂ and 0.3), or the varying rule EAG-V, α_0 = 0.618/L,
 * α_{k+1} = α_k/(1 − α_k²L²) · (1 − (k+2)²/((k+1)(k+3)) α_k²L²) [M: recalled, not re-verified].
 */
export type EagStep = { kind: "constant"; alpha: number } | { kind: "varying"; L: number };

export function eagNextAlpha(alpha: number, k: number, L: number): number {
  const a2 = alpha * alpha * L * L;
  return (alpha / (1 - a2)) * (1 - ((k + 2) * (k + 2) * a2) / ((k + 1) * (k + 3)));
}

/**
 * EAG / anchored extragradient, as the scripts' `ex_Halpern_update`:
 * z̄ = Π(λz0 + (1−λ)z − αF(z)), z⁺ = Π(λz0 + (1−λ)z − αF(z̄)), λ_k = 1/(k+2). Output z_k.
 */
export function eag(ctx: MethodContext, rule: EagStep): Float64Array {
  const { problem, oracle, rec } = ctx;
  const d = problem.op.dim;
  const z0 = problem.u0;
  const z = Float64Array.from(z0);
  const zbar = new Float64Array(d);
  const F = new Float64Array(d);
  let alpha = rule.kind === "constant" ? rule.alpha : 0.618 / rule.L;
  for (let k = 0; !rec.done; k++) {
    const lam = 1 / (k + 2);
    oracle.full(z, F);
    for (let i = 0; i < d; i++) zbar[i] = lam * z0[i] + (1 - lam) * z[i] - alpha * F[i];
    project(problem, zbar);
    oracle.full(zbar, F);
    for (let i = 0; i < d; i++) z[i] = lam * z0[i] + (1 - lam) * z[i] - alpha * F[i];
    project(problem, z);
    rec.tick(k + 1, oracle.calls, z);
    if (rule.kind === "varying") alpha = eagNextAlpha(alpha, k, rule.L);
  }
  return z;
}

/**
 * VR-EG (Alacaoglu & Malitsky 2022), loopless, as the scripts run it: p = 1/n, α = 1 − p,
 * z̄ = αz + (1−α)w, z_½ = Π(z̄ − γF(w)), z⁺ = Π(z̄ − γ[F(w) + F_i(z_½) − F_i(w)]) (2 calls), and
 * with probability p the snapshot w ← z⁺, F(w) recomputed (n calls). Output z.
 * (The QP script counts the inner step as 1 call; here it is 2, as in matrix_game.py.)
 */
export function vrExtragradient(ctx: MethodContext, gamma: number): Float64Array {
  const { problem, oracle, rec, rng } = ctx;
  const { n, dim: d } = problem.op;
  const p = 1 / n;
  const alpha = 1 - p;
  const z = Float64Array.from(problem.u0);
  const w = Float64Array.from(z);
  const Fw = new Float64Array(d);
  const zbar = new Float64Array(d);
  const zhalf = new Float64Array(d);
  const est = new Float64Array(d);
  oracle.full(w, Fw);
  for (let k = 0; !rec.done; k++) {
    for (let i = 0; i < d; i++) {
      zbar[i] = alpha * z[i] + (1 - alpha) * w[i];
      zhalf[i] = zbar[i] - gamma * Fw[i];
    }
    project(problem, zhalf);
    est.set(Fw);
    oracle.diff(rng.int(n), zhalf, w, 1, est);
    for (let i = 0; i < d; i++) z[i] = zbar[i] - gamma * est[i];
    project(problem, z);
    if (rng.uniform() < p) {
      w.set(z);
      oracle.full(w, Fw);
    }
    rec.tick(k + 1, oracle.calls, z);
  }
  return z;
}

/**
 * Algorithm 1's schedule, as both released scripts run it at the commit the spec cites (638fc27;
 * matrix_game.py lines 228–236, quadratic_programming.py lines 188–196): λ_i = 2/(i+4); full passes
 * at i ≤ 1; p_i = 4/(i+4) while i − 1 ≤ √n, then 4/(√n+5). (quadratic_programming.py had
 * λ_i = 2/(i+5), p_i = 4/(i+6) while i + 1 ≤ √n only between commit 28e3051 and its revert 90bda1d,
 * about eight minutes apart on 1 April 2024; we do not implement it.) The paper's own indexing is [R].
 */
export function alg1Lambda(i: number): number {
  return 2 / (i + 4);
}

/** Probability of a full pass at iteration i (1 for the two forced passes). */
export function alg1FullPassProbability(i: number, n: number): number {
  if (i <= 1) return 1;
  const sn = Math.sqrt(n);
  return i - 1 <= sn ? 4 / (i + 4) : 4 / (sn + 5);
}

export function minibatchSize(n: number): number {
  return Math.max(1, Math.floor(Math.sqrt(n)));
}

/**
 * Algorithm 1 (VR-Halpern): single-loop Halpern with a PAGE/SARAH estimator. With probability p_i a
 * full pass g = F(u) (n calls), else g += (1/b) Σ_{j∈S}[F_j(u) − F_j(u_prev)] over b = ⌊√n⌋ indices
 * drawn without replacement (2b calls); then u⁺ = Π(λ_i u0 + (1 − λ_i)u − ηg). Output u.
 */
export function vrHalpern(ctx: MethodContext, eta: number): Float64Array {
  const { problem, oracle, rec, rng } = ctx;
  const { n, dim: d } = problem.op;
  const b = minibatchSize(n);
  const u0 = problem.u0;
  const u = Float64Array.from(u0);
  const uPrev = Float64Array.from(u0);
  const g = new Float64Array(d);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; !rec.done; i++) {
    const p = alg1FullPassProbability(i, n);
    if (p >= 1 || rng.uniform() < p) {
      oracle.full(u, g);
    } else {
      // b indices without replacement: a partial Fisher–Yates shuffle of the persistent permutation.
      for (let t = 0; t < b; t++) {
        const j = t + rng.int(n - t);
        const s = perm[t];
        perm[t] = perm[j];
        perm[j] = s;
        oracle.diff(perm[t], u, uPrev, 1 / b, g);
      }
    }
    uPrev.set(u);
    const lam = alg1Lambda(i);
    for (let k = 0; k < d; k++) u[k] = lam * u0[k] + (1 - lam) * u[k] - eta * g[k];
    project(problem, u);
    rec.tick(i + 1, oracle.calls, u);
  }
  return u;
}

/** Snapshot rule of VR-FoRB: standard w ← v, or the released scripts' w ← u_k (spec §1.5). */
export type ForbSnapshot = "standard" | "released-code";

export interface Alg2Options {
  /** Resolvent step η of the outer Halpern loop. */
  eta: number;
  /** VR-FoRB step γ. */
  gamma: number;
  /** M_k = ⌊innerCoef · n · ln(k+2)⌋ inner steps (0.05 in the scripts). */
  innerCoef: number;
  snapshot: ForbSnapshot;
  /**
   * Which point's residual is reported: the approximate resolvent v_k (the spec's output, the point
   * the theory bounds) or the anchored u_{k+1} (what the released scripts print).
   */
  report?: "resolvent" | "anchor";
  /**
   * Whether the n calls of B(u_k) at the start of each outer step are counted (default true, the
   * honest count, as quadratic_programming.py counts them). false reproduces matrix_game.py, whose
   * `subsolver_FoRB` evaluates B(u_k) without counting it; for comparison only, no experiment uses it.
   */
  countCentre?: boolean;
}

/**
 * Algorithm 2: inexact Halpern u_{k+1} = λ_k u0 + (1 − λ_k) v_k, λ_k = 1/(k+2), with v_k ≈
 * J_{η(F+G)}(u_k) from M_k steps of VR-FoRB on B(v) = ηF(v) + v − u_k:
 * v̄ = αv + (1−α)w, v⁺ = Π(v̄ − γ[B(w) + η(F_i(v) − F_i(w_prev)) + v − w_prev]) (2 calls), w_prev ← w,
 * with probability p = 1/n: w ← v (standard) or u_k (released code), B(w) recomputed (n calls).
 * Each outer step pays n for B(u_k) (matrix_game.py does not count these; see `countCentre`).
 * Reports v_k (default) or u_{k+1} (as the scripts print it).
 * (matrix_game.py also flips the sign of the y-block's (v − w_prev) term; not reproduced here.)
 */
export function inexactHalpern(ctx: MethodContext, opt: Alg2Options): Float64Array {
  const { problem, oracle, rec, rng } = ctx;
  const { n, dim: d } = problem.op;
  const { eta, gamma } = opt;
  const p = 1 / n;
  const alpha = 1 - p;
  const u0 = problem.u0;
  const u = Float64Array.from(u0);
  const v = new Float64Array(d);
  const w = new Float64Array(d);
  const wPrev = new Float64Array(d);
  const Bw = new Float64Array(d);
  const est = new Float64Array(d);
  const vbar = new Float64Array(d);
  const refresh = () => {
    oracle.full(w, Bw);
    for (let i = 0; i < d; i++) Bw[i] = eta * Bw[i] + w[i] - u[i];
  };
  for (let k = 0; !rec.done; k++) {
    const M = Math.floor(opt.innerCoef * n * Math.log(k + 2));
    v.set(u);
    w.set(u);
    wPrev.set(u);
    refresh();
    if (opt.countCentre === false) oracle.calls -= n;
    for (let t = 0; t < M; t++) {
      for (let i = 0; i < d; i++) {
        vbar[i] = alpha * v[i] + (1 - alpha) * w[i];
        est[i] = Bw[i] + v[i] - wPrev[i];
      }
      oracle.diff(rng.int(n), v, wPrev, eta, est);
      for (let i = 0; i < d; i++) v[i] = vbar[i] - gamma * est[i];
      project(problem, v);
      wPrev.set(w);
      if (rng.uniform() < p) {
        w.set(opt.snapshot === "standard" ? v : u);
        refresh();
      }
    }
    const lam = 1 / (k + 2);
    for (let i = 0; i < d; i++) u[i] = lam * u0[i] + (1 - lam) * v[i];
    rec.tick(k + 1, oracle.calls, opt.report === "anchor" ? u : v);
  }
  return opt.report === "anchor" ? u : v;
}
