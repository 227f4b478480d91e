/**
 * A hand-drawn chart (a cell's own `Plot.plot`) as data: its marks with the values Plot draws, its
 * scales, a written description and a CSV. Pure (no DOM of its own): the page (index.ts `cellPlot`),
 * its exports and Node tests read it.
 *
 * The values come from the marks the cell passed, evaluated by Plot itself (`mark.initialize()`: the
 * mark's transform, then each channel), not from the SVG: a histogram's CSV is its bins and counts, a
 * box plot's its quartiles, whatever shape the marks draw. The scales (type, domain, label) come from
 * the rendered chart's `scale()`, so they are the ones Plot chose (a label it inferred, a nice domain).
 */
import { csvField } from "./csv";
import { fmt } from "./figure-model";
import { plainText } from "./tex-plain";

/** What Plot's `chart.scale(name)` returns, as much of it as is read here. */
export interface ScaleInfo {
  type?: string;
  domain?: unknown[];
  label?: string | null;
}

export interface DrawnMark {
  /** Plot's name of the mark ("line", "dot", "rule", "bar", …). */
  type: string;
  /** Channel names, in the mark's order. */
  channels: string[];
  /** One row per drawn datum: a value per channel (undefined where the channel has none). */
  rows: unknown[][];
  /** The distinct values of its colour channel (stroke or fill), when that channel is on the colour scale. */
  series: string[];
}

export interface DrawnFigure {
  title?: string;
  marks: DrawnMark[];
  /** The chart's scales that exist, by name: x, y, fx, fy, color. */
  scales: Partial<Record<"x" | "y" | "fx" | "fy" | "color", ScaleInfo>>;
}

/** The Plot mark API read here (Plot 0.6: `initialize()` applies the transform and evaluates channels). */
interface MarkLike {
  ariaLabel?: string;
  initialize(): {
    data: unknown;
    facets?: unknown;
    channels: Record<string, { value: ArrayLike<unknown>; scale?: string }>;
  };
}

const isMark = (m: unknown): m is MarkLike =>
  typeof m === "object" && m !== null && typeof (m as MarkLike).initialize === "function";

/** Plot's `marks` option flattened: nested arrays and composite marks (boxX) become their marks. */
export function flatMarks(marks: unknown): MarkLike[] {
  if (Array.isArray(marks)) return marks.flatMap(flatMarks);
  return isMark(marks) ? [marks] : [];
}

const SCALES = ["x", "y", "fx", "fy", "color"] as const;

/**
 * The figure of Plot options and the chart Plot drew from them. Plot's `scale()` gives no label: a
 * scale's label is the cell's own (`x: {label}`), else the axis label Plot drew (`axisLabel`, read from
 * the chart), else, for colour, the label of the channel it encodes (a field name).
 */
export function drawnFigure(
  options: { title?: unknown; marks?: unknown } & Record<string, unknown>,
  scale: (name: string) => ScaleInfo | undefined,
  axisLabel: (name: string) => string | undefined = () => undefined,
): DrawnFigure {
  const marks: DrawnMark[] = [];
  let colourLabel: string | undefined;
  for (const mark of flatMarks(options.marks)) {
    let init: ReturnType<MarkLike["initialize"]>;
    try {
      init = mark.initialize();
    } catch {
      continue; // a mark that needs the plot's context to evaluate (an initializer): described by type only
    }
    const channels = Object.keys(init.channels);
    const values = channels.map((c) => init.channels[c].value);
    const n = values.reduce((m, v) => Math.max(m, v?.length ?? 0), 0);
    const scaled = channels.flatMap((c, j) => (init.channels[c].scale ? [j] : []));
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const row = values.map((v) => v?.[i]);
      // What Plot leaves out: a datum with no value on a scaled channel (a box plot's non-outliers).
      if (scaled.some((j) => row[j] == null || (typeof row[j] === "number" && Number.isNaN(row[j])))) continue;
      rows.push(row);
    }
    const colour = channels.findIndex((c) => (c === "stroke" || c === "fill") && init.channels[c].scale === "color");
    const series =
      colour < 0 ? [] : [...new Set(rows.map((r) => r[colour]).filter((v) => typeof v === "string"))].map(String);
    const named = colour < 0 ? undefined : (init.channels[channels[colour]] as { label?: unknown }).label;
    if (typeof named === "string") colourLabel ??= named;
    marks.push({ type: mark.ariaLabel ?? "mark", channels, rows, series });
  }
  const scales: DrawnFigure["scales"] = {};
  for (const name of SCALES) {
    const s = scale(name);
    const mine = options[name] as { label?: unknown; axis?: unknown; legend?: unknown } | undefined;
    // A position scale drawn without an axis (a violin's width) is no axis to describe.
    if (!s || (name !== "color" && mine?.axis === null)) continue;
    const own = mine?.label;
    const label =
      own === null
        ? null
        : typeof own === "string"
          ? own
          : (axisLabel(name) ?? (name === "color" ? colourLabel : undefined));
    scales[name] = { ...s, label };
  }
  const title = typeof options.title === "string" ? options.title : undefined;
  return { title, marks, scales };
}

