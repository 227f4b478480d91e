/**
 * Young's theory for consistently ordered SPD matrices (Learning to Relax [P] Lemma 2.1 and App. E.1,
 * quoting Hackbusch 2016 Thm 4.27) and the closed forms for the shifted 5-point Laplacian A + cI on an
 * m × m interior grid (spec § 5.2). Everything here is a formula (no solves), and each curve a plot
 * draws is a `bound` beside its formula.
 */
import { bound } from "../kit/bound";
import { PAPER } from "./options";

/** What cost-vs-ω's curves are evaluated for: β, ε, τ, ρ(D⁻¹LD⁻¹Lᵀ) of the ordering and κ(A). */
export interface SorInstance {
  beta: number;
  eps: number;
  tau: number;
  rhoLL: number;
  kappa: number;
}

/** Jacobi spectral radius β = ρ(I − D⁻¹A) of the 5-point Laplacian (diagonal 4, off-diagonal −1) plus cI. */
export function laplacianBeta(m: number, c = 0): number {
  return (4 * Math.cos(Math.PI / (m + 1))) / (4 + c);
}

/**
 * λ_min of the unshifted 5-point Laplacian 4I − adjacency on the m × m interior grid (no 1/h² factor,
 * the scaling of solver.ts): its eigenvalues are 4sin²(jπ/(2(m+1))) + 4sin²(kπ/(2(m+1))), j, k = 1..m,
 * so λ_min = 8sin²(π/(2(m+1))) = 4 − 4cos(π/(m+1)) (0.16203 at m = 10; twice the 1-D value). A + cI is
 * positive definite iff c > −λ_min. The sine form has no cancellation at large m.
 */
