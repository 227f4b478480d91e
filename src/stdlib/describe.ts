/**
 * A figure in words and as a table, from its trace: what is plotted, the fitted slope against the
 * theorem's exponent, and whether each bound held, over how many runs. Pure (no DOM): the page uses
 * it as each figure's accessible description and its "table" view; Node tests read it directly.
 */
import { type BoundCurve, exponentFor, readsSlope, type SeriesSummary, type Trace } from "../theory/trace";
import { fmt, type PlotOptions, type TraceRows, traceRows } from "./figure-model";

const axes = (xLog: boolean, yLog: boolean) =>
  xLog && yLog
    ? "log–log axes"
    : xLog || yLog
      ? `a logarithmic ${xLog ? "x" : "y"} axis and a linear ${xLog ? "y" : "x"} axis`
      : "linear axes";

const finite = (a: ArrayLike<number>) => Array.from(a).filter(Number.isFinite);

/** The figure in a few sentences (the text behind its aria-describedby). */
export function describeFigure(
  trace: Trace,
  opts: PlotOptions = {},
  title = trace.meta.experiment,
  rows: TraceRows = traceRows(trace, opts),
): string {
  const { shown, xLog, yLog } = rows;
  const xLabel = opts.xLabel ?? trace.meta.plot?.xLabel ?? "x";
  const yLabel = opts.yLabel ?? trace.meta.plot?.yLabel ?? "y";
  const xs = finite(trace.x);
  const out = [`${title}: ${yLabel} against ${xLabel}, on ${axes(xLog, yLog)}`];
  if (xs.length) out[0] += `, for ${xLabel} from ${fmt(xs[0])} to ${fmt(xs[xs.length - 1])}`;
  out[0] += ".";
  const [qLo, qHi] = trace.band.map((q) => Math.round(q * 100));
  for (const s of shown) {
    const ys = finite(s.median);
    let t =
      s.runs > 1 ? `${s.label}: the median of ${s.runs} runs, with its ${qLo}–${qHi}% band` : `${s.label}: one run`;
    if (ys.length) t += `, going from ${fmt(ys[0])} to ${fmt(ys[ys.length - 1])}`;
    // Each series against the exponent of a theorem that covers it; its slope alone where the plot's covers others only.
    if (s.slope !== undefined && readsSlope(trace, s.key)) {
      const expected = exponentFor(trace, s.key);
      const window = trace.meta.fitFrom ? ` for ${xLabel} ≥ ${fmt(trace.meta.fitFrom)}` : "";
      t += `; its fitted log–log slope${window} is ${fmt(s.slope)}`;
      if (expected !== undefined) t += `, against the theorem's exponent ${fmt(expected)}`;
    }
    if (s.divergedAt !== undefined) t += `; it diverged at ${xLabel} = ${fmt(s.divergedAt)}`;
    out.push(`${t}.`);
  }
  if (opts.bounds === false) return out.join(" ");
  for (const b of trace.bounds) {
    const about = shown.filter((s) => !b.appliesTo || b.appliesTo.includes(s.key));
    const verdicts = b.kind === "upper" || b.kind === "lower" ? boundVerdicts(trace, b, about, xLabel) : [];
    const what = `${KIND[b.kind]} ${b.label} (${b.cite})`;
    out.push(verdicts.length ? `${what}: ${verdicts.join("; ")}.` : `${what}.`);
  }
  return out.join(" ");
}

const KIND: Record<BoundCurve["kind"], string> = {
  upper: "Upper bound",
  lower: "Lower bound",
  asymptotic: "Asymptotic rate (it may be crossed at finite horizons)",
  reference: "Reference curve",
  "order-only": "Rate with constant 1 (its shape only)",
};

