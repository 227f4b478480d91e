/**
 * Regret bounds with explicit constants (spec omd-sea.md §1.4, §1.9), each formula followed by its `bound`
 * (label, TeX, citation), which states it. Provenance in each comment:
 *   [SRC]      stated in a source (Sachs et al. 2022 Thms 5, 7; Hazan 2016 Thm 3.1)
 *   [MEM]      textbook, recalled (Hazan Thm 3.3)
 *   [DERIVED]  derived in the spec with the standard optimistic-OMD argument (not Chen et al.'s constants)
 *   [DERIVED here] the same argument redone in this module for hints the spec does not cover
 * s2 = σ²_{1:T}, S2 = Σ²_{1:T}; s2max = max_t σ_t², S2max = max_{t≥2} Σ_t².
 */
import { type Bound, bound } from "../kit/bound";
import type { CumulativeStats } from "./problems";

/** A SEA problem's constants and prefix statistics, at which the learners' bounds are evaluated (x = t). */
export interface SeaInstance {
  d: number;
  D: number;
  G: number;
  L: number;
  lambda: number;
  /** δ of Chen's step. */
  delta: number;
  stats: CumulativeStats;
}

/** The bound with its instance fixed, as a learner carries it: `b.at(t)`, `curve(b, xs, undefined)`. */
export function bindInstance<A>(b: Bound<A>, a: A): Bound<void> {
  const fix = (v: string | ((a: A) => string)) => (typeof v === "function" ? v(a) : v);
  return bound({ ...b, label: fix(b.label), tex: fix(b.tex), cite: fix(b.cite), at: (t) => b.at(t, a) });
}

const s2 = (a: SeaInstance, t: number) => a.stats.sigma2[t - 1];
const S2 = (a: SeaInstance, t: number) => a.stats.Sigma2[t - 1];
const derived = "derived bound for this implementation (spec omd-sea §1.4c";
const oomd = { key: "oomd-bound", cite: `${derived}; not Chen et al.'s constants)`, kind: "upper" } as const;
const oomdSc = { key: "oomd-sc-bound", cite: `${derived}; step size a reconstruction)`, kind: "upper" } as const;

/** [DERIVED, spec §1.4c] Optimistic OMD, Chen's step η_t = D/√(δ+4G²+V̄_{t−1}), last-gradient hint. */
export function oomdConvexBound(D: number, G: number, L: number, delta: number, s2: number, S2: number): number {
  return (
    2.5 * D * Math.sqrt(delta + 5 * G * G + 8 * s2 + 4 * S2) + (25 * D ** 3 * L * L) / Math.sqrt(delta + 4 * G * G)
  );
}

export const oomdConvex = bound<SeaInstance>({
  ...oomd,
  label: "OOMD derived bound 5D/2·√(δ+5G²+8σ²+4Σ²) + 25D³L²/√(δ+4G²)",
  tex: "\\tfrac{5D}{2}\\sqrt{\\delta+5G^2+8\\sigma^2_{1:T}+4\\Sigma^2_{1:T}}+\\tfrac{25D^3L^2}{\\sqrt{\\delta+4G^2}}",
  at: (t, a) => oomdConvexBound(a.D, a.G, a.L, a.delta, s2(a, t), S2(a, t)),
});

/** [DERIVED here] Chen's step, no hint (M_t = 0): the path-wise 5D/2·√(δ + 4G² + Σ‖g_t − M_t‖²) with ‖g_t‖ ≤ G. */
export function oomdConvexBoundNoHint(D: number, G: number, delta: number, T: number): number {
  return 2.5 * D * Math.sqrt(delta + 4 * G * G + G * G * T);
}

export const oomdConvexNoHint = bound<SeaInstance>({
  ...oomd,
  label: "OOMD derived bound (no hint) 5D/2·√(δ+4G²+G²T)",
  tex: "\\tfrac{5D}{2}\\sqrt{\\delta+4G^2+G^2T}",
  exponent: 0.5,
  at: (t, a) => oomdConvexBoundNoHint(a.D, a.G, a.delta, t),
});

/**
 * [DERIVED here] Chen's step, oracle hint M_t = ∇F_t(x_{t−1}) (x_0 = x̂_1): ‖g_t − M_t‖² ≤
 * 2‖g_t − ∇F_t(x_t)‖² + 2L²‖x_t − x_{t−1}‖², and the same cancellation as §1.4c.
 */
