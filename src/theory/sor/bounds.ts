/**
 * The regret guarantees of [P] with their constants (spec § 3), evaluated for the shifted-Laplacian
 * sequence. All are bounds on expected cumulative cost E Σ SOR_t(ω_t); the regret plots subtract the
 * empirical comparator, which keeps them valid upper bounds on the plotted regret.
 */
import { bound } from "../kit/bound";
import { PAPER } from "./options";
import { SHIFT_MIN, SHIFT_SPAN } from "./problems";
import { alphaOf, omegaStar } from "./young";

/** Per-instance quantities a bound needs: β_t and τ_t (here one τ for all t, the spec's estimate). */
export interface BoundInputs {
  betas: Float64Array;
  tau: number;
  eps: number;
  /** The shift range [shiftMin, shiftMin + shiftSpan] (Thm 2.2); the paper's when absent. */
  shiftMin?: number;
  shiftSpan?: number;
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

export const thm21 = bound<BoundInputs>({
  key: "thm21",
  label: "Thm 2.1 (5): 3 log(1/ε) ∛(2T²/log⁴ α_max)",
  tex: "3\\log\\tfrac1\\varepsilon\\sqrt[3]{\\frac{2T^2}{\\log^4\\alpha_{\\max}}}",
  cite: `${PAPER}, Thm 2.1 eq. (5): excess over min_ω Σ U_t(ω), theorem's grid and step`,
  kind: "reference",
  exponent: 2 / 3,
  at: (t, inputs) => thm21Excess(inputs, Math.round(t)),
});

/** Thm 2.2 for the shifts c ∈ [shiftMin, shiftMin + shiftSpan] (the paper's [SHIFT_MIN, SHIFT_MIN + SHIFT_SPAN]). */
export const thm22 = bound<BoundInputs>({
  key: "thm22",
  label: "Thm 2.2 (6): excess over Σ U_t(ω*(c_t))",
  tex: "\\sqrt[4]{\\frac{54C^3L^3T}{\\log^2\\alpha_{\\max}}}+\\frac{4\\log\\frac1\\varepsilon}{\\log\\frac1{\\alpha_{\\max}}}\\sqrt[4]{24CLT^3}",
  cite: `${PAPER}, Thm 2.2 eq. (6), theorem's bins and grid`,
  kind: "reference",
  exponent: 3 / 4,
  at: (t, inputs) => thm22Excess(inputs, Math.round(t), inputs.shiftSpan ?? SHIFT_SPAN, inputs.shiftMin ?? SHIFT_MIN),
});
