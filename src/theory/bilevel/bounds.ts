/**
 * Reference curves for the plots. The paper's constants are not confirmed (spec §1.4, §1.9), so the
 * σ-rates and ε-complexities are drawn as shapes through an anchor point; only the generic nonconvex
 * GD bound carries its own constant.
 */

/**
 * Generic nonconvex guarantee of exact gradient descent with step 1/ℓ on an ℓ-smooth function:
 * min_{k<K} ‖∇ψ_σ(x_k)‖² ≤ 2ℓ(ψ_σ(x_0) − inf ψ_σ)/K (spec §1.8 item 2; standard descent-lemma
 * argument [D], not the paper's theorem).
 */
export function nonconvexGdBound(K: number, smoothness: number, gap: number): number {
  return K >= 1 ? Math.sqrt((2 * smoothness * gap) / K) : Number.NaN;
}

/**
 * The power law C·x^p through the anchor point (x₀, y₀), evaluated at xs: the "shape only" lines
 * (slope +1 in σ; ε^{-3}, ε^{-5}, ε^{-7} complexities).
 */
export function powerLawThrough(xs: ArrayLike<number>, exponent: number, x0: number, y0: number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = y0 * (xs[i] / x0) ** exponent;
  return out;
}
