/**
 * The bounds the notebook draws: pure functions with the spec's exact constants
 * (shared/specs/bandits.md § 1), each followed by its `bound` object (TeX, label, citation, kind).
 * `means` are arm means; gaps are taken against their maximum.
 */
import { bound } from "../kit/bound";
import { gaps, type RewardModel } from "./problems";

// Kullback–Leibler divergences of one-parameter reward families, and the KL-UCB index that inverts
// them. Clipping follows SMPyBandits' Policies/kullback.py (eps = 1e-15), so kl(0, q) stays finite.
const EPS = 1e-15;

/** Bernoulli kl(p, q) = p ln(p/q) + (1−p) ln((1−p)/(1−q)), arguments clipped to [eps, 1−eps]. */
export function klBern(p: number, q: number): number {
  const x = Math.min(Math.max(p, EPS), 1 - EPS);
  const y = Math.min(Math.max(q, EPS), 1 - EPS);
  return x * Math.log(x / y) + (1 - x) * Math.log((1 - x) / (1 - y));
}

/** Gaussian with known variance σ²: KL(N(x,σ²) ‖ N(y,σ²)) = (x − y)² / (2σ²). */
export function klGauss(x: number, y: number, sigma2: number): number {
  return ((x - y) * (x - y)) / (2 * sigma2);
}

/**
 * The Bernoulli KL-UCB index: the largest q ∈ [p̂, 1] with kl(p̂, q) ≤ level (level = ln t / n),
 * by bisection. 20 halvings give q to within 1e-6, far below the statistical noise of the index.
 */
