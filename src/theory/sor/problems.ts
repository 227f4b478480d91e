/**
 * The instance sequence of [P] § 4.1 / App. G.1 (scripts/contextual.m): A_t = A + c_t I with A the
 * 5-point Laplacian on the m × m interior grid (m = 10, n = 100 in the paper), c_t = −0.15 + 0.6X with
 * X ~ Beta(2, 6) (low variance) or Beta(½, 3/2) (high variance), and b_t a standard Gaussian
 * conditioned on ‖b‖₂ ≤ √n (utils/truncated_normal.m: rejection).
 *
 * Above the paper's m the shift is scaled (`shiftScale`): c_t = s_m(−0.15 + 0.6X), so that every A_t
 * stays positive definite (a difference from the paper, whose range is made for m = 10).
 */
import type { Rng } from "../common/rng";
import { paddedIndex, paddedSize } from "./solver";
import { laplacianLambdaMin } from "./young";

export type Variance = "low" | "high";

/** The shift range of the paper: c ∈ [−0.15, 0.45]; SPD needs c > −λ_min(A) = −(4 − 4cos(π/(m+1))). */
export const SHIFT_MIN = -0.15;
export const SHIFT_SPAN = 0.6;
/** The context interval the authors' learners are told ([−0.15, 0.65] in contextual.m). */
export const CONTEXT_LO = -0.15;
export const CONTEXT_HI = 0.65;
/** The grid side the paper's shift range is made for (n = 100). */
export const PAPER_M = 10;

/**
 * The factor s_m = min(1, λ_min(m)/λ_min(10)) applied to the paper's shifts (and to the context
 * interval the learners are told). λ_min(A) = 8sin²(π/(2(m+1))) falls with m (0.162 at m = 10, 0.136
 * at m = 11, 0.068 at m = 16, 0.018 at m = 32), so c = −0.15 makes A + cI indefinite for every m > 10.
 * Scaled, the smallest eigenvalue λ_min(A + cI) = λ_min(m)(1 + c_paper/λ_min(10)) ≥ 0.0742 λ_min(m) > 0
 * keeps the paper's distribution of λ_min(A_t)/λ_min(A) at every m. Exactly 1 for m ≤ 10, where the
 * paper's shifts are used as they are.
 */
export function shiftScale(m: number): number {
  return m <= PAPER_M ? 1 : laplacianLambdaMin(m) / laplacianLambdaMin(PAPER_M);
}

/** c_t = s_m(−0.15 + 0.6X): the paper's shift, scaled for grids larger than its m = 10 (`shiftScale`). */
export function sampleShift(rng: Rng, variance: Variance, m = PAPER_M): number {
  const X = variance === "low" ? rng.beta(2, 6) : rng.beta(0.5, 1.5);
  return shiftScale(m) * (SHIFT_MIN + SHIFT_SPAN * X);
}

/** Fill `out` (padded, ghosts 0) with N(0, I_n) conditioned on ‖b‖ ≤ √n; returns the rejection count. */
export function sampleTruncatedGaussian(rng: Rng, m: number, out: Float64Array): number {
  const n = m * m;
  for (let rejected = 0; ; rejected++) {
    let ss = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const z = rng.normal();
        out[paddedIndex(m, i, j)] = z;
        ss += z * z;
      }
    }
    if (ss <= n) return rejected;
  }
}

export function onesRhs(m: number): Float64Array {
  const b = new Float64Array(paddedSize(m));
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) b[paddedIndex(m, i, j)] = 1;
  return b;
}

/** The point load at the centre (i = j = ⌊m/2⌋), the spec's "b = e" test. */
export function centreRhs(m: number): Float64Array {
  const b = new Float64Array(paddedSize(m));
  b[paddedIndex(m, m >> 1, m >> 1)] = 1;
  return b;
}

/** The authors' action grid linspace(1, 1.95, 20) (every learning script). */
export function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  return out;
}

export const CODE_GRID = linspace(1, 1.95, 20);
