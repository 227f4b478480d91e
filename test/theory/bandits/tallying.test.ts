import { describe, expect, it } from "vitest";
import { LOSS_PRESETS, type LossPreset } from "../../../src/theory/bandits/options";
import {
  type BlockSchedule,
  doublingSchedule,
  plainSchedule,
  reoArm,
  runTallyingSE,
  satisfiesReo,
  specSchedule,
  type TallyingProblem,
  tallyingProblem,
} from "../../../src/theory/bandits/tallying";
import { tallyingByM, tallyingVsT } from "../../../src/theory/bandits/tallying-experiments";
import { Rng } from "../../../src/theory/common/rng";
import { linearFit } from "../../../src/theory/common/stats";
import { defaults } from "../../../src/theory/params";
import type { RunChunk } from "../../../src/theory/trace";

function meanCprAtT(p: TallyingProblem, block: BlockSchedule, T: number, runs: number, seed: number): number {
  const out = new Float64Array(1);
  let s = 0;
  for (let r = 0; r < runs; r++) {
    runTallyingSE(p, block, T, Int32Array.of(T), new Rng(seed, r), out, 0);
    s += out[0];
  }
  return s / runs;
}

describe("weighted tallying bandits (reconstruction)", () => {
  it("the presets satisfy Repeated Exposure Optimality, and a violating instance is detected", () => {
    for (const preset of Object.keys(LOSS_PRESETS) as LossPreset[]) {
      const p = tallyingProblem(preset, 5, 5, 10, 0.9, 0.1);
      expect(satisfiesReo(p)).toBe(true);
      expect(reoArm(p).arm).toBe(0);
    }
    const bad = tallyingProblem("trap", 3, 2, 2, 0.9, 0.1);
    bad.b[1] = 0.1; // fresh loss 0.1 < a*'s saturated 0.2, rising to 0.6 with exposure
    bad.g[1] = -0.5;
    expect(satisfiesReo(bad)).toBe(false);
  });

  it("with no noise and one arm, the CPR is the exact warm-up cost Σ_t (ℓ(y_t) − ℓ(W))", () => {
    const p: TallyingProblem = {
      K: 1,
      m: 3,
      M: 3,
      gamma: 0.5,
      b: Float64Array.of(1),
      g: Float64Array.of(0.7),
      noise: 0,
    };
    const out = new Float64Array(1);
    runTallyingSE(p, specSchedule(3), 50, Int32Array.of(50), new Rng(1), out, 0);
    // y_1 = 0, y_2 = 1, y_3 = 1.5, then W = 1.75: warm-up cost g·(W − y)/W summed
    const W = 1.75;
    expect(out[0]).toBeCloseTo((0.7 * (W - 0 + W - 1 + W - 1.5)) / W, 12);
  });

  it("blocked SE finds the REO arm on the trap; plain SE is fooled and pays linearly", () => {
    const p = tallyingProblem("trap", 4, 5, 8, 0.9, 0.1);
    const T = 20_000;
    const plain = meanCprAtT(p, plainSchedule, T, 10, 1);
    expect(plain).toBeGreaterThan(0.15 * T); // stuck on the 0.4 arm: ≈ 0.2 per round
    for (const s of [specSchedule(p.M), doublingSchedule(p.M)])
      expect(meanCprAtT(p, s, T, 10, 1)).toBeLessThan(0.05 * T);
  });

  it("CPR at fixed T increases with the memory bound M", () => {
    const T = 5000;
    for (const schedule of [specSchedule, doublingSchedule]) {
      const cpr = [5, 20, 60].map((M) => meanCprAtT(tallyingProblem("trap", 5, 5, M, 0.9, 0.1), schedule(M), T, 20, 2));
      expect(cpr[1]).toBeGreaterThan(cpr[0]);
      expect(cpr[2]).toBeGreaterThan(cpr[1]);
    }
  });

  it("the worst-case CPR grows like √T: log–log slope about 0.5 on instances with gap √(K/T)", () => {
    // A fixed instance's CPR flattens once a* is found; the √(KT) term is the worst case over instances,
    // reached when the gap shrinks like √(K/T). Measure CPR(T) on that family. Only doubling blocks
    // switch arms O(K log T) times; blocks of M+1 pay the unsaturated warm-up in every block (linear).
    const K = 3;
    const Ts = [4000, 16_000, 64_000];
    const cpr = Ts.map((T) => {
      const gap = Math.sqrt(K / T);
      const p = tallyingProblem("gentle", K, 2, 2, 0.9, 0.3);
      for (let a = 1; a < K; a++) p.b[a] = p.b[0] - p.g[0] + p.g[a] + a * gap; // saturated gaps a·√(K/T)
      return meanCprAtT(p, doublingSchedule(2), T, 20, 3);
    });
    const fit = linearFit(Ts.map(Math.log), cpr.map(Math.log));
    expect(fit.slope).toBeGreaterThan(0.35);
    expect(fit.slope).toBeLessThan(0.7);
  });

  it("the offset (m+M)K is visible at small T: the first sweep alone costs a sizeable part of it", () => {
    const p = tallyingProblem("trap", 5, 5, 10, 0.9, 0.1);
    const firstSweep = p.K * (p.M + 1);
    const cpr = meanCprAtT(p, specSchedule(p.M), firstSweep, 5, 4);
    expect(cpr).toBeGreaterThan(0.2 * (p.m + p.M) * p.K * 0.2); // every other arm costs ≥ 0.2 per round
    expect(cpr).toBeLessThan((p.m + p.M) * p.K);
  });

  it("experiments are deterministic and refuse M < m", () => {
    const p = { ...defaults(tallyingVsT.params), T: 2000, runs: 6 };
    const ctx = { runStart: 0, runCount: 6, backend: "cpu" as const, progress() {} };
    const withoutTiming = ({ ms: _, ...chunk }: RunChunk) => chunk;
    expect(withoutTiming(tallyingVsT.run(p, ctx) as RunChunk)).toEqual(
      withoutTiming(tallyingVsT.run(p, ctx) as RunChunk),
    );
    expect(tallyingVsT.validate?.({ ...p, M: 2, m: 5 })).toMatch(/at least/);
    const byM = tallyingByM.run({ ...defaults(tallyingByM.params), T: 2000, points: 4 }, ctx) as RunChunk;
    expect(byM.x.length).toBe(4);
  });
});
