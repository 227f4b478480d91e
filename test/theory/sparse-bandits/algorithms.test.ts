import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { logLogSlope } from "../../../src/theory/common/stats";
import {
  denseCalibratedSamples,
  denseLeastSquares,
  enumerationCalibratedSamples,
  enumerationEvaluationSamples,
  evaluateCandidates,
  netCalibratedSamples,
  netCandidates,
  prepareEnumeration,
  supportEnumeration,
} from "../../../src/theory/sparse-bandits/algorithms";
import {
  enumerationGuarantee,
  leastSquaresGuarantee,
  netGuarantee,
  sphereEnumerationQueries,
  sphereNetQueries,
} from "../../../src/theory/sparse-bandits/bounds";
import { binomial, sparseNet, supports } from "../../../src/theory/sparse-bandits/combinatorics";
import {
  type Instance,
  type InstanceOptions,
  makeInstance,
  suboptimality,
} from "../../../src/theory/sparse-bandits/problems";

const DELTA = 0.1;
const opts = (o: Partial<InstanceOptions>): InstanceOptions => ({
  family: "sphere",
  d: 10,
  k: 100,
  s: 2,
  eps: 0.2,
  sigma: 1,
  signal: 1,
  misspec: "random",
  gamma: 0.1,
  ...o,
});

/** Index of θ*'s support among the lexicographic s-subsets. */
function trueSupportIndex(inst: Instance): number {
  const list = supports(inst.d, inst.s);
  for (let c = 0; c < list.length / inst.s; c++) {
    if (Array.from(list.subarray(c * inst.s, (c + 1) * inst.s)).join() === Array.from(inst.support).join()) return c;
  }
  throw new Error("support not found");
}

/** Allowed failures out of n trials of an event of probability ≤ δ: mean + 3 sd (binomial slack). */
const slack = (n: number, delta: number) => Math.ceil(n * delta + 3 * Math.sqrt(n * delta * (1 - delta)));

describe("guarantees at calibrated budgets over 20 random instances", () => {
  for (const family of ["sphere", "hypercube", "good"] as const) {
    for (const misspec of ["random", "adversarial"] as const) {
      it(`${family} features, ${misspec} Δ: each learner within its guarantee`, () => {
        const fails = [0, 0, 0];
        const seeds = 20;
        for (let seed = 0; seed < seeds; seed++) {
          const inst = makeInstance(opts({ family, misspec }), new Rng(seed, 0));
          const nDense = denseCalibratedSamples(inst, DELTA);
          const dense = denseLeastSquares(inst, nDense, new Rng(seed, 1));
          const gDense = leastSquaresGuarantee(
            inst.eps,
            inst.d,
            inst.gamma,
            inst.denseDesign.support.length,
            nDense,
            inst.eps,
          );
          const en = prepareEnumeration(inst);
          const nEnum = enumerationCalibratedSamples(inst, DELTA);
          const enumOut = supportEnumeration(
            inst,
            en,
            nEnum,
            (c) => enumerationEvaluationSamples(inst, c, DELTA),
            new Rng(seed, 2),
          );
          const trueDesign = en.designs[trueSupportIndex(inst)];
          const gEnum = enumerationGuarantee(
            inst.eps,
            inst.s,
            inst.gamma,
            trueDesign.support.length,
            nEnum,
            inst.eps,
            inst.eps,
          );
          const cands = netCandidates(inst, en, sparseNet(inst.s, inst.eps));
          const net = evaluateCandidates(
            inst,
            cands,
            netCalibratedSamples(inst, cands.length, DELTA),
            new Rng(seed, 3),
          );
          if (suboptimality(inst, dense.action) > gDense) fails[0]++;
          if (suboptimality(inst, enumOut.action) > gEnum) fails[1]++;
          if (suboptimality(inst, net.action) > netGuarantee(inst.eps)) fails[2]++;
        }
        for (const f of fails) expect(f).toBeLessThanOrEqual(slack(seeds, DELTA));
      });
    }
  }

  it("ε-net: suboptimality ≤ 6ε in at least (1 − δ) of 50 seeds (spec default d = 8, s = 1, adversarial)", () => {
    let ok = 0;
    for (let seed = 0; seed < 50; seed++) {
      for (const family of ["good"] as const) {
        const inst = makeInstance(opts({ family, d: 8, s: 1, k: 200, misspec: "adversarial" }), new Rng(seed, 0));
        const en = prepareEnumeration(inst);
        const cands = netCandidates(inst, en, sparseNet(1, inst.eps));
        const out = evaluateCandidates(inst, cands, netCalibratedSamples(inst, cands.length, DELTA), new Rng(seed, 1));
        if (suboptimality(inst, out.action) <= 6 * inst.eps) ok++;
      }
    }
    expect(50 - ok).toBeLessThanOrEqual(slack(50, DELTA));
  });
});