export function laplacianLambdaMin(m: number): number {
  const s = Math.sin(Math.PI / (2 * (m + 1)));
  return 8 * s * s;
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

export const youngRho = bound<number>({
  key: "young",
  label: "Young: ρ(C_ω)",
  tex: "\\rho(C_\\omega)=\\begin{cases}\\tfrac14(\\omega\\beta+\\sqrt{\\omega^2\\beta^2-4(\\omega-1)})^2&\\omega<\\omega^\\ast\\\\ \\omega-1&\\omega\\ge\\omega^\\ast\\end{cases}",
  cite: `${PAPER}, App. E.1 (Hackbusch Thm 4.27)`,
  kind: "asymptotic",
  at: sorSpectralRadius,
});

/** Young's ω* as a vertical line (drawn with `curveOf` at x = ω*, to the plot's height). */
export const omegaStarLine = bound<SorInstance>({
  key: "omega-star",
  label: (a) => `Young's ω* = ${omegaStar(a.beta).toFixed(4)}`,
  tex: "\\omega^\\ast=\\frac{2}{1+\\sqrt{1-\\beta^2}}",
  cite: `${PAPER}, § 2.2 (Young 1950)`,
  kind: "reference",
  at: () => Number.NaN,
});

/** The classical estimate log ε / log ρ(C_ω) of the iteration count (not an upper bound: C_ω is non-normal). */
export function asymptoticCount(omega: number, beta: number, eps: number): number {
  return Math.log(eps) / Math.log(sorSpectralRadius(omega, beta));
}

export const asymptotic = bound<SorInstance>({
  key: "asymptotic",
  label: "asymptotic log ε / log ρ(C_ω)",
  tex: "\\frac{\\log\\varepsilon}{\\log\\rho(C_\\omega)}",
  cite: `${PAPER}, § 2.2 (Young's ρ, Lemma 2.1 proof)`,
  kind: "asymptotic",
  at: (w, a) => asymptoticCount(w, a.beta, a.eps),
});

/**
 * The near-asymptotic surrogate U(ω) = 1 + (−log ε) / (−log(ρ + τ(1 − ρ))) ([P] § 2.2, Lemma 2.1):
 * under Assumption 2.1 with this τ, SOR(A, b, ω) < U(ω).
 */
export function surrogateU(omega: number, beta: number, eps: number, tau: number): number {
  const rho = sorSpectralRadius(omega, beta);
  return 1 + Math.log(eps) / Math.log(rho + tau * (1 - rho));
}

export const surrogate = bound<SorInstance>({
  key: "surrogate",
  label: (a) => `near-asymptotic U(ω), τ = ${a.tau}`,
  tex: "U(\\omega)=1+\\frac{-\\log\\varepsilon}{-\\log(\\rho(C_\\omega)+\\tau(1-\\rho(C_\\omega)))}",
  cite: `${PAPER}, Lemma 2.1 (under Assumption 2.1)`,
  kind: "upper",
  at: (w, a) => surrogateU(w, a.beta, a.eps, a.tau),
});

/** α = τ + (1 − τ) max{β², ω_max − 1}: the worst contraction in Lemma 2.1, so U(ω) ≤ 1 + log ε / log α. */
export function alphaOf(beta: number, tau: number, omegaMax: number): number {
  return tau + (1 - tau) * Math.max(beta * beta, omegaMax - 1);
}

/**
 * The energy-norm bound ([P] App. D, Cor. D.1, from Hackbusch 2016, Cor. 3.45):
 * K_ω ≤ 1 + log(ε / (2√κ(A))) / log ν_ω, where ‖C_ω‖²_A ≤ ν_ω² = 1 − 2Ω / (Ω²/γ + Ω + Γ/4),
 * Ω = (2 − ω)/(2ω), γ = 1 − β ≤ λ_min(D⁻¹A) (β = ρ(D⁻¹(L + Lᵀ))) and Γ/4 bounding
 * (D/2 − L)D⁻¹(D/2 − Lᵀ) = A/2 + (r − ¼)D + … by a multiple of A, r = ρ(D⁻¹LD⁻¹Lᵀ) (`rhoLL`, which
 * depends on the ordering: solver.ts `lowerPartRho`). That needs D ≤ A/γ when r ≥ ¼ but D ≥ A/(1 + β)
 * when r < ¼: Γ/4 = ½ + (r − ¼)/γ or ½ + (r − ¼)/(1 + β).
 *
 * The authors' `solvers/energy_norm.m` uses the r ≥ ¼ form always. For the 5-point Laplacian in natural
 * order r < ¼, and there its ν is below the true ‖C_ω‖_A (m = 10, ω = 1.9: 0.9305 against 0.9484), so
 * its count can be crossed (c = 0.3, ω = 1.98); this one holds (test/theory/sor/young.test.ts). Where
 * r ≥ ¼ (red-black order: r = β²) the two are the same.
 */
export function energyNormBound(omega: number, beta: number, rhoLL: number, kappa: number, eps: number): number {
  const Om = (2 - omega) / (2 * omega);
  const gamma = 1 - beta;
  const gamma4 = 0.5 + (rhoLL - 0.25) / (rhoLL >= 0.25 ? gamma : 1 + beta);
  const nu2 = 1 - (2 * Om) / ((Om * Om) / gamma + Om + gamma4);
  if (!(gamma > 0 && nu2 > 0 && nu2 < 1)) return Number.NaN;
  return 1 + Math.log(eps / (2 * Math.sqrt(kappa))) / Math.log(Math.sqrt(nu2));
}

export const energy = bound<SorInstance>({
  key: "energy",
  label: "energy-norm bound",
  tex: "1+\\frac{\\log(\\varepsilon/2\\sqrt{\\kappa(A)})}{\\log\\nu_\\omega(A)}",
  cite: `${PAPER}, Cor. D.1 (Hackbusch Cor. 3.45; Γ corrected for ρ(D⁻¹LD⁻¹Lᵀ) < ¼)`,
  kind: "upper",
  at: (w, a) => energyNormBound(w, a.beta, a.rhoLL, a.kappa, a.eps),
});
