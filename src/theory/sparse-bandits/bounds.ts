/**
 * Guarantees, calibrated sample sizes and query counts of the three learners, and the shapes of the
 * paper's bounds, each drawn as a `bound` beside its formula. [DERIVED] marks what is derived for the
 * reconstructed learners (Gaussian tails, union bounds, Cauchy–Schwarz); the paper's constants are unknown.
 */
import { type Bound, bound } from "../kit/bound";
import { binomial, sparseNet } from "./combinatorics";

/** The parameters at one x of a plot (x is Q, ε, d or s): every bound is evaluated at its own point. */
export type Point = Record<"d" | "s" | "k" | "eps" | "gamma" | "delta" | "sigma", number>;
export type Sweep<P = Point> = (x: number) => P;
type SphereSweep = Sweep<Pick<Point, "d" | "s" | "eps">>;

const LSW = "Lattimore, Szepesvári & Weisz (ICML 2020)";
const DY = "Dong & Yang (ICML 2023), abstract";

/** A line to read the data against, not a bound on it. */
const reference = <A>(b: Omit<Bound<A>, "kind">) => bound<A>({ ...b, kind: "reference" });
/** The shape of a cited bound, its constants (unknown) set to 1. */
const shape = (b: Omit<Bound<SphereSweep>, "kind" | "label"> & { label: string }) =>
  reference<SphereSweep>({ ...b, label: `${b.label}, shape only; constants unknown` });

// Calibrated sample sizes [DERIVED] (w.p. ≥ 1 − δ under N(0, σ²) noise)

/**
 * Least squares on a design with g(π) ≤ (1+γ)p: each prediction ⟨φ(b), θ̂⟩ has noise variance
 * ≤ σ²(1+γ)p/N, so N = ⌈2(1+γ)pσ² ln(2k/δ)/ε²⌉ keeps all k of them within ε w.p. 1 − δ.
 */
export function leastSquaresSamples(p: number, k: number, eps: number, delta: number, sigma: number, gamma: number) {
  return Math.ceil((2 * (1 + gamma) * p * sigma * sigma * Math.log((2 * k) / delta)) / (eps * eps));
}

/** Samples per candidate so that all n candidate means are within η w.p. 1 − δ: ⌈2σ² ln(2n/δ)/η²⌉. */
export function evaluationSamples(n: number, eta: number, delta: number, sigma: number): number {
  return Math.ceil((2 * sigma * sigma * Math.log((2 * n) / delta)) / (eta * eta));
}

// Guarantees on a finite action set (w.p. ≥ 1 − δ)

/**
 * [DERIVED] Least squares on a design D (`support` = |D|) with g(π) ≤ (1+γ)p, counts ⌈π_a N⌉ (Σ ≤ N + |D|):
 * |⟨φ(b), θ̂ − θ*⟩| ≤ ε√((1+γ)p(1 + |D|/N)) + stat for every b (Cauchy–Schwarz over the design),
 * so the greedy action is 2ε + 2·that suboptimal. `stat` is the noise part (ε when calibrated).
 */
export function leastSquaresGuarantee(eps: number, p: number, gamma: number, support: number, n: number, stat: number) {
  return 2 * eps + 2 * eps * Math.sqrt((1 + gamma) * p * (1 + support / n)) + 2 * stat;
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
  support: number,
  n: number,
  stat: number,
  eta: number,
): number {
  return leastSquaresGuarantee(eps, s, gamma, support, n, stat) + 2 * eta;
}

export const epsLevel = reference<Sweep>({
  key: "eps",
  label: "ε",
  tex: "\\varepsilon",
  cite: "misspecification level",
  at: (x, at) => at(x).eps,
});

export const denseBarrier = reference<Sweep<Pick<Point, "d" | "eps">>>({
  key: "barrier",
  label: "ε√d (dense barrier)",
  tex: "\\varepsilon\\sqrt d",
  cite: `${LSW}; Du et al. (ICLR 2020)`,
  at: (x, at) => at(x).eps * Math.sqrt(at(x).d),
});

export const enumerationOrder = reference<Sweep>({
  key: "sqrt-s",
  label: "ε√s (support enumeration's order)",
  tex: "\\varepsilon\\sqrt s",
  cite: "spec §1.3 (reconstruction)",
  at: (x, at) => at(x).eps * Math.sqrt(at(x).s),
});

// The calibrated sizes of algorithms.ts, with the design support bounded by k so the curve is valid for every run.
export const denseGuaranteeBound = bound<Sweep>({
  key: "dense-guarantee",
  label: "dense guarantee 4ε + 2ε√((1+γ)d(1+k/N)) [derived]",
  tex: "4\\varepsilon+2\\varepsilon\\sqrt{(1+\\gamma)d(1+k/N)}",
  cite: `derived from ${LSW}, Kiefer–Wolfowitz`,
  kind: "upper",
  at(x, at) {
    const { d, k, eps, delta, sigma, gamma } = at(x);
    return leastSquaresGuarantee(eps, d, gamma, k, leastSquaresSamples(d, k, eps, delta, sigma, gamma), eps);
  },
});

export const enumerationGuaranteeBound = bound<Sweep>({
  key: "enumeration-guarantee",
  label: "enumeration guarantee 6ε + 2ε√((1+γ)s(1+k/N)) [derived]",
  tex: "6\\varepsilon+2\\varepsilon\\sqrt{(1+\\gamma)s(1+k/N)}",
  cite: "derived for the reconstructed support enumeration (spec §1.3)",
  kind: "upper",
  at(x, at) {
    const { s, k, eps, delta, sigma, gamma } = at(x);
    const n = leastSquaresSamples(s, k, eps, delta / 2, sigma, gamma);
    return enumerationGuarantee(eps, s, gamma, k, n, eps, eps);
  },
});

