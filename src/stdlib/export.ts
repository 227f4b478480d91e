/**
 * Figures for course material: a self-contained SVG (light theme, styles inline, TeX as paths), PNG
 * at 1×/2×/4×, and CSV of exactly the plotted data. The same functions run in the browser (toolbar)
 * and in Node (`npm run figure`), so a figure from the command line is the one the reader saw.
 */
import type { Trace } from "../theory/trace";
import { csvField } from "./csv";
import type { DrawnFigure } from "./drawn";
import { fmt, type PlotOptions, traceColors, traceRows } from "./figure-model";
import { type TextRun, wrapRuns } from "./svg-text";
import { loadTexToSvg } from "./tex-svg";

const INK = "#1d1d1f";
const MUTED = "#5f6368";
const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";

const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Styled runs wrapped to `maxWidth` as one `<text>` per line from baseline `y`, `lineHeight` apart;
 * returns the SVG and the last line's baseline. `xml:space="preserve"` keeps the spaces between runs
 * (resvg drops a tspan's leading space otherwise: "UCB1— median").
 */
function wrappedText(
  runs: TextRun[],
  at: { x: number; y: number; maxWidth: number; lineHeight: number; fill: string },
): { svg: string; lastY: number } {
  const lines = wrapRuns(runs, at.maxWidth);
  const style = (r: TextRun, fill = r.fill) =>
    `font-size="${r.size}"${fill ? ` fill="${fill}"` : ""}${r.bold ? ' font-weight="600"' : ""}`;
  const out = lines.map((line, i) => {
    const [first, ...rest] = line;
    const tspans = rest.map((r) => `<tspan ${style(r)}>${xmlEscape(r.text)}</tspan>`).join("");
    return `<text x="${at.x}" y="${at.y + i * at.lineHeight}" ${style(first, first.fill ?? at.fill)} xml:space="preserve">${xmlEscape(first.text)}${tspans}</text>`;
  });
  return { svg: out.join("\n"), lastY: at.y + Math.max(0, lines.length - 1) * at.lineHeight };
}

/** The CSV of exactly what the plot draws: one tidy row per plotted point, units and parameters in the header. */
export function traceCsv(trace: Trace, opts: PlotOptions = {}): string {
  const { median, band, bounds } = traceRows(trace, opts);
  const xLabel = opts.xLabel ?? trace.meta.plot?.xLabel ?? "x";
  const yLabel = opts.yLabel ?? trace.meta.plot?.yLabel ?? "y";
  const [qLo, qHi] = trace.band.map((q) => `${Math.round(q * 100)}%`);
  const params = Object.entries(trace.meta.params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : v}`)
    .join("; ");
  const lines = [
    `# BoundLab figure data — experiment ${trace.meta.experiment}`,
    `# parameters: ${params}`,
    `# x: ${xLabel}; y: ${yLabel}; for series, y is the median and y_lo, y_hi the ${qLo} and ${qHi} quantiles across runs; for bounds, y is the bound`,
    `# backend: ${trace.meta.backend}; runs: ${trace.meta.runsTotal}`,
    "curve,role,label,x,y,y_lo,y_hi,runs",
  ];
  const bandAt = new Map(band.map((b) => [`${b.key}@${b.x}`, b]));
  for (const r of median) {
    const b = bandAt.get(`${r.key}@${r.x}`);
    const runs = trace.series.find((s) => s.key === r.key)?.runs ?? "";
    lines.push([r.key, "series", csvField(r.label), r.x, r.y, b?.lo ?? "", b?.hi ?? "", runs].join(","));
  }
  for (const r of bounds) {
    const kind = trace.bounds.find((b) => b.key === r.key)?.kind ?? "bound";
    lines.push([r.key, `${kind} bound`, csvField(r.label), r.x, r.y, "", "", ""].join(","));
  }
  return `${lines.join("\n")}\n`;
}

export interface SvgExportOptions {
  title?: string;
  plotOptions?: PlotOptions;
  fontSize?: number;
}

/**
 * A standalone SVG document of a plot figure: the Plot chart, the title, the legend with each bound's
 * TeX typeset by MathJax, the readouts and the run line. Always in the light theme.
 */
