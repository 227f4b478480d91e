import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../../../src/theory/common/linalg";
import { Rng } from "../../../src/theory/common/rng";
import {
  ChebCB,
  chebyshevFeatures,
  inverseGapWeights,
  TsallisInf,
  TsallisInfCB,
  tsallisProbabilities,
  tsallisWeightsAsCoded,
} from "../../../src/theory/sor/learners";
import { boxLeastSquares, pinvSolve, psdSolve } from "../../../src/theory/sor/linalg";
import { CODE_GRID, sampleShift, sampleTruncatedGaussian } from "../../../src/theory/sor/problems";
import { paddedSize } from "../../../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../../../src/theory/sor/young";

const sum = (p: ArrayLike<number>) => Array.from(p).reduce((a, b) => a + b, 0);

describe("Tsallis-INF probabilities (the ½-Tsallis OMD step)", () => {
  it("k = 0 gives the uniform distribution", () => {
    const p = new Float64Array(20);
    tsallisProbabilities(new Float64Array(20), 2, p);
    for (const q of p) expect(q).toBeCloseTo(1 / 20, 14);
  });
  it("the Newton solve converges: Σp = 1 to 1e-12 before renormalising, p decreasing in k", () => {
    const rng = new Rng(1, 0);
    const p = new Float64Array(20);
    for (let trial = 0; trial < 200; trial++) {
      const t = 1 + rng.int(5000);
      const eta = 2 / Math.sqrt(t);
      const a = Float64Array.from({ length: 20 }, () => rng.uniform() * t * (trial % 2 ? 3 : 0.01));
      const raw = tsallisProbabilities(a, eta, p); // Σp at the Newton root, before renormalising
      expect(Math.abs(raw - 1)).toBeLessThan(1e-12);
      expect(Math.abs(sum(p) - 1)).toBeLessThan(1e-12);
      for (let i = 0; i < 20; i++)
        for (let j = 0; j < 20; j++) if (a[i] < a[j]) expect(p[i]).toBeGreaterThanOrEqual(p[j]);
    }
  });
  it("the code's literal 20 Newton steps from x = −1 overshoot once k/K ≫ √(dt) (why the safeguarded solve exists)", () => {
    const t = 400;
    const eta = 2 / Math.sqrt(t);
    const a = Float64Array.from({ length: 20 }, (_, i) => 0.6 * t + 10 * i);
    const exact = new Float64Array(20);
    const coded = new Float64Array(20);
    tsallisProbabilities(a, eta, exact);
    // The literal iteration ends far from the root: weights the sampler rejects (NaN: the code's
    // uniform fallback) or, renormalised, far from the exact distribution.
    const codedSum = tsallisWeightsAsCoded(a, eta, coded);
    for (let i = 0; i < 20; i++) coded[i] /= codedSum;
    const tv = 0.5 * sum(exact.map((q, i) => Math.abs(q - coded[i])));
    expect(Number.isNaN(codedSum) || tv > 0.1).toBe(true);
    // For small t (k/K below the start point's scale) both agree.
    const small = Float64Array.from({ length: 20 }, (_, i) => 0.05 * i);
    tsallisProbabilities(small, 2, exact);
    expect(tsallisWeightsAsCoded(small, 2, coded)).toBeCloseTo(1, 10);
    for (let i = 0; i < 20; i++) expect(coded[i]).toBeCloseTo(exact[i], 10);
  });
  it("as coded, the importance weight is the raw Newton weight probs(i), not the renormalised probability", () => {
    // Play the stationary table below until the 20 Newton steps end off the root (Σ probs ≠ 1 but
    // usable), then check the update divides by the raw weight.
    const costs = [223, 201, 181, 162, 145, 130, 115, 101, 88, 75, 62, 46, 43, 48, 58, 70, 89, 122, 187, 383];
    const L = new TsallisInf(20, true);
    const rng = new Rng(9, 0);
    const raw = new Float64Array(20);
    let checked = 0;
    for (let t = 1; t <= 3000 && checked < 5; t++) {
      const a = Float64Array.from(L.k, (k) => k / Math.max(L.scale, 1e-12));
      const total = tsallisWeightsAsCoded(a, 2 / Math.sqrt(L.t), raw);
      const i = L.predict(rng);
      const before = L.k[i];
      L.update(costs[i]);
      if (Number.isFinite(total) && Math.abs(total - 1) > 1e-3) {
        expect(L.k[i] - before).toBeCloseTo((costs[i] - 1) / raw[i], 6);
        checked++;
      }
    }
    expect(checked).toBe(5);
  });
  it("on a stationary cost table (m = 10, c = 0, b = ones, natural) play concentrates on ω ∈ {1.55, 1.60}", () => {
    const costs = [223, 201, 181, 162, 145, 130, 115, 101, 88, 75, 62, 46, 43, 48, 58, 70, 89, 122, 187, 383];
    const L = new TsallisInf(20);
    const rng = new Rng(5, 0);
    let near = 0;
    for (let t = 0; t < 3000; t++) {
      const i = L.predict(rng);
      L.update(costs[i]);
      if (t >= 2500 && (i === 11 || i === 12)) near++;
    }
    expect(near / 500).toBeGreaterThan(0.8);
  });
  it("Tsallis-INF-CB routes a context to the nearest of the bin centres lo + (hi − lo)(j − ½)/m", () => {
    const cb = new TsallisInfCB(20, 5, -0.15, 0.65);
    expect(Array.from(cb.centres)).toEqual([-0.07, 0.09, 0.25, 0.41, 0.57].map((c) => expect.closeTo(c, 12)));
    expect(cb.binOf(-0.15)).toBe(0);
    expect(cb.binOf(0.0)).toBe(0);
    expect(cb.binOf(0.02)).toBe(1);
    expect(cb.binOf(0.45)).toBe(3);
  });
});

