import { describe, expect, it } from "vitest";
import { inProcessRunner } from "../../src/compute/in-process";
import { runExperiment } from "../../src/compute/run";
import { quantile } from "../../src/theory/common/stats";
import { firstReach, type Summary, summariesOf, summary } from "../../src/theory/kit/summary";
import { loadedSchema } from "../../src/theory/registry";
import { type RunChunk, summarize, type Trace } from "../../src/theory/trace";

const meta = {
  experiment: "t/t",
  params: {},
  backend: "cpu" as const,
  ms: 0,
  runsDone: 10,
  runsTotal: 10,
  complete: true,
};

/** Ten runs of y_r(x) = (r + 1)/x at x = 1, 10, 100, 1000, with the upper bound 20/x (exponent −1). */
function closedForm(): Trace {
  const x = Float64Array.from([1, 10, 100, 1000]);
  const rows = Array.from({ length: 10 }, (_, r) => Array.from(x, (t) => (r + 1) / t));
  const chunk: RunChunk = {
    x,
    series: [{ key: "s", label: "S", values: Float64Array.from(rows.flat()), runs: 10 }],
    bounds: [{ key: "b", label: "20/x", tex: "20/x", cite: "c", kind: "upper", exponent: -1, y: x.map((t) => 20 / t) }],
    runStart: 0,
    backend: "cpu",
    notes: [],
  };
  return summarize(chunk, { ...meta, plot: { xLabel: "x", yLabel: "y" } });
}

const named = (all: Summary[], key: string) => {
  const s = all.find((x) => x.key === key);
  if (!s) throw new Error(`no summary ${key} in ${all.map((x) => x.key).join(", ")}`);
  return s;
};

