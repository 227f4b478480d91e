/**
 * [DERIVED] Sample sizes that make each learner's guarantee hold with probability ≥ 1 − δ under
 * N(0, σ²) noise (Gaussian tails and union bounds; the paper's own constants are unknown).
 *
 * - Least squares on a design with g(π) ≤ (1+γ)·p: each prediction ⟨φ(b), θ̂⟩ has noise variance
 *   ≤ σ²(1+γ)p/N, so N = ⌈2(1+γ)pσ² ln(2k/δ′)/ε²⌉ keeps all k of them within ε w.p. 1 − δ′.
 * - Direct evaluation of n candidates with m samples each: the mean is within η of r(a) for all of
 *   them w.p. 1 − δ′ when m = ⌈2σ² ln(2n/δ′)/η²⌉.
 */

/** Least-squares sample size N for prediction error ≤ ε on k actions in p dimensions, w.p. 1 − δ. */
export function leastSquaresSamples(
  p: number,
  k: number,
  eps: number,
  delta: number,
  sigma: number,
  gamma: number,
): number {
  return Math.ceil((2 * (1 + gamma) * p * sigma * sigma * Math.log((2 * k) / delta)) / (eps * eps));
}

/** Samples per candidate so that all n candidate means are within η w.p. 1 − δ. */
export function evaluationSamples(n: number, eta: number, delta: number, sigma: number): number {
  return Math.ceil((2 * sigma * sigma * Math.log((2 * n) / delta)) / (eta * eta));
}

/** Design counts n_a = ⌈π_a N⌉ on the support: Σ n_a ≤ N + |support|. */
export function designCounts(weights: Float64Array, support: Int32Array, n: number, out: Float64Array): number {
  let total = 0;
  for (let t = 0; t < support.length; t++) {
    out[t] = Math.ceil(weights[support[t]] * n - 1e-9);
    if (out[t] < 1) out[t] = 1;
    total += out[t];
  }
  return total;
}