export async function figureSvg(figure: Element, trace: Trace, opts: SvgExportOptions = {}): Promise<string> {
  const chart = figure.querySelector(":scope > svg") as SVGSVGElement | null;
  if (!chart) throw new Error("this figure has no chart to export yet");
  const texToSvg = await loadTexToSvg();
  const fontSize = opts.fontSize ?? 12;
  const width = Number(chart.getAttribute("width")) || 680;
  const chartHeight = Number(chart.getAttribute("height")) || 380;
  const parts: string[] = [];
  const title = opts.title ?? figure.querySelector(".bl-plot-title")?.textContent ?? "";
  let y = titleLines(parts, title, width);
  parts.push(placedChart(chart, y).svg);
  y += chartHeight + 8;

  const { shown } = traceRows(trace, opts.plotOptions);
  const colors = traceColors(trace, shown, opts.plotOptions?.palette);
  const line = (color: string, dashed: boolean, at: number) =>
    `<line x1="0" x2="22" y1="${at}" y2="${at}" stroke="${color}" stroke-width="${dashed ? 2 : 3}"${dashed ? ' stroke-dasharray="6,4"' : ""}/>`;
  shown.forEach((s, i) => {
    y += 18;
    parts.push(line(colors.series[i], false, y - 4));
    const runs =
      s.runs > 1
        ? ` — median and ${trace.band.map((q) => Math.round(q * 100)).join("–")}% band over ${s.runs} runs`
        : "";
    const entry = wrappedText(
      [
        { text: s.label, size: fontSize + 1, fill: INK },
        { text: runs, size: fontSize, fill: MUTED },
      ],
      { x: 30, y, maxWidth: width - 30, lineHeight: fontSize + 5, fill: INK },
    );
    parts.push(entry.svg);
    y = entry.lastY;
  });
  if (opts.plotOptions?.bounds !== false) {
    trace.bounds.forEach((b, i) => {
      const math = texToSvg(b.tex, fontSize + 2);
      const rowHeight = Math.max(18, math.height + 6);
      y += rowHeight;
      parts.push(line(colors.bounds[i], true, y - 4));
      parts.push(math.svg.replace(/^<svg/, `<svg x="30" y="${y - math.height + math.depth}"`));
      const note = `${b.kind === "reference" || b.kind === "order-only" ? b.kind : `${b.kind} bound`} — ${b.cite}`;
      // The note follows the formula on its line, or starts the next line when the formula leaves too little room.
      const beside = width - (36 + math.width) >= 120;
      const cite = wrappedText([{ text: note, size: fontSize }], {
        x: beside ? 36 + math.width : 30,
        y: beside ? y : y + fontSize + 5,
        maxWidth: beside ? width - (36 + math.width) : width - 30,
        lineHeight: fontSize + 5,
        fill: MUTED,
      });
      parts.push(cite.svg);
      y = cite.lastY;
    });
    y += 6;
  }
  for (const el of figure.querySelectorAll(".bl-readout, .bl-meta")) {
    const text = (el.textContent ?? "").replace(/\s+/g, " ").trim();
    if (!text) continue;
    y += 17;
    const readout = wrappedText([{ text, size: fontSize }], {
      x: 0,
      y,
      maxWidth: width,
      lineHeight: fontSize + 5,
      fill: MUTED,
    });
    parts.push(readout.svg);
    y = readout.lastY;
  }
  return svgDocument(
    parts,
    width,
    y + 8,
    title || trace.meta.experiment,
    `BoundLab, experiment ${trace.meta.experiment}; parameters ${JSON.stringify(trace.meta.params)}`,
  );
}

/** An export's title, wrapped to its width, pushed onto `parts`; returns where what follows starts. */
function titleLines(parts: string[], title: string, width: number): number {
  if (!title) return 0;
  const t = wrappedText([{ text: title, size: 15, bold: true }], {
    x: 0,
    y: 16,
    maxWidth: width,
    lineHeight: 19,
    fill: INK,
  });
  parts.push(t.svg);
  return t.lastY + 10;
}

