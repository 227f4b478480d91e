import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { mean, stdev } from "../../../src/theory/common/stats";

const N = 200_000;
const draw = (f: () => number, n = N) => Float64Array.from({ length: n }, f);
/** |sample mean − μ| within 5 standard errors: fails by chance with probability < 1e-6. */
const within5se = (x: Float64Array, mu: number, sd: number) =>
  expect(Math.abs(mean(x) - mu)).toBeLessThan((5 * sd) / Math.sqrt(x.length));

describe("Rng", () => {
  it("is reproducible by (seed, stream) and differs across streams", () => {
    const a = draw(() => new Rng(7, 3).uniform(), 1);
    const b = new Rng(7, 3);
    expect(b.uniform()).toBe(a[0]);
    const s0 = new Rng(7, 0);
    const s1 = new Rng(7, 1);
    expect(draw(() => s0.u32(), 8)).not.toEqual(draw(() => s1.u32(), 8));
  });

  it("uses the seed's high word too", () => {
    expect(new Rng(1).u32()).not.toBe(new Rng(1 + 2 ** 32).u32());
  });

  it("rejects bad seeds", () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
  });

  it("uniform: in (0,1), mean 1/2, variance 1/12", () => {
    const r = new Rng(1);
    const x = draw(() => r.uniform());
    expect(x.reduce((a, b) => Math.min(a, b))).toBeGreaterThan(0);
    expect(x.reduce((a, b) => Math.max(a, b))).toBeLessThan(1);
    within5se(x, 0.5, Math.sqrt(1 / 12));
    expect(stdev(x)).toBeCloseTo(Math.sqrt(1 / 12), 2);
  });

  it("uniformF32 is exactly representable in f32", () => {
    const r = new Rng(2);
    for (let i = 0; i < 1000; i++) {
      const u = r.uniformF32();
      expect(Math.fround(u)).toBe(u);
    }
  });

  it("normal: mean 0, sd 1, fourth moment 3", () => {
    const r = new Rng(3);
    const x = draw(() => r.normal());
    within5se(x, 0, 1);
    expect(stdev(x)).toBeCloseTo(1, 2);
    expect(mean(x.map((v) => v ** 4))).toBeCloseTo(3, 1);
  });

  it.each([0.3, 1, 2.5, 10])("gamma(%f): mean k, variance k", (k) => {
    const r = new Rng(4);
    const x = draw(() => r.gamma(k));
    within5se(x, k, Math.sqrt(k));
    expect(stdev(x) ** 2 / k).toBeCloseTo(1, 1);
  });

  it.each([
    [1, 1],
    [2, 5],
    [0.5, 0.5],
    [30, 3],
  ])("beta(%f, %f): known mean and variance", (a, b) => {
    const r = new Rng(5);
    const x = draw(() => r.beta(a, b));
    const m = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    within5se(x, m, Math.sqrt(v));
    expect(stdev(x) ** 2 / v).toBeCloseTo(1, 1);
  });

  it("bernoulli(p) frequency and int(n) range", () => {
    const r = new Rng(6);
    within5se(
      draw(() => r.bernoulli(0.3)),
      0.3,
      Math.sqrt(0.21),
    );
    const k = draw(() => r.int(7), 10_000);
    expect(k.every((v) => Number.isInteger(v) && v >= 0 && v < 7)).toBe(true);
  });
});