describe("noise-free guarantees (σ → 0): the deterministic part of each bound", () => {
  it("ε-net ≤ 4ε, support enumeration ≤ 2ε + 2ε√((1+γ)s(1+|D|/N)), dense ≤ 2ε + 2ε√((1+γ)d(1+|D|/N))", () => {
    for (let seed = 0; seed < 20; seed++) {
      for (const family of ["sphere", "good"] as const) {
        const inst = makeInstance(
          opts({ family, sigma: 1e-12, misspec: seed % 2 ? "random" : "adversarial" }),
          new Rng(seed, 0),
        );
        const en = prepareEnumeration(inst);
        const cands = netCandidates(inst, en, sparseNet(inst.s, inst.eps));
        const net = evaluateCandidates(inst, cands, 1, new Rng(seed, 1));
        expect(suboptimality(inst, net.action)).toBeLessThanOrEqual(4 * inst.eps + 1e-9);
        const n = 1000;
        const e = supportEnumeration(inst, en, n, 1, new Rng(seed, 2));
        const dSupp = en.designs[trueSupportIndex(inst)].support.length;
        expect(suboptimality(inst, e.action)).toBeLessThanOrEqual(
          leastSquaresGuarantee(inst.eps, inst.s, inst.gamma, dSupp, n, 1e-6),
        );
        const dense = denseLeastSquares(inst, n, new Rng(seed, 3));
        expect(suboptimality(inst, dense.action)).toBeLessThanOrEqual(
          leastSquaresGuarantee(inst.eps, inst.d, inst.gamma, inst.denseDesign.support.length, n, 1e-6),
        );
      }
    }
  });
});

describe("sparsity beats the ε√d barrier", () => {
  it("adversarial ±eᵢ + hypercube, d = 64, s = 1, ε = 0.1: dense error > 6ε ≥ ε-net error in every seed", () => {
    const eps = 0.1;
    for (let seed = 0; seed < 20; seed++) {
      const inst = makeInstance(
        opts({ family: "good", d: 64, k: 200, s: 1, eps, signal: 0.6, misspec: "adversarial" }),
        new Rng(seed, 0),
      );
      const dense = denseLeastSquares(inst, denseCalibratedSamples(inst, DELTA), new Rng(seed, 1));
      const en = prepareEnumeration(inst);
      const cands = netCandidates(inst, en, sparseNet(1, eps));
      const net = evaluateCandidates(inst, cands, netCalibratedSamples(inst, cands.length, DELTA), new Rng(seed, 2));
      const denseSub = suboptimality(inst, dense.action);
      expect(denseSub).toBeGreaterThan(6 * eps);
      expect(denseSub).toBeGreaterThan(0.8 * eps * Math.sqrt(inst.d));
      expect(suboptimality(inst, net.action)).toBeLessThanOrEqual(6 * eps);
    }
  });

  it("the dense learner's error at fixed N grows with d on the adversarial instance", () => {
    const mean = (d: number) => {
      let total = 0;
      for (let seed = 0; seed < 10; seed++) {
        const inst = makeInstance(opts({ family: "good", d, k: 200, s: 1, misspec: "adversarial" }), new Rng(seed, 0));
        total += suboptimality(inst, denseLeastSquares(inst, 100_000, new Rng(seed, 1)).action);
      }
      return total / 10;
    };
    const errs = [8, 16, 32, 64].map(mean);
    expect(errs[1]).toBeGreaterThan(errs[0] + 0.3);
    expect(errs[2]).toBeGreaterThan(errs[1] + 0.1);
    // By d = 64 the error has saturated near the reward range (‖θ*‖ = 1), still above 6ε.
    expect(errs[3]).toBeGreaterThan(6 * 0.2);
  });
});

