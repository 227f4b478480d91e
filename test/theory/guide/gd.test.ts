import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logGrid } from "../../../src/theory/common/grid";
import { gradientDescent, quadraticValue, spectrum } from "../../../src/theory/guide/algorithms";
import { contractionFactor, linearBound, sublinearBound } from "../../../src/theory/guide/bounds";
import { gdQuadratic } from "../../../src/theory/guide/experiments";
import { defaults } from "../../../src/theory/params";
import { mergeChunks, type RunChunk } from "../../../src/theory/trace";

const ctx = (runStart: number, runCount: number) => ({
  runStart,
  runCount,
  backend: "cpu" as const,
  progress: () => {},
});
const run = (p: Record<string, unknown>, start = 0, count = Number(p.runs)) =>
  gdQuadratic.run({ ...defaults(gdQuadratic.params), ...p } as never, ctx(start, count)) as RunChunk;

describe("gradient descent on a quadratic", () => {
  it("matches the closed form x_k = (1 − ηλ)^k x_0 coordinate-wise", () => {
    const lam = spectrum(5, 0.01, 1);
    const x0 = Float64Array.from([1, -2, 0.5, 3, -1]);
    const x = Float64Array.from(x0);
    const grid = Int32Array.from([1, 7, 50]);
    const out = new Float64Array(3);
    expect(gradientDescent(lam, x, 0.9, grid, out)).toBe(-1);
    grid.forEach((k, c) => {
      const xk = x0.map((v, i) => (1 - 0.9 * lam[i]) ** k * v);
      expect(out[c]).toBeCloseTo(quadraticValue(lam, xk), 12);
    });
  });

  it("the textbook bounds hold at every checkpoint of every run (random κ, η ≤ 1/L, d)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 1000 }),
        (kappa, stepL, d, seed) => {
          const chunk = run({ kappa, stepL, d, K: 3000, runs: 6, seed });
          const ks = chunk.x;
          for (const b of chunk.bounds) {
            const vals = chunk.series[0].values;
            for (let r = 0; r < 6; r++) {
              for (let j = 0; j < ks.length; j++) {
                expect(vals[r * ks.length + j]).toBeLessThanOrEqual(b.y[j] * (1 + 1e-12));
              }
            }
          }
          expect(chunk.bounds.map((b) => b.key).sort()).toEqual(["linear", "sublinear"]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the bound formulas: hand-computed values", () => {
    expect(sublinearBound(10, 0.5, 2)).toBeCloseTo(4 / 10, 14);
    expect(linearBound(3, 1, 0.1, 1, 1)).toBeCloseTo(0.9 ** 3 * 0.5, 14);
    expect(contractionFactor(1.5, 0.1, 1)).toBeCloseTo(0.85, 14);
    expect(contractionFactor(2.2, 0.1, 1)).toBeCloseTo(1.2, 14);
  });

  it("1/L < η < 2/L: the exact contraction bound holds and the textbook bounds are withdrawn with a note", () => {
    const chunk = run({ kappa: 50, stepL: 1.7, d: 20, K: 2000, runs: 4 });
    expect(chunk.bounds.map((b) => b.key)).toEqual(["contraction"]);
    expect(chunk.notes[0]).toMatch(/need η ≤ 1\/L/);
    const n = chunk.x.length;
    for (let r = 0; r < 4; r++)
      for (let j = 0; j < n; j++)
        expect(chunk.series[0].values[r * n + j]).toBeLessThanOrEqual(chunk.bounds[0].y[j] * (1 + 1e-12));
  });

  it("η ≥ 2/L diverges, and says where: NaN after the mark, never before", () => {
    const chunk = run({ kappa: 10, stepL: 2.3, d: 10, K: 100_000, runs: 3 });
    const s = chunk.series[0];
    expect(s.divergedAt).toBeGreaterThan(1);
    expect(chunk.notes.join()).toMatch(/diverges/);
    const n = chunk.x.length;
    const at = chunk.x.indexOf(s.divergedAt!);
    for (let j = 0; j < n; j++) expect(Number.isNaN(s.values[j])).toBe(j >= at);
  });

  it("a seed reproduces a run exactly, however the runs are split into chunks", () => {
    const p = { kappa: 300, stepL: 1, d: 30, K: 500, runs: 10, seed: 42 };
    const whole = run(p);
    const split = mergeChunks([run(p, 6, 4), run(p, 0, 3), run(p, 3, 3)]);
    expect(Array.from(split.series[0].values)).toEqual(Array.from(whole.series[0].values));
    expect(Array.from(run({ ...p, seed: 43 }).series[0].values)).not.toEqual(Array.from(whole.series[0].values));
  });

  it("records on the log grid", () => {
    expect(Array.from(run({ K: 500, runs: 1 }).x)).toEqual(Array.from(logGrid(500, 160)));
  });
});
