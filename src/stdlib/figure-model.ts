/**
 * What a plot of a Trace shows, as data: series and bound colours, the rows Plot draws, the Plot
 * options, tick formats, the text alternative. Pure (no DOM of its own): the page, the exports and the
 * figure command (in Node) all read it, so they agree.
 */
import * as Plot from "@observablehq/plot";
import { exponentFor, readsSlope, type Trace } from "../theory/trace";
import { plainText } from "./tex-plain";

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
  /** Curves pinned from earlier runs (src/stdlib/pins.ts), drawn dotted in their series' colours. */
  pins?: PinnedCurve[];
  /** The page's series colours (one per key across its plots); without it, colours follow the series order. */
  palette?: SeriesPalette;
}

export interface PinnedCurve {
  /** Its place among the pins: its dash pattern. */
  index: number;
  /** The parameters where it differs from the plot's, e.g. "T = 1000". */
  label: string;
  x: Float64Array;
  series: { key: string; label: string; y: Float64Array }[];
}

/** One dash pattern per pin, so pins of the same series tell apart. */
export const PIN_DASHES = ["1,3", "8,3,1,3", "4,2", "10,4", "1,6", "6,2,2,2"];

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
 * One colour per series across every plot of a page (issue 15): the first plot to show a series key
 * gives it the next palette colour, and every later plot, trace plot or hand-drawn, reuses it. A
 * hand-drawn plot knows its series by label only: a label first seen with a key wears that key's colour.
 */
export class SeriesPalette {
  private readonly byKey = new Map<string, string>();
  private readonly byLabel = new Map<string, string>();
  private used = 0;

  /** The colour of the series `key` (labelled `label`). */
  of(key: string, label: string): string {
    const color = this.byKey.get(key) ?? this.byLabel.get(plainText(label)) ?? this.fresh();
    this.byKey.set(key, color);
    if (!this.byLabel.has(plainText(label))) this.byLabel.set(plainText(label), color);
    return color;
  }

  /** The colour of a series known by its label only (a hand-drawn plot's colour channel). */
  ofLabel(label: string): string {
    const color = this.byLabel.get(plainText(label)) ?? this.fresh();
    this.byLabel.set(plainText(label), color);
    return color;
  }

  private fresh(): string {
    return SERIES_COLORS[this.used++ % SERIES_COLORS.length];
  }
}

const palettes = new WeakMap<object, SeriesPalette>();
/** The palette of the page `doc` (the prerender mounts each notebook in its own document). */
export function pagePalette(doc: object): SeriesPalette {
  let p = palettes.get(doc);
  if (!p) palettes.set(doc, (p = new SeriesPalette()));
  return p;
}

/**
 * Colours of the shown series and of the bounds, shared by the plot, its legend and the SVG export. A
 * bound that applies to exactly one shown series is drawn in that series' colour (dashed), so a
 * reader sees which curve a bound is about; the first such bound per series takes it, and the others
 * (bounds on several series, on hidden ones, a second bound on the same series) take the bound palette.
 */
