/**
 * Regret bounds with explicit constants (spec omd-sea.md §1.4, §1.9). Provenance in each comment:
 *   [SRC]      stated in a source (Sachs et al. 2022 Thms 5, 7; Hazan 2016 Thm 3.1)
 *   [MEM]      textbook, recalled (Hazan Thm 3.3)
 *   [DERIVED]  derived in the spec with the standard optimistic-OMD argument (not Chen et al.'s constants)
 *   [DERIVED here] the same argument redone in this module for hints the spec does not cover
 * σ2 = σ²_{1:T}, S2 = Σ²_{1:T}; σ2max = max_t σ_t², S2max = max_{t≥2} Σ_t².
 */

/**
 * [DERIVED, spec §1.4c] Optimistic OMD, Chen's step η_t = D/√(δ+4G²+V̄_{t−1}), last-gradient hint:
 *   E R_T ≤ 5D/2 · √(δ + 5G² + 8σ²_{1:T} + 4Σ²_{1:T}) + 25 D³L² / √(δ + 4G²).
 */
export function oomdConvexBound(
  D: number,
  G: number,
  L: number,
  delta: number,
  sigma2: number,
  Sigma2: number,
): number {
  return (
    2.5 * D * Math.sqrt(delta + 5 * G * G + 8 * sigma2 + 4 * Sigma2) +
    (25 * D ** 3 * L * L) / Math.sqrt(delta + 4 * G * G)
  );
}

/**
 * [DERIVED here] Chen's step with no hint (M_t = 0): the path-wise bound 5D/2 · √(δ + 4G² + Σ_t‖g_t − M_t‖²)
 * behind §1.4c with ‖g_t‖² ≤ G²:  R_T ≤ 5D/2 · √(δ + 4G² + G²T).
 */
export function oomdConvexBoundNoHint(D: number, G: number, delta: number, T: number): number {
  return 2.5 * D * Math.sqrt(delta + 4 * G * G + G * G * T);
}

/**
 * [DERIVED here] Chen's step with the oracle hint M_t = ∇F_t(x_{t−1}) (x_0 = x̂_1): ‖g_t − M_t‖² ≤
 * 2‖g_t − ∇F_t(x_t)‖² + 2L²‖x_t − x_{t−1}‖², and the same cancellation as §1.4c gives
 *   E R_T ≤ 5D/2 · √(δ + 4G² + 2σ²_{1:T}) + 25 D³L² / (2√(δ + 4G²)).
 */
export function oomdConvexBoundOracle(D: number, G: number, L: number, delta: number, sigma2: number): number {
  return 2.5 * D * Math.sqrt(delta + 4 * G * G + 2 * sigma2) + (12.5 * D ** 3 * L * L) / Math.sqrt(delta + 4 * G * G);
}

/**
 * [DERIVED, spec §1.4c; the step size is RECON] η_t = 2/(λt), M_1 = 0, last-gradient hint:
 *   E R_T ≤ 2G²/λ + 8/λ (2σ²_max + Σ²_max) ln T + 8L²D²/λ · ln(3 + 8L/λ).
 */
export function oomdStronglyConvexBound(
  G: number,
  L: number,
  D: number,
  lambda: number,
  sigma2Max: number,
  Sigma2Max: number,
  T: number,
): number {
  return (
    (2 * G * G) / lambda +
    (8 / lambda) * (2 * sigma2Max + Sigma2Max) * Math.log(T) +
    ((8 * L * L * D * D) / lambda) * Math.log(3 + (8 * L) / lambda)
  );
}

/** [DERIVED here] η_t = 2/(λt) with no hint is projected OGD with that step: R_T ≤ Σ_t η_t G² ≤ 2G²/λ (1 + ln T). */
export function oomdStronglyConvexBoundNoHint(G: number, lambda: number, T: number): number {
  return ((2 * G * G) / lambda) * (1 + Math.log(T));
}

/**
 * [DERIVED here] η_t = 2/(λt), oracle hint M_t = ∇F_t(x_{t−1}): the smoothness terms 4L²/(λt)‖x_t − x_{t−1}‖²
 * cancel for t ≥ 2 + 6L/λ; the first round (x_1 ≠ x̂_1) costs at most λD²/4:
 *   E R_T ≤ 4σ²_max/λ (1 + ln T) + 4L²D²/λ (1 + ln(2 + 6L/λ)) + λD²/4.
 */
export function oomdStronglyConvexBoundOracle(
  L: number,
  D: number,
  lambda: number,
  sigma2Max: number,
  T: number,
): number {
  return (
    ((4 * sigma2Max) / lambda) * (1 + Math.log(T)) +
    ((4 * L * L * D * D) / lambda) * (1 + Math.log(2 + (6 * L) / lambda)) +
    (lambda * D * D) / 4
  );
}

/** Sachs et al.'s tuning ν = LD² + DG of Theorem 5. */
export function sachsNu(D: number, G: number, L: number): number {
  return L * D * D + D * G;
}

