/**
 * Kullback–Leibler divergences of one-parameter reward families, and the KL-UCB index that inverts
 * them. Clipping follows SMPyBandits' Policies/kullback.py (eps = 1e-15), so kl(0, q) stays finite.
 */

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
