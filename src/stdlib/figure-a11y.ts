/**
 * The DOM of a figure's text alternatives: its written description (collapsed under the chart, and the
 * chart's aria-describedby) and the "table" view of its data (the toolbar's Table button).
 */
import type { Trace } from "../theory/trace";
import { describeFigure, figureTable } from "./describe";
import { fmt, type PlotOptions, type TraceRows } from "./figure-model";

// Ids unique within a page; the build prefixes those of its static copies (prefixIds in scripts/prerender.ts).
let nextId = 0;
const uniqueId = (kind: string) => `bl-${kind}-${++nextId}`;

/**
 * Observable Plot names each mark's group ("line", "area", "rule"): ARIA prohibits a name on a group that
 * has no role, and in a chart read as one image with its own name and description they say nothing.
 */
export function unlabelMarks(chart: Element): void {
  for (const g of chart.querySelectorAll("g[aria-label]:not([role])")) g.removeAttribute("aria-label");
}

/** A "Description" disclosure holding the generated text, wired to `chart` by aria-describedby. */
export function figureDescription(
  chart: Element,
  trace: Trace,
  opts: PlotOptions,
  title: string,
  rows: TraceRows,
): HTMLElement {
  return descriptionDisclosure(chart, describeFigure(trace, opts, title, rows));
}

/** The disclosure of any chart's description `text` (a trace figure's, a hand-drawn chart's: drawn.ts). */
export function descriptionDisclosure(chart: Element, text: string): HTMLElement {
  const details = document.createElement("details");
  details.className = "bl-description";
  const summary = details.appendChild(document.createElement("summary"));
  summary.textContent = "Description";
  const p = details.appendChild(document.createElement("p"));
  p.id = uniqueId("desc");
  p.textContent = text;
  chart.setAttribute("aria-describedby", p.id);
  unlabelMarks(chart);
  return details;
}

/** The figure's data as an HTML table, in a box that scrolls (and can be focused to scroll by keyboard). */
export function dataTable(trace: Trace, opts: PlotOptions): HTMLElement {
  const model = figureTable(trace, opts);
  const wrap = document.createElement("div");
  wrap.className = "bl-data-table";
  wrap.id = uniqueId("table");
  wrap.tabIndex = 0;
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", model.caption);
  // Inline, so the table's box needs no stylesheet of its own (the CSP allows style attributes).
  Object.assign(wrap.style, { maxHeight: "24em", overflow: "auto", margin: "0.5em 0" });
  const table = wrap.appendChild(document.createElement("table"));
  table.createCaption().textContent = model.caption;
  const head = table.createTHead().insertRow();
  for (const c of model.columns) {
    const th = head.appendChild(document.createElement("th"));
    th.scope = "col";
    th.textContent = c;
  }
  const body = table.createTBody();
  for (const r of model.rows) {
    const tr = body.insertRow();
    r.forEach((v, j) => {
      const cell = tr.appendChild(document.createElement(j === 0 ? "th" : "td"));
      if (j === 0) (cell as HTMLTableCellElement).scope = "row";
      cell.textContent = v === null ? "" : fmt(v);
    });
  }
  return wrap;
}
