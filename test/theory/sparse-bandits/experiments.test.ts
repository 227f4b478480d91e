import { describe, expect, it } from "vitest";
import { type AnyExperiment, checkParams } from "../../../src/theory/experiment";
import { defaults } from "../../../src/theory/params";
import {
  experiments,
  queriesVsDimension,
  suboptimalityVsEpsilon,
  suboptimalityVsQueries,
  successRate,
} from "../../../src/theory/sparse-bandits/experiments";
import { mergeChunks, type RunChunk } from "../../../src/theory/trace";

const ctx = (runStart: number, runCount: number) => ({ runStart, runCount, backend: "cpu" as const, progress() {} });

function plain(c: RunChunk) {
  return {
    x: Array.from(c.x),
    series: c.series.map((s) => ({ key: s.key, runs: s.runs, values: Array.from(s.values) })),
    bounds: c.bounds.map((b) => ({ key: b.key, y: Array.from(b.y) })),
    notes: c.notes,
  };
}

describe("sparse-bandits experiments", () => {
  it("ids start with sparse-bandits/ and defaults validate", () => {
    for (const e of experiments) {
      expect(e.id.startsWith("sparse-bandits/")).toBe(true);
      expect(checkParams(e, {}).errors).toEqual([]);
    }
  });

  it("every default run returns well-formed chunks (series per run × x, bounds on the x grid)", async () => {
    for (const e of experiments as AnyExperiment[]) {
      const p = defaults(e.params) as Record<string, unknown>;
      const runs = e.runsParam ? Math.min(3, Number(p[e.runsParam])) : 1;
      const c = await e.run(e.runsParam ? { ...p, [e.runsParam]: runs } : p, ctx(0, runs));
      for (const s of c.series) {
        expect(s.values.length).toBe(runs * c.x.length);
        expect(s.runs).toBe(runs);
      }
      for (const b of c.bounds) expect(b.y.length).toBe((b.x ?? c.x).length);
      // The final column (largest budget / ε / d) always has a value.
      for (const s of c.series)
        for (let r = 0; r < runs; r++) expect(Number.isFinite(s.values[r * c.x.length + c.x.length - 1])).toBe(true);
    }
  });

  it("is deterministic by seed and independent of how runs are split into chunks", async () => {
    const p = { ...defaults(suboptimalityVsQueries.params), d: 10, budget: 100_000, runs: 4 };
    const whole = await suboptimalityVsQueries.run(p, ctx(0, 4));
    const again = await suboptimalityVsQueries.run(p, ctx(0, 4));
    expect(plain(again)).toEqual(plain(whole));
    const split = mergeChunks([
      await suboptimalityVsQueries.run(p, ctx(2, 2)),
      await suboptimalityVsQueries.run(p, ctx(0, 2)),
    ]);
    expect(plain(split)).toEqual(plain(whole));
    const other = await suboptimalityVsQueries.run({ ...p, seed: 2 }, ctx(0, 4));
    expect(plain(other)).not.toEqual(plain(whole));
  });

  it("the ε sweep and success rate agree: success ⇔ suboptimality ≤ guarantee (net: 6ε)", async () => {
    const p = { ...defaults(suboptimalityVsEpsilon.params), runs: 6 };
    const sub = await suboptimalityVsEpsilon.run(p, ctx(0, 6));
    const ok = await successRate.run({ ...p, runs: 10 }, ctx(0, 6));
    const net = sub.series.find((s) => s.key === "net")!;
    const netOk = ok.series.find((s) => s.key === "net")!;
    for (let i = 0; i < net.values.length; i++) {
      const eps = sub.x[i % sub.x.length];
      expect(netOk.values[i]).toBe(net.values[i] <= 6 * eps ? 1 : 0);
    }
  });

  it("queries against d: the ε-net count exceeds the (d/ε)^s shape and stays far below exp(d) at d = 64", async () => {
    const p = defaults(queriesVsDimension.params);
    const c = await queriesVsDimension.run(p, ctx(0, 1));
    const last = c.x.length - 1;
    const net = c.series.find((s) => s.key === "net")!.values[last];
    const wall = c.bounds.find((b) => b.key === "dense-wall")!.y[last];
    expect(net).toBeGreaterThan(c.bounds.find((b) => b.key === "sparse-shape")!.y[last]);
    expect(net).toBeLessThan(wall * 1e-15);
  });

  it("refuses parameter combinations it cannot run", () => {
    expect(checkParams(suboptimalityVsQueries, { family: "good", d: 64, k: 100 }).errors[0]).toMatch(/k ≥ 2d/);
    expect(checkParams(suboptimalityVsQueries, { d: 64, s: 3, k: 200 }).errors[0]).toMatch(/too many|exceeds/);
    expect(checkParams(suboptimalityVsQueries, { d: 4, s: 3, eps: 0.05 }).errors).toEqual([]);
    expect(checkParams(suboptimalityVsEpsilon, { epsMin: 0.3, epsMax: 0.2 }).errors[0]).toMatch(/below the largest/);
    expect(checkParams(successRate, { s: 3, d: 3 }).errors[0]).toMatch(/below the dimension/);
  });
});
