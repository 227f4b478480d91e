import { describe, expect, it } from "vitest";
import { distance as dist2, norm as norm2 } from "../../../src/theory/common/linalg";
import { Rng } from "../../../src/theory/common/rng";
import { matVec } from "../../../src/theory/halpern/linalg";
import { buildProblem, instanceRng } from "../../../src/theory/halpern/methods";
import {
  bilinearGame,
  cocoerciveQuadratic,
  exactResolvent,
  hardQP,
  initialDistance,
  leastSquares,
  type Problem,
  policemanBurglar,
  ResidualEvaluator,
  rockPaperScissors,
} from "../../../src/theory/halpern/problems";
import { PROBLEM_KEYS } from "../../../src/theory/halpern/schema";

function randomVector(d: number, rng: Rng): Float64Array {
  const v = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = rng.normal();
  return v;
}

describe("hard QP (H5) closed form", () => {
  const qp = hardQP(200);
  it("x*_j = j, y* = −½·1 solves F(z*) = 0 exactly", () => {
    expect(new ResidualEvaluator(qp).residual(qp.solution as Float64Array)).toBe(0);
  });
  it("‖M‖₂ ≈ 0.809 and D ≈ 1639 (spec §1.7b numerical check)", () => {
    expect(qp.LF).toBeCloseTo(0.80898, 5);
    expect(initialDistance(qp)).toBeCloseTo(1639, 0);
  });
  it("the closed form holds at other sizes", () => {
    for (const n of [3, 10, 57]) {
      const p = hardQP(n);
      expect(new ResidualEvaluator(p).residual(p.solution as Float64Array)).toBeLessThan(1e-12);
    }
  });
});

describe("closed-form solutions of H1, H3, H4, H6", () => {
  it("H1: the min-norm solution (from u0 = 0) solves F = 0 and is orthogonal to the null space", () => {
    const p = cocoerciveQuadratic(7, 12, 0.5, 1, new Rng(1), 3);
    const s = p.solution as Float64Array;
    expect(new ResidualEvaluator(p).residual(s)).toBeLessThan(1e-12);
    // Null directions are the eigenvectors with λ = 0 (rows of the basis); s must be orthogonal to them.
    let nulls = 0;
    for (let k = 0; k < 12; k++) {
      if (p.lambda[k] !== 0) continue;
      nulls++;
      let dot = 0;
      for (let j = 0; j < 12; j++) dot += p.basis[k * 12 + j] * s[j];
      expect(Math.abs(dot)).toBeLessThan(1e-12);
    }
    expect(nulls).toBe(3);
  });

  it("H3: F(ū) = 0 and L = max‖a_i‖² = 1 ≥ L_F; A2 holds on random pairs", () => {
    const p = leastSquares(300, 10, 1, new Rng(3));
    expect(new ResidualEvaluator(p).residual(p.solution as Float64Array)).toBeLessThan(1e-12);
    const coco = p.coco as { L: number; Lexp: number };
    expect(coco.Lexp).toBe(1);
    expect(coco.L).toBeLessThan(1);
    expect(coco.Lexp / coco.L).toBeGreaterThan(2);
    expect(coco.Lexp / coco.L).toBeLessThan(4);
    // E_i‖F_i(u) − F_i(v)‖² ≤ L⟨F(u) − F(v), u − v⟩ (assumption A2), checked exactly over all i.
    const rng = new Rng(4);
    for (let t = 0; t < 5; t++) {
      const u = randomVector(10, rng);
      const v = randomVector(10, rng);
      let lhs = 0;
      const diff = new Float64Array(10);
      for (let i = 0; i < p.op.n; i++) {
        diff.fill(0);
        p.op.addComponentDiff(i, u, v, 1, diff);
        lhs += norm2(diff) ** 2 / p.op.n;
      }
      const Fu = new Float64Array(10);
      const Fv = new Float64Array(10);
      p.op.apply(u, Fu);
      p.op.apply(v, Fv);
      let rhs = 0;
      for (let k = 0; k < 10; k++) rhs += (Fu[k] - Fv[k]) * (u[k] - v[k]);
      expect(lhs).toBeLessThanOrEqual(coco.Lexp * rhs * (1 + 1e-12));
      // and deterministic cocoercivity ‖F(u)−F(v)‖² ≤ L_F⟨·,·⟩
      expect(dist2(Fu, Fv) ** 2).toBeLessThanOrEqual(coco.L * rhs * (1 + 1e-9));
    }
  });

  it("H4 bilinear: F(z*) = 0; H6 RPS: natural residual 0 at the uniform strategies", () => {
    const b = bilinearGame(20, 6, 0.5, 0.3, new Rng(5));
    expect(new ResidualEvaluator(b).residual(b.solution as Float64Array)).toBeLessThan(1e-12);
    const r = rockPaperScissors(15, 0.3, new Rng(6));
    expect(new ResidualEvaluator(r).residual(r.solution as Float64Array)).toBeLessThan(1e-15);
    expect(new ResidualEvaluator(r).residual(r.u0)).toBeGreaterThan(0.1);
  });
});

