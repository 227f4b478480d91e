import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { projectSimplex, projectSimplexSort } from "../../../src/theory/halpern/simplex";

const projections = { michelot: projectSimplex, sort: projectSimplexSort };

/** Independent optimality check: x = Π_Δ(y) iff x ∈ Δ and ⟨y − x, z − x⟩ ≤ 0 for every vertex z. */
function assertIsProjection(y: Float64Array, x: Float64Array): void {
  let sum = 0;
  for (const v of x) {
    expect(v).toBeGreaterThanOrEqual(0);
    sum += v;
  }
  expect(sum).toBeCloseTo(1, 12);
  // ⟨y − x, e_j − x⟩ ≤ 0 for all j  ⇔  max_j (y − x)_j ≤ ⟨y − x, x⟩.
  let inner = 0;
  let maxj = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < y.length; j++) {
    inner += (y[j] - x[j]) * x[j];
    maxj = Math.max(maxj, y[j] - x[j]);
  }
  expect(maxj).toBeLessThanOrEqual(inner + 1e-12);
}

describe("simplex projection", () => {
  for (const [name, project] of Object.entries(projections)) {
    it(`${name}: leaves interior points exactly unchanged (the released Python fails here)`, () => {
      const rng = new Rng(11);
      for (let t = 0; t < 200; t++) {
        const d = 2 + rng.int(30);
        const x = new Float64Array(d);
        let s = 0;
        for (let i = 0; i < d; i++) s += x[i] = rng.uniform();
        for (let i = 0; i < d; i++) x[i] /= s;
        const y = Float64Array.from(x);
        project(y);
        for (let i = 0; i < d; i++) expect(y[i]).toBeCloseTo(x[i], 14);
      }
      const uniform = new Float64Array(5).fill(0.2);
      project(uniform);
      for (const v of uniform) expect(v).toBeCloseTo(0.2, 15);
    });

    it(`${name}: boundary points (vertices and faces) are fixed`, () => {
      for (let j = 0; j < 4; j++) {
        const e = new Float64Array(4);
        e[j] = 1;
        project(e);
        expect(Array.from(e)).toEqual([0, 1, 2, 3].map((i) => (i === j ? 1 : 0)));
      }
      const face = Float64Array.from([0.5, 0, 0.5, 0]);
      project(face);
      expect(Array.from(face)).toEqual([0.5, 0, 0.5, 0]);
    });

    it(`${name}: known answers`, () => {
      const a = Float64Array.from([2, 0, 0]);
      project(a);
      expect(Array.from(a)).toEqual([1, 0, 0]);
      const b = Float64Array.from([0.5, 0.5, 0.5, 0.5]);
      project(b);
      for (const v of b) expect(v).toBeCloseTo(0.25, 15);
      const c = Float64Array.from([-1, 3, 1]); // τ = 2 keeps only the middle coordinate
      project(c);
      expect(Array.from(c)).toEqual([0, 1, 0]);
    });

    it(`${name}: random points satisfy the optimality conditions`, () => {
      const rng = new Rng(12);
      for (let t = 0; t < 500; t++) {
        const d = 1 + rng.int(50);
        const y = new Float64Array(d);
        for (let i = 0; i < d; i++)
          y[i] = t % 3 === 0 ? rng.normal() * 3 : t % 3 === 1 ? rng.uniform() : Math.round(rng.normal());
        const x = Float64Array.from(y);
        project(x);
        assertIsProjection(y, x);
      }
    });
  }

  it("Michelot and sort-based projections agree, also on sub-blocks", () => {
    const rng = new Rng(13);
    for (let t = 0; t < 300; t++) {
      const d = 1 + rng.int(60);
      const y = new Float64Array(d + 4);
      for (let i = 0; i < y.length; i++) y[i] = rng.normal();
      const a = Float64Array.from(y);
      const b = Float64Array.from(y);
      projectSimplex(a, 2, d);
      projectSimplexSort(b, 2, d);
      for (let i = 0; i < y.length; i++) expect(a[i]).toBeCloseTo(b[i], 12);
      expect([a[0], a[1], a[d + 2], a[d + 3]]).toEqual([y[0], y[1], y[d + 2], y[d + 3]]);
    }
  });
});