describe("summaries every trace gets", () => {
  it("closed form: final value quantiles over runs, slope −1 against the bound's exponent, max ratio", () => {
    const t = closedForm();
    const all = summariesOf(t);
    expect(all.map((s) => s.key)).toEqual(["final:s", "slope:s", "ratio:s:b"]);
    const final = named(all, "final:s").of(t)!;
    // (r + 1)/1000 for r = 0…9: median 5.5/1000, type-7 quantiles 1.9/1000 and 9.1/1000.
    expect(final.median).toBeCloseTo(5.5e-3, 15);
    expect(final.lo).toBeCloseTo(1.9e-3, 15);
    expect(final.hi).toBeCloseTo(9.1e-3, 15);
    expect(final.bounds).toEqual([{ key: "b", label: "20/x", kind: "upper", value: 20 / 1000 }]);
    expect(named(all, "final:s").unit).toBe("y");
    const slope = named(all, "slope:s").of(t)!;
    expect(slope.median).toBeCloseTo(-1, 12);
    expect(slope.lo).toBeCloseTo(-1, 12);
    expect(slope.reference).toBe(-1);
    const ratio = named(all, "ratio:s:b").of(t)!;
    expect(ratio.median).toBeCloseTo(5.5 / 20, 12);
    expect(ratio.lo).toBeCloseTo(1.9 / 20, 12);
    expect(ratio.hi).toBeCloseTo(9.1 / 20, 12);
    expect(ratio.reference).toBe(1);
  });

  it("a run with no value at the end is left out; a series with none has no final value", () => {
    const t = closedForm();
    t.series[0].last = Float64Array.from([1, Number.NaN, 3]);
    expect(named(summariesOf(t), "final:s").of(t)?.median).toBe(2);
    t.series[0].last = Float64Array.from([Number.NaN]);
    expect(named(summariesOf(t), "final:s").of(t)).toBeUndefined();
  });

  it("a declared summary joins the generic ones and replaces one of the same key", () => {
    const t = closedForm();
    const mine = summary({
      key: "final:s",
      label: "mine",
      unit: "u",
      of: () => ({ median: 1, lo: 1, hi: 1, bounds: [] }),
    });
    const all = summariesOf(t, { summaries: [mine] });
    expect(all.filter((s) => s.key === "final:s")).toEqual([mine]);
    expect(() => summary({ ...mine, key: "bad key" })).toThrow(/plain word/);
  });

  it("on a real trace (guide/gd): final value from its runs, slope against the bounds' exponent, ratio as the readout", async () => {
    let t: Trace | undefined;
    for await (const x of runExperiment("guide/gd", { K: 2000, runs: 16 }, { pool: inProcessRunner })) t = x;
    if (!t) throw new Error("no trace");
    const all = summariesOf(t);
    const final = named(all, "final:gd").of(t)!;
    expect(final.median).toBe(quantile(t.series[0].last, 0.5));
    expect(final.hi).toBe(quantile(t.series[0].last, 0.9));
    expect(final.bounds.length).toBe(t.bounds.filter((b) => b.y.length === t.x.length).length);
    const slope = named(all, "slope:gd").of(t)!;
    expect(slope.reference).toBe(t.bounds.find((b) => b.exponent !== undefined)?.exponent);
    for (const r of t.ratios) expect(named(all, `ratio:gd:${r.bound}`).of(t)!.median).toBe(r.maxRatio);
  });

  it("reach: a power law's crossing, interpolated on log–log axes, is exact; a curve that never gets there has none", () => {
    const x = Float64Array.from([1, 10, 100, 1000, 10000]);
    expect(
      firstReach(
        x,
        x.map((v) => 1 / v),
        3e-3,
      ),
    ).toBeCloseTo(1 / 3e-3, 9);
    expect(
      firstReach(
        x,
        x.map((v) => 5 / v ** 2),
        5e-4,
      ),
    ).toBeCloseTo(100, 9);
    expect(
      firstReach(
        x,
        x.map(() => 1),
        0.5,
      ),
    ).toBeNaN();
    expect(
      firstReach(
        x,
        x.map((v) => 1 / v),
        2,
      ),
    ).toBe(1); // already there at the first checkpoint
    // Linear where a value is not positive: from 1 at x = 1 to −1 at x = 10, 0 is crossed halfway.
    expect(firstReach(Float64Array.of(1, 10), Float64Array.of(1, -1), 0)).toBe(5.5);
  });

  it("reach: on runs that only fall (c/x), each quantile's crossing is that quantile of the runs' own crossings", () => {
    const x = Float64Array.from({ length: 41 }, (_, j) => 10 ** (j / 10));
    const cs = [0.5, 0.9, 1.3, 2, 2.2, 3.1, 4, 5.5, 7, 9.5];
    const runs = cs.length;
    const values = new Float64Array(runs * x.length);
    for (const [r, c] of cs.entries()) for (const [j, v] of x.entries()) values[r * x.length + j] = c / v;
    const chunk: RunChunk = {
      x,
      series: [{ key: "s", label: "S", values, runs }],
      bounds: [],
      runStart: 0,
      backend: "cpu",
      notes: [],
    };
    const t = summarize(chunk, meta); // the file's meta: ten runs, as here
    const level = 1e-2;
    const reach = named(summariesOf(t, { reach: { level: () => level, label: () => "y ≤ 0.01" } }), "reach:s");
    expect(reach.label).toBe("S: x until y ≤ 0.01");
    const v = reach.of(t)!;
    const crossings = cs.map((c) => c / level);
    expect(v.median).toBeCloseTo(quantile(Float64Array.from(crossings), 0.5), 9);
    expect(v.lo).toBeCloseTo(quantile(Float64Array.from(crossings), 0.1), 9);
    expect(v.hi).toBeCloseTo(quantile(Float64Array.from(crossings), 0.9), 9);
  });

  it("reach on guide/gd: iterations to 10⁻⁶ grow with κ, and every upper bound reaches it no sooner than the median", async () => {
    const at = async (kappa: number) => {
      let t: Trace | undefined;
      for await (const x of runExperiment("guide/gd", { kappa, K: 100000, runs: 8 }, { pool: inProcessRunner })) t = x;
      const e = loadedSchema("guide/gd")!;
      return named(summariesOf(t!, e), "reach:gd").of(t!)!;
    };
    const [a, b] = [await at(100), await at(1000)];
    // At most the κ-fold of the contraction bound (k ≈ (κ/2) ln(R/ε)); more than a few-fold here.
    expect(b.median / a.median).toBeGreaterThan(3);
    expect(b.median / a.median).toBeLessThan(11);
    for (const v of [a, b]) {
      expect(v.bounds.length).toBeGreaterThan(0);
      for (const bound of v.bounds) expect(bound.value).toBeGreaterThanOrEqual(v.median);
    }
  });
});