export function oomdConvexBoundOracle(D: number, G: number, L: number, delta: number, s2: number): number {
  return 2.5 * D * Math.sqrt(delta + 4 * G * G + 2 * s2) + (12.5 * D ** 3 * L * L) / Math.sqrt(delta + 4 * G * G);
}

export const oomdConvexOracle = bound<SeaInstance>({
  ...oomd,
  label: "OOMD derived bound (oracle hint) 5D/2·√(δ+4G²+2σ²) + 25D³L²/(2√(δ+4G²))",
  tex: "\\tfrac{5D}{2}\\sqrt{\\delta+4G^2+2\\sigma^2_{1:T}}+\\tfrac{25D^3L^2}{2\\sqrt{\\delta+4G^2}}",
  at: (t, a) => oomdConvexBoundOracle(a.D, a.G, a.L, a.delta, s2(a, t)),
});

/** [DERIVED, spec §1.4c; the step size is RECON] η_t = 2/(λt), M_1 = 0, last-gradient hint. */
export function oomdStronglyConvexBound(
  G: number,
  L: number,
  D: number,
  lambda: number,
  s2max: number,
  S2max: number,
  T: number,
): number {
  return (
    (2 * G * G) / lambda +
    (8 / lambda) * (2 * s2max + S2max) * Math.log(T) +
    ((8 * L * L * D * D) / lambda) * Math.log(3 + (8 * L) / lambda)
  );
}

export const oomdStronglyConvex = bound<SeaInstance>({
  ...oomdSc,
  label: "OOMD-sc derived bound 2G²/λ + 8/λ(2σ²max+Σ²max)ln T + 8L²D²/λ·ln(3+8L/λ)",
  tex: "\\tfrac{2G^2}{\\lambda}+\\tfrac{8}{\\lambda}(2\\sigma^2_{\\max}+\\Sigma^2_{\\max})\\ln T+\\tfrac{8L^2D^2}{\\lambda}\\ln(3+\\tfrac{8L}{\\lambda})",
  at: (t, a) => oomdStronglyConvexBound(a.G, a.L, a.D, a.lambda, a.stats.sigma2Max, a.stats.Sigma2Max, t),
});

/** [DERIVED here] η_t = 2/(λt) with no hint is projected OGD with that step: R_T ≤ Σ_t η_t G². */
export function oomdStronglyConvexBoundNoHint(G: number, lambda: number, T: number): number {
  return ((2 * G * G) / lambda) * (1 + Math.log(T));
}

export const oomdStronglyConvexNoHint = bound<SeaInstance>({
  ...oomdSc,
  label: "OOMD-sc derived bound (no hint) 2G²/λ·(1+ln T)",
  tex: "\\tfrac{2G^2}{\\lambda}(1+\\ln T)",
  at: (t, a) => oomdStronglyConvexBoundNoHint(a.G, a.lambda, t),
});

/**
 * [DERIVED here] η_t = 2/(λt), oracle hint M_t = ∇F_t(x_{t−1}): the smoothness terms 4L²/(λt)‖x_t − x_{t−1}‖²
 * cancel for t ≥ 2 + 6L/λ; the first round (x_1 ≠ x̂_1) costs at most λD²/4.
 */
export function oomdStronglyConvexBoundOracle(L: number, D: number, lambda: number, s2max: number, T: number): number {
  return (
    ((4 * s2max) / lambda) * (1 + Math.log(T)) +
    ((4 * L * L * D * D) / lambda) * (1 + Math.log(2 + (6 * L) / lambda)) +
    (lambda * D * D) / 4
  );
}

export const oomdStronglyConvexOracle = bound<SeaInstance>({
  ...oomdSc,
  label: "OOMD-sc derived bound (oracle hint) 4σ²max/λ(1+ln T) + 4L²D²/λ(1+ln(2+6L/λ)) + λD²/4",
  tex: "\\tfrac{4\\sigma^2_{\\max}}{\\lambda}(1+\\ln T)+\\tfrac{4L^2D^2}{\\lambda}\\big(1+\\ln(2+\\tfrac{6L}{\\lambda})\\big)+\\tfrac{\\lambda D^2}{4}",
  at: (t, a) => oomdStronglyConvexBoundOracle(a.L, a.D, a.lambda, a.stats.sigma2Max, t),
});

/** Sachs et al.'s tuning ν = LD² + DG of Theorem 5. */
export function sachsNu(D: number, G: number, L: number): number {
  return L * D * D + D * G;
}