describe("ChebCB pieces", () => {
  it("with η = 0 the inverse-gap weights are uniform; otherwise positive and summing to 1", () => {
    const rng = new Rng(2, 0);
    const p = new Float64Array(20);
    const pred = Float64Array.from({ length: 20 }, () => rng.uniform());
    inverseGapWeights(pred, 0, p);
    for (const q of p) expect(q).toBeCloseTo(1 / 20, 14);
    for (let trial = 0; trial < 100; trial++) {
      for (let i = 0; i < 20; i++) pred[i] = rng.normal();
      const best = inverseGapWeights(pred, 10 ** (4 * rng.uniform()), p);
      expect(Math.abs(sum(p) - 1)).toBeLessThan(1e-12);
      for (const q of p) expect(q).toBeGreaterThan(0);
      expect(p[best]).toBe(Math.max(...p));
    }
  });
  it("Chebyshev features are cos(j arccos x)", () => {
    const f = new Float64Array(6);
    for (const x of [-1, -0.3, 0.2, 0.9]) {
      chebyshevFeatures(x, 6, f);
      for (let j = 0; j < 6; j++) expect(f[j]).toBeCloseTo(Math.cos(j * Math.acos(x)), 12);
    }
  });
  it("the eigensolver, pseudo-inverse and Cholesky solve agree with their definitions", () => {
    const rng = new Rng(3, 0);
    const k = 6;
    // Rank-3 Gram matrix G = FᵀF from 3 rows: the pseudo-inverse gives the minimum-norm solution.
    const F = Float64Array.from({ length: 3 * k }, () => rng.normal());
    const G = new Float64Array(k * k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) for (let r = 0; r < 3; r++) G[a * k + b] += F[r * k + a] * F[r * k + b];
    const { values, vectors } = symmetricEigen(G, k);
    for (let e = 0; e < k; e++) {
      for (let i = 0; i < k; i++) {
        let gv = 0;
        for (let j = 0; j < k; j++) gv += G[i * k + j] * vectors[j * k + e];
        expect(gv).toBeCloseTo(values[e] * vectors[i * k + e], 10);
      }
    }
    const y = [1, -2, 0.5];
    const h = new Float64Array(k);
    for (let a = 0; a < k; a++) for (let r = 0; r < 3; r++) h[a] += F[r * k + a] * y[r];
    const x = pinvSolve(G, h, k);
    for (let r = 0; r < 3; r++) {
      let fx = 0;
      for (let a = 0; a < k; a++) fx += F[r * k + a] * x[a];
      expect(fx).toBeCloseTo(y[r], 9); // interpolates (underdetermined)
    }
    // x lies in the row space of F: orthogonal to G's null space.
    for (let e = 0; e < k; e++) {
      if (Math.abs(values[e]) > 1e-9) continue;
      let dotNull = 0;
      for (let i = 0; i < k; i++) dotNull += vectors[i * k + e] * x[i];
      expect(Math.abs(dotNull)).toBeLessThan(1e-8);
    }
    // Full rank: Cholesky and pseudo-inverse agree.
    const G2 = Float64Array.from(G);
    for (let i = 0; i < k; i++) G2[i * k + i] += 1;
    const a1 = psdSolve(G2, h, k);
    const a2 = pinvSolve(G2, h, k);
    for (let i = 0; i < k; i++) expect(a1[i]).toBeCloseTo(a2[i], 10);
  });
  it("box-constrained least squares stays in the box and satisfies the KKT conditions", () => {
    const rng = new Rng(4, 0);
    const k = 6;
    for (let trial = 0; trial < 50; trial++) {
      const rows = 3 + rng.int(20);
      const G = new Float64Array(k * k);
      const h = new Float64Array(k);
      for (let r = 0; r < rows; r++) {
        const f = chebyshevFeatures(2 * rng.uniform() - 1, k, new Float64Array(k));
        const y = 3 * rng.normal();
        for (let a = 0; a < k; a++) {
          h[a] += f[a] * y;
          for (let b = 0; b < k; b++) G[a * k + b] += f[a] * f[b];
        }
      }
      const ub = Float64Array.from({ length: k }, (_, j) => 0.5 / (j + 1));
      const lb = ub.map((u) => -u);
      const theta = new Float64Array(k);
      boxLeastSquares(G, h, k, lb, ub, theta);
      for (let j = 0; j < k; j++) {
        expect(theta[j]).toBeGreaterThanOrEqual(lb[j]);
        expect(theta[j]).toBeLessThanOrEqual(ub[j]);
        let g = -h[j];
        for (let i = 0; i < k; i++) g += G[j * k + i] * theta[i];
        const scale = 1e-7 * (1 + Math.abs(h[j]));
        if (theta[j] > lb[j] + 1e-12 && theta[j] < ub[j] - 1e-12) expect(Math.abs(g)).toBeLessThan(scale);
        else if (theta[j] <= lb[j] + 1e-12) expect(g).toBeGreaterThan(-scale);
        else expect(g).toBeLessThan(scale);
      }
    }
  });
  it("on the synthetic contextual cost 1 + 100|ω − ω*(c)| the played ω tracks ω*(c)", () => {
    const T = 1500;
    const L = new ChebCB(20, T, 6, -0.15, 0.65);
    const rng = new Rng(5, 0);
    const contexts = new Rng(6, 0);
    let err = 0;
    for (let t = 0; t < T; t++) {
      const c = -0.15 + 0.6 * contexts.uniform();
      const target = omegaStar(laplacianBeta(10, c));
      const i = L.predict(rng, c);
      L.update(1 + 100 * Math.abs(CODE_GRID[i] - target));
      if (t >= T - 500) err += Math.abs(CODE_GRID[i] - target) / 500;
    }
    // Uniform play averages ≈ 0.27; the grid spacing alone forces ≈ 0.0125.
    expect(err).toBeLessThan(0.05);
  });
});