describe("query counts follow the formulas", () => {
  const inst = makeInstance(opts({ d: 9, s: 2, k: 80 }), new Rng(3, 0));
  const en = prepareEnumeration(inst);

  it("dense: Σ⌈π_a N⌉ over the design, between N and N + |D|; calibrated N = ⌈2(1+γ)dσ² ln(2k/δ)/ε²⌉", () => {
    const n = denseCalibratedSamples(inst, DELTA);
    expect(n).toBe(Math.ceil((2 * 1.1 * 9 * Math.log((2 * 80) / DELTA)) / 0.04));
    const out = denseLeastSquares(inst, n, new Rng(1, 1));
    let expected = 0;
    for (const a of inst.denseDesign.support)
      expected += Math.max(1, Math.ceil(inst.denseDesign.weights[a] * n - 1e-9));
    expect(out.queries).toBe(expected);
    expect(out.queries).toBeGreaterThanOrEqual(n);
    expect(out.queries).toBeLessThanOrEqual(n + inst.denseDesign.support.length);
  });

  it("support enumeration: exactly C(d, s) fits plus N_cand · m evaluations", () => {
    expect(en.count).toBe(binomial(9, 2));
    expect(en.count).toBe(36);
    const n = 500;
    const m = 7;
    const out = supportEnumeration(inst, en, n, m, new Rng(1, 2));
    let fits = 0;
    for (const des of en.designs)
      for (const a of des.support) fits += Math.max(1, Math.ceil(des.weights[a] * n - 1e-9));
    expect(out.queries).toBe(fits + out.candidates * m);
    expect(out.candidates).toBeLessThanOrEqual(Math.min(inst.k, en.count));
  });

  it("ε-net: N_cand ≤ min{k, C(d,s)(1+2/ε)^s} and queries = N_cand · ⌈2σ² ln(2N_cand/δ)/ε²⌉", () => {
    const net = sparseNet(2, inst.eps);
    const cands = netCandidates(inst, en, net);
    expect(cands.length).toBeLessThanOrEqual(Math.min(inst.k, binomial(9, 2) * (1 + 2 / inst.eps) ** 2));
    expect(new Set(cands).size).toBe(cands.length);
    const m = netCalibratedSamples(inst, cands.length, DELTA);
    expect(m).toBe(Math.ceil((2 * Math.log((2 * cands.length) / DELTA)) / inst.eps ** 2));
    expect(evaluateCandidates(inst, cands, m, new Rng(1, 3)).queries).toBe(cands.length * m);
  });

  it("ε-net candidates equal a brute force over bitmask supports, grid points and full-dimensional greedy", () => {
    for (const s of [1, 2]) {
      const small = makeInstance(opts({ d: 6, s, k: 60, eps: 0.3 }), new Rng(9, s));
      const net = sparseNet(s, 0.3);
      const fast = new Set(netCandidates(small, prepareEnumeration(small), net));
      const brute = new Set<number>();
      for (let mask = 0; mask < 1 << 6; mask++) {
        const cols = [0, 1, 2, 3, 4, 5].filter((i) => (mask >> i) & 1);
        if (cols.length !== s) continue;
        for (let g = 0; g < net.points; g++) {
          const theta = new Float64Array(6);
          for (let j = 0; j < s; j++) theta[cols[j]] = net.grid[g * s + j];
          let best = 0;
          let bestVal = Number.NEGATIVE_INFINITY;
          for (let a = 0; a < small.k; a++) {
            let t = 0;
            for (let i = 0; i < 6; i++) t += small.features[a * 6 + i] * theta[i];
            if (t > bestVal + 1e-12) {
              bestVal = t;
              best = a;
            }
          }
          brute.add(best);
        }
      }
      expect([...fast].sort((a, b) => a - b)).toEqual([...brute].sort((a, b) => a - b));
    }
  });

  it("on the sphere, the log–log slope of the query count against d is about s (d from 16 to 64)", () => {
    const ds = [16, 24, 32, 48, 64];
    for (const s of [1, 2, 3]) {
      const net = ds.map((d) => sphereNetQueries(d, s, 0.3, DELTA, 1).queries);
      const en = ds.map((d) => sphereEnumerationQueries(d, s, 0.3, DELTA, 1).queries);
      for (const counts of [net, en]) {
        const slope = logLogSlope(ds, counts).slope;
        expect(slope).toBeGreaterThan(s - 0.1);
        expect(slope).toBeLessThan(s + 0.4);
      }
      // Net candidates on the sphere: every net direction of every support.
      expect(sphereNetQueries(20, s, 0.3, DELTA, 1).candidates).toBe(binomial(20, s) * sparseNet(s, 0.3).count);
    }
  });
});