export const netGuaranteeBound = bound<Sweep>({
  key: "net-guarantee",
  label: "6ε (ε-net guarantee at its calibrated budget) [derived]",
  tex: "6\\varepsilon",
  cite: "derived for the reconstructed ε-net learner (spec §1.3)",
  kind: "upper",
  exponent: 1,
  at: (x, at) => netGuarantee(at(x).eps),
});

export const confidenceTarget = reference<Sweep>({
  key: "target",
  label: "1 − δ",
  tex: "1-\\delta",
  cite: "the learners' confidence level",
  at: (x, at) => 1 - at(x).delta,
});

// Query counts on the unit sphere as action set (k = ∞), used for the sweeps over d and s.
// [DERIVED] On the sphere the greedy action of θ is θ/‖θ‖, the G-optimal design of a (projected)
// ball in ℝ^p is uniform on ±e₁…±e_p (V = I/p, Kiefer–Wolfowitz), and sup_b ⟨b, ξ⟩ = ‖ξ‖ for the
// noise ξ ~ N(0, σ²/(2n)·I_p), which is ≤ σ(√p + √(2 ln(1/δ)))/√(2n) w.p. 1 − δ.

/** Samples per design point (2p points) so that ‖ξ‖ ≤ ε w.p. 1 − δ. */
export function sphereDesignSamples(p: number, eps: number, delta: number, sigma: number): number {
  const r = sigma * (Math.sqrt(p) + Math.sqrt(2 * Math.log(1 / delta)));
  return Math.ceil((r * r) / (2 * eps * eps));
}

/** Queries, distinct candidate actions, and the error the count certifies (w.p. 1 − δ). */
export type QueryCount = { queries: number; candidates: number; guarantee: number };

/** ε-net learner on the sphere: every net direction of every support is a distinct action. */
export function sphereNetQueries(d: number, s: number, eps: number, delta: number, sigma: number): QueryCount {
  const candidates = binomial(d, s) * sparseNet(s, eps).count;
  const m = evaluationSamples(candidates, eps, delta, sigma);
  return { queries: candidates * m, candidates, guarantee: netGuarantee(eps) };
}

/** Support enumeration on the sphere: C(d,s) fits in s dims, then C(d,s) evaluations. */
export function sphereEnumerationQueries(d: number, s: number, eps: number, delta: number, sigma: number): QueryCount {
  const supportsCount = binomial(d, s);
  const n = sphereDesignSamples(s, eps, delta / 2, sigma);
  const m = evaluationSamples(supportsCount, eps, delta / 2, sigma);
  // Bias on the true support: ε Σ_i |b_i| ≤ ε√s; noise ≤ ε; evaluation ≤ ε.
  const guarantee = 2 * eps + 2 * (eps * Math.sqrt(s) + eps) + 2 * eps;
  return { queries: supportsCount * (2 * s * n + m), candidates: supportsCount, guarantee };
}

/** Dense least squares on the sphere: design ±e₁…±e_d; guarantee only 4ε + 2ε√d. */
export function sphereDenseQueries(d: number, eps: number, delta: number, sigma: number): QueryCount {
  const n = sphereDesignSamples(d, eps, delta, sigma);
  return { queries: 2 * d * n, candidates: 1, guarantee: 2 * eps + 2 * (eps * Math.sqrt(d) + eps) };
}

/** Õ(ε^{-s} d^s) queries for an O(ε)-optimal action. Its slope in d is s (set where x is d). */
export const sparseShape = shape({
  key: "sparse-shape",
  label: `(d/ε)^s`,
  tex: "(d/\\varepsilon)^{s}",
  cite: `${DY}: Õ(ε^{-s}d^s) queries for an O(ε)-optimal action`,
  at: (x, at) => (at(x).d / at(x).eps) ** at(x).s,
});

export const denseWall = shape({
  key: "dense-wall",
  label: `exp(d)`,
  tex: "e^{d}",
  cite: "Du, Kakade, Wang & Yang (ICLR 2020): Ω(exp(d)) queries for O(ε) error without sparsity",
  at: (x, at) => Math.exp(at(x).d),
});

export const lswShape = shape({
  key: "lsw-shape",
  label: `poly(d/ε) drawn as (d/ε)²`,
  tex: "(d/\\varepsilon)^2",
  cite: `${LSW}: poly(d/ε) queries for O(ε√d) error`,
  exponent: 2,
  at: (x, at) => (at(x).d / at(x).eps) ** 2,
});

export const sparsityWall = shape({
  key: "sparsity-wall",
  label: `exp(s)`,
  tex: "e^{s}",
  cite: `${DY}: Ω(exp(s)) queries if the error must be O(s^δ ε), 0 < δ < 1`,
  at: (x, at) => Math.exp(at(x).s),
});

export const goodFeaturesShape = shape({
  key: "good-features",
  label: `poly(s/ε) drawn as (s/ε)²`,
  tex: "(s/\\varepsilon)^2",
  cite: `${DY}: poly(s/ε) queries with good features, error O(s^δ ε), δ ≥ 1`,
  at: (x, at) => (at(x).s / at(x).eps) ** 2,
});
