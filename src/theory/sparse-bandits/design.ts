/**
 * G-optimal experimental design by Frank–Wolfe (Fedorov–Wynn / Khachiyan steps on log det).
 *
 * For features x_1 … x_n ∈ ℝ^p and a distribution π on them, V(π) = Σ π_i x_i x_iᵀ and
 * g(π) = max_i ‖x_i‖²_{V(π)⁻¹}. Kiefer–Wolfowitz (1960): min_π g(π) = dim span{x_i}, attained by
 * the D-optimal design, so Frank–Wolfe on π ↦ log det V(π) stops once g(π) ≤ (1 + γ)·dim.
 * This is the subroutine of Lattimore, Szepesvári & Weisz (ICML 2020) behind every learner here.
 */
import { dot, invertSPD } from "./linalg";

export interface Design {
  /** π over the n rows (zero off the support). */
  weights: Float64Array;
  /** Rows with π_i > 0, ascending. */
  support: Int32Array;
  /** max_i ‖x_i‖²_{V(π)⁻¹} at the stop. */
  gMax: number;
  /** dim span{x_i}: the Kiefer–Wolfowitz optimum of gMax. */
  rank: number;
  iterations: number;
}

/** Ridge added when the rows do not span ℝ^p (e.g. projected coordinate features that vanish). */
export const DESIGN_RIDGE = 1e-9;

/**
 * Greedy volume initialisation (pivoted Gram–Schmidt: repeatedly take the row with the largest
 * residual norm). Gives a spanning set of `rank` rows, so V(π₀) is invertible on the span.
 */
function spanningRows(x: Float64Array, n: number, p: number): number[] {
  const r = Float64Array.from(x.subarray(0, n * p));
  const norm2 = new Float64Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += r[i * p + j] ** 2;
    norm2[i] = s;
    if (s > scale) scale = s;
  }
  const picked: number[] = [];
  const tol = 1e-10 * scale;
  while (picked.length < p) {
    let best = -1;
    let bestNorm = tol;
    // Near-ties (round-off) go to the lowest index, so listed actions such as eᵢ are preferred.
    for (let i = 0; i < n; i++) {
      if (norm2[i] > bestNorm * (1 + 1e-9)) {
        bestNorm = norm2[i];
        best = i;
      }
    }
    if (best < 0) break;
    picked.push(best);
    const q = r.slice(best * p, best * p + p);
    const qn = Math.sqrt(bestNorm);
    for (let j = 0; j < p; j++) q[j] /= qn;
    for (let i = 0; i < n; i++) {
      const c = dot(r, i * p, q, 0, p);
      let s = 0;
      for (let j = 0; j < p; j++) {
        r[i * p + j] -= c * q[j];
        s += r[i * p + j] ** 2;
      }
      norm2[i] = s;
    }
  }
  return picked;
}

/** (V(π) + ridge·I)⁻¹ into `vinv`; the ridge is for rows that do not span ℝ^p. */
export function informationInverse(x: Float64Array, p: number, w: Float64Array, ridge: number, vinv: Float64Array) {
  const v = new Float64Array(p * p);
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const xa = wi * x[o + a];
      for (let b = 0; b < p; b++) v[a * p + b] += xa * x[o + b];
    }
  }
  for (let a = 0; a < p; a++) v[a * p + a] += ridge;
  invertSPD(v, p, vinv);
}

/** u = V⁻¹x for the row x at offset o of `x`; returns its leverage ‖x‖²_{V⁻¹} = xᵀu. */
export function leverage(vinv: Float64Array, p: number, x: Float64Array, o: number, u: Float64Array): number {
  let s = 0;
  for (let a = 0; a < p; a++) {
    const t = dot(vinv, a * p, x, o, p);
    u[a] = t;
    s += x[o + a] * t;
  }
  return s;
}

function allLeverages(x: Float64Array, n: number, p: number, vinv: Float64Array, g: Float64Array, u: Float64Array) {
  for (let i = 0; i < n; i++) g[i] = leverage(vinv, p, x, i * p, u);
}

/**
 * Frank–Wolfe G-optimal design on the n×p row-major features `x`: stops when
 * max_i ‖x_i‖²_{V(π)⁻¹} ≤ (1 + γ)·rank (or after maxIter steps).
 */
export function gOptimalDesign(x: Float64Array, n: number, p: number, gamma: number, maxIter = 20_000): Design {
  const start = spanningRows(x, n, p);
  const rank = start.length;
  if (rank === 0) throw new Error("gOptimalDesign: all features are zero");
  const ridge = rank < p ? DESIGN_RIDGE : 0;
  const w = new Float64Array(n);
  for (const i of start) w[i] = 1 / rank;
  const vinv = new Float64Array(p * p);
  const g = new Float64Array(n);
  const u = new Float64Array(p);
  informationInverse(x, p, w, ridge, vinv);
  allLeverages(x, n, p, vinv, g, u);
  const target = (1 + gamma) * rank;
  let it = 0;
  for (; it < maxIter; it++) {
    let j = 0;
    for (let i = 1; i < n; i++) if (g[i] > g[j]) j = i;
    const gj = g[j];
    if (gj <= target) break;
    // Exact line search for log det along π → (1−α)π + α e_j (Khachiyan's step).
    const alpha = (gj / rank - 1) / (gj - 1);
    for (let i = 0; i < n; i++) w[i] *= 1 - alpha;
    w[j] += alpha;
    if ((it + 1) % 64 === 0) {
      // Refresh from scratch so Sherman–Morrison round-off cannot accumulate.
      informationInverse(x, p, w, ridge, vinv);
      allLeverages(x, n, p, vinv, g, u);
      continue;
    }
    // Sherman–Morrison for V' = (1−α)V + α x_j x_jᵀ, and the matching rank-one update of every g_i.
    leverage(vinv, p, x, j * p, u);
    const c = alpha / (1 - alpha);
    const denom = 1 + c * gj;
    const inv1 = 1 / (1 - alpha);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) vinv[a * p + b] = (vinv[a * p + b] - (c * u[a] * u[b]) / denom) * inv1;
    }
    for (let i = 0; i < n; i++) {
      const xu = dot(x, i * p, u, 0, p);
      g[i] = (g[i] - (c * xu * xu) / denom) * inv1;
    }
  }
  informationInverse(x, p, w, ridge, vinv);
  allLeverages(x, n, p, vinv, g, u);
  const gMax = g.reduce((max, gi) => (gi > max ? gi : max), 0);
  const support = Int32Array.from({ length: n }, (_, i) => i).filter((i) => w[i] > 0);
  return { weights: w, support, gMax, rank, iterations: it };
}