/** The label Plot drew on an axis ("↑ regret", "round t →"), without its arrow; read before unlabelMarks. */
export function axisLabelOf(chart: Element, name: string): string | undefined {
  const text = chart.querySelector(`g[aria-label="${name}-axis label"] text`)?.textContent?.trim();
  return text ? text.replace(/^[↑↓←→]\s*|\s*[↑↓←→]$/g, "") : undefined;
}

const MARK_WORDS: Record<string, [string, string]> = {
  line: ["line", "lines"],
  dot: ["dot", "dots"],
  area: ["area", "areas"],
  rule: ["rule", "rules"],
  tick: ["tick", "ticks"],
  bar: ["bar", "bars"],
  rect: ["bar", "bars"],
  cell: ["cell", "cells"],
  text: ["text label", "text labels"],
};

const value = (v: unknown) => (typeof v === "number" ? fmt(v) : v instanceof Date ? v.toISOString() : String(v));

function axisText(name: string, s: ScaleInfo): string {
  const label = s.label ? `"${plainText(String(s.label))}"` : "unlabelled";
  const type = s.type === "log" ? "logarithmic" : s.type === "band" || s.type === "point" ? "categorical" : s.type;
  const domain = s.domain ?? [];
  const axis = name === "fx" ? "panels across" : name === "fy" ? "panels down" : `${name} axis`;
  let t = `${axis} ${label}${type ? ` (${type})` : ""}`;
  if (domain.length && (s.type === "band" || s.type === "point" || s.type === "ordinal"))
    t += ` with ${domain.length} categories: ${domain.slice(0, 8).map(value).join(", ")}${domain.length > 8 ? ", …" : ""}`;
  else if (domain.length >= 2) {
    const nums = domain.filter((d): d is number => typeof d === "number");
    const [lo, hi] = nums.length >= 2 ? [Math.min(...nums), Math.max(...nums)] : [domain[0], domain[domain.length - 1]];
    t += ` from ${value(lo)} to ${value(hi)}`;
  }
  return t;
}

/** The chart in a few sentences: its marks and points, its series, its axes with their scales and ranges. */
export function describeDrawn(fig: DrawnFigure, name = fig.title ?? "Chart"): string {
  const out: string[] = [];
  // Marks of one type together (a line per series is one "lines"); the colour sentence names the series.
  const byType = new Map<string, { rows: number; series: Set<string> }>();
  for (const m of fig.marks) {
    const t = byType.get(m.type) ?? { rows: 0, series: new Set<string>() };
    t.rows += m.rows.length;
    for (const s of m.series) t.series.add(s);
    byType.set(m.type, t);
  }
  const parts = [...byType].map(([type, m]) => {
    const [one, many] = MARK_WORDS[type] ?? [type, `${type} marks`];
    const points = `${m.rows} data point${m.rows === 1 ? "" : "s"}`;
    const series =
      m.series.size > 1 ? ` in ${m.series.size} series` : m.series.size ? ` of ${plainText([...m.series][0])}` : "";
    return `${m.rows > 1 ? many : one} (${points}${series})`;
  });
  const total = fig.marks.reduce((n, m) => n + m.rows.length, 0);
  out.push(
    `${plainText(name)}: a chart of ${parts.length ? parts.join(", ") : "no data marks"}; ${total} data point${total === 1 ? "" : "s"} in all.`,
  );
  const axes = (["x", "y", "fx", "fy"] as const).flatMap((k) => (fig.scales[k] ? [axisText(k, fig.scales[k])] : []));
  if (axes.length) out.push(`${axes.join("; ")}.`.replace(/^./, (c) => c.toUpperCase()));
  const color = fig.scales.color;
  if (color?.domain?.length) {
    const label = color.label ? ` "${plainText(String(color.label))}"` : "";
    out.push(
      color.type === "ordinal" || color.type === "categorical"
        ? `Colour${label} marks ${color.domain.length} series: ${color.domain.map(value).map(plainText).join(", ")}.`
        : `Colour${label} shows values from ${value(color.domain[0])} to ${value(color.domain[color.domain.length - 1])}.`,
    );
  }
  return out.join(" ");
}

/** The values the chart draws: one row per drawn datum, mark by mark, with the axes' labels in the header. */
export function drawnCsv(fig: DrawnFigure, source = ""): string {
  const columns = [...new Set(fig.marks.flatMap((m) => m.channels))];
  const axes = (["x", "y", "fx", "fy", "color"] as const)
    .filter((k) => fig.scales[k])
    .map((k) => `${k}: ${plainText(String(fig.scales[k]?.label ?? "(unlabelled)"))} (${fig.scales[k]?.type})`);
  const lines = [
    `# BoundLab figure data — ${plainText(fig.title ?? "hand-drawn chart")}${source ? `, ${source}` : ""}`,
    `# ${axes.join("; ")}`,
    "# one row per drawn datum; columns are Plot channels (x1/x2, y1/y2: an interval's ends)",
    ["mark", "type", ...columns].join(","),
  ];
  fig.marks.forEach((m, i) => {
    const at = columns.map((c) => m.channels.indexOf(c));
    for (const r of m.rows) lines.push([i + 1, m.type, ...at.map((j) => (j < 0 ? "" : csvField(r[j])))].join(","));
  });
  return `${lines.join("\n")}\n`;
}
