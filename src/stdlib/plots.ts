/**
 * Plots of Traces: median line and quantile band per series, each bound dashed and labelled (TeX in
 * the legend, with its theorem), readouts of the fitted log-log slope against the theorem's exponent
 * and of max(empirical / bound), which backend ran and how long it took, and progress while running.
 * `traceFigureOptions` is pure (it also runs in Node for the figure command); the rest builds DOM.
 */
import * as Plot from "@observablehq/plot";
import type { Trace } from "../theory/trace";
import { isAsyncIterator, mapStream } from "./generators";
import { markFirstPlotDrawn, renderLabel } from "./tex";
import { plotToolbar } from "./toolbar";

export interface PlotOptions {
  title?: string;
  x?: "log" | "linear";
  y?: "log" | "linear";
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Show only these series keys. */
  series?: string[];
  /** Hide the bounds. */
  bounds?: boolean;
  /** For Node: the document Plot renders into. */
  document?: Document;
}

export const SERIES_COLORS = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
];
export const BOUND_COLORS = ["#555555", "#b5179e", "#7a5195", "#2f4b7c", "#bc5090", "#003f5c"];

/**
 * Colours of the shown series and of the bounds, shared by the plot, its legend and the SVG export. A
 * bound that applies to exactly one shown series is drawn in that series' colour (dashed), so a
 * reader sees which curve a bound is about; the first such bound per series takes it, and the others
 * (bounds on several series, on hidden ones, a second bound on the same series) take the bound palette.
 */
export function traceColors(
  trace: Pick<Trace, "bounds">,
  shown: readonly { key: string }[],
): { series: string[]; bounds: string[] } {
  const series = shown.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]);
  const claimed = new Set<number>();
  let untied = 0;
  const bounds = trace.bounds.map((b) => {
    const j = b.appliesTo?.length === 1 ? shown.findIndex((s) => s.key === b.appliesTo?.[0]) : -1;
    if (j >= 0 && !claimed.has(j)) {
      claimed.add(j);
      return series[j];
    }
    return BOUND_COLORS[untied++ % BOUND_COLORS.length];
  });
  return { series, bounds };
}

interface Row {
  key: string;
  label: string;
  x: number;
  y: number;
}

export type TraceRows = ReturnType<typeof traceRows>;

/** The rows a plot draws (and the CSV export writes): one tidy table. */
export function traceRows(trace: Trace, opts: PlotOptions = {}) {
  const xLog = (opts.x ?? trace.meta.plot?.xScale ?? "log") === "log";
  const yLog = (opts.y ?? trace.meta.plot?.yScale ?? "log") === "log";
  const okX = (x: number) => Number.isFinite(x) && (!xLog || x > 0);
  const okY = (y: number) => Number.isFinite(y) && (!yLog || y > 0);
  const shown = trace.series.filter((s) => !opts.series || opts.series.includes(s.key));
  const median: Row[] = [];
  const band: { key: string; label: string; x: number; lo: number; hi: number }[] = [];
  for (const s of shown) {
    for (let j = 0; j < trace.x.length; j++) {
      const x = trace.x[j];
      if (!okX(x)) continue;
      if (okY(s.median[j])) median.push({ key: s.key, label: s.label, x, y: s.median[j] });
      if (okY(s.lo[j]) && okY(s.hi[j]) && s.runs > 1)
        band.push({ key: s.key, label: s.label, x, lo: s.lo[j], hi: s.hi[j] });
    }
  }
  const bounds: Row[] = [];
  if (opts.bounds !== false) {
    for (const b of trace.bounds) {
      const xs = b.x ?? trace.x;
      for (let j = 0; j < xs.length; j++) {
        if (okX(xs[j]) && okY(b.y[j])) bounds.push({ key: b.key, label: b.label, x: xs[j], y: b.y[j] });
      }
    }
  }
  return { median, band, bounds, xLog, yLog, shown };
}

/**
 * Observable Plot options for a trace (pure: no DOM beyond Plot's own `document` option). Pass the
 * rows when the caller needs them too, so a redraw derives them once.
 */