/** [SRC] Sachs, Hadiji, van Erven & Guzmán (2022), Theorem 5 (OFTRL, convex, smooth, last-gradient hint). */
export function sachsOftrlBound(D: number, G: number, L: number, s2: number, S2: number, nu: number): number {
  const lead = 6 * D * Math.sqrt(s2) + 3 * Math.SQRT2 * D * Math.sqrt(S2) + 1.5 * Math.SQRT2 * D * G;
  return lead + nu + (4 * D * D * G * G + 9 * L * L * D ** 4) / nu;
}

export const sachsOftrl = bound<SeaInstance>({
  key: "oftrl-bound",
  label: "Sachs Thm 5: 6D√σ² + 3√2D√Σ² + (3√2/2)DG + ν + (4D²G²+9L²D⁴)/ν, ν = LD²+DG",
  tex: "6D\\sqrt{\\sigma^2_{1:T}}+3\\sqrt2D\\sqrt{\\Sigma^2_{1:T}}+\\tfrac{3\\sqrt2}{2}DG+\\nu+\\tfrac{4D^2G^2+9L^2D^4}{\\nu}",
  cite: "Sachs, Hadiji, van Erven & Guzmán (2022), Thm 5",
  kind: "upper",
  at: (t, a) => sachsOftrlBound(a.D, a.G, a.L, s2(a, t), S2(a, t), sachsNu(a.D, a.G, a.L)),
});

/**
 * [SRC] Sachs et al. (2022), Theorem 7 (OFTL, μ-strongly convex), sum form with Σ_{t≤T} 1/t = H_T;
 * `harmonicS2` = Σ_{t≤T} Σ_t²/t (including the first round, Σ_1² = sup‖∇F_1‖²).
 */
export function sachsOftlBound(
  mu: number,
  G: number,
  D: number,
  L: number,
  s2max: number,
  harmonicS2: number,
  T: number,
) {
  return (
    (8 * s2max * harmonic(T) + 4 * harmonicS2) / mu + ((4 * D * D * L * L) / mu) * Math.log(1 + (16 * L) / mu) + G * D
  );
}

export const sachsOftl = bound<SeaInstance>({
  key: "oftl-bound",
  label: "Sachs Thm 7: (1/μ)Σ(8σ²max+4Σt²)/t + 4D²L²/μ·log(1+16L/μ) + GD",
  tex: "\\tfrac1\\mu\\sum_{t\\le T}\\tfrac{8\\sigma^2_{\\max}+4\\Sigma_t^2}{t}+\\tfrac{4D^2L^2}{\\mu}\\log(1+\\tfrac{16L}{\\mu})+GD",
  cite: "Sachs, Hadiji, van Erven & Guzmán (2022), Thm 7",
  kind: "upper",
  at: (t, a) => sachsOftlBound(a.lambda, a.G, a.D, a.L, a.stats.sigma2Max, a.stats.harmonicSigma2[t - 1], t),
});

/** [SRC] OGD with η_t = D/(G√t) (Hazan 2016, Thm 3.1). */
export function ogdBound(G: number, D: number, T: number): number {
  return 1.5 * G * D * Math.sqrt(T);
}

export const ogd = bound<SeaInstance>({
  key: "ogd-bound",
  label: "OGD: 3/2·GD√T",
  tex: "\\tfrac32GD\\sqrt T",
  cite: "Hazan (2016), Thm 3.1",
  kind: "upper",
  exponent: 0.5,
  at: (t, a) => ogdBound(a.G, a.D, t),
});

/** [MEM] OGD with η_t = 1/(λt) on λ-strongly convex losses (Hazan 2016, Thm 3.3). */
export function ogdStronglyConvexBound(G: number, lambda: number, T: number): number {
  return ((G * G) / (2 * lambda)) * (1 + Math.log(T));
}

export const ogdStronglyConvex = bound<SeaInstance>({
  key: "ogd-sc-bound",
  label: "OGD: G²/(2λ)·(1 + ln T)",
  tex: "\\tfrac{G^2}{2\\lambda}(1+\\ln T)",
  cite: "Hazan (2016), Thm 3.3 (recalled)",
  kind: "upper",
  at: (t, a) => ogdStronglyConvexBound(a.G, a.lambda, t),
});

/**
 * [DERIVED, spec §1.4c] Fixed-step optimistic OGD (η ≤ 1/(4L)), last-gradient hint, against oblivious
 * comparators u_t with path length P_T: E Σ_t F_t(x_t) − F_t(u_t) ≤ this.
 */
