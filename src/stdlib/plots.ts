/**
 * Plots of Traces: median line and quantile band per series, each bound dashed and labelled (TeX in
 * the legend, with its theorem), readouts of the fitted log-log slope against the theorem's exponent
 * and of max(empirical / bound), which backend ran and how long it took, and progress while running.
 * What is drawn is decided in figure-model.ts (pure, also in Node); this module builds the DOM.
 */
import * as Plot from "@observablehq/plot";
import { exponentFor, readsSlope, type Trace } from "../theory/trace";
import { axisLabelOf, describeDrawn, drawnCsv, drawnFigure, type ScaleInfo } from "./drawn";
import { drawnSvg } from "./export";
import { descriptionDisclosure, figureDescription, unlabelMarks } from "./figure-a11y";
import {
  describeTrace,
  fmt,
  logAxis,
  offScaleBounds,
  type PlotOptions,
  pagePalette,
  traceColors,
  traceFigureOptions,
  traceRows,
} from "./figure-model";
import { figureToolbar } from "./figure-toolbar";
import { isAsyncIterator, mapStream } from "./generators";
import { pinLegend, withPins } from "./pins";
import { markFirstPlotDrawn, renderLabel } from "./tex";
import { plainText } from "./tex-plain";
import { plotToolbar } from "./toolbar";

export * from "./figure-model";

/** A trace, or a stream of them (the value of `run(…)` used directly in a plot cell). */
export type TraceInput = Trace | AsyncIterator<Trace>;

export function convergencePlot(trace: Trace, opts?: PlotOptions): HTMLElement;
export function convergencePlot(trace: AsyncIterator<Trace>, opts?: PlotOptions): AsyncIterableIterator<HTMLElement>;
export function convergencePlot(
  trace: TraceInput,
  opts: PlotOptions = {},
): HTMLElement | AsyncIterableIterator<HTMLElement> {
  if (isAsyncIterator(trace)) return mapStream(trace, (t) => traceFigure(t, opts));
  return traceFigure(trace, opts);
}

function traceFigure(trace: Trace, given: PlotOptions): HTMLElement {
  // The page's colours, and a width that fits the text column (a phone re-lays the plot out, rather
  // than shrinking a 680 px drawing to 5 px labels). Exports read these options too.
  const fit = given.width === undefined ? columnWidth() : undefined;
  const opts = withPins(trace, {
    palette: pagePalette(document),
    ...given,
    ...(fit !== undefined && fit < 680 ? { width: fit } : {}),
  });
  const title = opts.title ?? trace.meta.experiment;
  const figure = document.createElement("figure");
  figure.className = "bl-plot";
  // What exports need: the trace and the options it was drawn with; pins.ts redraws it when pins change.
  Object.assign(figure, { trace, plotOptions: opts, redraw: () => figure.replaceWith(traceFigure(trace, given)) });
  figure.dataset.experiment = trace.meta.experiment;
  figure.dataset.complete = String(trace.meta.complete);
  if (opts.title) {
    const h = figure.appendChild(document.createElement("figcaption"));
    h.className = "bl-plot-title";
    renderLabel(h, opts.title);
  }
  if (!trace.meta.complete) figure.append(progressBar(trace));
  if (trace.series.length > 0) {
    const rows = traceRows(trace, opts);
    const svg = Plot.plot(traceFigureOptions(trace, opts, rows));
    svg.setAttribute("role", "img");
    svg.setAttribute(
      "aria-label",
      describeTrace({ ...trace, series: rows.shown, bounds: opts.bounds === false ? [] : trace.bounds }, title),
    );
    figure.append(svg);
    figure.append(legend(trace, opts, offScaleBounds(rows).keys));
    figure.append(readouts(trace, rows.shown, opts));
    figure.append(figureDescription(svg, trace, opts, title, rows));
    requestAnimationFrame(markFirstPlotDrawn);
  }
  figure.append(metaLine(trace));
  if (trace.series.length > 0) figure.append(plotToolbar(figure, trace, opts));
  return figure;
}

function progressBar(trace: Trace): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "bl-progress";
  const bar = wrap.appendChild(document.createElement("progress"));
  bar.max = 1;
  bar.value = trace.meta.progress ?? trace.meta.runsDone / Math.max(1, trace.meta.runsTotal);
  const pct = Math.round(100 * bar.value);
  bar.setAttribute("aria-label", `running: ${pct}%`);
  wrap.append(
    ` running… ${pct}% (${trace.meta.runsDone}/${trace.meta.runsTotal} runs, ${Math.round(trace.meta.ms)} ms)`,
  );
  return wrap;
}

