/** Dense p×p SPD systems (p ≤ 64, row-major): the least-squares fits and the design's information matrix. */

/** Σ_{i<n} a[ao + i]·b[bo + i], summed in index order: a row of one matrix against a row of another. */
export function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[ao + i] * b[bo + i];
  return s;
}

/**
 * In-place Cholesky factorisation A = L Lᵀ of the p×p SPD matrix `a` (lower triangle is
 * overwritten by L). Returns false when a pivot is not positive (A not numerically SPD).
 */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let diag = a[j * p + j];
    for (let k = 0; k < j; k++) diag -= a[j * p + k] * a[j * p + k];
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    a[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j];
      for (let k = 0; k < j; k++) v -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = v / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b given the factor from `choleskyInPlace`; x may alias b. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let v = b[i];
    for (let k = 0; k < i; k++) v -= l[i * p + k] * x[k];
    x[i] = v / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let v = x[i];
    for (let k = i + 1; k < p; k++) v -= l[k * p + i] * x[k];
    x[i] = v / l[i * p + i];
  }
}

/** out = A⁻¹ for the p×p SPD matrix `a` (a is left unchanged). Throws if A is not SPD. */
export function invertSPD(a: Float64Array, p: number, out: Float64Array): void {
  const l = Float64Array.from(a.subarray(0, p * p));
  if (!choleskyInPlace(l, p)) throw new Error("invertSPD: matrix is not positive definite");
  const col = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    col.fill(0);
    col[j] = 1;
    choleskySolve(l, p, col, col);
    for (let i = 0; i < p; i++) out[i * p + j] = col[i];
  }
  // Symmetrise: round-off leaves the two triangles a few ulps apart.
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) {
      const v = 0.5 * (out[i * p + j] + out[j * p + i]);
      out[i * p + j] = v;
      out[j * p + i] = v;
    }
  }
}