/** For an upper or lower bound: did each series' median respect it, and how many runs did at the horizon. */
function boundVerdicts(trace: Trace, b: BoundCurve, about: SeriesSummary[], xLabel: string): string[] {
  const parts: string[] = [];
  for (const s of about) {
    const r = trace.ratios.find((q) => q.bound === b.key && q.series === s.key);
    if (!r) continue;
    parts.push(
      r.maxRatio <= 1
        ? `it held for the median of ${s.label} (at most ${fmt(r.maxRatio)} times the bound)`
        : `the median of ${s.label} exceeded it, reaching ${fmt(r.maxRatio)} times the bound at ${xLabel} = ${fmt(r.atX)}`,
    );
  }
  // Each run's last value against the bound there, when the bound shares the trace's last x.
  const bx = b.x ?? trace.x;
  const n = trace.x.length;
  const limit = b.y[bx.length - 1];
  if (n === 0 || bx.length === 0 || bx[bx.length - 1] !== trace.x[n - 1] || !Number.isFinite(limit)) return parts;
  const counts = about.map((s) => {
    const values = finite(s.last);
    const held = values.filter((v) => (b.kind === "upper" ? v <= limit : v >= limit)).length;
    const missing = s.runs - values.length;
    return `${held} of ${values.length} runs of ${s.label}${missing > 0 ? ` (${missing} more had no value there)` : ""}`;
  });
  if (counts.length)
    parts.push(
      `at ${xLabel} = ${fmt(trace.x[n - 1])}, ${counts.join(", ")} ${b.kind === "upper" ? "were below" : "were above"} it`,
    );
  return parts;
}

export interface FigureTable {
  caption: string;
  columns: string[];
  /** One row per x, in order; a cell is a number, or null where that curve has no point there. */
  rows: (number | null)[][];
}

/**
 * The plotted data as one wide table: a row per x, a column per series median (and its band) and per
 * bound. Built from the same rows the plot draws and the CSV writes, so all three agree.
 */
export function figureTable(
  trace: Trace,
  opts: PlotOptions = {},
  rows: TraceRows = traceRows(trace, opts),
): FigureTable {
  const xLabel = opts.xLabel ?? trace.meta.plot?.xLabel ?? "x";
  const yLabel = opts.yLabel ?? trace.meta.plot?.yLabel ?? "y";
  const [qLo, qHi] = trace.band.map((q) => `${Math.round(q * 100)}%`);
  const columns = [xLabel];
  // Column index per curve and role: keys may repeat between a series and its bound ("ucb1").
  const col = new Map<string, number>();
  const add = (id: string, name: string) => {
    col.set(id, columns.length);
    columns.push(name);
  };
  for (const s of rows.shown) {
    add(`series\u0000${s.key}`, `${s.label} (median)`);
    if (rows.band.some((r) => r.key === s.key)) {
      add(`lo\u0000${s.key}`, `${s.label} (${qLo})`);
      add(`hi\u0000${s.key}`, `${s.label} (${qHi})`);
    }
  }
  const boundKeys = [...new Set(rows.bounds.map((r) => r.key))];
  for (const key of boundKeys) add(`bound\u0000${key}`, trace.bounds.find((b) => b.key === key)?.label ?? key);

  const byX = new Map<number, (number | null)[]>();
  const at = (x: number) => {
    let row = byX.get(x);
    if (!row) byX.set(x, (row = [x, ...new Array<number | null>(columns.length - 1).fill(null)]));
    return row;
  };
  const put = (id: string, x: number, y: number) => {
    const j = col.get(id);
    if (j !== undefined) at(x)[j] = y;
  };
  for (const r of rows.median) put(`series\u0000${r.key}`, r.x, r.y);
  for (const r of rows.band) {
    put(`lo\u0000${r.key}`, r.x, r.lo);
    put(`hi\u0000${r.key}`, r.x, r.hi);
  }
  for (const r of rows.bounds) put(`bound\u0000${r.key}`, r.x, r.y);
  return {
    caption: `${yLabel} against ${xLabel}: the plotted data`,
    columns,
    rows: [...byX.values()].sort((a, b) => (a[0] as number) - (b[0] as number)),
  };
}
