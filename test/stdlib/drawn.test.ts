import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { axisLabelOf, describeDrawn, drawnCsv, drawnFigure } from "../../src/stdlib/drawn";
import { exponentFor, readsSlope, type Trace } from "../../src/theory/trace";

const { document } = new JSDOM("<!doctype html><body></body>").window;

/** A chart as a cell draws it, and its model from the options and the chart's scales. */
function drawn(options: Plot.PlotOptions) {
  const chart = Plot.plot({ ...options, document });
  return drawnFigure(
    options as never,
    (name) => chart.scale(name as "x") as never,
    (name) => axisLabelOf(chart, name),
  );
}

const rows = ["UCB1", "Thompson"].flatMap((policy, k) =>
  [10, 100, 1000].map((t) => ({ t, v: (k + 1) * Math.sqrt(t), policy })),
);

describe("hand-drawn charts: description and CSV from the chart itself", () => {
  it("names the marks, their points and series, each axis's label, scale and range, and the colours", () => {
    const fig = drawn({
      title: "Regret against rounds",
      x: { type: "log", label: "round t" },
      y: { label: "regret" },
      color: { legend: true },
      marks: [Plot.line(rows, { x: "t", y: "v", stroke: "policy" }), Plot.ruleY([0])],
    });
    const text = describeDrawn(fig);
    expect(text).toMatch(
      /^Regret against rounds: a chart of lines \(6 data points in 2 series\), rule \(1 data point\); 7 data points in all\./,
    );
    expect(text).toContain('X axis "round t" (logarithmic) from 10 to 1000');
    expect(text).toMatch(/y axis "regret" \(linear\) from 0 to 6[0-9.]*/);
    expect(text).toContain('Colour "policy" marks 2 series: Thompson, UCB1.');
  });

  it("a histogram's data is its bins (Plot's transform), a band axis lists its categories", () => {
    const hist = drawn({
      x: { label: "end point x" },
      marks: [Plot.rectY([0.1, 0.2, 0.25, 0.9], Plot.binX({ y: "count" }, { x: (d: number) => d, thresholds: 4 }))],
    });
    const counts = hist.marks[0].rows.map((r) => r[hist.marks[0].channels.indexOf("y2")]);
    expect(counts.reduce((a, b) => (a as number) + (b as number), 0)).toBe(4);
    expect(describeDrawn(hist)).toMatch(/^Chart: a chart of bars \(\d+ data points\)/);
    const box = drawn({ marks: [Plot.dot(rows, { x: "v", y: "policy" })] });
    expect(describeDrawn(box)).toContain('y axis "policy" (categorical) with 2 categories: Thompson, UCB1');
  });

  it("the CSV has a row per drawn datum, mark by mark, with the channels as columns", () => {
    const fig = drawn({ marks: [Plot.line(rows, { x: "t", y: "v", stroke: "policy" }), Plot.ruleY([0])] });
    const lines = drawnCsv(fig).trimEnd().split("\n");
    const header = lines.findIndex((l) => l.startsWith("mark,"));
    expect(lines[header]).toBe("mark,type,stroke,x,y,z");
    expect(lines.slice(header + 1)).toHaveLength(7);
    expect(lines[header + 1]).toBe("1,line,UCB1,10,3.1622776601683795,UCB1");
    expect(lines.at(-1)).toBe("2,rule,,,0,");
  });
});

describe("slope readouts: a series is compared only with an exponent that covers it", () => {
  const bound = (key: string, exponent?: number, appliesTo?: string[]) =>
    ({ key, label: key, tex: "", cite: "", kind: "upper", y: new Float64Array(), exponent, appliesTo }) as never;
  const trace = (bounds: never[], theoryExponent?: number) =>
    ({ bounds, meta: { theoryExponent } }) as unknown as Pick<Trace, "bounds" | "meta">;

  it("a bound naming the series gives its exponent; a series it does not name gets none", () => {
    const t = trace([bound("exp3", 0.5, ["exp3"]), bound("ucb1", undefined, ["ucb1"])], 0.5);
    expect(exponentFor(t, "exp3")).toBe(0.5);
    expect(exponentFor(t, "ucb1")).toBeUndefined();
    expect(exponentFor(t, "ts")).toBeUndefined();
  });
  it("the plot's exponent covers every series when no bound narrows it", () => {
    expect(exponentFor(trace([bound("all", 0.75)], 2 / 3), "a")).toBe(2 / 3);
    expect(exponentFor(trace([], -1), "a")).toBe(-1);
    expect(exponentFor(trace([bound("gap-a", 1, ["a"])], 0.5), "b")).toBe(0.5); // another exponent: not narrowed
    expect(exponentFor(trace([bound("gap-a", 1, ["a"])], 0.5), "a")).toBe(1);
  });
  it("without a declared exponent, a bound drawn for all series gives its own; none gives none", () => {
    expect(exponentFor(trace([bound("all", -1)]), "a")).toBe(-1);
    expect(exponentFor(trace([bound("nothing")]), "a")).toBeUndefined();
  });
  it("a slope is read out where the plot declares an exponent or a bound names the series, not for an all-series bound", () => {
    expect(readsSlope(trace([], 0.5), "a")).toBe(true);
    expect(readsSlope(trace([bound("exp3", 0.5, ["exp3"])]), "exp3")).toBe(true);
    expect(readsSlope(trace([bound("exp3", 0.5, ["exp3"])]), "ucb1")).toBe(false);
    expect(readsSlope(trace([bound("all", -1)]), "gd")).toBe(false);
  });
});
