/**
 * Tiny dense symmetric linear algebra for ChebCB's per-arm regressions (k ≤ ~8 unknowns):
 * the pseudo-inverse solve (MATLAB lsqminnorm on the normal equations),
 * and an active-set solver for box-constrained least squares (MATLAB lsqlin with bounds).
 * Matrices are row-major Float64Arrays of size k × k.
 */
import { symmetricEigen } from "../common/linalg";

/** Relative eigenvalue cut-off below which a direction counts as null (rank decision of the pseudo-inverse). */
const PINV_RTOL = 1e-13;

/** x = G⁺h for symmetric PSD G (the minimum-norm least-squares solution when G = FᵀF, h = Fᵀy). */
export function pinvSolve(
  G: Float64Array,
  h: Float64Array,
  k: number,
  out: Float64Array = new Float64Array(k),
): Float64Array {
  const { values, vectors } = symmetricEigen(G, k);
  let vmax = 0;
  for (let i = 0; i < k; i++) vmax = Math.max(vmax, Math.abs(values[i]));
  out.fill(0, 0, k);
  for (let e = 0; e < k; e++) {
    if (!(values[e] > PINV_RTOL * vmax)) continue;
    let proj = 0;
    for (let i = 0; i < k; i++) proj += vectors[i * k + e] * h[i];
    const c = proj / values[e];
    for (let i = 0; i < k; i++) out[i] += c * vectors[i * k + e];
  }
  return out;
}

/**
 * Solve Gx = h for symmetric PSD G: Cholesky when every pivot is comfortably positive (full rank: the
 * unique least-squares solution), otherwise the pseudo-inverse (the minimum-norm one). Same answer as
 * `pinvSolve` up to rounding, at a fraction of the cost.
 */
export function psdSolve(
  G: Float64Array,
  h: Float64Array,
  k: number,
  out: Float64Array = new Float64Array(k),
): Float64Array {
  const R = new Float64Array(k * k);
  let dmax = 0;
  for (let i = 0; i < k; i++) dmax = Math.max(dmax, G[i * k + i]);
  for (let j = 0; j < k; j++) {
    let diag = G[j * k + j];
    for (let l = 0; l < j; l++) diag -= R[j * k + l] * R[j * k + l];
    if (!(diag > CHOL_RTOL * dmax)) return pinvSolve(G, h, k, out);
    const rjj = Math.sqrt(diag);
    R[j * k + j] = rjj;
    for (let i = j + 1; i < k; i++) {
      let v = G[i * k + j];
      for (let l = 0; l < j; l++) v -= R[i * k + l] * R[j * k + l];
      R[i * k + j] = v / rjj;
    }
  }
  for (let i = 0; i < k; i++) {
    let v = h[i];
    for (let l = 0; l < i; l++) v -= R[i * k + l] * out[l];
    out[i] = v / R[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let v = out[i];
    for (let l = i + 1; l < k; l++) v -= R[l * k + i] * out[l];
    out[i] = v / R[i * k + i];
  }
  return out;
}

/** Pivot threshold (relative to the largest diagonal) below which psdSolve falls back to the pseudo-inverse. */
const CHOL_RTOL = 1e-9;

/**
 * min ‖Fθ − y‖² subject to lb ≤ θ ≤ ub, given G = FᵀF and h = Fᵀy (primal active set; each subproblem
 * by `pinvSolve` on the free variables). `theta` holds the start and receives the solution.
 * Returns the number of active-set iterations.
 */
export function boxLeastSquares(
  G: Float64Array,
  h: Float64Array,
  k: number,
  lb: Float64Array,
  ub: Float64Array,
  theta: Float64Array,
): number {
  // 0 = free, −1 = held at lb, +1 = held at ub.
  const state = new Int8Array(k);
  for (let i = 0; i < k; i++) {
    if (theta[i] <= lb[i]) {
      theta[i] = lb[i];
      state[i] = -1;
    } else if (theta[i] >= ub[i]) {
      theta[i] = ub[i];
      state[i] = 1;
    }
  }
  const free: number[] = [];
  const sub = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  const sol = new Float64Array(k);
  for (let iter = 1; iter <= 100; iter++) {
    free.length = 0;
    for (let i = 0; i < k; i++) if (state[i] === 0) free.push(i);
    const f = free.length;
    // Minimiser over the free variables with the others fixed: G_FF θ_F = h_F − G_FW θ_W.
    for (let a = 0; a < f; a++) {
      let r = h[free[a]];
      for (let j = 0; j < k; j++) if (state[j] !== 0) r -= G[free[a] * k + j] * theta[j];
      rhs[a] = r;
      for (let c = 0; c < f; c++) sub[a * f + c] = G[free[a] * k + free[c]];
    }
    if (f > 0) psdSolve(sub, rhs, f, sol);
    // Walk towards it until a bound blocks.
    let step = 1;
    let blocking = -1;
    for (let a = 0; a < f; a++) {
      const i = free[a];
      const dir = sol[a] - theta[i];
      if (dir < 0 && sol[a] < lb[i]) {
        const s = (lb[i] - theta[i]) / dir;
        if (s < step) {
          step = s;
          blocking = i;
        }
      } else if (dir > 0 && sol[a] > ub[i]) {
        const s = (ub[i] - theta[i]) / dir;
        if (s < step) {
          step = s;
          blocking = i;
        }
      }
    }
    for (let a = 0; a < f; a++) theta[free[a]] += step * (sol[a] - theta[free[a]]);
    if (blocking >= 0) {
      const atUpper = theta[blocking] >= 0.5 * (lb[blocking] + ub[blocking]);
      theta[blocking] = atUpper ? ub[blocking] : lb[blocking];
      state[blocking] = atUpper ? 1 : -1;
      continue;
    }
    // Optimal on this face: release the held variable whose multiplier has the wrong sign, if any.
    let worst = -1;
    let worstViolation = 0;
    for (let i = 0; i < k; i++) {
      if (state[i] === 0) continue;
      let g = -h[i];
      for (let j = 0; j < k; j++) g += G[i * k + j] * theta[j];
      const violation = state[i] === -1 ? -g : g; // at lb the gradient must be ≥ 0, at ub ≤ 0
      if (violation > worstViolation * (1 + 1e-12) && violation > 1e-15 * (Math.abs(h[i]) + 1e-300)) {
        worstViolation = violation;
        worst = i;
      }
    }
    if (worst < 0) return iter;
    state[worst] = 0;
  }
  return 100;
}