/** `offScale`: keys of the bounds clipped by the y axis (see offScaleBounds). */
function legend(trace: Trace, opts: PlotOptions, offScale: string[]): HTMLElement {
  const ul = document.createElement("ul");
  ul.className = "bl-legend";
  const shown = trace.series.filter((s) => !opts.series || opts.series.includes(s.key));
  const colors = traceColors(trace, shown, opts.palette);
  shown.forEach((s, i) => {
    const li = ul.appendChild(document.createElement("li"));
    li.dataset.series = s.key; // what the reader suite checks colours by (test/browser/reader.test.ts)
    li.dataset.label = s.label;
    li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="${colors.series[i]}" stroke-width="3"/></svg>`;
    li.append(" ", renderLabel(document.createElement("span"), s.label));
    const band = trace.band.map((q) => `${Math.round(q * 100)}`).join("–");
    const small = li.appendChild(document.createElement("small"));
    small.textContent = s.runs > 1 ? ` median, ${band}% band over ${s.runs} runs` : "";
  });
  ul.append(...pinLegend(opts));
  if (opts.bounds !== false) {
    trace.bounds.forEach((b, i) => {
      const li = ul.appendChild(document.createElement("li"));
      li.className = `bl-bound bl-bound-${b.kind}`;
      li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="${colors.bounds[i]}" stroke-width="2" stroke-dasharray="6,4"/></svg> `;
      renderLabel(li.appendChild(document.createElement("span")), `$${b.tex}$`);
      const cite = li.appendChild(document.createElement("small"));
      cite.textContent = ` ${kindWord[b.kind]} — ${b.cite}${offScale.includes(b.key) ? " (runs above the plotted range)" : ""}`;
    });
  }
  return ul;
}

const kindWord = {
  upper: "upper bound",
  lower: "lower bound",
  asymptotic: "asymptotic (may be crossed at finite t)",
  reference: "reference",
  "order-only": "order only (constant 1)",
};

/** Readouts of this plot's own series and bounds (a cell may plot a subset of a trace). */
function readouts(trace: Trace, shown: readonly { key: string }[], opts: PlotOptions): HTMLElement {
  const div = document.createElement("div");
  div.className = "bl-readouts";
  const keys = new Set(shown.map((s) => s.key));
  // A series' slope (readsSlope), against the exponent of a theorem that covers it; alone where the plot's
  // theorem covers other series only (exponentFor).
  for (const s of trace.series.filter((x) => keys.has(x.key))) {
    if (s.slope === undefined || !readsSlope(trace, s.key)) continue;
    const expected = exponentFor(trace, s.key);
    const span = div.appendChild(document.createElement("span"));
    span.className = "bl-readout";
    span.dataset.series = s.key;
    span.textContent = `${plainText(s.label)}: slope ${fmt(s.slope)}${expected !== undefined ? ` (theorem: ${fmt(expected)})` : ""}`;
  }
  const bounds = new Set(opts.bounds === false ? [] : trace.bounds.map((b) => b.key));
  for (const r of trace.ratios.filter((x) => keys.has(x.series) && bounds.has(x.bound))) {
    const span = div.appendChild(document.createElement("span"));
    span.className = `bl-readout ${r.maxRatio <= 1 ? "bl-holds" : "bl-violated"}`;
    const b = trace.bounds.find((x) => x.key === r.bound);
    const s = trace.series.find((x) => x.key === r.series);
    span.textContent = `max ${plainText(s?.label ?? r.series)} / ${plainText(b?.label ?? r.bound)} = ${fmt(r.maxRatio)} ${r.maxRatio <= 1 ? "✓ holds" : `✗ exceeds at ${fmt(r.atX)}`}`;
  }
  return div;
}

function metaLine(trace: Trace): HTMLElement {
  const p = document.createElement("p");
  p.className = "bl-meta";
  const m = trace.meta;
  p.textContent = `${m.backend} · ${m.runsTotal} run${m.runsTotal === 1 ? "" : "s"} · ${Math.round(m.ms)} ms${m.complete ? "" : " so far"}`;
  for (const note of m.notes) {
    const n = document.createElement("span");
    n.className = "bl-note";
    n.textContent = ` · ${note}`;
    p.append(n);
  }
  return p;
}

