import { describe, expect, it } from "vitest";
import { inProcessRunner } from "../../src/compute/in-process";
import { runExperiment } from "../../src/compute/run";
import { planSweep, refinementOrder, type SweepPoint, type SweepRequest, sweep } from "../../src/compute/sweep";
import { toExactJson } from "../../src/stdlib/export";
import { loadSchema } from "../../src/theory/registry";
import type { Trace } from "../../src/theory/trace";

const opts = { pool: inProcessRunner };
const base = { T: 100, runs: 20, policies: ["ucb1", "exp3"], seed: 7 };
const request: SweepRequest = {
  experiment: "bandits/regret",
  base,
  param: "T",
  from: 100,
  to: 1000,
  points: 4,
  summary: "final:ucb1",
};

async function lastTrace(id: string, params: Record<string, unknown>): Promise<Trace> {
  let t: Trace | undefined;
  for await (const x of runExperiment(id, params, opts)) t = x;
  if (!t) throw new Error("no trace");
  return t;
}

/** What a point computes (not when or how long). */
const numbers = (t: Trace) => toExactJson({ x: t.x, series: t.series, bounds: t.bounds, ratios: t.ratios });

describe("sweeps", () => {
  it("lays out points on the schema's scale, clamped to its range, coarse first then refined", async () => {
    const e = await loadSchema("bandits/regret");
    const plan = planSweep(e, { param: "T", from: 100, to: 10_000, points: 3 });
    expect(plan.log).toBe(true);
    expect(plan.values).toEqual([100, 1000, 10_000]);
    const clamped = planSweep(e, { param: "T", from: 10, to: 1e9, points: 2 });
    expect(clamped.values).toEqual([100, 100_000]);
    expect(clamped.clamped).toMatch(/clamped to 100 … 100000/);
    const linear = planSweep(e, { param: "sigma", from: 0.1, to: 0.2, points: 3 });
    expect(linear.values).toEqual([0.1, 0.1414, 0.2]); // sigma is on a log scale too
    expect(refinementOrder(9)).toEqual([0, 8, 4, 2, 6, 1, 3, 5, 7]);
    expect(
      refinementOrder(20)
        .slice()
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("refuses hostile requests with a clear message before anything runs", async () => {
    const e = await loadSchema("bandits/regret");
    const plan = (r: Partial<SweepRequest>) => () => planSweep(e, { ...request, ...r });
    expect(plan({ from: 1000, to: 100 })).toThrow(/reversed or empty: from 1000 to 100/);
    expect(plan({ param: "nope" })).toThrow(/has no parameter "nope" \(it can sweep sigma, T, runs, epsilon\)/);
    expect(plan({ param: "constructor" })).toThrow(/has no parameter "constructor"/);
    expect(plan({ param: "env" })).toThrow(/not a numeric parameter/);
    expect(plan({ param: "seed" })).toThrow(/not a numeric parameter/);
    expect(plan({ points: 1_000_000 })).toThrow(/2 to 200 points \(asked for 1000000\)/);
    expect(plan({ points: 2.5 })).toThrow(/2 to 200 points/);
    expect(plan({ from: Number.NaN })).toThrow(/must be two numbers/);
    expect(plan({ from: 1e6, to: 1e7 })).toThrow(/outside it/);
    await expect(sweep({ ...request, to: 10 }, opts).next()).rejects.toThrow(/reversed/);
    const shape = await lastTrace("bandits/regret", base);
    await expect(sweep({ ...request, summary: "final:nope" }, { ...opts, shape }).next()).rejects.toThrow(
      /no summary "final:nope"/,
    );
  });

  it("every point equals a fresh single run at its parameters, bitwise", async () => {
    const done: SweepPoint[] = [];
    for await (const p of sweep(request, opts)) if (p.state === "done") done.push(p);
    expect(done.map((p) => p.value)).toEqual([100, 1000, 464, 215]);
    for (const p of done) {
      const fresh = await lastTrace("bandits/regret", { ...base, T: p.value });
      expect(numbers(p.trace!)).toBe(numbers(fresh));
      const final = Float64Array.from(fresh.series[0].last).sort();
      expect(p.summary?.median).toBe((final[9] + final[10]) / 2);
    }
  });

  it("a point that fails validation is refused with the schema's message, not NaN", async () => {
    // 1000 runs × T = 10⁵ × three policies is over the cost limit; T = 100 is not.
    const heavy = {
      ...request,
      base: { ...base, runs: 1000, policies: ["ucb1", "ts", "exp3"] },
      to: 100_000,
      points: 2,
    };
    const points: SweepPoint[] = [];
    for await (const p of sweep(heavy, opts)) if (p.state !== "running") points.push(p);
    expect(points.map((p) => [p.value, p.state])).toEqual([
      [100, "done"],
      [100_000, "refused"],
    ]);
    expect(points[1].message).toMatch(/^too heavy: runs × T × policies = 1000 × 100000 × 3/);
    expect(points[1].summary).toBeUndefined();
  });

  it("cancelling mid-way yields no further point", async () => {
    const controller = new AbortController();
    const seen: SweepPoint[] = [];
    for await (const p of sweep({ ...request, points: 6 }, { ...opts, signal: controller.signal })) {
      seen.push(p);
      if (p.state === "done") controller.abort();
    }
    expect(seen.filter((p) => p.state === "done").length).toBe(1);
    expect(seen.at(-1)?.state).toBe("done");
  });
});
