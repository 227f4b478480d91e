import { describe, expect, it } from "vitest";
import { argmaxRandom } from "../../../src/theory/bandits/policies";
import { F32Stream } from "../../../src/theory/bandits/sampling";
import { Rng } from "../../../src/theory/common/rng";

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe("Beta sampler via two Gamma variates (F32Stream, the GPU-mirrored stream)", () => {
  const n = 200_000;
  for (const [a, b] of [
    [1, 1],
    [2, 5],
    [30, 4],
  ]) {
    it(`Beta(${a}, ${b}) has mean a/(a+b) and variance ab/((a+b)²(a+b+1))`, () => {
      const s = new F32Stream(new Rng(11, a * 100 + b));
      const { mean, variance } = moments(() => s.beta(a, b), n);
      const m = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      // standard error of the mean is √(v/n); of the variance about v·√(2/n) (Beta is light-tailed)
      expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(v / n));
      expect(Math.abs(variance - v)).toBeLessThan(6 * v * Math.sqrt(2 / n));
    });
  }
  it("Gamma(k) has mean k and variance k, and the normal has mean 0 and variance 1", () => {
    const s = new F32Stream(new Rng(5, 1));
    const g = moments(() => s.gamma(3.5), n);
    expect(Math.abs(g.mean - 3.5)).toBeLessThan(5 * Math.sqrt(3.5 / n));
    expect(Math.abs(g.variance - 3.5)).toBeLessThan(0.1);
    const z = moments(() => s.normal(), n);
    expect(Math.abs(z.mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(z.variance - 1)).toBeLessThan(0.02);
  });
  it("the ratio of exponentials (the pitfall in the spec) would fail the same moment test", () => {
    const rng = new Rng(3, 3);
    const [a, b] = [2, 5];
    const { variance } = moments(() => {
      const x = -Math.log(rng.uniform()) / a;
      const y = -Math.log(rng.uniform()) / b;
      return x / (x + y);
    }, n);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(variance - v)).toBeGreaterThan(6 * v * Math.sqrt(2 / n));
  });
});

describe("uniformly random tie-breaking", () => {
  it("picks each of the tied maxima with equal frequency and never a smaller one", () => {
    const values = Float64Array.of(0.5, 0.9, 0.2, 0.9, 0.9);
    const hits = new Float64Array(5);
    const rng = new Rng(1, 0);
    const n = 30_000;
    for (let i = 0; i < n; i++) hits[argmaxRandom(values, rng.uniformF32())]++;
    expect(hits[0] + hits[2]).toBe(0);
    for (const k of [1, 3, 4]) expect(Math.abs(hits[k] / n - 1 / 3)).toBeLessThan(0.015);
  });
  it("treats unplayed arms (+∞) as tied with each other", () => {
    const values = Float64Array.of(Number.POSITIVE_INFINITY, 3, Number.POSITIVE_INFINITY);
    expect(argmaxRandom(values, 0.1)).toBe(0);
    expect(argmaxRandom(values, 0.9)).toBe(2);
  });
});
