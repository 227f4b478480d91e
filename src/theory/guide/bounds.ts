/**
 * Textbook bounds for gradient descent with step η on an L-smooth, μ-strongly convex f, started at
 * distance R = ‖x_0 − x*‖ (Nesterov, Lectures on Convex Optimization, 2018, Thm 2.1.14 and 2.1.15).
 */

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
