import { describe, expect, it } from "vitest";
import { BOUND_COLORS, SERIES_COLORS, traceColors } from "../../src/stdlib/plots";

const bound = (key: string, appliesTo?: string[]) => ({ key, appliesTo });
const shown = [{ key: "ucb1" }, { key: "ts" }, { key: "exp3" }];

describe("traceColors: a bound about one series wears that series' colour", () => {
  it("ties single-series bounds to their series, leaves shared and unknown ones on the bound palette", () => {
    const { series, bounds } = traceColors(
      {
        bounds: [
          bound("lai-robbins"), // all series
          bound("ucb1-bound", ["ucb1"]),
          bound("exp3-bound", ["exp3"]),
          bound("both", ["ucb1", "ts"]),
          bound("hidden", ["klucb"]), // its series is not shown
        ] as never,
      },
      shown,
    );
    expect(series).toEqual(SERIES_COLORS.slice(0, 3));
    expect(bounds).toEqual([BOUND_COLORS[0], SERIES_COLORS[0], SERIES_COLORS[2], BOUND_COLORS[1], BOUND_COLORS[2]]);
  });
  it("a second bound on the same series takes the bound palette, so the two stay apart", () => {
    const { bounds } = traceColors({ bounds: [bound("a", ["ts"]), bound("b", ["ts"])] as never }, shown);
    expect(bounds).toEqual([SERIES_COLORS[1], BOUND_COLORS[0]]);
  });
  it("colours follow the shown order: with one series shown, its bound takes that series' colour", () => {
    const { series, bounds } = traceColors({ bounds: [bound("b", ["exp3"])] as never }, [{ key: "exp3" }]);
    expect(series).toEqual([SERIES_COLORS[0]]);
    expect(bounds).toEqual([SERIES_COLORS[0]]);
  });
});

describe("the rendered plot uses the same colours as the legend", () => {
  it("a bound whose key equals its series' key (bandits' ucb1) does not shift the colours after it", async () => {
    const { JSDOM } = await import("jsdom");
    const Plot = await import("@observablehq/plot");
    const { summarize } = await import("../../src/theory/trace");
    const { traceFigureOptions } = await import("../../src/stdlib/plots");
    const { document } = new JSDOM("<!doctype html><body></body>").window;
    const x = Float64Array.of(1, 2, 3);
    const line = (k: number) => Float64Array.of(k, k + 1, k + 2);
    const trace = summarize(
      {
        x,
        series: ["ucb1", "ts"].map((key, k) => ({ key, label: key, values: line(k + 1), runs: 1 })),
        bounds: [
          { key: "ucb1", label: "UCB1 bound", tex: "", cite: "", kind: "upper", appliesTo: ["ucb1"], y: line(10) },
          { key: "lai-robbins", label: "Lai–Robbins", tex: "", cite: "", kind: "asymptotic", y: line(5) },
        ],
        runStart: 0,
        backend: "cpu",
        notes: [],
      },
      { experiment: "t/t", params: {}, backend: "cpu", ms: 0, runsDone: 1, runsTotal: 1, complete: true },
    );
    const svg = Plot.plot(traceFigureOptions(trace, { document: document as unknown as Document }));
    const strokes = (dashed: boolean) =>
      Array.from(svg.querySelectorAll('g[aria-label="line"] path'))
        .filter((p) => (p.closest("[stroke-dasharray]") !== null) === dashed)
        .map((p) => p.getAttribute("stroke") ?? p.closest("[stroke]")?.getAttribute("stroke"));
    expect(strokes(false)).toEqual([SERIES_COLORS[0], SERIES_COLORS[1]]);
    expect(strokes(true)).toEqual([SERIES_COLORS[0], BOUND_COLORS[0]]);
  });
});
