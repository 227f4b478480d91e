import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linearGrid, logGrid, logspace } from "../../../src/theory/common/grid";
import { linearFit, logLogSlope, quantile } from "../../../src/theory/common/stats";

describe("quantile", () => {
  it("interpolates like R type 7 / NumPy linear", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0)).toBe(1);
    expect(quantile([10, 1, 5], 1)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([1, Number.NaN, 3], 0.5)).toBe(2);
  });
  it("is monotone in q and bounded by min and max", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          const v = quantile(xs, q);
          return v >= Math.min(...xs) && v <= Math.max(...xs) && quantile(xs, Math.min(1, q + 0.1)) >= v;
        },
      ),
    );
  });
});

describe("slopes", () => {
  it("recovers an exact power law", () => {
    const x = logspace(1, 1e4, 50);
    const fit = logLogSlope(
      x,
      x.map((v) => 3 * v ** -1.5),
    );
    expect(fit.slope).toBeCloseTo(-1.5, 12);
    expect(fit.r2).toBeCloseTo(1, 12);
  });
  it("fits only the window and skips non-positive values", () => {
    const x = [1, 2, 4, 8, 16, 32];
    const y = [0, -1, 4 ** 2, 8 ** 2, 16 ** 2, 32 ** 2];
    expect(logLogSlope(x, y, 4).slope).toBeCloseTo(2, 12);
  });
  it("linearFit intercept", () => {
    const f = linearFit([0, 1, 2], [1, 3, 5]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
  });
});

describe("grids", () => {
  it("logGrid is strictly increasing from 1 to T", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 2, max: 400 }), (T, pts) => {
        const g = logGrid(T, pts);
        if (g[0] !== 1 || g[g.length - 1] !== T || g.length > pts + 1) return false;
        for (let i = 1; i < g.length; i++) if (g[i] <= g[i - 1]) return false;
        return true;
      }),
    );
  });
  it("linearGrid ends at T", () => {
    expect(Array.from(linearGrid(10, 5))).toEqual([2, 4, 6, 8, 10]);
  });
});
