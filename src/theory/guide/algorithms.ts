/**
 * Gradient descent on a diagonal quadratic f(x) = ½ Σ λ_i x_i² (minimizer 0, f* = 0): the worked
 * example of notebooks/guide.md. Diagonal loses no generality for GD on quadratics (rotate the basis).
 */

/** Eigenvalues log-spaced from μ to L (both included). */
export function spectrum(d: number, mu: number, L: number): Float64Array {
  const lam = new Float64Array(d);
  for (let i = 0; i < d; i++) lam[i] = d === 1 ? L : mu * (L / mu) ** (i / (d - 1));
  return lam;
}

export function quadraticValue(lam: Float64Array, x: Float64Array): number {
  let f = 0;
  for (let i = 0; i < lam.length; i++) f += 0.5 * lam[i] * x[i] * x[i];
  return f;
}

/**
 * Runs K steps of x ← x − η ∇f(x) in place from x, recording f(x_k) − f* at the checkpoints.
 * Returns the first checkpoint index at which f blew up (non-finite or > 1e100 · f(x_0)), or -1.
 * Entries after a blow-up are NaN: the plot stops there and says so.
 */
export function gradientDescent(
  lam: Float64Array,
  x: Float64Array,
  eta: number,
  checkpoints: Int32Array,
  out: Float64Array,
  outOffset = 0,
): number {
  const f0 = quadraticValue(lam, x);
  const d = lam.length;
  let k = 0;
  for (let c = 0; c < checkpoints.length; c++) {
    for (const target = checkpoints[c]; k < target; k++) {
      for (let i = 0; i < d; i++) x[i] -= eta * lam[i] * x[i];
    }
    const f = quadraticValue(lam, x);
    if (!Number.isFinite(f) || f > 1e100 * f0) {
      out.fill(Number.NaN, outOffset + c, outOffset + checkpoints.length);
      return c;
    }
    out[outOffset + c] = f;
  }
  return -1;
}