/** The width of the notebook's text column in px, when there is a laid-out page (not in jsdom). */
function columnWidth(): number | undefined {
  const main = typeof document === "undefined" ? null : document.querySelector("main");
  if (!main || main.clientWidth === 0) return undefined;
  const style = getComputedStyle(main);
  return Math.floor(main.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight));
}

type ScaleOptions = { range?: unknown; scheme?: unknown; ticks?: unknown; tickFormat?: unknown; domain?: unknown };

/**
 * `Plot.plot` as cells see it: a hand-drawn plot follows the page's conventions like a trace plot —
 * it fits the text column, its ordinal colours are the page's series colours (by label), and its log
 * axes have ticks in the field's notation (logAxis). Options a cell sets itself are kept.
 */
export function pagePlot(options: Plot.PlotOptions = {}): ReturnType<typeof Plot.plot> {
  const fit = columnWidth();
  const opts: Plot.PlotOptions = { ...options };
  if (fit !== undefined && (options.width ?? 640) > fit) opts.width = fit;
  let chart = Plot.plot(opts);
  const fix: Record<string, ScaleOptions> = {};
  const color = chart.scale("color");
  const own = options.color as ScaleOptions | undefined;
  if (
    color &&
    (color.type === "ordinal" || color.type === "categorical") &&
    own?.range === undefined &&
    own?.scheme === undefined &&
    Array.isArray(color.domain) &&
    color.domain.every((d) => typeof d === "string")
  ) {
    const palette = pagePalette(document);
    fix.color = { ...own, domain: color.domain, range: (color.domain as string[]).map((d) => palette.ofLabel(d)) };
  }
  for (const axis of ["x", "y"] as const) {
    const scale = chart.scale(axis);
    const mine = options[axis] as ScaleOptions | undefined;
    if (scale?.type !== "log" || mine?.ticks !== undefined || mine?.tickFormat !== undefined) continue;
    const [a, b] = scale.domain as number[];
    fix[axis] = { ...mine, ...logAxis([Math.min(a, b), Math.max(a, b)], opts.width ?? 640) };
  }
  if (Object.keys(fix).length) chart = Plot.plot({ ...opts, ...fix } as Plot.PlotOptions);
  return chart;
}

/** Observable Plot's module, and some of its exports by name (those a notebook's cells name). */
export type PlotModule = typeof Plot;
export type PlotMembers = Partial<PlotModule>;

/** What Plot.plot returns: an svg, or a figure (title, legend) around it; `scale()` reads its scales. */
type Chart = ReturnType<typeof Plot.plot>;

/**
 * A cell's own chart as a first-class figure, like a trace figure: the chart, a written description
 * generated from its marks and scales (drawn.ts; the chart's aria-describedby) and a toolbar (SVG, PNG,
 * CSV of the values its marks draw, Copy link, Embed). The figure keeps the chart's `scale` and `legend`,
 * so a cell may read them from what Plot.plot returned as before.
 */
export function handDrawnFigure(chart: Chart, options: Plot.PlotOptions): HTMLElement {
  const model = drawnFigure(
    options as Record<string, unknown>,
    (name) => chart.scale(name as "x") as ScaleInfo | undefined,
    (name) => axisLabelOf(chart, name),
  );
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : chart.querySelector(":scope > svg:not([class$='-ramp'])");
  const figure = document.createElement("figure");
  figure.className = "bl-drawn";
  figure.append(chart);
  const name = plainText(model.title ?? shortName(model));
  const text = describeDrawn(model, name);
  unlabelMarks(chart);
  if (svg) {
    svg.setAttribute("role", "img");
    if (!svg.getAttribute("aria-label")) svg.setAttribute("aria-label", name);
    figure.append(descriptionDisclosure(svg, text));
  }
  figure.append(
    figureToolbar(figure, {
      svg: () => drawnSvg(chart, model, text),
      csv: () =>
        drawnCsv(model, `notebook ${document.querySelector<HTMLElement>("[data-notebook]")?.dataset.notebook ?? ""}`),
    }),
  );
  return Object.assign(figure, { scale: chart.scale.bind(chart), legend: chart.legend.bind(chart) });
}

/** "y against x", from the axes' labels: a chart's accessible name when it has no title. */
function shortName(model: ReturnType<typeof drawnFigure>): string {
  const [x, y] = [model.scales.x?.label, model.scales.y?.label];
  return x && y ? `${y} against ${x}` : x || y ? `Chart of ${x || y}` : "Chart";
}
