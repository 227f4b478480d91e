/**
 * Guarantees and query counts of the three learners, and the reference shapes of the paper's
 * bounds. Everything marked [DERIVED] is derived for the reconstructed learners of algorithms.ts
 * (Gaussian tails, Cauchy–Schwarz on the design); the paper's own constants are unknown.
 */
import { binomial, sparseNet } from "./combinatorics";

// ---------------------------------------------------------------------------------------------
// Guarantees on a finite action set (w.p. ≥ 1 − δ)

/**
 * [DERIVED] Least squares on a design with g(π) ≤ (1+γ)p, counts ⌈π_a N⌉ (Σ ≤ N + |D|):
 * |⟨φ(b), θ̂ − θ*⟩| ≤ ε√((1+γ)p(1 + |D|/N)) + stat for every b (Cauchy–Schwarz over the design),
 * so the greedy action is 2ε + 2·that suboptimal. `stat` is the noise part (ε when calibrated).
 */
export function leastSquaresGuarantee(
  eps: number,
  p: number,
  gamma: number,
  supportSize: number,
  n: number,
  stat: number,
): number {
  return 2 * eps + 2 * eps * Math.sqrt((1 + gamma) * p * (1 + supportSize / n)) + 2 * stat;
}

/** [DERIVED] Noise part of the least-squares error for k actions w.p. 1 − δ: σ√(2(1+γ)p ln(2k/δ)/N). */
export function leastSquaresStat(p: number, k: number, n: number, delta: number, sigma: number, gamma: number): number {
  return sigma * Math.sqrt((2 * (1 + gamma) * p * Math.log((2 * k) / delta)) / n);
}

/** [DERIVED] Half-width of n simultaneous means of m samples each, w.p. 1 − δ: σ√(2 ln(2n/δ)/m). */
export function evaluationError(n: number, m: number, delta: number, sigma: number): number {
  return sigma * Math.sqrt((2 * Math.log((2 * n) / delta)) / m);
}

/**
 * [DERIVED] ε-net learner: some net point lies within ε of θ* on its support, so its greedy action
 * is 2ε-optimal for the linear part and 4ε-optimal for r; evaluating to accuracy η adds 2η.
 * With η = ε (calibrated) this is the spec's 6ε.
 */
export function netGuarantee(eps: number, eta = eps): number {
  return 4 * eps + 2 * eta;
}

/** [DERIVED] Support enumeration: the true support's fit (least squares in s dims) plus evaluation 2η. */
export function enumerationGuarantee(
  eps: number,
  s: number,
  gamma: number,
  supportSize: number,
  n: number,
  stat: number,
  eta: number,
): number {
  return leastSquaresGuarantee(eps, s, gamma, supportSize, n, stat) + 2 * eta;
}

// ---------------------------------------------------------------------------------------------
// Query counts on the unit sphere as action set (k = ∞), used for the sweeps over d and s.
// [DERIVED] On the sphere the greedy action of θ is θ/‖θ‖, the G-optimal design of a (projected)
// ball in ℝ^p is uniform on ±e₁…±e_p (V = I/p, Kiefer–Wolfowitz), and sup_b ⟨b, ξ⟩ = ‖ξ‖ for the
// noise ξ ~ N(0, σ²/(2n)·I_p), which is ≤ σ(√p + √(2 ln(1/δ)))/√(2n) w.p. 1 − δ.

/** Samples per design point (2p points) so that ‖ξ‖ ≤ ε w.p. 1 − δ. */
export function sphereDesignSamples(p: number, eps: number, delta: number, sigma: number): number {
  const r = sigma * (Math.sqrt(p) + Math.sqrt(2 * Math.log(1 / delta)));
  return Math.ceil((r * r) / (2 * eps * eps));
}

export interface QueryCount {
  queries: number;
  candidates: number;
  /** Error the count certifies (w.p. 1 − δ). */
  guarantee: number;
}

/** ε-net learner on the sphere: every net direction of every support is a distinct action. */
export function sphereNetQueries(d: number, s: number, eps: number, delta: number, sigma: number): QueryCount {
  const candidates = binomial(d, s) * sparseNet(s, eps).count;
  const m = Math.ceil((2 * sigma * sigma * Math.log((2 * candidates) / delta)) / (eps * eps));
  return { queries: candidates * m, candidates, guarantee: netGuarantee(eps) };
}

/** Support enumeration on the sphere: C(d,s) fits in s dims, then C(d,s) evaluations. */
export function sphereEnumerationQueries(d: number, s: number, eps: number, delta: number, sigma: number): QueryCount {
  const supportsCount = binomial(d, s);
  const n = sphereDesignSamples(s, eps, delta / 2, sigma);
  const m = Math.ceil((2 * sigma * sigma * Math.log((4 * supportsCount) / delta)) / (eps * eps));
  // Bias on the true support: ε Σ_i |b_i| ≤ ε√s; noise ≤ ε; evaluation ≤ ε.
  const guarantee = 2 * eps + 2 * (eps * Math.sqrt(s) + eps) + 2 * eps;
  return { queries: supportsCount * (2 * s * n + m), candidates: supportsCount, guarantee };
}

/** Dense least squares on the sphere: design ±e₁…±e_d; guarantee only 4ε + 2ε√d. */
export function sphereDenseQueries(d: number, eps: number, delta: number, sigma: number): QueryCount {
  const n = sphereDesignSamples(d, eps, delta, sigma);
  return { queries: 2 * d * n, candidates: 1, guarantee: 2 * eps + 2 * (eps * Math.sqrt(d) + eps) };
}

// ---------------------------------------------------------------------------------------------
// Reference shapes (constants set to 1: "shape only; constants unknown")

/** Dong & Yang (2023), abstract: Õ(ε^{-s} d^s) queries for an O(ε)-optimal action. */
export const sparseUpperShape = (d: number, s: number, eps: number): number => (d / eps) ** s;
/** Du et al. (2020): Ω(exp(d)) queries for an O(ε)-optimal action without sparsity. */
export const denseLowerShape = (d: number): number => Math.exp(d);
/** Lattimore, Szepesvári & Weisz (2020): poly(d/ε) queries for O(ε√d) error (drawn as (d/ε)²). */
export const lswShape = (d: number, eps: number): number => (d / eps) ** 2;
/** Dong & Yang (2023), abstract: Ω(exp(s)) queries if the error must be O(s^δ ε), 0 < δ < 1. */
export const sparsityLowerShape = (s: number): number => Math.exp(s);
/** Dong & Yang (2023), abstract: poly(s/ε) queries with good features (drawn as (s/ε)²). */
export const goodFeaturesShape = (s: number, eps: number): number => (s / eps) ** 2;
