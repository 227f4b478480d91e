// @vitest-environment jsdom
import * as Plot from "@observablehq/plot";
import { describe, expect, it } from "vitest";
import { describeDrawn, drawnFigure } from "../../src/stdlib/drawn";
import { drawnSvg } from "../../src/stdlib/export";
import { convergencePlot, handDrawnFigure } from "../../src/stdlib/plots";
import { summarize } from "../../src/theory/trace";

/** Two series, y = x^½ and y = x, and a √x bound (exponent ½) drawn for the first only; the plot declares ½. */
function trace(appliesTo?: string[]) {
  const x = Float64Array.of(1, 10, 100, 1000);
  return summarize(
    {
      x,
      series: [
        { key: "exp3", label: "Exp3", values: x.map((t) => Math.sqrt(t)), runs: 1 },
        { key: "ucb1", label: "UCB1", values: x.map((t) => t), runs: 1 },
      ],
      bounds: [
        {
          key: "sqrt",
          label: "2√x",
          tex: "2\\sqrt x",
          cite: "Thm 1",
          kind: "upper",
          exponent: 0.5,
          appliesTo,
          y: x.map((t) => 2 * Math.sqrt(t)),
        },
      ],
      runStart: 0,
      backend: "cpu",
      notes: [],
    },
    { experiment: "t/e", params: {}, backend: "cpu", ms: 1, runsDone: 1, runsTotal: 1, complete: true },
    { theoryExponent: 0.5 },
  );
}

const readouts = (fig: HTMLElement) =>
  [...fig.querySelectorAll<HTMLElement>(".bl-readout[data-series]")].map((r) => r.textContent);
const description = (fig: HTMLElement) => {
  const id = fig.querySelector("svg[aria-describedby]")?.getAttribute("aria-describedby");
  return id ? (fig.querySelector(`[id="${id}"]`)?.textContent ?? "") : "";
};

describe("a trace figure's slope readouts quote only an exponent that applies", () => {
  it("the bound names Exp3: Exp3 against ½, UCB1's slope alone, in the readouts and the description", () => {
    const fig = convergencePlot(trace(["exp3"]), { document } as never);
    expect(readouts(fig)).toEqual(["Exp3: slope 0.5 (theorem: 0.5)", "UCB1: slope 1"]);
    expect(description(fig)).toContain("its fitted log–log slope is 0.5, against the theorem's exponent 0.5");
    expect(description(fig)).toContain("its fitted log–log slope is 1.");
    expect(fig.querySelector("svg")?.getAttribute("aria-label")).toContain(
      "UCB1: median over 1 runs, fitted log-log slope 1.",
    );
  });
  it("no bound narrows the plot's exponent: every series against it, as before", () => {
    const fig = convergencePlot(trace(), { document } as never);
    expect(readouts(fig)).toEqual(["Exp3: slope 0.5 (theorem: 0.5)", "UCB1: slope 1 (theorem: 0.5)"]);
  });
});

describe("a cell's own Plot.plot chart is a figure: description and toolbar", () => {
  it("wraps the chart with its description (aria-describedby, unique ids) and SVG, PNG, CSV, link and embed", () => {
    const options = {
      x: { type: "log", label: "round t" },
      marks: [
        Plot.line(
          [
            { t: 1, v: 2 },
            { t: 10, v: 3 },
          ],
          { x: "t", y: "v" },
        ),
      ],
    } as Plot.PlotOptions;
    const [a, b] = [0, 1].map(() => handDrawnFigure(Plot.plot(options), options));
    expect(a.className).toBe("bl-drawn");
    const svg = a.querySelector("svg")!;
    expect(svg.getAttribute("role")).toBe("img");
    expect(svg.getAttribute("aria-label")).toBe("v against round t");
    expect(description(a)).toMatch(/^v against round t: a chart of lines \(2 data points\)/);
    expect(description(a)).toContain('X axis "round t" (logarithmic) from 1 to 10');
    expect(svg.getAttribute("aria-describedby")).not.toBe(b.querySelector("svg")!.getAttribute("aria-describedby"));
    const actions = [...a.querySelectorAll<HTMLElement>(".bl-toolbar button")].map((x) => x.dataset.action);
    expect(actions).toEqual(["svg", "png", "csv", "copy-link", "embed"]);
    expect(typeof (a as unknown as { scale: unknown }).scale).toBe("function");
    expect(a.querySelectorAll("g[aria-label]:not([role])")).toHaveLength(0);
  });

  it("its SVG export is a standalone document: the title, a swatch per series, the chart, the description", () => {
    const options = {
      title: "Two policies",
      color: { legend: true },
      marks: [
        Plot.dot(
          ["A", "B"].map((p, i) => ({ p, t: i, v: i })),
          { x: "t", y: "v", fill: "p" },
        ),
      ],
    } as Plot.PlotOptions;
    const chart = Plot.plot(options);
    const model = drawnFigure(options as never, (name) => chart.scale(name as "x") as never);
    const doc = drawnSvg(chart, model, describeDrawn(model));
    expect(doc).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(doc).toContain("<title>Two policies</title>");
    expect(doc.match(/<rect x="0" y="[\d.]+" width="12" height="12"/g)).toHaveLength(2);
    expect(doc).toContain("Colour &#34;p&#34; marks 2 series: A, B.");
    expect(doc).not.toContain("currentColor");
  });
});
