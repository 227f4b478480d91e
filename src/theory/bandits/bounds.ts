/**
 * The bounds the notebook draws, as pure functions with the spec's exact constants
 * (shared/specs/bandits.md § 1). `means` are arm means; gaps are taken against their maximum.
 */
import { klBern, klGauss } from "./kl";
import { gaps } from "./problems";

/** Auer, Cesa-Bianchi & Fischer (2002), Thm 1: 8 Σ_{Δ_i>0} ln t/Δ_i + (1 + π²/3) Σ_j Δ_j (rewards in [0, 1]). */
export function ucb1Bound(means: ArrayLike<number>, t: number): number {
  let s = 0;
  let all = 0;
  for (const d of gaps(means)) {
    all += d;
    if (d > 0) s += Math.log(t) / d;
  }
  return 8 * s + (1 + Math.PI ** 2 / 3) * all;
}

/** Lattimore & Szepesvári Thm 7.1 (UCB with δ = 1/n², 1-subgaussian): 3 Σ Δ_i + Σ_{Δ_i>0} 16 ln n/Δ_i. */
export function lsUcbBound(means: ArrayLike<number>, n: number): number {
  let s = 0;
  let all = 0;
  for (const d of gaps(means)) {
    all += d;
    if (d > 0) s += (16 * Math.log(n)) / d;
  }
  return 3 * all + s;
}

/**
 * The Lai–Robbins constant C(μ) = Σ_{Δ_i>0} Δ_i / KL(ν_i, ν*) (Lai & Robbins 1985; L&S § 16.1):
 * any consistent policy has liminf R_n / ln n ≥ C(μ). Bernoulli kl, or Gaussian (x−y)²/(2σ²).
 */
export function laiRobbinsConstant(
  means: ArrayLike<number>,
  model: "bernoulli" | "gaussian" = "bernoulli",
  sigma = 1,
): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < means.length; i++) best = Math.max(best, means[i]);
  let c = 0;
  for (let i = 0; i < means.length; i++) {
    const d = best - means[i];
    if (d > 0) c += d / (model === "gaussian" ? klGauss(means[i], best, sigma * sigma) : klBern(means[i], best));
  }
  return c;
}

/** Exp3 with fixed η = √(2 ln K/(nK)), at its tuning horizon n only: √(2nK ln K) (Bubeck & Cesa-Bianchi Thm 3.1). */
export function exp3FixedBound(n: number, K: number): number {
  return Math.sqrt(2 * n * K * Math.log(K));
}

/** Anytime Exp3, η_t = √(ln K/(tK)): 2√(nK ln K) for every n (Bubeck & Cesa-Bianchi Thm 3.1, eq. (3.3)). */
export function exp3AnytimeBound(n: number, K: number): number {
  return 2 * Math.sqrt(n * K * Math.log(K));
}

/** Original γ-mixing Exp3 (Auer et al. 2002b): 2√(e−1)·√(gK ln K) with g ≥ G_max (spec: [MEM]). */
export function exp3OriginalBound(g: number, K: number): number {
  return 2 * Math.sqrt(Math.E - 1) * Math.sqrt(g * K * Math.log(K));
}

/** Minimax lower bound √(nK)/20 for n ≥ K ≥ 2 (Bubeck & Cesa-Bianchi Thm 3.4); NaN where it does not apply. */
export function minimaxLowerBound(n: number, K: number): number {
  return n >= K && K >= 2 ? Math.sqrt(n * K) / 20 : Number.NaN;
}

/** Lattimore & Szepesvári Thm 15.2 (Gaussian arms): √((K−1)n)/27 for n ≥ K − 1. */
export function minimaxLowerBoundLS(n: number, K: number): number {
  return n >= K - 1 ? Math.sqrt((K - 1) * n) / 27 : Number.NaN;
}

/** √(K t ln t): the order of Thompson sampling's problem-independent bound (Agrawal & Goyal 2013), constant 1. */
export function tsOrderCurve(t: number, K: number): number {
  return Math.sqrt(K * t * Math.log(Math.max(t, 1)));
}

/** Weighted tallying bandits (reconstruction): c₁√(KT ln(KT)) + (m + M)K, c₁ fitted. */
export function tallyingCurve(c1: number, K: number, T: number, m: number, M: number): number {
  return c1 * Math.sqrt(K * T * Math.log(K * T)) + (m + M) * K;
}
