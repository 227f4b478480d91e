/**
 * Deterministic methods on the spec's test problems (§1.8): certified bounds hold at every iterate,
 * slopes on well-conditioned instances, convergence to the closed-form solutions.
 */
import { describe, expect, it } from "vitest";
import { distance as dist2 } from "../../../src/theory/common/linalg";
import { Rng } from "../../../src/theory/common/rng";
import { eag, eagNextAlpha, extragradient, halpern, halpernResolvent } from "../../../src/theory/halpern/algorithms";
import {
  eagConstantBound,
  eagVaryingBound,
  halpernCocoerciveBound,
  halpernResolventBound,
} from "../../../src/theory/halpern/bounds";
import {
  bilinearGame,
  cocoerciveQuadratic,
  exactResolvent,
  hardQP,
  initialDistance,
  leastSquares,
  rockPaperScissors,
} from "../../../src/theory/halpern/problems";
import { ks, runIterations, slope } from "./helpers";

const K = 2000;

describe("H1: Halpern on a cocoercive quadratic, ‖F(u_k)‖ ≤ L·D/(k+1) at every k", () => {
  for (const [name, mu, nullDim] of [
    ["spectrum [L/2, L]", 0.5, 0],
    ["ill-conditioned, μ/L = 1e-4", 1e-4, 0],
    ["rank-deficient (3 zero eigenvalues)", 0.5, 3],
  ] as const) {
    it(name, () => {
      const p = cocoerciveQuadratic(5, 20, mu, 1, new Rng(21), nullDim);
      const L = (p.coco as { L: number }).L;
      const D = initialDistance(p);
      const tr = runIterations(p, (c) => halpern(c, 2 / L), K);
      let maxRatio = 0;
      for (let k = 1; k <= K; k++) {
        const ratio = tr.residual[k - 1] / halpernCocoerciveBound(k, L, D);
        expect(ratio).toBeLessThanOrEqual(1);
        maxRatio = Math.max(maxRatio, ratio);
      }
      expect(maxRatio).toBeGreaterThan(0.1); // the bound is not vacuous here
      if (mu === 0.5) {
        // Well-conditioned: slope −1 over the last decade, ratio ≈ ½ (the spec's 0.501 on its instance).
        expect(slope(ks(K), tr.residual, K / 10)).toBeGreaterThan(-1.05);
        expect(slope(ks(K), tr.residual, K / 10)).toBeLessThan(-0.95);
        const lateRatio = tr.residual[K - 1] / halpernCocoerciveBound(K, L, D);
        expect(lateRatio).toBeGreaterThan(0.3);
        // Converges to the solution nearest to u0 (the min-norm one when rank-deficient).
        expect(dist2(tr.last, p.solution as Float64Array) / D).toBeLessThan(0.01);
      }
    });
  }

  it("H3 least squares (deterministic, step 2/L_F): same bound at every k", () => {
    const p = leastSquares(200, 10, 1, new Rng(22));
    const L = (p.coco as { L: number }).L;
    const D = initialDistance(p);
    const tr = runIterations(p, (c) => halpern(c, 2 / L), K);
    for (let k = 1; k <= K; k++) expect(tr.residual[k - 1]).toBeLessThanOrEqual(halpernCocoerciveBound(k, L, D));
  });
});

describe("H2: Halpern on the exact resolvent, Res(J u_{t−1}) ≤ 2D/(η t) at every t", () => {
  for (const sigmaMin of [0.5, 0.02]) {
    it(`bilinear game, σ_min = ${sigmaMin}`, () => {
      const p = bilinearGame(4, 10, sigmaMin, 0.3, new Rng(23));
      const eta = 1 / p.LF;
      const D = initialDistance(p);
      const tr = runIterations(p, (c) => halpernResolvent(c, exactResolvent(p, eta)), K);
      let maxRatio = 0;
      for (let t = 1; t <= K; t++) {
        const ratio = tr.residual[t - 1] / halpernResolventBound(t, eta, D);
        expect(ratio).toBeLessThanOrEqual(1);
        maxRatio = Math.max(maxRatio, ratio);
      }
      expect(maxRatio).toBeGreaterThan(0.1);
      if (sigmaMin === 0.5) {
        const s = slope(ks(K), tr.residual, 100);
        expect(s).toBeGreaterThan(-1.1);
        expect(s).toBeLessThan(-0.9);
      }
    });
  }
});

