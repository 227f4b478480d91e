import { describe, expect, it } from "vitest";
import {
  callsToReach,
  complexitySettings,
  DoubleLoopPenalty,
  type MethodSettings,
  makeMethod,
} from "../../../src/theory/bilevel/algorithms";
import { CountedOracle } from "../../../src/theory/bilevel/oracle";
import { type BilevelProblem, makeProblem } from "../../../src/theory/bilevel/problems";
import type { MethodKey } from "../../../src/theory/bilevel/schema";
import { distance } from "../../../src/theory/common/linalg";
import { Rng } from "../../../src/theory/common/rng";
import { median } from "./helpers";

function settings(p: BilevelProblem, sigma: number, o: Partial<MethodSettings> = {}): MethodSettings {
  return {
    sigma,
    alpha: 1 / p.smoothness(sigma),
    gamma: 1 / (p.lipschitzGy + sigma * p.lipschitzFy),
    inner: 20,
    baselineInner: 5,
    batch: 1,
    beta: 0.1,
    proxSteps: 5,
    vpbgdStep: 0.1,
    bomeEta: 0.5,
    bomeLr: 0.05,
    ...o,
  };
}

describe("double-loop penalty method (reconstruction)", () => {
  const p = makeProblem("T1");
  const sigma = 0.01;
  const target = p.xStarSigma(sigma);

  for (const key of ["double", "prox"] as MethodKey[]) {
    it(`${key}: reaches x*_σ on T1 to 1e-8, linearly`, () => {
      const oracle = new CountedOracle(p, 0, new Rng(1));
      const m = makeMethod(key, oracle, Float64Array.of(2, -1, 1), settings(p, sigma));
      const dist: number[] = [];
      for (let k = 0; k < 400; k++) {
        m.step();
        dist.push(distance(m.x, target));
      }
      expect(dist[dist.length - 1]).toBeLessThan(1e-8);
      // Linear rate: the distance shrinks by a roughly constant factor < 1 per outer step.
      const rate1 = (dist[60] / dist[20]) ** (1 / 40);
      const rate2 = (dist[100] / dist[60]) ** (1 / 40);
      expect(rate1).toBeLessThan(0.98);
      expect(Math.abs(rate1 - rate2)).toBeLessThan(0.02);
    });
  }

  it("T3 (γ = 1/(8 + σ), M = 200, α = 0.2) reaches argmin ψ_σ ≈ 0.4969 at σ = 0.1", () => {
    const t3 = makeProblem("T3");
    const oracle = new CountedOracle(t3, 0, new Rng(1));
    const m = makeMethod("double", oracle, Float64Array.of(2), settings(t3, 0.1, { alpha: 0.2, inner: 200 }));
    for (let k = 0; k < 100; k++) m.step();
    expect(Math.abs(m.x[0] - t3.xStarSigma(0.1)[0])).toBeLessThan(1e-8);
    expect(m.x[0]).toBeCloseTo(0.4969, 4);
  });

  it("T2: the z-iterate may sit anywhere on the solution line (z₂ = 7) and x still reaches 1", () => {
    const t2 = makeProblem("T2");
    const oracle = new CountedOracle(t2, 0, new Rng(1));
    const m = new DoubleLoopPenalty(
      oracle,
      Float64Array.of(-1),
      Float64Array.of(0, 7),
      settings(t2, 0.01, { alpha: 0.5, inner: 50 }),
      false,
    );
    for (let k = 0; k < 200; k++) m.step();
    expect(m.z[1]).toBe(7);
    expect(Math.abs(m.x[0] - 1)).toBeLessThan(1e-8);
  });

  it("charges B(M + 1) calls of ∇f and 2B(M + 1) of ∇g per outer step", () => {
    const oracle = new CountedOracle(p, 0.1, new Rng(3));
    const m = makeMethod("double", oracle, p.x0, settings(p, sigma, { inner: 7, batch: 16 }));
    m.step();
    m.step();
    expect(oracle.nF).toBe(2 * 16 * 8);
    expect(oracle.nG).toBe(2 * 2 * 16 * 8);
  });

  it("minibatch stochastic: over 10 seeds the scaled batch reaches ‖∇ψ_σ‖ ≤ ε; batch 1 does not", () => {
    const t3 = makeProblem("T3");
    const eps = 0.05;
    const consts = { noise: 0.05, innerPerDecade: 10, batchConst: 4, betaConst: 1 };
    const s = complexitySettings(t3, "sto", eps, consts);
    const finals: number[] = [];
    const finalsSmallBatch: number[] = [];
    for (let seed = 0; seed < 10; seed++) {
      const oracle = new CountedOracle(t3, consts.noise, new Rng(seed, 1));
      const hit = callsToReach(
        makeMethod("double", oracle, t3.x0, s),
        oracle,
        eps,
        eps,
        1,
        Number.POSITIVE_INFINITY,
        10_000,
      );
      expect(hit.calls).toBeGreaterThan(0);
      // keep going: the iterate stays O(ε)-stationary
      const m = makeMethod("double", new CountedOracle(t3, consts.noise, new Rng(seed, 2)), t3.x0, s);
      for (let k = 0; k < 60; k++) m.step();
      finals.push(t3.stationarity(m.x, eps, 1));
      const m1 = makeMethod("double", new CountedOracle(t3, consts.noise, new Rng(seed, 3)), t3.x0, { ...s, batch: 1 });
      for (let k = 0; k < 60; k++) m1.step();
      finalsSmallBatch.push(t3.stationarity(m1.x, eps, 1));
    }
    expect(median(finals)).toBeLessThan(eps);
    expect(median(finalsSmallBatch)).toBeGreaterThan(5 * median(finals));
  });
});

