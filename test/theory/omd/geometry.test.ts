import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dist2, dot, norm, projectBall, projectSimplex, weightedBallMin } from "../../../src/theory/omd/geometry";

const vec = (d: number, lo = -3, hi = 3) =>
  fc
    .array(fc.double({ min: lo, max: hi, noNaN: true }), { minLength: d, maxLength: d })
    .map((a) => Float64Array.from(a));

describe("projection onto the ball", () => {
  it("leaves interior points alone and shrinks exterior points radially", () => {
    const x = Float64Array.of(0.3, -0.4);
    projectBall(x, 1);
    expect([...x]).toEqual([0.3, -0.4]);
    const y = Float64Array.of(3, 4);
    projectBall(y, 1);
    expect(y[0]).toBeCloseTo(0.6, 15);
    expect(y[1]).toBeCloseTo(0.8, 15);
  });
  it("satisfies the projection inequality ⟨x − Πx, z − Πx⟩ ≤ 0 for every z in the ball", () => {
    fc.assert(
      fc.property(vec(4), vec(4, -0.5, 0.5), (x, z) => {
        const p = Float64Array.from(x);
        projectBall(p, 1);
        const a = x.map((v, i) => v - p[i]);
        const b = z.map((v, i) => v - p[i]);
        return norm(p) <= 1 + 1e-12 && dot(a, b) <= 1e-9;
      }),
    );
  });
});

describe("projection onto the simplex", () => {
  it("matches hand-computed projections", () => {
    const scratch = new Float64Array(3);
    const a = Float64Array.of(0.5, 0.5, 0.5);
    projectSimplex(a, scratch);
    for (const v of a) expect(v).toBeCloseTo(1 / 3, 15);
    const b = Float64Array.of(2, 0, 0);
    projectSimplex(b, scratch);
    expect([...b]).toEqual([1, 0, 0]);
    const c = Float64Array.of(1, 0.5, -1); // τ = 0.25 → (0.75, 0.25, 0)
    projectSimplex(c, scratch);
    expect(c[0]).toBeCloseTo(0.75, 15);
    expect(c[1]).toBeCloseTo(0.25, 15);
    expect(c[2]).toBe(0);
  });
  it("lands on the simplex and satisfies the projection inequality", () => {
    fc.assert(
      fc.property(vec(5), vec(5, 0, 1), (x, w) => {
        const p = Float64Array.from(x);
        projectSimplex(p, new Float64Array(5));
        const sum = w.reduce((s, v) => s + v, 0) || 1;
        const z = w.map((v) => (sum > 0 ? v / sum : 0.2));
        const a = x.map((v, i) => v - p[i]);
        const b = z.map((v, i) => v - p[i]);
        const total = p.reduce((s, v) => s + v, 0);
        return Math.abs(total - 1) < 1e-12 && p.every((v) => v >= 0) && dot(a, b) <= 1e-9;
      }),
    );
  });
});

describe("weighted comparator on the ball", () => {
  it("equals a brute-force minimum over a fine polar grid (d = 2)", () => {
    const w = Float64Array.of(3, 1);
    const c = Float64Array.of(1.2, -0.9);
    const u = new Float64Array(2);
    const v = weightedBallMin(w, c, 1, u);
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= 400; i++) {
      for (let j = 0; j < 720; j++) {
        const r = i / 400;
        const th = (2 * Math.PI * j) / 720;
        const x = Float64Array.of(r * Math.cos(th), r * Math.sin(th));
        best = Math.min(best, 0.5 * (w[0] * (x[0] - c[0]) ** 2 + w[1] * (x[1] - c[1]) ** 2));
      }
    }
    expect(v).toBeLessThanOrEqual(best + 1e-12);
    expect(v).toBeGreaterThan(best - 1e-3);
    expect(norm(u)).toBeCloseTo(1, 9);
  });
  it("is the unconstrained minimum inside the ball", () => {
    const u = new Float64Array(2);
    expect(weightedBallMin(Float64Array.of(1, 2), Float64Array.of(0.3, 0.4), 1, u)).toBe(0);
    expect(dist2(u, Float64Array.of(0.3, 0.4))).toBe(0);
  });
});
