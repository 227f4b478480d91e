import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { onesRhs, sampleTruncatedGaussian } from "../../../src/theory/sor/problems";
import { paddedSize, Stencil } from "../../../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../../../src/theory/sor/young";

/** The bit patterns of a vector, so that −0, NaN payloads and last-bit differences all count. */
const bits = (v: Float64Array) => Array.from(new BigUint64Array(v.buffer, v.byteOffset, v.length));

/** Right-hand sides: b = ones, a random interior one, one with values on the ghost cells too, and a short one. */
function rhsCases(m: number, rng: Rng): [string, Float64Array][] {
  const random = new Float64Array(paddedSize(m));
  sampleTruncatedGaussian(rng, m, random);
  const ghosts = Float64Array.from({ length: paddedSize(m) }, () => rng.normal());
  return [
    ["ones", onesRhs(m)],
    ["random", random],
    ["ghosts", ghosts],
    ["short", ghosts.slice(0, paddedSize(m) - m - 3)],
  ];
}

describe("red-black sweep: the WebAssembly kernel against the JavaScript loop", () => {
  it("runs on the kernel in Node", () => {
    expect(new Stencil(4).redBlackOnWasm).toBe(true);
    expect(new Stencil(4, 4, 1, true).redBlackOnWasm).toBe(false);
  });

  it.each([1, 2, 3, 7, 10, 33, 64])(
    "m = %i: bitwise equal residual histories, iterates, divergence flags and counts",
    (m) => {
      const rng = new Rng(19, 4, m);
      // c = 0, 0.3, and indefinite shifts (−1.5 from m = 3 on, −5 at every m).
      const shifts = [0, 0.3, -1.5, -5];
      const omegas = [0.3, 1, 1.5, omegaStar(laplacianBeta(m)), 1.95];
      const wasm = new Stencil(m);
      const js = new Stencil(m, 4, 1, true);
      const sweeps = m <= 10 ? 300 : 120;
      const hw = new Float64Array(sweeps);
      const hj = new Float64Array(sweeps);
      for (const [, b] of rhsCases(m, rng)) {
        for (const c of shifts) {
          wasm.shift(c);
          js.shift(c);
          for (const omega of omegas) {
            // floor 0: every sweep (to the cap, or until diverged), past where rounding takes over.
            const dw = wasm.sorResiduals(b, omega, "redblack", hw, 0);
            const dj = js.sorResiduals(b, omega, "redblack", hj, 0);
            expect(dw).toBe(dj);
            expect(bits(hw)).toEqual(bits(hj));
            expect(bits(wasm.x)).toEqual(bits(js.x));
            const opts = { ordering: "redblack" as const, tol: 1e-8, cap: 2000 };
            expect(Object.is(wasm.sorCount(b, omega, opts), js.sorCount(b, omega, opts))).toBe(true);
            expect(bits(wasm.x)).toEqual(bits(js.x));
          }
        }
      }
    },
  );

  it("heat-style stencil (d = 1 + 4s), a diagonal one (s = 0) and b = 0", () => {
    const m = 12;
    const b = onesRhs(m);
    for (const [d, s] of [
      [1 + 4 * 0.7, 0.7],
      [3, 0],
    ]) {
      const wasm = new Stencil(m, d, s);
      const js = new Stencil(m, d, s, true);
      const hw = new Float64Array(80);
      const hj = new Float64Array(80);
      for (const omega of [0.7, 1.2, 1.8]) {
        wasm.sorResiduals(b, omega, "redblack", hw);
        js.sorResiduals(b, omega, "redblack", hj);
        expect(bits(hw)).toEqual(bits(hj));
      }
    }
    const zero = new Float64Array(paddedSize(m));
    const opts = { ordering: "redblack" as const, tol: 1e-8, cap: 100 };
    expect(new Stencil(m).sorCount(zero, 1.5, opts)).toBe(0);
  });
});
