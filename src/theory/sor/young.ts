/**
 * Young's theory for consistently ordered SPD matrices (Learning to Relax [P] Lemma 2.1 and App. E.1,
 * quoting Hackbusch 2016 Thm 4.27) and the closed forms for the shifted 5-point Laplacian A + cI on an
 * m × m interior grid (spec § 5.2). Everything here is a formula: no solves.
 */

/** Jacobi spectral radius β = ρ(I − D⁻¹A) of the 5-point Laplacian (diagonal 4, off-diagonal −1) plus cI. */
export function laplacianBeta(m: number, c = 0): number {
  return (4 * Math.cos(Math.PI / (m + 1))) / (4 + c);
}

/** λ_min and λ_max of the shifted 5-point Laplacian A + cI. */
export function laplacianEigenRange(m: number, c = 0): { min: number; max: number } {
  const q = 4 * Math.cos(Math.PI / (m + 1));
  return { min: 4 + c - q, max: 4 + c + q };
}

/** Young's optimal relaxation ω* = 2 / (1 + √(1 − β²)) (= 1 + (β / (1 + √(1 − β²)))², the paper's form). */
export function omegaStar(beta: number): number {
  return 2 / (1 + Math.sqrt(1 - beta * beta));
}

/**
 * ρ(C_ω) for 0 < ω < 2 (Young): ¼(ωβ + √(ω²β² − 4(ω − 1)))² below ω*, ω − 1 from ω* on.
 * C_ω = I − A(D/ω + L)⁻¹ is similar to the SOR iteration matrix, so this is the asymptotic rate.
 */
export function sorSpectralRadius(omega: number, beta: number): number {
  const disc = omega * omega * beta * beta - 4 * (omega - 1);
  if (omega >= omegaStar(beta) || disc <= 0) return Math.abs(omega - 1);
  const s = omega * beta + Math.sqrt(disc);
  return 0.25 * s * s;
}

/** The classical estimate log ε / log ρ(C_ω) of the iteration count (not an upper bound: C_ω is non-normal). */
export function asymptoticCount(omega: number, beta: number, eps: number): number {
  return Math.log(eps) / Math.log(sorSpectralRadius(omega, beta));
}

/**
 * The near-asymptotic surrogate U(ω) = 1 + (−log ε) / (−log(ρ + τ(1 − ρ))) ([P] § 2.2, Lemma 2.1):
 * under Assumption 2.1 with this τ, SOR(A, b, ω) < U(ω).
 */
export function surrogateU(omega: number, beta: number, eps: number, tau: number): number {
  const rho = sorSpectralRadius(omega, beta);
  return 1 + Math.log(eps) / Math.log(rho + tau * (1 - rho));
}

/** α = τ + (1 − τ) max{β², ω_max − 1}: the worst contraction in Lemma 2.1, so U(ω) ≤ 1 + log ε / log α. */
export function alphaOf(beta: number, tau: number, omegaMax: number): number {
  return tau + (1 - tau) * Math.max(beta * beta, omegaMax - 1);
}

/**
 * Lemma 2.1 (2): on ω ≥ ω*, U is (−(1−τ) log ε) / (α log² α)-Lipschitz (under τ ≥ e⁻² or
 * β² ≥ 4e⁻²(1 − e⁻²)); the constant L_t of Thm 2.1's discretisation term.
 */
export function surrogateLipschitz(beta: number, tau: number, omegaMax: number, eps: number): number {
  const a = alphaOf(beta, tau, omegaMax);
  return (-(1 - tau) * Math.log(eps)) / (a * Math.log(a) ** 2);
}

/**
 * The energy-norm bound ([P] App. D, Cor. D.1; code solvers/energy_norm.m, Hackbusch Cor. 3.45):
 * K_ω ≤ 1 + log(ε / (2√κ(A))) / log ν_ω with
 * ν_ω² = 1 − 2Ωγ / (Ω² + γ/ω + ρ(D⁻¹LD⁻¹Lᵀ) − ¼), Ω = (2 − ω)/(2ω), γ = 1 − ρ(D⁻¹(L + Lᵀ)).
 * `rhoLL` = ρ(D⁻¹LD⁻¹Lᵀ) depends on the ordering (see solver.ts `lowerNormSquared`).
 */
export function energyNormBound(omega: number, beta: number, rhoLL: number, kappa: number, eps: number): number {
  const Om = (2 - omega) / (2 * omega);
  const gamma = 1 - beta;
  const nu2 = 1 - (2 * Om * gamma) / (Om * Om + gamma / omega + rhoLL - 0.25);
  if (!(nu2 > 0 && nu2 < 1)) return Number.NaN;
  return 1 + Math.log(eps / (2 * Math.sqrt(kappa))) / Math.log(Math.sqrt(nu2));
}