/**
 * [SRC] Sachs, Hadiji, van Erven & Guzmán (2022), Theorem 5 (OFTRL, convex, smooth, last-gradient hint):
 *   E R_T ≤ 6D√σ²_{1:T} + 3√2 D √Σ²_{1:T} + (3√2/2) DG + ν + (4D²G² + 9L²D⁴)/ν.
 */
export function sachsOftrlBound(D: number, G: number, L: number, sigma2: number, Sigma2: number, nu: number): number {
  return (
    6 * D * Math.sqrt(sigma2) +
    3 * Math.SQRT2 * D * Math.sqrt(Sigma2) +
    1.5 * Math.SQRT2 * D * G +
    nu +
    (4 * D * D * G * G + 9 * L * L * D ** 4) / nu
  );
}

/**
 * [SRC] Sachs et al. (2022), Theorem 7 (OFTL, μ-strongly convex), sum form with Σ_{t≤T} 1/t = H_T:
 *   E R_T ≤ (1/μ) Σ_t (8σ²_max + 4Σ_t²)/t + 4D²L²/μ · log(1 + 16L/μ) + GD,
 * `harmonicSigma2` = Σ_{t≤T} Σ_t²/t (including the first round, Σ_1² = sup‖∇F_1‖²).
 */
export function sachsOftlBound(
  mu: number,
  G: number,
  D: number,
  L: number,
  sigma2Max: number,
  harmonicSigma2: number,
  T: number,
): number {
  return (
    (8 * sigma2Max * harmonic(T) + 4 * harmonicSigma2) / mu +
    ((4 * D * D * L * L) / mu) * Math.log(1 + (16 * L) / mu) +
    G * D
  );
}

/** [SRC] OGD with η_t = D/(G√t): R_T ≤ 3/2 · GD√T (Hazan 2016, Thm 3.1). */
export function ogdBound(G: number, D: number, T: number): number {
  return 1.5 * G * D * Math.sqrt(T);
}

/** [MEM] OGD with η_t = 1/(λt) on λ-strongly convex losses: R_T ≤ G²/(2λ) (1 + ln T) (Hazan 2016, Thm 3.3). */
export function ogdStronglyConvexBound(G: number, lambda: number, T: number): number {
  return ((G * G) / (2 * lambda)) * (1 + Math.log(T));
}

/**
 * [DERIVED, spec §1.4c] Fixed-step optimistic OGD (η ≤ 1/(4L)), last-gradient hint, oblivious comparators
 * with path length P_T:  E Σ_t F_t(x_t) − F_t(u_t) ≤ (D² + 2DP_T)/(2η) + η (G² + 8σ²_{1:T} + 4Σ²_{1:T}).
 */
export function dynamicBound(D: number, P: number, G: number, sigma2: number, Sigma2: number, eta: number): number {
  return (D * D + 2 * D * P) / (2 * eta) + eta * (G * G + 8 * sigma2 + 4 * Sigma2);
}

/** The step of spec §1.3e: η = min{1/(4L), √((D² + 2DP_T) / (2(G² + 8σ² + 4Σ²)))}. */
export function dynamicStep(D: number, P: number, G: number, L: number, sigma2: number, Sigma2: number): number {
  const tuned = Math.sqrt((D * D + 2 * D * P) / (2 * (G * G + 8 * sigma2 + 4 * Sigma2)));
  return L > 0 ? Math.min(1 / (4 * L), tuned) : tuned;
}

/**
 * [DERIVED, spec §1.3a] Optimistic Hedge (negative entropy on the N-simplex, fixed η), path-wise:
 *   R_T ≤ ln N / η + η/2 · Σ_t ‖g_t − M_t‖²_∞;  with A ≥ Σ_t‖g_t − M_t‖²_∞ and η = √(2 ln N / A): √(2 A ln N).
 */
export function hedgeBound(N: number, eta: number, A: number): number {
  return Math.log(N) / eta + 0.5 * eta * A;
}

export function hedgeStep(N: number, A: number): number {
  return Math.sqrt((2 * Math.log(N)) / Math.max(A, 1e-12));
}

/**
 * [ABS/RECON, shape only] Chen et al.'s exp-concave rate d/α · ln(e + σ²_{1:T} + Σ²_{1:T}) up to an unknown
 * constant (the paper's constant was not available): plotted with a fitted constant, never as a bound.
 */
export function expConcaveShape(d: number, alpha: number, sigma2: number, Sigma2: number): number {
  return (d / alpha) * Math.log(Math.E + sigma2 + Sigma2);
}

/** H_T = Σ_{t≤T} 1/t (exact up to 10⁴ terms, then ln T + γ + 1/(2T)). */
export function harmonic(T: number): number {
  if (T <= 10_000) {
    let h = 0;
    for (let t = T; t >= 1; t--) h += 1 / t;
    return h;
  }
  return Math.log(T) + 0.5772156649015329 + 1 / (2 * T) - 1 / (12 * T * T);
}
