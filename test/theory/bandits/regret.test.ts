import { describe, expect, it } from "vitest";
import { exp3AnytimeBound, exp3FixedBound, ucb1Bound } from "../../../src/theory/bandits/bounds";
import { experiments, regretVsT } from "../../../src/theory/bandits/experiments";
import type { PolicyId } from "../../../src/theory/bandits/options";
import { makePolicy, type PolicyConfig } from "../../../src/theory/bandits/policies";
import { type BanditEnv, bestInHindsight, stationaryEnv, switchingEnv } from "../../../src/theory/bandits/problems";
import { F32Stream } from "../../../src/theory/bandits/sampling";
import { recorderFor, simulateRun } from "../../../src/theory/bandits/simulate";
import { logGrid } from "../../../src/theory/common/grid";
import { Rng } from "../../../src/theory/common/rng";
import { linearFit, logLogSlope } from "../../../src/theory/common/stats";
import { defaults } from "../../../src/theory/params";
import { mergeChunks, type RunChunk } from "../../../src/theory/trace";
import { runOnGpuIfChosen } from "../../../workers/gpu/backend";

function cfg(env: BanditEnv, T: number, exp3Mode: "anytime" | "fixed" = "anytime"): PolicyConfig {
  return { K: env.K, model: env.model, sigma: env.sigma, T, epsilon: 0.05, exp3Mode };
}

/** A chunk without its compute time (set by the kit, never reproducible). */
const withoutTiming = ({ ms: _, ...chunk }: RunChunk) => chunk;

/** Mean over runs at each checkpoint, plus its standard error. */
function meanCurve(values: Float64Array, runs: number, n: number): { mean: Float64Array; se: Float64Array } {
  const mean = new Float64Array(n);
  const se = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < runs; r++) {
      const v = values[r * n + j];
      s += v;
      s2 += v * v;
    }
    mean[j] = s / runs;
    se[j] = Math.sqrt(Math.max(0, s2 / runs - mean[j] ** 2) / runs);
  }
  return { mean, se };
}

function simulate(
  env: BanditEnv,
  ids: PolicyId[],
  T: number,
  runs: number,
  seed: number,
  points = 60,
  mode: "anytime" | "fixed" = "anytime",
) {
  const grid = logGrid(T, points);
  const rec = recorderFor(env, grid);
  const counts = new Float64Array(env.K);
  // Run r of every policy on Rng(seed, r), as in the experiments (common random numbers).
  const values = ids.map((id) => {
    const policy = makePolicy(id, cfg(env, T, mode));
    const v = new Float64Array(runs * grid.length);
    for (let r = 0; r < runs; r++)
      simulateRun(env, policy, new F32Stream(new Rng(seed, r)), rec, v, r * grid.length, counts);
    return v;
  });
  return { grid, curves: values.map((v) => meanCurve(v, runs, grid.length)), values };
}

