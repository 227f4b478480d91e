import { describe, expect, it } from "vitest";
import { basins, complexity, experiments, landscape1d, stationarity } from "../../../src/theory/bilevel/experiments";
import { makeProblem } from "../../../src/theory/bilevel/problems";
import { logLogSlope } from "../../../src/theory/common/stats";
import type { AnyExperiment } from "../../../src/theory/experiment";
import { defaults } from "../../../src/theory/params";
import { mergeChunks, type RunChunk, summarize } from "../../../src/theory/trace";

const ctx = (runStart: number, runCount: number) => ({ runStart, runCount, backend: "cpu" as const, progress() {} });

/** Small settings per experiment so the whole file stays fast. */
const small: Record<string, Record<string, unknown>> = {
  "bilevel/landscape-1d": { problem: "T5", points: 101 },
  "bilevel/landscape-sigma": { problem: "T3", points: 6 },
  "bilevel/stationarity": { budget: 5000, runs: 4, noise: 0.05, batch: 4 },
  "bilevel/complexity": { epsMin: 0.05, nEps: 6, runs: 4 },
  "bilevel/basins": { runs: 20 },
};

/** The chunk without its timing stamp `ms`, which differs between identical runs. */
function runAll(e: AnyExperiment, p: Record<string, unknown>, start: number, count: number): RunChunk {
  const { ms: _, ...chunk } = e.run(p, ctx(start, count)) as RunChunk;
  return chunk;
}

describe("every experiment", () => {
  for (const e of experiments as AnyExperiment[]) {
    const p: Record<string, unknown> = { ...defaults(e.params), ...small[e.id] };
    const runs = e.runsParam ? Number(p[e.runsParam]) : 1;
    it(`${e.id}: valid defaults, identical output for identical params and seed, independent of the run split`, () => {
      expect(e.validate?.(defaults(e.params))).toBeUndefined();
      const a = runAll(e, p, 0, runs);
      const b = runAll(e, p, 0, runs);
      expect(b).toEqual(a);
      for (const s of a.series) expect(s.values.length).toBe(s.runs * a.x.length);
      if (runs > 1) {
        const half = Math.floor(runs / 2);
        const merged = mergeChunks([runAll(e, p, half, runs - half), runAll(e, p, 0, half)]);
        expect(merged.series.map((s) => Array.from(s.values))).toEqual(a.series.map((s) => Array.from(s.values)));
        expect(merged.bounds).toEqual(a.bounds);
      }
    });
  }
});

describe("bilevel/landscape-1d", () => {
  it("every ψ_σ lies below ψ and the curves rise toward ψ as σ shrinks", () => {
    const c = runAll(
      landscape1d,
      { ...defaults(landscape1d.params), problem: "T3", sigmas: ["1", "0.1", "0.01"] },
      0,
      1,
    );
    const [psi, ...rest] = c.series;
    for (let i = 0; i < c.x.length; i++) {
      let prev = Number.NEGATIVE_INFINITY;
      for (const s of rest) {
        expect(s.values[i]).toBeLessThanOrEqual(psi.values[i] + 1e-12);
        expect(s.values[i]).toBeGreaterThanOrEqual(prev - 1e-12);
        prev = s.values[i];
      }
    }
  });
});

describe("bilevel/stationarity", () => {
  it("the distance to x* plateaus at the O(σ) bias ‖x*_σ − x*‖ (T3, σ = 0.01)", () => {
    const p = { ...defaults(stationarity.params), methods: ["double"] as "double"[], runs: 2 };
    const c = runAll(stationarity, p, 0, 2);
    const dist = c.series.find((s) => s.key === "dist-double")!;
    const bias = c.bounds.find((b) => b.key === "bias")!.y[0];
    const t3 = makeProblem("T3");
    expect(bias).toBeCloseTo(Math.abs(t3.xStarSigma(0.01)[0] - 0.5), 12);
    const n = c.x.length;
    for (let r = 0; r < 2; r++) expect(dist.values[r * n + n - 1] / bias).toBeCloseTo(1, 6);
    const stat = c.series.find((s) => s.key === "stat-double")!;
    expect(stat.values[n - 1]).toBeLessThan(1e-8);
  });
});

describe("bilevel/complexity", () => {
  it("empirical ≤ reference: N(ε) grows no faster than ε^-3, ε^-7, ε^-5 (10 seeds, 6 values of ε)", () => {
    const p = { ...defaults(complexity.params), epsMin: 0.02, runs: 10 };
    const c = runAll(complexity, p, 0, 10);
    const trace = summarize(c, {
      experiment: complexity.id,
      params: p,
      backend: "cpu",
      ms: 0,
      runsDone: 10,
      runsTotal: 10,
      complete: true,
    });
    expect(c.notes.join(" ")).not.toMatch(/hit the step cap/);
    for (const r of trace.ratios) expect(r.maxRatio).toBeLessThanOrEqual(1);
    expect(trace.ratios.length).toBe(3);
    const exps: Record<string, number> = { det: -3, sto: -7, single: -5 };
    for (const [v, e] of Object.entries(exps)) {
      const s = trace.series.find((x) => x.key === `calls-${v}`)!;
      const fit = logLogSlope(trace.x, s.median);
      expect(fit.slope).toBeLessThan(0.01);
      expect(fit.slope).toBeGreaterThan(e); // empirical exponent no steeper than the reference
    }
    // The distance to the bilevel solution at the stopping time is O(ε): it shrinks with ε.
    const d = trace.series.find((x) => x.key === "dist-det")!;
    expect(logLogSlope(trace.x, d.median).slope).toBeGreaterThan(0.5);
  });
});

describe("bilevel/basins", () => {
  it("V-PBGD end points on T5 are stationary for ψ_σ and fall in several basins", () => {
    const p = { ...defaults(basins.params), runs: 60 };
    const c = runAll(basins, p, 0, 60);
    const t5 = makeProblem("T5");
    const ends = Array.from(c.series[0].values);
    for (const x of ends) expect(t5.stationarity(Float64Array.of(x), 0.1, 1e-3)).toBeLessThan(1e-3);
    const basinsFound = new Set(ends.map((x) => x.toFixed(1)));
    expect(basinsFound.size).toBeGreaterThanOrEqual(3);
  });
});
