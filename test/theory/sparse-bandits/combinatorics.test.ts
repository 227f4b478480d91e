import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { binomial, sparseNet, supports } from "../../../src/theory/sparse-bandits/combinatorics";

describe("s-subset enumeration", () => {
  it("lists exactly the C(d, s) subsets, each once, sorted (checked against bitmask brute force)", () => {
    for (let d = 1; d <= 10; d++) {
      for (let s = 1; s <= Math.min(d, 4); s++) {
        const list = supports(d, s);
        expect(list.length / s).toBe(binomial(d, s));
        let brute = 0;
        for (let mask = 0; mask < 1 << d; mask++) {
          let bits = 0;
          for (let i = 0; i < d; i++) bits += (mask >> i) & 1;
          if (bits === s) brute++;
        }
        expect(list.length / s).toBe(brute);
        const seen = new Set<string>();
        for (let c = 0; c < list.length / s; c++) {
          const sub = Array.from(list.subarray(c * s, c * s + s));
          for (let j = 1; j < s; j++) expect(sub[j]).toBeGreaterThan(sub[j - 1]);
          expect(sub[0]).toBeGreaterThanOrEqual(0);
          expect(sub[s - 1]).toBeLessThan(d);
          seen.add(sub.join(","));
        }
        expect(seen.size).toBe(brute);
      }
    }
  });

  it("binomial matches Pascal's rule", () => {
    for (let n = 1; n <= 64; n++)
      for (let r = 1; r < Math.min(n, 6); r++) {
        expect(binomial(n, r)).toBe(binomial(n - 1, r - 1) + binomial(n - 1, r));
      }
    expect(binomial(64, 3)).toBe(41664);
  });
});

describe("ε-net of the unit ball", () => {
  it("has at most (1 + 2/ε)^s points", () => {
    for (const s of [1, 2, 3]) {
      for (const eps of [0.05, 0.1, 0.2, 0.35, 0.5, 0.9]) {
        const net = sparseNet(s, eps);
        expect(net.points).toBeLessThanOrEqual((1 + 2 / eps) ** s);
        expect(net.count).toBeLessThanOrEqual(net.points);
      }
    }
  });

  it("covers the unit ball within ε (random points, boundary included)", () => {
    const rng = new Rng(11, 0);
    for (const s of [1, 2, 3]) {
      for (const eps of [0.1, 0.25, 0.5]) {
        const net = sparseNet(s, eps);
        for (let t = 0; t < 300; t++) {
          const v = Array.from({ length: s }, () => rng.normal());
          const norm = Math.hypot(...v);
          const radius = t % 3 === 0 ? 1 : rng.uniform() ** (1 / s);
          const theta = v.map((z) => (z / norm) * radius);
          let best = Number.POSITIVE_INFINITY;
          for (let g = 0; g < net.points; g++) {
            let d2 = 0;
            for (let i = 0; i < s; i++) d2 += (net.grid[g * s + i] - theta[i]) ** 2;
            best = Math.min(best, d2);
          }
          expect(Math.sqrt(best)).toBeLessThanOrEqual(eps + 1e-12);
        }
      }
    }
  });

  it("keeps one unit direction per grid ray, and every grid point's direction", () => {
    const s = 2;
    const net = sparseNet(s, 0.15);
    const key = (a: number, b: number) => `${a.toFixed(9)},${b.toFixed(9)}`;
    const dirs = new Set<string>();
    for (let u = 0; u < net.count; u++) {
      const [a, b] = [net.directions[2 * u], net.directions[2 * u + 1]];
      expect(Math.hypot(a, b)).toBeCloseTo(1, 12);
      dirs.add(key(a, b));
    }
    expect(dirs.size).toBe(net.count);
    for (let g = 0; g < net.points; g++) {
      const [a, b] = [net.grid[2 * g], net.grid[2 * g + 1]];
      const r = Math.hypot(a, b);
      expect(a).not.toBe(0);
      expect(dirs.has(key(a / r, b / r))).toBe(true);
    }
    // In one dimension every grid point is ±: two directions.
    expect(sparseNet(1, 0.1).count).toBe(2);
  });
});