/** The standalone document around an export's parts: light theme, white ground, title and description. */
function svgDocument(parts: string[], width: number, bottom: number, title: string, desc: string): string {
  const height = Math.ceil(bottom);
  // Plot's axes and MathJax's glyphs paint with currentColor: fix it to the light theme's ink.
  const body = parts.join("\n").replace(/currentColor/g, INK);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" color="${INK}">
<title>${xmlEscape(title)}</title>
<desc>${xmlEscape(desc)}</desc>
<rect width="100%" height="100%" fill="#ffffff"/>
${body}
</svg>
`;
}

/** A chart's own SVG placed at `y` in an export; returns its part and height. */
function placedChart(chart: SVGSVGElement, y: number): { svg: string; height: number } {
  const xml = new XMLSerializer().serializeToString(chart);
  return {
    svg: `<g transform="translate(0,${y})">${xml.replace(/^<svg/, `<svg x="0" y="0"`)}</g>`,
    height: Number(chart.getAttribute("height")) || 380,
  };
}

/**
 * A standalone SVG document of a hand-drawn chart (a cell's own Plot.plot): its title, its colour legend
 * (Plot's ramp, or a swatch per series), the chart. `root` is what Plot returned (an svg, or a figure).
 */
export function drawnSvg(root: Element, fig: DrawnFigure, description: string): string {
  const charts = root.tagName.toLowerCase() === "svg" ? [root] : [...root.querySelectorAll(":scope > svg")];
  const chart = charts.find((c) => !/-ramp\b/.test(c.getAttribute("class") ?? "")) as SVGSVGElement | undefined;
  if (!chart) throw new Error("this figure has no chart to export yet");
  const width = Number(chart.getAttribute("width")) || 640;
  const parts: string[] = [];
  let y = titleLines(parts, fig.title ?? "", width);
  const color = fig.scales.color as (DrawnFigure["scales"]["color"] & { range?: unknown[] }) | undefined;
  const ramp = charts.find((c) => c !== chart) as SVGSVGElement | undefined;
  if (ramp) {
    const placed = placedChart(ramp, y);
    parts.push(placed.svg);
    y += placed.height + 6;
  } else if (
    color?.domain &&
    Array.isArray(color.range) &&
    (color.type === "ordinal" || color.type === "categorical")
  ) {
    color.domain.forEach((d, i) => {
      y += 18;
      const fill = String(color.range?.[i % (color.range?.length ?? 1)] ?? INK);
      parts.push(`<rect x="0" y="${y - 10}" width="12" height="12" fill="${xmlEscape(fill)}"/>`);
      const entry = wrappedText([{ text: String(d), size: 13, fill: INK }], {
        x: 20,
        y,
        maxWidth: width - 20,
        lineHeight: 18,
        fill: INK,
      });
      parts.push(entry.svg);
      y = entry.lastY;
    });
    y += 8;
  }
  const placed = placedChart(chart, y);
  parts.push(placed.svg);
  y += placed.height;
  return svgDocument(parts, width, y + 8, fig.title || "BoundLab figure", `BoundLab figure. ${description}`);
}

/** SVG size from its root attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: Number(w?.[1] ?? 0), height: Number(h?.[1] ?? 0) };
}

/** PNG of an SVG document at `scale`× its size, in the browser (canvas). */
export async function svgToPngBrowser(svg: string, scale: number): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d")!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export { fmt };

/**
 * Traces as JSON, bit for bit: a Float64Array is its little-endian bytes in base64 (`{"$f64": …}`), and a
 * number JSON cannot hold (NaN, ±Infinity, −0) is `{"$num": "NaN"}`. The build ships each default trace
 * this way in its page (a `<script type="application/json">` data block: "<" is escaped, so the text can
 * never close the element) and `run()` decodes it instead of computing (see src/stdlib/index.ts).
 */
export function encodeTrace(trace: Trace): string {
  return toExactJson(trace);
}

export function decodeTrace(json: string): Trace {
  return fromExactJson<Trace>(json);
}

/** Any value holding traces (a shipped block: `{experiment, params, trace}`) in the same exact JSON. */
export function toExactJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key, v) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Float64Array)
      return { $f64: bytesToBase64(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)) };
    if (typeof raw === "number" && (!Number.isFinite(raw) || Object.is(raw, -0)))
      return { $num: Object.is(raw, -0) ? "-0" : String(raw) };
    return v;
  }).replace(/</g, "\\u003c");
}

export function fromExactJson<T>(json: string): T {
  return JSON.parse(json, (_key, value) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      if (typeof value.$f64 === "string") {
        const bytes = base64ToBytes(value.$f64);
        return new Float64Array(bytes.buffer, 0, bytes.byteLength / 8);
      }
      if (typeof value.$num === "string") return value.$num === "-0" ? -0 : Number(value.$num);
    }
    return value;
  }) as T;
}

/** Validated parameter values as one string, whatever the order of their keys: what a shipped trace is looked up by. */
export function paramsKey(values: Record<string, unknown>): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : Array.isArray(v)
        ? v.map(canonical)
        : v;
  return JSON.stringify(canonical(values));
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const bytes = new Uint8Array(s.length); // a fresh buffer: aligned for the Float64Array view
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}
