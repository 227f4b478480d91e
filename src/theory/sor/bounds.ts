/**
 * The regret guarantees of [P] with their constants (spec § 3), evaluated for the shifted-Laplacian
 * sequence. All are bounds on expected cumulative cost E Σ SOR_t(ω_t); the regret plots subtract the
 * empirical comparator, which keeps them valid upper bounds on the plotted regret.
 */
import { alphaOf, omegaStar, surrogateLipschitz, surrogateU } from "./young";

/** Per-instance quantities a bound needs: β_t and τ_t (here one τ for all t, the spec's estimate). */
export interface BoundInputs {
  betas: Float64Array;
  tau: number;
  eps: number;
}

/** ω_max = 1 + max_t (β_t/(1 + √(1 − β_t²)))² = max_t ω*(β_t) (Thm 2.1). */
export function theoryOmegaMax(betas: Float64Array): number {
  let w = 1;
  for (const b of betas) w = Math.max(w, omegaStar(b));
  return w;
}

/**
 * Thm 2.1, eq. (5), first term: 3 log(1/ε) ∛(2 γ̄ T² / log² α_max), γ̄ = (1/T) Σ log⁻² α_t, the excess of
 * Tsallis-INF (theorem grid g_i = 1 + (ω_max − 1)i/d, tuned d, K = −log ε/−log α_max, η = 1/√T) over
 * min_ω Σ U_t(ω). Evaluated on the prefix t = 1..T of `inputs`.
 */
export function thm21Excess(inputs: BoundInputs, T: number, omegaMax = theoryOmegaMax(inputs.betas)): number {
  let gammaSum = 0;
  let alphaMax = 0;
  for (let t = 0; t < T; t++) {
    const a = alphaOf(inputs.betas[t], inputs.tau, omegaMax);
    alphaMax = Math.max(alphaMax, a);
    gammaSum += Math.log(a) ** -2;
  }
  const gammaBar = gammaSum / T;
  return 3 * Math.log(1 / inputs.eps) * Math.cbrt((2 * gammaBar * T * T) / Math.log(alphaMax) ** 2);
}

/**
 * Derived (spec § 3, not stated in [P]): for the code-style run (η_t = 2/√t, fixed grid of d points on
 * [1, ω_max]) Thm B.2 with Thm B.3 gives the excess 1 + 4K√(dT) + ((ω_max − 1)/d) Σ_t L_t over
 * min Σ U_t, with K = −log ε / −log α_max and L_t the Lemma 2.1 Lipschitz constant.
 */
export function derivedCodeExcess(inputs: BoundInputs, T: number, d: number, omegaMax: number): number {
  let alphaMax = 0;
  let sumL = 0;
  for (let t = 0; t < T; t++) {
    alphaMax = Math.max(alphaMax, alphaOf(inputs.betas[t], inputs.tau, omegaMax));
    sumL += surrogateLipschitz(inputs.betas[t], inputs.tau, omegaMax, inputs.eps);
  }
  const K = Math.log(inputs.eps) / Math.log(alphaMax);
  return 1 + 4 * K * Math.sqrt(d * T) + ((omegaMax - 1) / d) * sumL;
}

/**
 * Thm 2.2, eq. (6), first two terms: ∜(54C³L³T/log² α_max) + (4 log(1/ε)/log(1/α_max)) ∜(24CLT³), the
 * excess of Tsallis-INF-CB (tuned d, m) over Σ U_t(ω*(c_t)), with
 * L = (1 + β_max)/(β_max√(1 − β_max²)) · ((λ_min(D) + c_min + 1)/(λ_min(D) + c_min))².
 */
export function thm22Excess(inputs: BoundInputs, T: number, C: number, cMin: number, diagMin = 4): number {
  const omegaMax = theoryOmegaMax(inputs.betas);
  let alphaMax = 0;
  let betaMax = 0;
  for (let t = 0; t < T; t++) {
    alphaMax = Math.max(alphaMax, alphaOf(inputs.betas[t], inputs.tau, omegaMax));
    betaMax = Math.max(betaMax, inputs.betas[t]);
  }
  const q = (diagMin + cMin + 1) / (diagMin + cMin);
  const L = ((1 + betaMax) / (betaMax * Math.sqrt(1 - betaMax * betaMax))) * q * q;
  const la = Math.log(alphaMax);
  return (
    Math.sqrt(Math.sqrt((54 * C ** 3 * L ** 3 * T) / (la * la))) +
    ((4 * Math.log(1 / inputs.eps)) / -la) * Math.sqrt(Math.sqrt(24 * C * L * T ** 3))
  );
}

/**
 * Prefix minima over ω of Σ_{s≤t} U_s(ω), on a fine ω grid in [1, 1.999] (U_s is smooth and
 * unimodal in ω, so a grid of a few hundred points pins the minimum to well under one iteration).
 */
export function prefixMinSurrogate(inputs: BoundInputs, points = 400): Float64Array {
  const T = inputs.betas.length;
  const sums = new Float64Array(points);
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < points; i++) {
      sums[i] += surrogateU(1 + (0.999 * i) / (points - 1), inputs.betas[t], inputs.eps, inputs.tau);
      best = Math.min(best, sums[i]);
    }
    out[t] = best;
  }
  return out;
}
