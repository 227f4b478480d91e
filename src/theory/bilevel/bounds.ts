/**
 * Reference curves for the plots, each written once beside its formula. The paper's constants are
 * not confirmed (spec §1.4, §1.9), so the σ-rates and ε-complexities are drawn as shapes through an
 * anchor point; only the generic nonconvex GD bound carries its own constant.
 */

import { distance } from "../common/linalg";
import { bound } from "../kit/bound";
import type { BilevelProblem } from "./problems";
import { VARIANT_EXPONENT, VARIANT_LABELS, type Variant } from "./schema";

const PAPER = "Kwon, Kwon, Wright & Nowak (ICLR 2024)";

/**
 * Generic nonconvex guarantee of exact gradient descent with step 1/ℓ on an ℓ-smooth function:
 * min_{k<K} ‖∇ψ_σ(x_k)‖² ≤ 2ℓ(ψ_σ(x_0) − inf ψ_σ)/K (spec §1.8 item 2; standard descent-lemma
 * argument [D], not the paper's theorem), on an x-axis of calls: K = ⌊calls / callsPerStep⌋ outer steps.
 */
export const nonconvexGd = bound<{ callsPerStep: number; ell: number; gap: number }>({
  key: "nonconvex-gd",
  label: "generic nonconvex GD bound √(2ℓ_σΔ/K)",
  tex: "\\min_{k<K}\\|\\nabla\\psi_\\sigma(x_k)\\| \\le \\sqrt{2\\ell_\\sigma(\\psi_\\sigma(x_0)-\\inf\\psi_\\sigma)/K}",
  cite: "descent lemma for exact GD with step 1/ℓ_σ [D] (spec §1.8, item 2); K = outer steps of the double loop",
  kind: "reference",
  exponent: -0.5,
  at(calls, g) {
    const K = Math.floor(calls / g.callsPerStep);
    return K >= 1 ? Math.sqrt((2 * g.ell * g.gap) / K) : Number.NaN;
  },
});

/** Δ = sup of ψ_σ over the start box x0 ± xSpread, minus min ψ_σ (corners for T1's convex quadratic, a scan in 1-D). */
export function initialGap(prob: BilevelProblem, sigma: number): number {
  const inf = prob.psiSigma(prob.xStarSigma(sigma), sigma);
  const x = new Float64Array(prob.dx);
  let sup = Number.NEGATIVE_INFINITY;
  if (prob.dx === 1) {
    for (let i = 0; i <= 100; i++) {
      x[0] = prob.x0[0] + prob.xSpread * (2 * (i / 100) - 1);
      prob.projectX(x);
      sup = Math.max(sup, prob.psiSigma(x, sigma));
    }
  } else {
    for (let mask = 0; mask < 1 << prob.dx; mask++) {
      for (let i = 0; i < prob.dx; i++) x[i] = prob.x0[i] + prob.xSpread * ((mask >> i) & 1 ? 1 : -1);
      sup = Math.max(sup, prob.psiSigma(x, sigma));
    }
  }
  return Math.max(sup - inf, 0);
}

/** The penalty's O(σ) bias ‖x*_σ − x*‖ (closed form or numerical minimisers). */
export function penaltyBias(prob: BilevelProblem, sigma: number): number {
  return distance(prob.xStarSigma(sigma), prob.xStar());
}

/** The bias at one fixed σ, as a level under ‖x_k − x*‖. */
export const biasLevel = bound<number>({
  key: "bias",
  label: "O(σ) bias ‖x*_σ − x*‖",
  tex: "\\|x^\\star_\\sigma - x^\\star\\|",
  cite: `${PAPER}: the penalty's O(σ) bias (closed form / numerical)`,
  kind: "reference",
  at: (_calls, bias) => bias,
});

/** The bias along σ = ε. */
export const biasAtEps = bound<BilevelProblem>({
  key: "bias",
  label: "O(σ) bias ‖x*_σ − x*‖ at σ = ε",
  tex: "\\|x^\\star_{\\sigma} - x^\\star\\|,\\ \\sigma=\\varepsilon",
  cite: `${PAPER}: the penalty's O(σ) bias`,
  kind: "reference",
  exponent: 1,
  at: (eps, prob) => penaltyBias(prob, eps),
});

/** A shape-only line C·x^p through the anchor point (x0, y0); no line when y0 ≤ 0 (no anchor). */
export interface Anchor {
  x0: number;
  y0: number;
}
const through = (x: number, exponent: number, a: Anchor) => (a.y0 > 0 ? a.y0 * (x / a.x0) ** exponent : Number.NaN);

/** A landscape gap of §3 against σ with its slope +1 shape line (spec §1.2). */
function gap(key: string, label: string, tex: string, cite: string) {
  const reference = bound<Anchor>({
    key: `${key}-slope1`,
    label: `slope +1 reference for ${label}`,
    tex,
    cite: `${PAPER}, ${cite}`,
    kind: "reference",
    exponent: 1,
    at: (sigma, a) => through(sigma, 1, a),
  });
  return { key, label, reference };
}

export const LANDSCAPE_GAPS = [
  gap("value-gap", "ψ(x) − ψ_σ(x)", "O(\\sigma/\\mu)", "value gap (Thm 3.6 per the reviews)"),
  gap("grad-gap", "‖∇ψ_σ(x) − ∇ψ(x)‖", "O(\\sigma/\\mu^3)", "gradient gap (Assumptions 5–8)"),
  gap("argmin-gap", "‖x*_σ − x*‖", "O(\\sigma)", "via the value and gradient gaps [D]"),
];

/** Oracle complexity O(ε^p) of each method (abstract; spec §1.5 table): upper bounds, constants unknown. */
const complexityReference = (v: Variant) =>
  bound<Anchor>({
    key: `ref-${v}`,
    label: `ε^${VARIANT_EXPONENT[v]} reference (${VARIANT_LABELS[v]}); upper bound, constant unknown`,
    tex: `O(\\varepsilon^{${VARIANT_EXPONENT[v]}})`,
    cite: `${PAPER}, complexity (abstract; spec §1.5 table)`,
    kind: "upper",
    exponent: VARIANT_EXPONENT[v],
    at: (eps, a) => through(eps, VARIANT_EXPONENT[v], a),
  });
export const COMPLEXITY_REFERENCES: Record<Variant, ReturnType<typeof complexityReference>> = {
  det: complexityReference("det"),
  sto: complexityReference("sto"),
  single: complexityReference("single"),
};
