import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { gOptimalDesign } from "../../../src/theory/sparse-bandits/design";
import { invertSPD } from "../../../src/theory/sparse-bandits/linalg";
import { makeFeatures } from "../../../src/theory/sparse-bandits/problems";

/** Independent check: max_i ‖x_i‖²_{V(π)⁻¹} recomputed from the weights. */
function gMaxOf(x: Float64Array, n: number, p: number, w: Float64Array): number {
  const v = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v[a * p + b] += w[i] * x[i * p + a] * x[i * p + b];
  const vi = new Float64Array(p * p);
  invertSPD(v, p, vi);
  let g = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += x[i * p + a] * vi[a * p + b] * x[i * p + b];
    g = Math.max(g, q);
  }
  return g;
}

describe("Frank–Wolfe G-optimal design", () => {
  for (const family of ["sphere", "hypercube", "good"] as const) {
    it(`stops with g ≤ (1+γ)d and g ≥ d (Kiefer–Wolfowitz) on ${family} features`, () => {
      for (const [d, gamma] of [
        [5, 0.1],
        [12, 0.05],
        [20, 0.1],
      ]) {
        const k = 120;
        const x = makeFeatures(family, d, k, new Rng(7, d));
        const des = gOptimalDesign(x, k, d, gamma);
        expect(des.rank).toBe(d);
        const g = gMaxOf(x, k, d, des.weights);
        expect(g).toBeCloseTo(des.gMax, 8);
        expect(g).toBeLessThanOrEqual((1 + gamma) * d + 1e-9);
        // Σ π_i g_i = d, so the max is ≥ d: the Kiefer–Wolfowitz optimum is exactly d.
        expect(g).toBeGreaterThanOrEqual(d - 1e-9);
        let total = 0;
        for (const w of des.weights) total += w;
        expect(total).toBeCloseTo(1, 12);
      }
    });
  }

  it("approaches the Kiefer–Wolfowitz optimum d as γ → 0", () => {
    const d = 6;
    const x = makeFeatures("sphere", d, 80, new Rng(3, 0));
    const des = gOptimalDesign(x, 80, d, 1e-3);
    expect(des.gMax).toBeGreaterThanOrEqual(d - 1e-9);
    expect(des.gMax).toBeLessThanOrEqual(d * 1.001 + 1e-9);
  });

  it("picks the coordinate actions on the good-features set (exactly G-optimal, no iterations)", () => {
    const d = 16;
    const x = makeFeatures("good", d, 100, new Rng(1, 0));
    const des = gOptimalDesign(x, 100, d, 0.1);
    expect(des.iterations).toBe(0);
    expect(Array.from(des.support)).toEqual(Array.from({ length: d }, (_, i) => i));
    expect(des.gMax).toBeCloseTo(d, 10);
  });

  it("handles rank-deficient features (design on their span, g ≤ (1+γ)·rank)", () => {
    // Rows in a 2-dim subspace of ℝ³ plus zero rows.
    const rng = new Rng(5, 0);
    const n = 40;
    const x = new Float64Array(n * 3);
    for (let i = 0; i < 30; i++) {
      const a = rng.normal();
      const b = rng.normal();
      const r = Math.hypot(a, b, a + b);
      x[i * 3] = a / r;
      x[i * 3 + 1] = b / r;
      x[i * 3 + 2] = (a + b) / r;
    }
    const des = gOptimalDesign(x, n, 3, 0.1);
    expect(des.rank).toBe(2);
    expect(des.gMax).toBeLessThanOrEqual(2.2 + 1e-6);
    expect(des.gMax).toBeGreaterThanOrEqual(2 - 1e-6);
  });
});
