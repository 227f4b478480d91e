import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileKernel, generatedModule, generatedPath, WASM_KERNELS } from "../../../scripts/wasm";
import { Rng } from "../../../src/theory/common/rng";
import { batchUsesWasm, SorBatch } from "../../../src/theory/sor/batch";
import { CODE_GRID, onesRhs, sampleShift, sampleTruncatedGaussian } from "../../../src/theory/sor/problems";
import { type Ordering, paddedSize, Stencil } from "../../../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../../../src/theory/sor/young";

const opts = (ordering: Ordering, cap = 10000) => ({ ordering, tol: 1e-8, cap });

describe("batched SOR counts (WebAssembly SIMD) against the scalar solver", () => {
  it("runs on the WebAssembly kernel in Node (SIMD is available since Node 16)", () => {
    expect(batchUsesWasm()).toBe(true);
  });

  it.each(["natural", "redblack"] as const)(
    "%s ordering: identical counts on 60 random instances, batches of 1 to 23 ω (odd and even)",
    (ordering) => {
      const m = 10;
      const rng = new Rng(21, 0, 0);
      const b = new Float64Array(paddedSize(m));
      const S = new Stencil(m);
      const batch = new SorBatch(m);
      for (let t = 0; t < 60; t++) {
        const c = sampleShift(rng, t % 2 ? "low" : "high");
        sampleTruncatedGaussian(rng, m, b);
        S.shift(c);
        const size = 1 + (t % 23);
        const omegas = Array.from({ length: size }, (_, i) =>
          i < CODE_GRID.length ? CODE_GRID[(i * 7 + t) % CODE_GRID.length] : omegaStar(laplacianBeta(m, c)),
        );
        const want = omegas.map((w) => S.sorCount(b, w, opts(ordering)));
        expect(Array.from(batch.counts(4 + c, 1, b, omegas, opts(ordering)))).toEqual(want);
      }
    },
  );

  it("other sizes and the spec's count tables: m = 7 (odd), 16, 32 with b = ones", () => {
    for (const m of [7, 16, 32]) {
      const S = new Stencil(m);
      const b = onesRhs(m);
      const omegas = [...CODE_GRID, omegaStar(laplacianBeta(m))];
      for (const ordering of ["natural", "redblack"] as const) {
        const want = omegas.map((w) => S.sorCount(b, w, opts(ordering)));
        expect(Array.from(new SorBatch(m).counts(4, 1, b, omegas, opts(ordering)))).toEqual(want);
      }
    }
    // [spec § 6.2] m = 10, natural, linspace(1, 1.95, 20): 223 sweeps at ω = 1, 383 at 1.95.
    const got = new SorBatch(10).counts(4, 1, onesRhs(10), CODE_GRID, opts("natural"));
    expect([got[0], got[19]]).toEqual([223, 383]);
  });

  it("the cap gives +∞ and divergence NaN like the scalar solver; b = 0 gives 0; heat-style d and s", () => {
    const m = 10;
    const b = onesRhs(m);
    const S = new Stencil(m);
    const omegas = [1, 1.56, 1.95, 2.5, 3];
    const capped = new SorBatch(m).counts(4, 1, b, omegas, opts("natural", 60));
    expect(Array.from(capped)).toEqual(omegas.map((w) => S.sorCount(b, w, opts("natural", 60))));
    expect(capped[0]).toBe(Number.POSITIVE_INFINITY);
    expect(capped[1]).toBeLessThan(60);
    expect([capped[3], capped[4]]).toEqual([Number.NaN, Number.NaN]); // ω > 2: the residual grows
    // An indefinite system (m = 16, c = −0.15 < −λ_min = −0.068) mixed with SPD lanes in one batch.
    for (const ordering of ["natural", "redblack"] as const) {
      const m16 = 16;
      const b16 = onesRhs(m16);
      const S16 = new Stencil(m16).shift(-0.15);
      const mixed = [1, 1.5, 1.95, 2.5];
      const want = mixed.map((w) => S16.sorCount(b16, w, opts(ordering)));
      expect(want.every(Number.isNaN)).toBe(true);
      expect(Array.from(new SorBatch(m16).counts(4 - 0.15, 1, b16, mixed, opts(ordering)))).toEqual(want);
    }
    expect(
      Array.from(new SorBatch(m).counts(4, 1, new Float64Array(paddedSize(m)), [1, 1.5], opts("natural"))),
    ).toEqual([0, 0]);
    const heat = new Stencil(m, 1 + 4 * 0.3, 0.3);
    const want = Array.from(CODE_GRID, (w) => heat.sorCount(b, w, opts("redblack")));
    expect(Array.from(new SorBatch(m).counts(1 + 4 * 0.3, 0.3, b, CODE_GRID, opts("redblack")))).toEqual(want);
  });

  it("the scalar fallback (no WebAssembly SIMD) gives the same counts", () => {
    const b = onesRhs(10);
    const wasm = new SorBatch(10).counts(4.2, 1, b, CODE_GRID, opts("natural"));
    const scalar = new SorBatch(10, true).counts(4.2, 1, b, CODE_GRID, opts("natural"));
    expect(Array.from(scalar)).toEqual(Array.from(wasm));
  });

  it("the embedded WebAssembly module is what its AssemblyScript source compiles to (npm run build:wasm)", async () => {
    for (const source of WASM_KERNELS) {
      const binary = await compileKernel(source);
      expect(readFileSync(generatedPath(source), "utf8")).toBe(generatedModule(source, binary));
    }
  }, 60_000);
});
