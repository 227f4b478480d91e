import { describe, expect, it } from "vitest";
import { renderFigure } from "../../scripts/figure";

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

describe("npm run figure refuses what it cannot export", () => {
  it("a cell that calls Plot.plot itself: a usage error naming the cells it can export", async () => {
    await expect(
      renderFigure({ notebook: "bilevel", cell: "landscape-1d", params: {}, out: "x.svg", scale: 1 }),
    ).rejects.toThrow(/draws its own Plot\.plot[\s\S]*cells of bilevel \(id=…\): landscape-sigma, stationarity/);
  });
});