describe("single-loop momentum variant (reconstruction)", () => {
  it("exact oracles: converges to x*_σ on T1 (charges 2 ∇f and 4 ∇g per step after the start batch)", () => {
    const p = makeProblem("T1");
    const oracle = new CountedOracle(p, 0, new Rng(1));
    const m = makeMethod("single", oracle, p.x0, settings(p, 0.01, { alpha: 0.2, gamma: 0.5, beta: 0.5, batch: 3 }));
    expect(oracle.nF).toBe(3);
    expect(oracle.nG).toBe(6);
    for (let k = 0; k < 10_000; k++) m.step();
    expect(oracle.nF).toBe(3 + 2 * 10_000);
    expect(oracle.nG).toBe(6 + 4 * 10_000);
    expect(distance(m.x, p.xStarSigma(0.01))).toBeLessThan(1e-8);
  });

  it("stochastic oracles, 10 seeds: every seed reaches ‖∇ψ_σ‖ ≤ ε on T3; smaller β means less noise", () => {
    const p = makeProblem("T3");
    const eps = 0.05;
    const consts = { noise: 0.05, innerPerDecade: 10, batchConst: 4, betaConst: 1 };
    const s = complexitySettings(p, "single", eps, consts);
    for (let seed = 0; seed < 10; seed++) {
      const oracle = new CountedOracle(p, consts.noise, new Rng(seed, 7));
      const hit = callsToReach(
        makeMethod("single", oracle, p.x0, s),
        oracle,
        eps,
        eps,
        1,
        Number.POSITIVE_INFINITY,
        1_000_000,
      );
      expect(hit.calls).toBeGreaterThan(0);
    }
    // Long-run noise floor of the STORM estimate: β = 1 (plain SGD) vs the scaled β.
    const floor = (beta: number) => {
      const vals: number[] = [];
      for (let seed = 0; seed < 10; seed++) {
        const m = makeMethod("single", new CountedOracle(p, 0.5, new Rng(seed, 9)), p.x0, { ...s, beta, alpha: 0.05 });
        for (let k = 0; k < 20_000; k++) m.step();
        vals.push(p.stationarity(m.x, eps, 1));
      }
      return median(vals);
    };
    expect(floor(1e-3)).toBeLessThan(0.5 * floor(1));
  });
});

describe("baselines", () => {
  it("V-PBGD on T5 stops at a stationary point of ψ_σ with σ = 1/γ", () => {
    const p = makeProblem("T5");
    const sigma = 0.1;
    const oracle = new CountedOracle(p, 0, new Rng(1));
    const m = makeMethod(
      "vpbgd",
      oracle,
      Float64Array.of(1.5),
      settings(p, sigma, { baselineInner: 3 }),
      Float64Array.of(2),
    );
    for (let k = 0; k < 5000; k++) m.step();
    expect(p.stationarity(m.x, sigma, 1e-3)).toBeLessThan(1e-4);
  });

  it("BOME on T3 approaches the bilevel solution x* = ½", () => {
    const p = makeProblem("T3");
    const oracle = new CountedOracle(p, 0, new Rng(1));
    const m = makeMethod("bome", oracle, Float64Array.of(2), settings(p, 0.01, { baselineInner: 10 }));
    for (let k = 0; k < 3000; k++) m.step();
    expect(Math.abs(m.x[0] - 0.5)).toBeLessThan(0.02);
  });
});