export function klUcbBern(pHat: number, level: number): number {
  let lo = pHat;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = 0.5 * (lo + hi);
    if (klBern(pHat, mid) > level) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** The instance a regret bound is drawn for. */
export interface Arms {
  means: Float64Array;
  model: RewardModel;
  sigma: number;
  /** One curve across a sweep of instances: labels then name no single instance's constant. */
  swept?: boolean;
}

const EXP3 = "Bubeck & Cesa-Bianchi (2012), Thm 3.1";
const TALLYING =
  "Malik, Igoe, Li & Singh (ICML 2023), abstract: CPR Õ(√(KT) + (m+M)K) — curve shape reconstructed, c₁ fitted";

/** [Σ_{Δᵢ>0} term(Δᵢ), Σ Δᵢ] over the gaps of `means`. */
function gapSums(means: ArrayLike<number>, term: (gap: number) => number): [number, number] {
  let s = 0;
  let all = 0;
  for (const d of gaps(means)) {
    all += d;
    if (d > 0) s += term(d);
  }
  return [s, all];
}

/** Auer, Cesa-Bianchi & Fischer (2002), Thm 1: 8 Σ_{Δ_i>0} ln t/Δ_i + (1 + π²/3) Σ_j Δ_j (rewards in [0, 1]). */
export function ucb1Bound(means: ArrayLike<number>, t: number): number {
  const [s, all] = gapSums(means, (d) => Math.log(t) / d);
  return 8 * s + (1 + Math.PI ** 2 / 3) * all;
}

export const ucb1 = bound<Arms>({
  key: "ucb1",
  label: (a) => (a.model === "gaussian" ? "UCB1 bound (rescaled by 2σ)" : "UCB1 bound 8 Σ ln t/Δᵢ + (1+π²/3) Σ Δⱼ"),
  tex: "8\\sum_{i:\\Delta_i>0}\\frac{\\ln t}{\\Delta_i}+\\Big(1+\\frac{\\pi^2}{3}\\Big)\\sum_j\\Delta_j",
  cite: "Auer, Cesa-Bianchi & Fischer (2002), Thm 1",
  kind: "upper",
  // [0,1] rewards are ½-subgaussian; σ-Gaussian rewards rescaled by 1/(2σ) are too (the proof only uses Hoeffding's tail).
  at(t, a) {
    const s = a.model === "gaussian" ? 2 * a.sigma : 1;
    const scaled = a.means.map((m) => m / s);
    return s * ucb1Bound(scaled, t);
  },
});

/** Lattimore & Szepesvári Thm 7.1 (UCB with δ = 1/n², 1-subgaussian): 3 Σ Δ_i + Σ_{Δ_i>0} 16 ln n/Δ_i. */
export function lsUcbBound(means: ArrayLike<number>, n: number): number {
  const [s, all] = gapSums(means, (d) => (16 * Math.log(n)) / d);
  return 3 * all + s;
}

export const ls71 = bound<Arms>({
  key: "ls71",
  label: "L&S Thm 7.1: 3 Σ Δᵢ + 16 Σ ln t/Δᵢ (UCB with δ = 1/t², reference)",
  tex: "3\\sum_i\\Delta_i+\\sum_{i:\\Delta_i>0}\\frac{16\\ln t}{\\Delta_i}",
  cite: "Lattimore & Szepesvári (2020), Thm 7.1",
  kind: "reference",
  at: (t, a) => lsUcbBound(a.means, t),
});

/**
 * The Lai–Robbins constant C(μ) = Σ_{Δ_i>0} Δ_i / KL(ν_i, ν*) (Lai & Robbins 1985; L&S § 16.1):
 * any consistent policy has liminf R_n / ln n ≥ C(μ). Bernoulli kl, or Gaussian (x−y)²/(2σ²).
 */
export function laiRobbinsConstant(
  means: ArrayLike<number>,
  model: "bernoulli" | "gaussian" = "bernoulli",
  sigma = 1,
): number {
  const best = Math.max(...Array.from(means));
  let c = 0;
  for (let i = 0; i < means.length; i++) {
    const d = best - means[i];
    if (d > 0) c += d / (model === "gaussian" ? klGauss(means[i], best, sigma * sigma) : klBern(means[i], best));
  }
  return c;
}

const lai = (a: Arms) => laiRobbinsConstant(a.means, a.model, a.sigma);
export const laiRobbins = bound<Arms>({
  key: "lai-robbins",
  label: (a) =>
    a.swept
      ? "Lai–Robbins C(μ) ln t (asymptotic: rate matched by TS and KL-UCB)"
      : `Lai–Robbins C(μ) ln t, C(μ) = ${lai(a).toFixed(4)} (asymptotic: rate matched by TS and KL-UCB)`,
  tex: "\\sum_{i:\\Delta_i>0}\\frac{\\Delta_i}{\\mathrm{kl}(\\mu_i,\\mu^\\star)}\\,\\ln t",
  cite: "Lai & Robbins (1985); Lattimore & Szepesvári (2020), §16.1",
  kind: "asymptotic",
  at: (t, a) => lai(a) * Math.log(t),
});

/** Exp3 with fixed η = √(2 ln K/(nK)), at its tuning horizon n only: √(2nK ln K) (Bubeck & Cesa-Bianchi Thm 3.1). */
export const exp3FixedBound = (n: number, K: number): number => Math.sqrt(2 * n * K * Math.log(K));

export const exp3Fixed = bound<Arms>({
  key: "exp3-fixed",
  label: "Exp3 (fixed η) √(2TK ln K), at its tuning horizon T only",
  tex: "\\sqrt{2TK\\ln K}\\ \\text{at } t=T",
  cite: `${EXP3}, eq. (3.2)`,
  kind: "upper",
  at: (T, a) => exp3FixedBound(T, a.means.length),
});

/** Anytime Exp3, η_t = √(ln K/(tK)): 2√(nK ln K) for every n (Bubeck & Cesa-Bianchi Thm 3.1, eq. (3.3)). */
export const exp3AnytimeBound = (n: number, K: number): number => 2 * Math.sqrt(n * K * Math.log(K));

export const exp3Anytime = bound<Arms>({
  key: "exp3",
  label: "Exp3 (anytime) 2√(tK ln K)",
  tex: "2\\sqrt{tK\\ln K}",
  cite: `${EXP3}, eq. (3.3)`,
  kind: "upper",
  at: (t, a) => exp3AnytimeBound(t, a.means.length),
});

/** Original γ-mixing Exp3 (Auer et al. 2002b): 2√(e−1)·√(gK ln K) with g ≥ G_max (spec: [MEM]). */
export const exp3OriginalBound = (g: number, K: number): number =>
  2 * Math.sqrt(Math.E - 1) * Math.sqrt(g * K * Math.log(K));

/** Minimax lower bound √(nK)/20 for n ≥ K ≥ 2 (Bubeck & Cesa-Bianchi Thm 3.4); NaN where it does not apply. */
export const minimaxLowerBound = (n: number, K: number): number =>
  n >= K && K >= 2 ? Math.sqrt(n * K) / 20 : Number.NaN;

export const minimax = bound<Arms>({
  key: "minimax",
  label: "minimax lower bound √(tK)/20: no algorithm can beat this on its worst instance",
  tex: "\\tfrac{1}{20}\\sqrt{tK}",
  cite: "Bubeck & Cesa-Bianchi (2012), Thm 3.4 (for t ≥ K; not a bound for this instance)",
  kind: "lower",
  at: (t, a) => minimaxLowerBound(t, a.means.length),
});

/** Lattimore & Szepesvári Thm 15.2 (Gaussian arms): √((K−1)n)/27 for n ≥ K − 1. */
export const minimaxLowerBoundLS = (n: number, K: number): number =>
  n >= K - 1 ? Math.sqrt((K - 1) * n) / 27 : Number.NaN;

/** √(K t ln t): the order of Thompson sampling's problem-independent bound (Agrawal & Goyal 2013), constant 1. */
export const tsOrderCurve = (t: number, K: number): number => Math.sqrt(K * t * Math.log(Math.max(t, 1)));

export const tsOrder = bound<Arms>({
  key: "ts-order",
  label: "√(K t ln t) (order of TS's bound only; constant 1)",
  tex: "\\sqrt{K\\,t\\ln t}",
  cite: "Agrawal & Goyal (2013), problem-independent bound (order only)",
  kind: "reference",
  at: (t, a) => tsOrderCurve(t, a.means.length),
});

/** Weighted tallying bandits (reconstruction): c₁√(KT ln(KT)) + (m + M)K, c₁ fitted. */
export const tallyingCurve = (c1: number, K: number, T: number, m: number, M: number): number =>
  c1 * Math.sqrt(K * T * Math.log(K * T)) + (m + M) * K;

/** A tallying instance with its fitted c₁ (fitted on `calibration` runs at memory bound M). */
export interface TallyingFit {
  c1: number;
  K: number;
  m: number;
  M: number;
  T: number;
  calibration: number;
}

export const tallyingFitVsT = bound<TallyingFit>({
  key: "fitted",
  label: (f) =>
    `fitted c₁√(Kt ln Kt) + (m+M)K, c₁ = ${f.c1.toFixed(3)} (fitted on ${f.calibration} calibration runs; reconstruction)`,
  tex: "c_1\\sqrt{Kt\\ln(Kt)}+(m+M)K,\\ c_1\\ \\text{fitted}",
  cite: TALLYING,
  kind: "reference",
  exponent: 0.5,
  at: (t, f) => tallyingCurve(f.c1, f.K, t, f.m, f.M),
});

export const tallyingFitVsM = bound<TallyingFit>({
  key: "fitted",
  label: (f) => `fitted c₁√(KT ln KT) + (m+M)K, c₁ = ${f.c1.toFixed(3)} (fitted at M = ${f.M}; reconstruction)`,
  tex: "c_1\\sqrt{KT\\ln(KT)}+(m+M)K",
  cite: TALLYING,
  kind: "reference",
  at: (M, f) => tallyingCurve(f.c1, f.K, f.T, f.m, M),
});

export const tallyingOffset = bound<TallyingFit>({
  key: "offset",
  label: "(m+M)K: the additive exploration cost",
  tex: "(m+M)K",
  cite: TALLYING,
  kind: "reference",
  at: (_t, f) => (f.m + f.M) * f.K,
});
