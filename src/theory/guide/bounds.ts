/**
 * Textbook bounds for gradient descent with step η on an L-smooth, μ-strongly convex f, started at
 * distance R = ‖x_0 − x*‖ (Nesterov, Lectures on Convex Optimization, 2018, Thm 2.1.14 and 2.1.15).
 * Each is written once, as a `bound`: formula, TeX, label and citation side by side.
 */
import { bound } from "../kit/bound";

/** The instance a bound is evaluated for. */
export interface GdInstance {
  eta: number;
  mu: number;
  L: number;
  R: number;
}

/** f(x_k) − f* ≤ ‖x_0 − x*‖² / (2ηk), for 0 < η ≤ 1/L (convex case; Nesterov Thm 2.1.14 form). */
export function sublinearBound(k: number, eta: number, R: number): number {
  return (R * R) / (2 * eta * k);
}

/**
 * f(x_k) − f* ≤ (1 − ημ)^k · (L/2) R², for 0 < η ≤ 1/L: ‖x_k − x*‖ contracts by (1 − ημ) per step
 * at least (squared distance by (1−ημ)² ≤ 1−ημ), and f − f* ≤ (L/2)‖x − x*‖². At η = 1/L this is
 * the (1 − μ/L)^k rate.
 */
export function linearBound(k: number, eta: number, mu: number, L: number, R: number): number {
  return (1 - eta * mu) ** k * 0.5 * L * R * R;
}

/**
 * Exact worst-case contraction factor of GD on a quadratic with spectrum in [μ, L]: the distance to
 * x* shrinks by q = max(|1 − ημ|, |1 − ηL|) per step, so f − f* ≤ q^{2k} (L/2) R² for every η.
 * q < 1 exactly when 0 < η < 2/L; otherwise GD diverges on the top eigenvector.
 */
export function contractionFactor(eta: number, mu: number, L: number): number {
  return Math.max(Math.abs(1 - eta * mu), Math.abs(1 - eta * L));
}

export const linear = bound<GdInstance>({
  key: "linear",
  label: "(1 − ημ)^k · L/2 · R²",
  tex: "(1-\\eta\\mu)^k\\,\\tfrac{L}{2}\\|x_0-x^\\star\\|^2",
  cite: "Nesterov (2018), Thm 2.1.15",
  kind: "upper",
  at: (k, g) => linearBound(k, g.eta, g.mu, g.L, g.R),
});

export const sublinear = bound<GdInstance>({
  key: "sublinear",
  label: "R² / (2ηk)",
  tex: "\\frac{\\|x_0-x^\\star\\|^2}{2\\eta k}",
  cite: "Nesterov (2018), Thm 2.1.14",
  kind: "upper",
  exponent: -1,
  at: (k, g) => sublinearBound(k, g.eta, g.R),
});

export const contraction = bound<GdInstance>({
  key: "contraction",
  label: "q^{2k} · L/2 · R², q = max|1 − ηλ|",
  tex: "q^{2k}\\,\\tfrac{L}{2}\\|x_0-x^\\star\\|^2,\\ q=\\max(|1-\\eta\\mu|,|1-\\eta L|)",
  cite: "spectral argument for quadratics",
  kind: "upper",
  at: (k, g) => contractionFactor(g.eta, g.mu, g.L) ** (2 * k) * 0.5 * g.L * g.R * g.R,
});
