import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../../src/theory/common/linalg";

/** tridiag(−1, 2, −1) of size n: eigenvalues 2 − 2cos(jπ/(n+1)), j = 1..n. */
function laplacian1d(n: number, scale = 1): Float64Array {
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    A[i * n + i] = 2 * scale;
    if (i + 1 < n) A[i * n + i + 1] = A[(i + 1) * n + i] = -scale;
  }
  return A;
}

describe("symmetricEigen (cyclic Jacobi)", () => {
  for (const scale of [1, 1e-20, 1e20]) {
    it(`1-D Laplacian, n = 12, scaled by ${scale}: the closed-form spectrum, orthonormal vectors, A v = λ v`, () => {
      const n = 12;
      const A = laplacian1d(n, scale);
      const { values, vectors } = symmetricEigen(A, n);
      const want = Array.from({ length: n }, (_, j) => scale * (2 - 2 * Math.cos(((j + 1) * Math.PI) / (n + 1))));
      const got = Array.from(values).sort((a, b) => a - b);
      for (let j = 0; j < n; j++) expect(Math.abs(got[j] - want[j])).toBeLessThan(1e-13 * 4 * scale);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          let dotAB = 0;
          for (let i = 0; i < n; i++) dotAB += vectors[i * n + a] * vectors[i * n + b];
          expect(Math.abs(dotAB - (a === b ? 1 : 0))).toBeLessThan(1e-13);
        }
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let k = 0; k < n; k++) av += A[i * n + k] * vectors[k * n + a];
          expect(Math.abs(av - values[a] * vectors[i * n + a])).toBeLessThan(1e-13 * 4 * scale);
        }
      }
      expect(A).toEqual(laplacian1d(n, scale)); // input untouched
    });
  }
  it("a diagonal matrix is its own decomposition; a zero matrix gives zeros", () => {
    const D = Float64Array.of(3, 0, 0, -1);
    expect(Array.from(symmetricEigen(D, 2).values)).toEqual([3, -1]);
    expect(Array.from(symmetricEigen(D, 2).vectors)).toEqual([1, 0, 0, 1]);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
  });
});