export function traceColors(
  trace: Pick<Trace, "bounds">,
  shown: readonly { key: string; label?: string }[],
  palette?: SeriesPalette,
): { series: string[]; bounds: string[] } {
  const series = shown.map((s, i) =>
    palette ? palette.of(s.key, s.label ?? s.key) : SERIES_COLORS[i % SERIES_COLORS.length],
  );
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
  const colors = traceColors(trace, shown, opts.palette);
  const seriesColor = new Map(shown.map((s, i) => [s.key, colors.series[i]]));
  const boundColor = new Map(trace.bounds.map((b, i) => [b.key, colors.bounds[i]]));
  const ofSeries = (r: { key: string }) => seriesColor.get(r.key);
  const ofBound = (r: { key: string }) => boundColor.get(r.key);
  const diverged = shown.filter((s) => s.divergedAt !== undefined);
  const yLinearCrossesZero = !yLog && median.some((r) => r.y < 0);
  const yDomain = offScaleBounds(rows).domain;
  const width = opts.width ?? 680;
  const xs = [...median, ...band, ...bounds].map((r) => r.x);
  const ys = yDomain ?? [...median, ...bounds].map((r) => r.y).concat(band.flatMap((r) => [r.lo, r.hi]));
  const yTicks = yLog ? logAxis(extent(ys), width) : undefined;
  return {
    width,
    height: opts.height ?? 380,
    marginRight: 20,
    // Room for the longest y tick label ("−1,800", "2·10⁻⁴"): Plot's default 40 px lets it hang off
    // the svg, which a printed page (no padding around the figure) cuts.
    marginLeft: Math.max(40, 14 + 7 * longestYLabel(ys, yTicks?.ticks, yTicks?.tickFormat)),
    style: { fontSize: "12px", overflow: "visible" },
    x: {
      type: xLog ? "log" : "linear",
      label: opts.xLabel ?? trace.meta.plot?.xLabel ?? "x",
      grid: true,
      ...(xLog ? logAxis(extent(xs), width) : {}),
    },
    y: {
      type: yLog ? "log" : "linear",
      label: opts.yLabel ?? trace.meta.plot?.yLabel ?? "y",
      grid: true,
      domain: yDomain,
      ...(yTicks ?? {}),
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
        title: (r: Row) => plainText(r.label),
        clip: yDomain !== undefined,
      }),
      ...(opts.pins ?? []).map((pin) =>
        Plot.lineY(
          pin.series.flatMap((s) =>
            Array.from(pin.x, (x, j) => ({
              key: s.key,
              x,
              y: s.y[j],
              label: `${s.label} (pinned: ${pin.label})`,
            })).filter((r) => Number.isFinite(r.y) && (!yLog || r.y > 0)),
          ),
          {
            x: "x",
            y: "y",
            z: "key",
            stroke: (r: { key: string }) => seriesColor.get(r.key) ?? BOUND_COLORS[0],
            strokeWidth: 1.8,
            strokeDasharray: PIN_DASHES[pin.index % PIN_DASHES.length],
            title: (r: { label: string }) => plainText(r.label),
            clip: yDomain !== undefined,
          },
        ),
      ),
      Plot.lineY(median, {
        x: "x",
        y: "y",
        z: "key",
        stroke: ofSeries,
        strokeWidth: 2.2,
        title: (r: Row) => plainText(r.label),
      }),
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

function extent(values: number[]): [number, number] | undefined {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v > 0 && v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Ticks of a log axis over `domain`, in the field's notation (10⁻³, 0.002; never SI's "1m"): powers of
 * ten when the domain holds at least three, else 1-2-5 (or 1…9) multiples, so a domain under about 1.5
 * decades still gets three labelled ticks. Fewer ticks on a narrow plot. Hand-drawn plots get it too.
 */
export function logAxis(
  domain: readonly [number, number] | undefined,
  width = 680,
): { ticks: number | number[]; tickFormat: (v: number) => string } {
  const count = width < 480 ? 4 : 6;
  const powers = (v: number) => (Number.isInteger(Math.log10(v)) ? powerOfTen(Math.log10(v)) : "");
  if (!domain || !(domain[0] > 0) || !(domain[1] >= domain[0])) return { ticks: count, tickFormat: powers };
  const [lo, hi] = domain;
  const within = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  if (within([1]).length >= 3) return { ticks: count, tickFormat: powers };
  for (const mantissas of [
    [1, 2, 5],
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  ]) {
    const ticks = within(mantissas);
    if (ticks.length >= 3) return { ticks: thin(ticks, count + 2), tickFormat: tickLabel };
  }
  // Under a tenth of a decade: the domain's ends and middle.
  const mid = Math.sqrt(lo * hi);
  return { ticks: [lo, mid, hi].map((v) => Number(v.toPrecision(3))), tickFormat: tickLabel };
}

/**
 * Characters of the longest y tick label: of the explicit ticks when there are some, else of the
 * domain's ends as Plot's default format writes them (a linear axis: "−1,800").
 */
function longestYLabel(ys: number[], ticks?: number | number[], format?: (v: number) => string): number {
  if (Array.isArray(ticks) && format) return Math.max(0, ...ticks.map((t) => format(t).length));
  if (format) return 5; // powers of ten: "10⁻¹²"
  let lo = 0;
  let hi = 0;
  for (const v of ys) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const label = (v: number) => Number(v.toPrecision(2)).toLocaleString("en-US").length;
  return Math.max(label(lo), label(hi), 3);
}

/** Every k-th tick so that at most `max` remain. */
function thin(ticks: number[], max: number): number[] {
  const k = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % k === 0);
}

/** A tick value: a power of ten as 10ⁿ, a plain decimal in [10⁻³, 10⁵), else m·10ⁿ. */
export function tickLabel(v: number): string {
  const e = Math.log10(Math.abs(v));
  if (Number.isInteger(e)) return powerOfTen(e);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(3)).toString();
  const n = Math.floor(e);
  return `${Number((v / 10 ** n).toPrecision(3))}·${powerOfTen(n)}`;
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
    const expected = readsSlope(trace, s.key) ? exponentFor(trace, s.key) : undefined;
    if (s.slope !== undefined && expected !== undefined) t += ` (theory ${fmt(expected)})`;
    parts.push(`${t}.`);
  }
  for (const b of trace.bounds) parts.push(`Bound ${b.label} (${b.cite}, ${b.kind}).`);
  for (const r of trace.ratios) {
    const s = trace.series.find((x) => x.key === r.series);
    const b = trace.bounds.find((x) => x.key === r.bound);
    if (s && b) parts.push(`Largest ratio of ${s.label} to its bound ${b.label}: ${fmt(r.maxRatio)}.`);
  }
  return plainText(parts.join(" "));
}
