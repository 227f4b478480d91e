import { describe, expect, it } from "vitest";
import { inProcessRunner } from "../../src/compute/in-process";
import { runExperiment } from "../../src/compute/run";
import { describeFigure, figureTable } from "../../src/stdlib/describe";
import { traceCsv } from "../../src/stdlib/export";
import { fmt, traceRows } from "../../src/stdlib/figure-model";
import type { Trace } from "../../src/theory/trace";

async function trace(id: string, params: Record<string, unknown>): Promise<Trace> {
  let last: Trace | undefined;
  for await (const t of runExperiment(id, params, { pool: inProcessRunner })) last = t;
  if (!last?.meta.complete) throw new Error(`${id} did not complete`);
  return last;
}

/** Runs of a series whose last value is on the right side of a bound at the last x (counted here, not by the module). */
function heldAtHorizon(t: Trace, seriesKey: string, boundKey: string) {
  const s = t.series.find((x) => x.key === seriesKey)!;
  const b = t.bounds.find((x) => x.key === boundKey)!;
  const limit = b.y[b.y.length - 1];
  const values = Array.from(s.last).filter(Number.isFinite);
  return { held: values.filter((v) => (b.kind === "upper" ? v <= limit : v >= limit)).length, of: values.length };
}

describe("describeFigure on real traces", () => {
  it("guide/gd: what is plotted, the slope against the theorem, each upper bound held over how many runs", async () => {
    const t = await trace("guide/gd", { K: 2000, runs: 12, seed: 5 });
    const text = describeFigure(t, {}, "Gradient descent");
    expect(text).toMatch(
      /^Gradient descent: f\(xₖ\) − f\* against iteration k, on log–log axes, for iteration k from 1 to 2000\./,
    );
    const s = t.series[0];
    expect(text).toContain(`${s.label}: the median of 12 runs, with its 10–90% band`);
    expect(text).not.toContain("slope"); // this trace proves no exponent for its curve
    expect(t.bounds.length).toBeGreaterThan(0);
    for (const b of t.bounds) {
      expect(text).toContain(`${b.label} (${b.cite})`);
      if (b.kind !== "upper") continue;
      const r = t.ratios.find((q) => q.bound === b.key && q.series === s.key)!;
      expect(text).toContain(
        r.maxRatio <= 1
          ? `it held for the median of ${s.label} (at most ${fmt(r.maxRatio)} times the bound)`
          : "exceeded it",
      );
      const { held, of } = heldAtHorizon(t, s.key, b.key);
      expect(of).toBe(12);
      expect(text).toContain(`at iteration k = 2000, ${held} of ${of} runs of ${s.label} were below it`);
    }
  });

  it("bandits/tallying: each series' fitted slope over the fit window, against the exponent only where it applies", async () => {
    const t = await trace("bandits/tallying", { T: 2000, runs: 10, seed: 2 });
    const text = describeFigure(t);
    expect(t.meta.theoryExponent).toBe(0.5);
    // The √t theorem (the fitted curve, exponent 0.5) is drawn for the doubling variant only.
    const rated = t.bounds.filter((b) => b.exponent === 0.5);
    expect(rated.map((b) => b.appliesTo)).toEqual([["doubling"]]);
    const fitted = t.series.filter((s) => s.slope !== undefined);
    expect(fitted.map((s) => s.key)).toContain("doubling");
    expect(fitted.length).toBeGreaterThan(1);
    for (const s of fitted) {
      const slope = `${s.label}: the median of 10 runs, with its 10–90% band, going from ${fmt(s.median[0])} to ${fmt(s.median[s.median.length - 1])}; its fitted log–log slope for round t ≥ 1000 is ${fmt(s.slope!)}`;
      if (s.key === "doubling") expect(text).toContain(`${slope}, against the theorem's exponent 0.5`);
      else {
        expect(text).toContain(`${slope}.`);
        expect(text).not.toContain(`${slope}, against`);
      }
    }
  });

  it("bandits/regret: every shown series and every bound, and hidden series are not described", async () => {
    const t = await trace("bandits/regret", { T: 200, runs: 10, seed: 4 });
    const all = describeFigure(t);
    for (const s of t.series) expect(all).toContain(`${s.label}: the median of 10 runs`);
    for (const b of t.bounds) expect(all).toContain(b.label);
    const lower = t.bounds.filter((b) => b.kind === "lower");
    expect(lower.length).toBeGreaterThan(0);
    for (const b of lower)
      for (const s of t.series.filter((x) => !b.appliesTo || b.appliesTo.includes(x.key))) {
        const { held, of } = heldAtHorizon(t, s.key, b.key);
        expect(all).toContain(`${held} of ${of} runs of ${s.label}`);
      }
    const one = t.series[0];
    const only = describeFigure(t, { series: [one.key], bounds: false });
    for (const s of t.series.slice(1)) expect(only).not.toContain(`${s.label}: the median`);
    for (const b of t.bounds) expect(only).not.toContain(`(${b.cite})`);
  });
});

describe("figureTable", () => {
  it("holds exactly the CSV's numbers: a row per x, a column per curve", async () => {
    const t = await trace("guide/gd", { K: 300, runs: 5, seed: 3 });
    const table = figureTable(t);
    expect(table.columns[0]).toBe("iteration k");
    expect(table.columns).toContain(`${t.series[0].label} (median)`);
    for (const b of t.bounds) expect(table.columns).toContain(b.label);
    const xs = table.rows.map((r) => r[0]);
    expect(xs).toEqual([...xs].sort((a, b) => (a as number) - (b as number)));
    // Every CSV row is one cell of the table (x row, curve column).
    const csv = traceCsv(t)
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .slice(1);
    const median = table.columns.indexOf(`${t.series[0].label} (median)`);
    let cells = 0;
    for (const line of csv) {
      // Fields: curve,role,label,x,y,… where only the label may be quoted (it can hold commas).
      const [key, role, , x, y] = line.match(/"(?:[^"]|"")*"|[^,]+|(?<=,)(?=,|$)/g)!;
      const row = table.rows.find((r) => r[0] === Number(x))!;
      const j = role === "series" ? median : table.columns.indexOf(t.bounds.find((b) => b.key === key)?.label ?? "");
      expect(row[j]).toBe(Number(y));
      cells++;
    }
    const filled = table.rows.flatMap((r) => r.slice(1)).filter((v) => v !== null).length;
    expect(filled).toBe(cells + 2 * traceRows(t).band.length); // and each band row's lo and hi
  });
});