describe("stochastic Bernoulli bandits", () => {
  const spec = stationaryEnv(Float64Array.of(0.9, 0.8, 0.5), "bernoulli");

  it("UCB1's mean regret over 300 runs is below its finite-time bound at every checkpoint", () => {
    for (const env of [spec, stationaryEnv(Float64Array.of(0.5, 0.45), "bernoulli")]) {
      const { grid, curves } = simulate(env, ["ucb1"], 3000, 300, 1);
      const means = env.phaseMeans;
      grid.forEach((t, j) => {
        expect(curves[0].mean[j]).toBeLessThanOrEqual(ucb1Bound(means, t));
      });
    }
  });

  it("every policy's pseudo-regret is non-decreasing in each run and zero before any pull of a worse arm", () => {
    const ids: PolicyId[] = ["ucb1", "klucb", "ts", "egreedy", "exp3", "se"];
    const { grid, values } = simulate(spec, ids, 500, 30, 2);
    const n = grid.length;
    for (const v of values) {
      for (let r = 0; r < 30; r++) {
        for (let j = 1; j < n; j++) expect(v[r * n + j]).toBeGreaterThanOrEqual(v[r * n + j - 1]);
        expect(v[r * n]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("UCB1 and Thompson regret grow logarithmically on a well-separated instance", () => {
    const env = stationaryEnv(Float64Array.of(0.9, 0.6, 0.5), "bernoulli");
    const T = 20_000;
    const { grid, curves } = simulate(env, ["ucb1", "ts"], T, 100, 3);
    const from = grid.findIndex((t) => t >= 200);
    for (const { mean } of curves) {
      const lnT = Array.from(grid.subarray(from), (t) => Math.log(t));
      const fit = linearFit(lnT, mean.subarray(from)); // R(t) ≈ a ln t + b
      expect(fit.slope).toBeGreaterThan(0);
      expect(fit.r2).toBeGreaterThan(0.98);
      // log-log slope against t over the last decade: log growth gives ≈ 1/ln t ≪ 1/2 (√t) and 1 (linear)
      const slope = logLogSlope(grid, mean, T / 10).slope;
      expect(slope).toBeGreaterThan(0);
      expect(slope).toBeLessThan(0.3);
      // and the log-log slope against ln t is O(1): (ln t)^p growth with a moderate p, not a power of t
      const slopeLn = logLogSlope(lnT, mean.subarray(from), Math.log(T / 10)).slope;
      expect(slopeLn).toBeGreaterThan(0.5);
      expect(slopeLn).toBeLessThan(3.5);
    }
    // Thompson sampling beats UCB1 here, as in the spec's simulations
    expect(curves[1].mean.at(-1)!).toBeLessThan(curves[0].mean.at(-1)!);
  });

  it("reproduces the spec's simulated regrets to Monte Carlo accuracy (UCB1 43.4, TS 10.7 at T = 10³)", () => {
    const { curves } = simulate(spec, ["ucb1", "ts"], 1000, 400, 4);
    const [ucb, ts] = curves.map((c) => c.mean.at(-1)!);
    // the spec's numbers come from 100 NumPy runs: allow their error plus ours
    expect(Math.abs(ucb - 43.4)).toBeLessThan(5);
    expect(Math.abs(ts - 10.7)).toBeLessThan(3);
  });

  it("fixed-η Exp3 is below √(2TK ln K) at its tuning horizon T", () => {
    const T = 5000;
    const { curves } = simulate(spec, ["exp3"], T, 100, 5, 20, "fixed");
    expect(curves[0].mean.at(-1)!).toBeLessThan(exp3FixedBound(T, 3));
  });
});

describe("adversarial (switching) sequence", () => {
  const K = 4;
  const T = 4000;
  const env = switchingEnv(K, T);

  it("best-in-hindsight matches a brute-force sum of the means", () => {
    const grid = Int32Array.of(1, 7, 8, 9, 100, 1234, T);
    const best = bestInHindsight(env, grid);
    const cum = new Float64Array(K);
    let phase = 0;
    let c = 0;
    for (let t = 1; t <= T; t++) {
      if (phase + 1 < env.phaseStart.length && t === env.phaseStart[phase + 1]) phase++;
      for (let k = 0; k < K; k++) cum[k] += env.phaseMeans[phase * K + k];
      if (t === grid[c]) expect(best[c++]).toBeCloseTo(Math.max(...cum), 9);
    }
  });

  it("anytime Exp3's mean regret stays below 2√(tK ln K) at every checkpoint, fixed η below √(2TK ln K) at T", () => {
    const { grid, curves } = simulate(env, ["exp3"], T, 200, 6);
    grid.forEach((t, j) => {
      expect(curves[0].mean[j] - 3 * curves[0].se[j]).toBeLessThan(exp3AnytimeBound(t, K));
    });
    const fixed = simulate(env, ["exp3"], T, 200, 6, 10, "fixed");
    expect(fixed.curves[0].mean.at(-1)!).toBeLessThan(exp3FixedBound(T, K));
  });
});

describe("experiments", () => {
  const small = { ...defaults(regretVsT.params), T: 300, runs: 12, policies: ["ucb1", "ts", "exp3", "klucb"] };
  const ctx = (runStart: number, runCount: number) => ({ runStart, runCount, backend: "cpu" as const, progress() {} });

  it("identical params and seed give an identical chunk; a split across workers changes nothing", () => {
    const a = regretVsT.run(small as never, ctx(0, 12)) as RunChunk;
    const b = regretVsT.run(small as never, ctx(0, 12)) as RunChunk;
    expect(withoutTiming(a)).toEqual(withoutTiming(b));
    const merged = mergeChunks([
      regretVsT.run(small as never, ctx(5, 7)) as RunChunk,
      regretVsT.run(small as never, ctx(0, 5)) as RunChunk,
    ]);
    a.series.forEach((s, i) => {
      expect(Array.from(merged.series[i].values)).toEqual(Array.from(s.values));
    });
    const other = regretVsT.run({ ...small, seed: 2 } as never, ctx(0, 12)) as RunChunk;
    expect(Array.from(other.series[0].values)).not.toEqual(Array.from(a.series[0].values));
  });

  it("every experiment runs at small defaults, gives finite values and validates its parameters", () => {
    for (const e of experiments) {
      const p = { ...defaults(e.params) } as Record<string, unknown>;
      if ("T" in p) p.T = e.id.startsWith("bandits/tallying") ? 1000 : 300;
      if ("points" in p) p.points = 3;
      expect(e.validate?.(p as never)).toBeUndefined();
      const chunk = e.run(p as never, ctx(0, 4)) as RunChunk;
      for (const s of chunk.series) expect(s.values.every(Number.isFinite)).toBe(true);
      for (const b of chunk.bounds) expect(b.y.length).toBe((b.x ?? chunk.x).length);
    }
    expect(regretVsT.validate?.({ ...small, policies: [] } as never)).toMatch(/at least one/);
  });

  it("WebGPU asked for with parameters the kernel cannot take: the CPU runs them and the plot says why", async () => {
    for (const [over, reason] of [
      [{ policies: ["klucb"] }, /WebGPU asked for, but .*UCB1, Thompson sampling and Exp3 only \(not klucb\)/],
      [{ env: "gaussian" }, /WebGPU asked for, but .*Bernoulli arms only/],
    ] as const) {
      const p = { ...small, ...over, backend: "webgpu" };
      expect(regretVsT.validate?.(p as never)).toBeUndefined();
      const chunk = await runOnGpuIfChosen(regretVsT, p, ctx(0, 4));
      expect(chunk?.backend).toBe("cpu");
      expect(chunk?.notes.at(-1)).toMatch(reason);
    }
  });

  it("Gaussian arms: UCB1 stays below its rescaled bound and the bound overlays follow the environment", () => {
    const p = { ...small, env: "gaussian", sigma: 0.5, T: 1000, runs: 100, policies: ["ucb1", "ts", "exp3"] };
    const chunk = regretVsT.run(p as never, ctx(0, 100)) as RunChunk;
    const ucb = chunk.series.find((s) => s.key === "ucb1")!;
    const bound = chunk.bounds.find((b) => b.key === "ucb1")!;
    const { mean } = meanCurve(ucb.values, 100, chunk.x.length);
    mean.forEach((m, j) => {
      expect(m).toBeLessThanOrEqual(bound.y[j]);
    });
    expect(chunk.bounds.some((b) => b.key === "exp3")).toBe(false);
    const sw = regretVsT.run({ ...small, env: "switching" } as never, ctx(0, 4)) as RunChunk;
    expect(sw.bounds.map((b) => b.key).sort()).toEqual(["exp3", "minimax"]);
  });
});