describe("operators: components average to F, differences and dense forms agree", () => {
  const problems: Problem[] = [
    ...PROBLEM_KEYS.map((key) =>
      buildProblem({
        problem: key,
        n: key === "matrix-game" || key === "hard-qp" ? 12 : 9,
        conditioning: "well",
        seed: 3,
      }),
    ),
  ];
  for (const p of problems) {
    it(`${p.key}: (1/n)Σ F_i = F, diff = F_i(u) − F_i(v), M u − q = F(u)`, () => {
      const rng = new Rng(7);
      const d = p.op.dim;
      const u = randomVector(d, rng);
      const v = randomVector(d, rng);
      const F = new Float64Array(d);
      p.op.apply(u, F);
      const avg = new Float64Array(d);
      for (let i = 0; i < p.op.n; i++) p.op.addComponent(i, u, 1 / p.op.n, avg);
      expect(dist2(avg, F)).toBeLessThan(1e-10 * (1 + norm2(F)));
      const i = 3 % p.op.n;
      const diff = new Float64Array(d);
      p.op.addComponentDiff(i, u, v, 1, diff);
      const ref = new Float64Array(d);
      p.op.addComponent(i, u, 1, ref);
      p.op.addComponent(i, v, -1, ref);
      expect(dist2(diff, ref)).toBeLessThan(1e-10 * (1 + norm2(ref)));
      const { M, q } = p.op.affine();
      const Mu = new Float64Array(d);
      matVec(M, u, Mu);
      for (let k = 0; k < d; k++) Mu[k] -= q[k];
      expect(dist2(Mu, F)).toBeLessThan(1e-10 * (1 + norm2(F)));
      // Monotone: ⟨F(u) − F(v), u − v⟩ ≥ 0.
      const Fv = new Float64Array(d);
      p.op.apply(v, Fv);
      let inner = 0;
      for (let k = 0; k < d; k++) inner += (F[k] - Fv[k]) * (u[k] - v[k]);
      expect(inner).toBeGreaterThanOrEqual(-1e-10);
    });
  }
});

describe("matrix game instance", () => {
  it("is nearly rank one: ‖A‖_F/‖A‖₂ ≈ 1 (the spec's structural check)", () => {
    const p = policemanBurglar(200, 0.8, instanceRng(1));
    const ratio = (p.frobenius as number) / p.LF;
    expect(ratio).toBeGreaterThanOrEqual(1);
    expect(ratio).toBeLessThan(1.01);
    expect(p.A[0]).toBe(0); // A_ii = w_i (1 − e⁰) = 0
  });
});

describe("exact resolvent", () => {
  it("v = J(u) satisfies v + ηF(v) = u", () => {
    const p = bilinearGame(5, 4, 0.5, 0.2, new Rng(8));
    const eta = 0.7;
    const J = exactResolvent(p, eta);
    const u = randomVector(8, new Rng(9));
    const v = new Float64Array(8);
    J(u, v);
    const Fv = new Float64Array(8);
    p.op.apply(v, Fv);
    for (let k = 0; k < 8; k++) expect(v[k] + eta * Fv[k]).toBeCloseTo(u[k], 12);
  });
});