export function traceFigureOptions(
  trace: Trace,
  opts: PlotOptions = {},
  rows: TraceRows = traceRows(trace, opts),
): Plot.PlotOptions {
  const { median, band, bounds, xLog, yLog, shown } = rows;
  // Literal colours (an identity scale), not an ordinal scale over keys: a bound may share its key
  // with the series it bounds ("ucb1"), and a shared domain entry would shift every later colour.
  const colors = traceColors(trace, shown);
  const seriesColor = new Map(shown.map((s, i) => [s.key, colors.series[i]]));
  const boundColor = new Map(trace.bounds.map((b, i) => [b.key, colors.bounds[i]]));
  const ofSeries = (r: { key: string }) => seriesColor.get(r.key);
  const ofBound = (r: { key: string }) => boundColor.get(r.key);
  const diverged = shown.filter((s) => s.divergedAt !== undefined);
  const yLinearCrossesZero = !yLog && median.some((r) => r.y < 0);
  const yDomain = offScaleBounds(rows).domain;
  return {
    width: opts.width ?? 680,
    height: opts.height ?? 380,
    marginRight: 20,
    style: { fontSize: "12px", overflow: "visible" },
    x: {
      type: xLog ? "log" : "linear",
      label: opts.xLabel ?? trace.meta.plot?.xLabel ?? "x",
      grid: true,
      ...logTicks(xLog),
    },
    y: {
      type: yLog ? "log" : "linear",
      label: opts.yLabel ?? trace.meta.plot?.yLabel ?? "y",
      grid: true,
      domain: yDomain,
      ...logTicks(yLog),
    },
    color: { type: "identity" },
    document: opts.document,
    marks: [
      yLinearCrossesZero ? Plot.ruleY([0], { stroke: "currentColor", strokeOpacity: 0.5 }) : null,
      Plot.areaY(band, { x: "x", y1: "lo", y2: "hi", z: "key", fill: ofSeries, fillOpacity: 0.16, curve: "linear" }),
      Plot.lineY(bounds, {
        x: "x",
        y: "y",
        z: "key",
        stroke: ofBound,
        strokeDasharray: "6,4",
        strokeWidth: 1.6,
        title: "label",
        clip: yDomain !== undefined,
      }),
      Plot.lineY(median, { x: "x", y: "y", z: "key", stroke: ofSeries, strokeWidth: 2.2, title: "label" }),
      diverged.length
        ? Plot.ruleX(diverged, { x: "divergedAt", stroke: "#d62728", strokeWidth: 1.5, strokeDasharray: "2,3" })
        : null,
      diverged.length
        ? Plot.text(diverged, {
            x: "divergedAt",
            frameAnchor: "top",
            text: (s: { label: string; divergedAt: number }) => `${s.label} diverged at ${fmt(s.divergedAt)}`,
            fill: "#d62728",
            dy: 6,
            textAnchor: "end",
            dx: -4,
          })
        : null,
    ],
  };
}

/**
 * On a linear y axis a loose bound (UCB1's is ~30× the regret it bounds) would flatten the curves
 * it is about: the axis then stops at 2.5× the data, and the legend says which bounds run off it.
 */
export function offScaleBounds({ median, band, bounds, yLog }: TraceRows): {
  domain?: [number, number];
  keys: string[];
} {
  if (yLog || bounds.length === 0) return { keys: [] };
  let lo = 0;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of median) {
    lo = Math.min(lo, r.y);
    hi = Math.max(hi, r.y);
  }
  for (const r of band) {
    lo = Math.min(lo, r.lo);
    hi = Math.max(hi, r.hi);
  }
  if (!(hi > 0)) return { keys: [] };
  const top = 2.5 * hi;
  const keys = [...new Set(bounds.filter((r) => r.y > 4 * hi).map((r) => r.key))];
  return keys.length ? { domain: [lo, top], keys } : { keys: [] };
}

/** Log axes: powers of ten as 10⁻⁶-style labels, and only a handful of them (a range may span 100 decades). */
function logTicks(log: boolean) {
  if (!log) return {};
  return { ticks: 6, tickFormat: (v: number) => (Number.isInteger(Math.log10(v)) ? powerOfTen(Math.log10(v)) : "") };
}

const SUPERSCRIPT: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};
function powerOfTen(e: number): string {
  if (e >= 0 && e <= 3) return String(10 ** e); // "10000" would overflow the default left margin
  return `10${String(e).replace(/./g, (c) => SUPERSCRIPT[c] ?? c)}`;
}

export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(digits - 1).replace("e+", "e");
  return Number(v.toPrecision(digits)).toString();
}

