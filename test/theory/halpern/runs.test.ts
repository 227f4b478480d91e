/**
 * The run-encoded dot products (src/theory/halpern/runs.ts): the WebAssembly SIMD kernel and its
 * scalar twin against a plain running sum, on random lines whose runs are not multiples of the
 * kernel's eight lanes, and the operator apply of the matrix game against its dense (M, q) form.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { instanceRng } from "../../../src/theory/halpern/methods";
import { hardQP, policemanBurglar } from "../../../src/theory/halpern/problems";
import { encodeRuns, PackedRuns, type Runs, runsUseWasm } from "../../../src/theory/halpern/runs";

/** The plain loop: out[l] + each term in order, and Σ|term| + |out[l]| (the scale of its rounding error). */
function plainDots(R: Runs, count: number, v: Float64Array, init: Float64Array) {
  const sum = Float64Array.from(init);
  const scale = init.map(Math.abs);
  for (let l = 0; l < count; l++) {
    for (let r = R.start[l]; r < R.start[l + 1]; r++) {
      for (let k = R.off[r]; k < R.off[r + 1]; k++) {
        const term = R.vals[k] * v[R.first[r] + k - R.off[r]];
        sum[l] += term;
        scale[l] += Math.abs(term);
      }
    }
  }
  return { sum, scale };
}

/** A random count × count matrix: each line dense with probability `dense`, else a few short runs. */
function randomRuns(count: number, dense: number, rng: Rng): Runs {
  return encodeRuns(count, (_, out) => {
    if (rng.uniform() < dense) {
      for (let i = 0; i < count; i++) out[i] = rng.normal();
      if (count > 4) out[Math.floor(rng.uniform() * count)] = 0; // split it in two runs
    } else for (let i = 0; i < count; i++) if (rng.uniform() < 0.3) out[i] = rng.normal();
  });
}

describe("run-encoded dot products", () => {
  it("run on the WebAssembly SIMD kernel in Node", () => {
    expect(runsUseWasm()).toBe(true);
  });

  for (const count of [1, 3, 7, 8, 9, 200, 203]) {
    it(`count ${count}: kernel = plain loop to 1e-12 of Σ|terms|, bitwise on lines without a run of 8, scalar twin bitwise`, () => {
      const rng = new Rng(count);
      const R = randomRuns(count, 0.7, rng);
      const v = Float64Array.from({ length: count }, () => rng.normal());
      const init = Float64Array.from({ length: count }, () => rng.normal());
      const { sum, scale } = plainDots(R, count, v, init);
      const wasm = Float64Array.from(init);
      new PackedRuns(count, R).dotAll(v, wasm);
      const scalar = Float64Array.from(init);
      new PackedRuns(count, R, true).dotAll(v, scalar);
      expect(Array.from(scalar)).toEqual(Array.from(wasm));
      for (let l = 0; l < count; l++) {
        expect(Math.abs(wasm[l] - sum[l])).toBeLessThanOrEqual(1e-12 * scale[l]);
        let longest = 0;
        for (let r = R.start[l]; r < R.start[l + 1]; r++) longest = Math.max(longest, R.off[r + 1] - R.off[r]);
        if (longest < 8) expect(Object.is(wasm[l], sum[l]), `line ${l}`).toBe(true);
      }
    });
  }

  for (const n of [1, 3, 7, 100, 203]) {
    it(`matrix game n = ${n}: apply = M u − q and applyLinearT = Mᵀ v, to 1e-12 of Σ|terms|`, () => {
      const { op } = policemanBurglar(n, 0.8, instanceRng(1));
      const { M, q } = op.affine();
      const d = op.dim;
      const rng = new Rng(n + 1);
      const u = Float64Array.from({ length: d }, () => rng.normal());
      const F = new Float64Array(d);
      op.apply(u, F);
      const T = new Float64Array(d);
      op.applyLinearT(u, T);
      for (let i = 0; i < d; i++) {
        let s = -q[i];
        let scale = Math.abs(q[i]);
        let t = 0;
        let tScale = 0;
        for (let j = 0; j < d; j++) {
          s += M[i * d + j] * u[j];
          scale += Math.abs(M[i * d + j] * u[j]);
          t += M[j * d + i] * u[j];
          tScale += Math.abs(M[j * d + i] * u[j]);
        }
        expect(Math.abs(F[i] - s)).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs(T[i] - t)).toBeLessThanOrEqual(1e-12 * tScale);
      }
    });
  }

  it("the hard QP (bands of one or two entries) applies exactly as a plain loop, bit for bit", () => {
    const { op } = hardQP(50);
    const { M, q } = op.affine();
    const d = op.dim;
    const rng = new Rng(3);
    const u = Float64Array.from({ length: d }, () => rng.normal());
    const F = new Float64Array(d);
    op.apply(u, F);
    for (let i = 0; i < d; i++) {
      let s = -q[i];
      for (let j = 0; j < d; j++) if (M[i * d + j] !== 0) s += M[i * d + j] * u[j];
      expect(Object.is(F[i], s)).toBe(true);
    }
  });
});