describe("instance samplers", () => {
  it("shifts: c = −0.15 + 0.6X with X ~ Beta(2, 6) or Beta(½, 3/2), inside [−0.15, 0.45], mean 0 for both", () => {
    for (const [variance, varX] of [
      ["low", 12 / (64 * 9)],
      ["high", 0.75 / (4 * 3)],
    ] as const) {
      const rng = new Rng(8, 0);
      const n = 20000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const c = sampleShift(rng, variance);
        expect(c).toBeGreaterThanOrEqual(-0.15);
        expect(c).toBeLessThanOrEqual(0.45);
        s += c;
        s2 += c * c;
      }
      const mean = s / n;
      expect(Math.abs(mean)).toBeLessThan(0.005);
      expect(Math.abs(s2 / n - mean * mean - 0.36 * varX)).toBeLessThan(0.06 * 0.36 * varX);
    }
  });
  it("truncated Gaussian: ‖b‖ ≤ √n always, acceptance ≈ P(χ²₁₀₀ ≤ 100) ≈ 0.52", () => {
    const rng = new Rng(9, 0);
    const b = new Float64Array(paddedSize(10));
    let rejected = 0;
    const draws = 2000;
    for (let i = 0; i < draws; i++) {
      rejected += sampleTruncatedGaussian(rng, 10, b);
      expect(Math.sqrt(sum(b.map((v) => v * v)))).toBeLessThanOrEqual(10);
      expect(b[0]).toBe(0);
    }
    expect(draws / (draws + rejected)).toBeGreaterThan(0.48);
    expect(draws / (draws + rejected)).toBeLessThan(0.56);
  });
});