/** A sentence for screen readers: what is plotted, against which bound, with the slope. */
export function describeTrace(trace: Trace, title: string): string {
  const parts = [`${title}.`];
  for (const s of trace.series) {
    let t = `${s.label}: median over ${s.runs} runs`;
    if (s.slope !== undefined) t += `, fitted log-log slope ${fmt(s.slope)}`;
    if (trace.meta.theoryExponent !== undefined) t += ` (theory ${fmt(trace.meta.theoryExponent)})`;
    parts.push(`${t}.`);
  }
  for (const b of trace.bounds) parts.push(`Bound ${b.label} (${b.cite}, ${b.kind}).`);
  for (const r of trace.ratios) parts.push(`max ${r.series}/${r.bound} = ${fmt(r.maxRatio)}.`);
  return parts.join(" ");
}

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

/** Regret plots: the same figure; scales default to the experiment's hints (often linear). */
export function regretPlot(trace: Trace, opts?: PlotOptions): HTMLElement;
export function regretPlot(trace: AsyncIterator<Trace>, opts?: PlotOptions): AsyncIterableIterator<HTMLElement>;
export function regretPlot(
  trace: TraceInput,
  opts: PlotOptions = {},
): HTMLElement | AsyncIterableIterator<HTMLElement> {
  return convergencePlot(trace as Trace, opts);
}

function traceFigure(trace: Trace, opts: PlotOptions): HTMLElement {
  const title = opts.title ?? trace.meta.experiment;
  const figure = document.createElement("figure");
  figure.className = "bl-plot";
  // What exports need: the trace and the options it was drawn with.
  Object.assign(figure, { trace, plotOptions: opts });
  figure.dataset.experiment = trace.meta.experiment;
  figure.dataset.complete = String(trace.meta.complete);
  if (opts.title) {
    const h = figure.appendChild(document.createElement("figcaption"));
    h.className = "bl-plot-title";
    h.textContent = opts.title;
  }
  if (!trace.meta.complete) figure.append(progressBar(trace));
  if (trace.series.length > 0) {
    const rows = traceRows(trace, opts);
    const svg = Plot.plot(traceFigureOptions(trace, opts, rows));
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", describeTrace(trace, title));
    figure.append(svg);
    figure.append(legend(trace, opts, offScaleBounds(rows).keys));
    figure.append(readouts(trace));
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
  const colors = traceColors(trace, shown);
  shown.forEach((s, i) => {
    const li = ul.appendChild(document.createElement("li"));
    li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="${colors.series[i]}" stroke-width="3"/></svg>`;
    li.append(` ${s.label}`);
    const band = trace.band.map((q) => `${Math.round(q * 100)}`).join("–");
    const small = li.appendChild(document.createElement("small"));
    small.textContent = s.runs > 1 ? ` median, ${band}% band over ${s.runs} runs` : "";
  });
  if (opts.bounds !== false) {
    trace.bounds.forEach((b, i) => {
      const li = ul.appendChild(document.createElement("li"));
      li.className = `bl-bound bl-bound-${b.kind}`;
      li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="${colors.bounds[i]}" stroke-width="2" stroke-dasharray="6,4"/></svg> `;
      const tex = li.appendChild(document.createElement("span"));
      renderLabel(tex, `$${b.tex}$`);
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

function readouts(trace: Trace): HTMLElement {
  const div = document.createElement("div");
  div.className = "bl-readouts";
  const expected = trace.meta.theoryExponent;
  for (const s of expected === undefined ? [] : trace.series) {
    if (s.slope === undefined) continue;
    const span = div.appendChild(document.createElement("span"));
    span.className = "bl-readout";
    span.dataset.series = s.key;
    span.textContent = `${s.label}: slope ${fmt(s.slope)}${expected !== undefined ? ` (theorem: ${fmt(expected)})` : ""}`;
  }
  for (const r of trace.ratios) {
    const span = div.appendChild(document.createElement("span"));
    span.className = `bl-readout ${r.maxRatio <= 1 ? "bl-holds" : "bl-violated"}`;
    const b = trace.bounds.find((x) => x.key === r.bound);
    const s = trace.series.find((x) => x.key === r.series);
    span.textContent = `max ${s?.label ?? r.series} / ${b?.label ?? r.bound} = ${fmt(r.maxRatio)} ${r.maxRatio <= 1 ? "✓ holds" : `✗ exceeds at ${fmt(r.atX)}`}`;
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