export function dynamicBound(D: number, P: number, G: number, s2: number, S2: number, eta: number): number {
  return (D * D + 2 * D * P) / (2 * eta) + eta * (G * G + 8 * s2 + 4 * S2);
}

/** A ROT problem at one path length (x = P_T) and the fixed step η it is run with. */
export type DynamicInstance = { D: number; G: number; sigma2: number; Sigma2: number; eta: number };

export const dynamicRegret = bound<DynamicInstance>({
  key: "dynamic-bound",
  label: "derived bound (D²+2DP_T)/(2η) + η(G²+8σ²+4Σ²)",
  tex: "\\frac{D^2+2DP_T}{2\\eta}+\\eta\\,(G^2+8\\sigma^2_{1:T}+4\\Sigma^2_{1:T})",
  cite: `${derived}, dynamic regret)`,
  kind: "upper",
  at: (P, a) => dynamicBound(a.D, P, a.G, a.sigma2, a.Sigma2, a.eta),
});

/** The step of spec §1.3e, minimising the dynamic bound over η ≤ 1/(4L). */
export function dynamicStep(D: number, P: number, G: number, L: number, s2: number, S2: number): number {
  const tuned = Math.sqrt((D * D + 2 * D * P) / (2 * (G * G + 8 * s2 + 4 * S2)));
  return L > 0 ? Math.min(1 / (4 * L), tuned) : tuned;
}

/**
 * [DERIVED, spec §1.3a] Optimistic Hedge (negative entropy on the N-simplex, fixed η), path-wise with
 * A ≥ Σ_t‖g_t − M_t‖²_∞; η = √(2 ln N / A) (`hedgeStep`) makes it √(2 A ln N).
 */
export function hedgeBound(N: number, eta: number, A: number): number {
  return Math.log(N) / eta + 0.5 * eta * A;
}

export function hedgeStep(N: number, A: number): number {
  return Math.sqrt((2 * Math.log(N)) / Math.max(A, 1e-12));
}

/** Hedge on N experts with step η, and A(t) ≥ Σ_{s≤t}‖g_s − M_s‖²_∞ at index t − 1. */
export type HedgeInstance = { N: number; eta: number; A: Float64Array };

export const optimisticHedge = bound<HedgeInstance>({
  key: "hedge-opt-bound",
  label: "optimistic Hedge: ln N/η + η/2·Σ‖g−M‖∞²",
  tex: "\\frac{\\ln N}{\\eta}+\\frac{\\eta}{2}\\sum_t\\|g_t-M_t\\|_\\infty^2",
  cite: "derived (spec omd-sea §1.3a: optimistic OMD with negative entropy, Pinsker)",
  kind: "upper",
  at: (t, a) => hedgeBound(a.N, a.eta, a.A[t - 1]),
});

/** The same bound for plain Hedge (M_t = 0). */
export const hedge = bound<HedgeInstance>({
  ...optimisticHedge,
  key: "hedge-bound",
  label: "Hedge: ln N/η + η/2·Σ‖g‖∞²",
  tex: "\\frac{\\ln N}{\\eta}+\\frac{\\eta}{2}\\sum_t\\|g_t\\|_\\infty^2",
});

/** [ABS/RECON, shape only] Chen et al.'s exp-concave rate; their constant was not available, so never a bound. */
export function expConcaveShape(d: number, alpha: number, s2: number, S2: number): number {
  return (d / alpha) * Math.log(Math.E + s2 + S2);
}

export const expConcave = bound<SeaInstance>({
  key: "expc-shape",
  label: "exp-concave rate d/α·ln(e+σ²+Σ²), unknown constant (drawn with C = 1): shape only",
  tex: "C\\,\\tfrac{d}{\\alpha}\\ln(e+\\sigma^2_{1:T}+\\Sigma^2_{1:T}),\\ C=1",
  cite: "Chen et al. (2023), abstract (rate only; constant not available)",
  kind: "reference",
  at: (t, a) => expConcaveShape(a.d, 1 / (a.G * a.G), s2(a, t), S2(a, t)),
});

/** H_T = Σ_{t≤T} 1/t (exact up to 10⁴ terms, then ln T + γ + 1/(2T)). */
export function harmonic(T: number): number {
  if (T <= 10_000) {
    let h = 0;
    for (let t = T; t >= 1; t--) h += 1 / t;
    return h;
  }
  return Math.log(T) + 0.5772156649015329 + 1 / (2 * T) - 1 / (12 * T * T);
}
