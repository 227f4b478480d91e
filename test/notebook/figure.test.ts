import { describe, expect, it } from "vitest";
import { renderFigure } from "../../scripts/figure";
import { inProcessRunner } from "../../src/compute/in-process";
import { runExperiment } from "../../src/compute/run";
import type { Trace } from "../../src/theory/trace";

// The browser suite checks the figure command's numbers against the page's CSV on the guide; this
// checks that a paper notebook with its own controls (htl, Inputs) renders on jsdom at all.
describe("npm run figure on a paper notebook", () => {
  it("bandits regret: CSV rows for every policy and bound, an SVG with the legend's TeX", async () => {
    const { csv, svg, trace } = await renderFigure({
      notebook: "bandits",
      cell: "regret",
      params: { T: "200", runs: "20", seed: "4" },
      out: "regret.csv",
      scale: 1,
    });
    const rows = csv.split("\n").filter((line) => line && !line.startsWith("#"));
    expect(rows[0]).toBe("curve,role,label,x,y,y_lo,y_hi,runs");
    const curves = new Set(rows.slice(1).map((line) => line.split(",").slice(0, 2).join(",")));
    expect([...curves].sort()).toEqual(
      [...trace.series.map((s) => `${s.key},series`), ...trace.bounds.map((b) => `${b.key},${b.kind} bound`)].sort(),
    );
    expect(trace.meta.params).toMatchObject({ T: 200, runs: 20, seed: 4 });
    expect(trace.meta.runsDone).toBe(20);
    expect(svg).toContain('data-mml-node="math"');
  }, 60_000);
});

describe("npm run figure --sweep: the sweep view's exports, from the command line", () => {
  const base = { runs: "20", seed: "4" };
  it("bandits regret over T: one CSV row per point, each the median final regret of a fresh single run there", async () => {
    const { csv, svg } = await renderFigure({
      notebook: "bandits",
      cell: "regret",
      params: base,
      out: "sweep.csv",
      scale: 1,
      sweep: "T,100,1000,4,final:ucb1",
    });
    const lines = csv.split("\n").filter((line) => line && !line.startsWith("#"));
    expect(lines[0].split(",").slice(0, 5)).toEqual(["T", "y", "y_lo", "y_hi", "state"]);
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(rows.map((r) => r[0])).toEqual(["100", "215", "464", "1000"]);
    for (const [T, y, , , state] of rows) {
      expect(state).toBe("done");
      let last: Trace | undefined;
      for await (const t of runExperiment("bandits/regret", { ...base, T }, { pool: inProcessRunner })) last = t;
      const ucb1 = last?.series.find((s) => s.key === "ucb1");
      expect(Number(y)).toBe(ucb1?.median[ucb1.median.length - 1]);
    }
    expect(svg).toContain("<title>Sweep: UCB1: final value against T</title>");
  }, 120_000);

  it("a sweep the view refuses is a usage error with the view's message", async () => {
    await expect(
      renderFigure({
        notebook: "bandits",
        cell: "regret",
        params: base,
        out: "x.svg",
        scale: 1,
        sweep: "Q,1,2,3,final:ucb1",
      }),
    ).rejects.toThrow(/--sweep=Q,1,2,3,final:ucb1: bandits\/regret has no parameter "Q"/);
  }, 60_000);
});

describe("npm run figure refuses what it cannot export", () => {
  it("a cell that calls Plot.plot itself: a usage error naming the cells it can export", async () => {
    await expect(
      renderFigure({ notebook: "bilevel", cell: "landscape-1d", params: {}, out: "x.svg", scale: 1 }),
    ).rejects.toThrow(/draws its own Plot\.plot[\s\S]*cells of bilevel \(id=…\): landscape-sigma, stationarity/);
  });
});
