/**
 * Plots of Traces: median line and quantile band per series, each bound dashed and labelled (TeX in
 * the legend, with its theorem), readouts of the fitted log-log slope against the theorem's exponent
 * and of max(empirical / bound), which backend ran and how long it took, and progress while running.
 * What is drawn is decided in figure-model.ts (pure, also in Node); this module builds the DOM.
 */
import * as Plot from "@observablehq/plot";
import type { Trace } from "../theory/trace";
import { figureDescription } from "./figure-a11y";
import {
  describeTrace,
  fmt,
  offScaleBounds,
  type PlotOptions,
  traceColors,
  traceFigureOptions,
  traceRows,
} from "./figure-model";
import { isAsyncIterator, mapStream } from "./generators";
import { pinLegend, withPins } from "./pins";
import { markFirstPlotDrawn, renderLabel } from "./tex";
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

function traceFigure(trace: Trace, drawn: PlotOptions): HTMLElement {
  const opts = withPins(trace, drawn);
  const title = opts.title ?? trace.meta.experiment;
  const figure = document.createElement("figure");
  figure.className = "bl-plot";
  // What exports need: the trace and the options it was drawn with; pins.ts redraws it when pins change.
  Object.assign(figure, { trace, plotOptions: opts, redraw: () => figure.replaceWith(traceFigure(trace, drawn)) });
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
  const colors = traceColors(trace, shown);
  shown.forEach((s, i) => {
    const li = ul.appendChild(document.createElement("li"));
    li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="${colors.series[i]}" stroke-width="3"/></svg>`;
    li.append(` ${s.label}`);
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
      const tex = li.appendChild(document.createElement("span"));
      tex.dataset.texLabel = `$${b.tex}$`; // the build typesets static legends by it (seedTypesetLabels)
      renderLabel(tex, tex.dataset.texLabel);
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