describe("EAG (Yoon & Ryu 2021; constants [M]) on bilinear games and the hard QP", () => {
  const problems = [
    bilinearGame(3, 10, 0.5, 0.3, new Rng(24)),
    bilinearGame(3, 10, 0.02, 0.3, new Rng(25)),
    hardQP(20),
  ];
  for (const p of problems) {
    it(`EAG-C with α = 1/(8L): ‖F(z_k)‖ ≤ √260·LD/(k+1) at every k — ${p.label}`, () => {
      const alpha = 1 / (8 * p.LF);
      const D = initialDistance(p);
      const tr = runIterations(p, (c) => eag(c, { kind: "constant", alpha }), K);
      for (let k = 1; k <= K; k++) expect(tr.residual[k - 1]).toBeLessThanOrEqual(eagConstantBound(k, alpha, p.LF, D));
      expect(eagConstantBound(1, alpha, p.LF, D)).toBeCloseTo((Math.sqrt(260) * p.LF * D) / 2, 8);
    });
    it(`EAG-V: ‖F(z_k)‖ ≤ √27·LD/√((k+1)(k+2)) at every k — ${p.label}`, () => {
      const D = initialDistance(p);
      const tr = runIterations(p, (c) => eag(c, { kind: "varying", L: p.LF }), K);
      for (let k = 1; k <= K; k++) expect(tr.residual[k - 1]).toBeLessThanOrEqual(eagVaryingBound(k, p.LF, D));
    });
  }

  it("EAG-V's step stays in (0.4/L, 0.618/L] (the recursion's known behaviour)", () => {
    let a = 0.618;
    for (let k = 0; k < 10000; k++) {
      a = eagNextAlpha(a, k, 1);
      expect(a).toBeGreaterThan(0.4);
      expect(a).toBeLessThanOrEqual(0.618);
    }
  });
});

describe("H5: the hard QP's iterates converge to x* = (1..n), y* = −½·1", () => {
  it("resolvent Halpern (η = 50): ‖J u_K − z*‖ ≤ 10⁻³·D and the bound 2D/(ηt) holds", () => {
    const p = hardQP(8);
    const D = initialDistance(p);
    const eta = 50;
    const tr = runIterations(p, (c) => halpernResolvent(c, exactResolvent(p, eta)), 3000);
    for (let t = 1; t <= 3000; t++) expect(tr.residual[t - 1]).toBeLessThanOrEqual(halpernResolventBound(t, eta, D));
    expect(dist2(tr.last, p.solution as Float64Array) / D).toBeLessThan(1e-3);
    for (let j = 0; j < 8; j++) {
      expect(tr.last[j]).toBeCloseTo(j + 1, 0);
      expect(tr.last[8 + j]).toBeCloseTo(-0.5, 1);
    }
  });

  it("EG with the script's step 0.5: a long plateau, then progress (residual falls)", () => {
    const p = hardQP(30);
    const tr = runIterations(p, (c) => extragradient(c, 0.5), 20000);
    expect(tr.residual[19999]).toBeLessThan(tr.residual[99]);
  });
});

describe("H6: rock–paper–scissors on simplices", () => {
  it("EG and EAG drive the natural residual to 0 and the iterates to (⅓, ⅓, ⅓)", () => {
    const p = rockPaperScissors(20, 0.3, new Rng(26));
    const eg = runIterations(p, (c) => extragradient(c, 0.5 / p.LF), 3000);
    expect(eg.residual[2999]).toBeLessThan(1e-8);
    expect(dist2(eg.last, p.solution as Float64Array)).toBeLessThan(1e-8);
    const anchored = runIterations(p, (c) => eag(c, { kind: "constant", alpha: 1 / (8 * p.LF) }), 3000);
    expect(anchored.residual[2999]).toBeLessThan(0.01);
    expect(dist2(anchored.last, p.solution as Float64Array)).toBeLessThan(0.01);
    // Anchoring caps the rate at 1/k: still sublinear where EG is linear (spec §1.3 item 5).
    expect(anchored.residual[2999]).toBeGreaterThan(eg.residual[2999]);
  });
});
