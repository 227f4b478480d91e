/**
 * Dense linear algebra shared by the papers' theory modules. Matrices are row-major Float64Arrays.
 */

/** s0 + Σ_{i<n} a[off + i]·b[i], in index order (with off = r·n: row r of a row-major matrix times b). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length, off = 0, s0 = 0): number {
  let s = s0;
  for (let i = 0; i < n; i++) s += a[off + i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>, n = a.length): number {
  return Math.sqrt(dot(a, a, n));
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** out = A v for A (rows × cols), row-major. */
export function matVec(A: Float64Array, rows: number, cols: number, v: ArrayLike<number>, out: Float64Array): void {
  for (let i = 0; i < rows; i++) out[i] = dot(A, v, cols, i * cols);
}

/** out = Aᵀ v for A (rows × cols), row-major. */
export function matTVec(A: Float64Array, rows: number, cols: number, v: ArrayLike<number>, out: Float64Array): void {
  out.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    for (let j = 0; j < cols; j++) out[j] += A[i * cols + j] * vi;
  }
}

/** AᵀA (cols × cols) for A (rows × cols). */
export function gram(A: Float64Array, rows: number, cols: number): Float64Array {
  const G = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += A[r * cols + i] * A[r * cols + j];
      G[i * cols + j] = s;
    }
  }
  return G;
}

/** Solves S x = b for symmetric positive definite S (n × n) by Cholesky. */
export function solveSpd(S: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = S[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new Error("solveSpd: matrix is not positive definite");
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}

/**
 * Moore–Penrose pseudo-inverse of a symmetric matrix: eigenvalues below `relTol · max|λ|` count as
 * zero (the directions in which the lower-level solution set is flat).
 */
export function pseudoInverseSymmetric(S: Float64Array, n: number, relTol = 1e-10): Float64Array {
  const { values, vectors } = symmetricEigen(S, n);
  let top = 0;
  for (let i = 0; i < n; i++) top = Math.max(top, Math.abs(values[i]));
  const P = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    if (Math.abs(values[k]) <= relTol * top || top === 0) continue;
    const inv = 1 / values[k];
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) P[i * n + j] += vectors[i * n + k] * inv * vectors[j * n + k];
  }
  return P;
}

/**
 * Eigen-decomposition of symmetric `a` (k × k, not modified) by cyclic Jacobi rotations: returns the
 * eigenvalues (unsorted) and the eigenvectors as the columns of a row-major k × k matrix. Stops when
 * the off-diagonal mass falls below 1e-30 of the diagonal's (scale-free), at most 60 sweeps
 * (Jacobi converges quadratically: a handful of sweeps at the sizes used here, k ≤ ~50).
 */
export function symmetricEigen(a: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const A = Float64Array.from(a.subarray(0, k * k));
  const V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += A[i * k + i] ** 2;
      for (let j = i + 1; j < k; j++) off += A[i * k + j] ** 2;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = A[p * k + q];
        if (apq === 0) continue;
        const theta = (A[q * k + q] - A[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = A[r * k + p];
          const arq = A[r * k + q];
          A[r * k + p] = c * arp - s * arq;
          A[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = A[p * k + r];
          const aqr = A[q * k + r];
          A[p * k + r] = c * apr - s * aqr;
          A[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = V[r * k + p];
          const vrq = V[r * k + q];
          V[r * k + p] = c * vrp - s * vrq;
          V[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(k);
  for (let i = 0; i < k; i++) values[i] = A[i * k + i];
  return { values, vectors: V };
}
