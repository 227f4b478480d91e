/**
 * Small dense linear algebra for the Halpern notebook: row-major square matrices in Float64Array,
 * LU with partial pivoting (exact resolvents), power iteration (operator norms), random orthogonal
 * bases (quadratics with a prescribed spectrum). Sizes here are at most a few hundred.
 */
import { matVec as denseMatVec, dot, norm } from "../common/linalg";
import type { Rng } from "../common/rng";

/** out = M v for a row-major dim×dim matrix M (the bench's mat-vec). */
export function matVec(M: Float64Array, v: Float64Array, out: Float64Array, dim = v.length): void {
  denseMatVec(M, dim, dim, v, out);
}

/** LU factorisation with partial pivoting of a dim×dim matrix (row-major, copied). */
export interface LU {
  dim: number;
  lu: Float64Array;
  perm: Int32Array;
}

export function luFactor(A: Float64Array, dim: number): LU {
  const lu = Float64Array.from(A);
  const perm = new Int32Array(dim);
  for (let i = 0; i < dim; i++) perm[i] = i;
  for (let k = 0; k < dim; k++) {
    let p = k;
    let best = Math.abs(lu[k * dim + k]);
    for (let i = k + 1; i < dim; i++) {
      const a = Math.abs(lu[i * dim + k]);
      if (a > best) {
        best = a;
        p = i;
      }
    }
    if (best === 0) throw new Error("luFactor: singular matrix");
    if (p !== k) {
      const row = lu.slice(k * dim, (k + 1) * dim);
      lu.copyWithin(k * dim, p * dim, (p + 1) * dim);
      lu.set(row, p * dim);
      [perm[k], perm[p]] = [perm[p], perm[k]];
    }
    const pivot = lu[k * dim + k];
    for (let i = k + 1; i < dim; i++) {
      const f = (lu[i * dim + k] /= pivot);
      if (f === 0) continue;
      for (let j = k + 1; j < dim; j++) lu[i * dim + j] -= f * lu[k * dim + j];
    }
  }
  return { dim, lu, perm };
}

/** Solve A x = b with a factorisation from luFactor (x may not alias b). */
export function luSolve(f: LU, b: Float64Array, x: Float64Array): void {
  const { dim, lu, perm } = f;
  for (let i = 0; i < dim; i++) {
    let s = b[perm[i]];
    for (let j = 0; j < i; j++) s -= lu[i * dim + j] * x[j];
    x[i] = s;
  }
  for (let i = dim - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < dim; j++) s -= lu[i * dim + j] * x[j];
    x[i] = s / lu[i * dim + i];
  }
}

/**
 * Largest singular value of a linear map given by `apply` and its adjoint, by power iteration on
 * AᵀA from a fixed start (deterministic). Power iteration approaches σ_max from below; on the
 * clustered spectrum of the hard QP it needs ~10⁴ steps for 8 digits, so the stopping rule is a
 * relative change below 1e-15 (or `maxIters`), not a loose tolerance.
 */
export function spectralNorm(
  dim: number,
  apply: (v: Float64Array, out: Float64Array) => void,
  applyT: (v: Float64Array, out: Float64Array) => void,
  maxIters = 20000,
): number {
  let v = new Float64Array(dim);
  for (let i = 0; i < dim; i++) v[i] = 1 + ((i * 7919) % 13) / 13; // fixed, generic start
  let w = new Float64Array(dim);
  const t = new Float64Array(dim);
  let sigma = 0;
  for (let it = 0; it < maxIters; it++) {
    const nv = norm(v);
    for (let i = 0; i < dim; i++) v[i] /= nv;
    apply(v, t);
    applyT(t, w);
    const s = Math.sqrt(norm(w));
    if (Math.abs(s - sigma) <= 1e-15 * s) {
      sigma = s;
      break;
    }
    sigma = Math.max(sigma, s);
    [v, w] = [w, v];
  }
  return sigma;
}

/** A Haar-ish random orthogonal d×d matrix (row-major) by Gram–Schmidt on Gaussian rows. */
export function randomOrthogonal(d: number, rng: Rng): Float64Array {
  const Q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (;;) {
      for (let j = 0; j < d; j++) Q[i * d + j] = rng.normal();
      for (let pass = 0; pass < 2; pass++) {
        for (let k = 0; k < i; k++) {
          const c = dot(Q, Q.subarray(k * d, (k + 1) * d), d, i * d);
          for (let j = 0; j < d; j++) Q[i * d + j] -= c * Q[k * d + j];
        }
      }
      const nrm = Math.sqrt(dot(Q, Q.subarray(i * d, (i + 1) * d), d, i * d));
      if (nrm > 1e-8) {
        for (let j = 0; j < d; j++) Q[i * d + j] /= nrm;
        break;
      }
    }
  }
  return Q;
}

/** Qᵀ diag(lam) R for R = Q or another orthogonal matrix, both with orthonormal rows (row-major). */
export function fromSpectrum(Q: Float64Array, lam: ArrayLike<number>, d: number, R = Q): Float64Array {
  const M = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const l = lam[k];
    if (l === 0) continue;
    for (let i = 0; i < d; i++) {
      const a = l * Q[k * d + i];
      for (let j = 0; j < d; j++) M[i * d + j] += a * R[k * d + j];
    }
  }
  return M;
}
