/**
 * Summaries: the scalar statistics one run of an experiment yields, read from its Trace, so a sweep
 * (src/compute/sweep.ts) can plot any of them against a parameter. Every experiment gets the generic
 * ones from its trace without code of its own — per series, its final value (median and band over
 * runs), the fitted log–log slope where a bound (or the plot) names an exponent, and max(empirical /
 * bound) for each upper bound that applies. A declaration whose curves fall to a target names it
 * (`reach`): each series then has "x to reach it" too. A declaration may add its own (`summaries`).
 * Pure: the page computes them from the traces `run()` delivers.
 */
import { logLogSlope, quantileSorted } from "../common/stats";
import { type BoundCurve, type BoundKind, exponentFor, type SeriesSummary, type Trace } from "../trace";

/** A bound's value at the same parameters, drawn beside the summary on a sweep. */
export interface SummaryBound {
  key: string;
  label: string;
  kind: BoundKind;
  value: number;
}

export interface SummaryValue {
  /** The summary over runs: median and the trace's band quantiles (10–90 % by default). */
  median: number;
  lo: number;
  hi: number;
  /** Bounds it is compared with, at these parameters. */
  bounds: SummaryBound[];
  /** What a theorem says the value should be (a slope's exponent, 1 for a ratio to a bound). */
  reference?: number;
}

export interface Summary {
  /** Unique among an experiment's summaries, e.g. "final:ucb1" (a URL names it). */
  key: string;
  label: string;
  /** What the value is measured in (an axis label). */
  unit: string;
  /** The value for this trace; undefined when the trace has none (e.g. every run diverged). */
  of(trace: Trace): SummaryValue | undefined;
}

/** The level a declaration's curves fall to (a residual's or a suboptimality's ε): see `reach:` summaries. */
export interface ReachTarget {
  /** The level, at the trace's parameters. */
  level(params: Readonly<Record<string, unknown>>): number;
  /** The condition as a label says it, e.g. "f(xₖ) − f* ≤ 10⁻⁶". */
  label(params: Readonly<Record<string, unknown>>): string;
}

/**
 * The first x at which y falls to `level` or below, interpolated on log–log axes between the two
 * checkpoints around the crossing (linearly where a value is not positive); NaN if it never does. On
 * a quantile curve of runs that each only fall, this is that quantile of the runs' own crossing times.
 */
export function firstReach(x: ArrayLike<number>, y: ArrayLike<number>, level: number): number {
  for (let j = 0; j < y.length; j++) {
    if (!(y[j] <= level)) continue;
    if (j === 0 || !(y[j - 1] > level)) return x[j];
    const [x0, x1, y0, y1] = [x[j - 1], x[j], y[j - 1], y[j]];
    const logs = x0 > 0 && y1 > 0 && level > 0;
    const t = logs ? Math.log(y0 / level) / Math.log(y0 / y1) : (y0 - level) / (y0 - y1);
    return logs ? x0 * (x1 / x0) ** t : x0 + t * (x1 - x0);
  }
  return Number.NaN;
}

/** Identity with a check, for declarations' `summaries`. */
export function summary(def: Summary): Summary {
  if (!/^[a-z0-9][\w:.-]*$/i.test(def.key)) throw new Error(`summary key "${def.key}" must be a plain word`);
  return def;
}

const appliesTo = (b: BoundCurve, s: SeriesSummary) => !b.appliesTo || b.appliesTo.includes(s.key);

/** The bound's value at the trace's last x, when its grid reaches that x. */
function boundAtHorizon(trace: Trace, b: BoundCurve): number | undefined {
  const xs = b.x ?? trace.x;
  const j = xs.length - 1;
  if (j < 0 || xs[j] !== trace.x[trace.x.length - 1]) return undefined;
  return Number.isFinite(b.y[j]) ? b.y[j] : undefined;
}

/** Quantiles over runs of one series' value at the last x (runs without one are left out). */
export function finalValue(s: SeriesSummary, band: readonly [number, number]): SummaryValue | undefined {
  const last = Float64Array.from(s.last).filter((v) => !Number.isNaN(v));
  if (last.length === 0) return undefined;
  last.sort();
  return {
    median: quantileSorted(last, 0.5),
    lo: quantileSorted(last, band[0]),
    hi: quantileSorted(last, band[1]),
    bounds: [],
  };
}

/** max over x of y / bound (x where both are finite), or undefined. */
function maxRatio(y: ArrayLike<number>, b: Float64Array): number | undefined {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < y.length; j++) {
    const r = y[j] / b[j];
    if (Number.isFinite(r) && r > m) m = r;
  }
  return Number.isFinite(m) ? m : undefined;
}

function seriesOf(trace: Trace, key: string): SeriesSummary | undefined {
  return trace.series.find((s) => s.key === key);
}

/**
 * The summaries every trace of this shape has, then the declaration's own (`decl.summaries`). `shape` is
 * a trace of the experiment (any parameters): its series and bounds say which generic summaries exist.
 */
export function summariesOf(
  shape: Trace,
  decl: { summaries?: readonly Summary[]; reach?: ReachTarget } = {},
): Summary[] {
  const declared = decl.summaries ?? [];
  const out: Summary[] = [];
  const unit = shape.meta.plot?.yLabel ?? "value";
  for (const s0 of shape.series) {
    const key = s0.key;
    if (decl.reach) out.push(reachSummary(shape, s0, decl.reach));
    out.push({
      key: `final:${key}`,
      label: `${s0.label}: final value`,
      unit,
      of(trace) {
        const s = seriesOf(trace, key);
        const v = s && finalValue(s, trace.band);
        if (!s || !v) return undefined;
        for (const b of trace.bounds) {
          const at = appliesTo(b, s) ? boundAtHorizon(trace, b) : undefined;
          if (at !== undefined) v.bounds.push({ key: b.key, label: b.label, kind: b.kind, value: at });
        }
        return v;
      },
    });
    if (exponentFor(shape, s0.key) !== undefined) {
      out.push({
        key: `slope:${key}`,
        label: `${s0.label}: log–log slope`,
        unit: "slope",
        of(trace) {
          const s = seriesOf(trace, key);
          if (!s) return undefined;
          // The band is the slope of the band's edges: a trace keeps quantiles, not every run.
          const slopeOf = (y: Float64Array) => logLogSlope(trace.x, y, trace.meta.fitFrom ?? 0);
          const [m, lo, hi] = [slopeOf(s.median), slopeOf(s.lo), slopeOf(s.hi)];
          if (m.n < 3 || !Number.isFinite(m.slope)) return undefined;
          return {
            median: m.slope,
            lo: Math.min(lo.slope, hi.slope),
            hi: Math.max(lo.slope, hi.slope),
            bounds: [],
            reference: exponentFor(trace, s.key),
          };
        },
      });
    }
    for (const b0 of shape.bounds) {
      if (b0.kind !== "upper" || !appliesTo(b0, s0) || (b0.x && b0.x.length !== shape.x.length)) continue;
      const boundKey = b0.key;
      out.push({
        key: `ratio:${key}:${boundKey}`,
        label: `${s0.label}: max empirical / ${b0.label}`,
        unit: "× bound",
        of(trace) {
          const s = seriesOf(trace, key);
          const b = trace.bounds.find((x) => x.key === boundKey);
          if (!s || !b || b.y.length !== s.median.length) return undefined;
          const [m, lo, hi] = [maxRatio(s.median, b.y), maxRatio(s.lo, b.y), maxRatio(s.hi, b.y)];
          if (m === undefined) return undefined;
          return { median: m, lo: lo ?? m, hi: hi ?? m, bounds: [], reference: 1 };
        },
      });
    }
  }
  // A declared summary replaces a generic one of the same key.
  return [...out.filter((o) => !declared.some((d) => d.key === o.key)), ...declared];
}

/**
 * "x to reach the target" for one series: the crossing of its median, and of its band's edges (the
 * lower edge crosses first); each upper bound that applies to it crosses at what the theorem
 * guarantees, drawn beside it.
 */
function reachSummary(shape: Trace, s0: SeriesSummary, target: ReachTarget): Summary {
  const key = s0.key;
  const xLabel = shape.meta.plot?.xLabel ?? "x";
  return {
    key: `reach:${key}`,
    label: `${s0.label}: ${xLabel} until ${target.label(shape.meta.params)}`,
    unit: xLabel,
    of(trace) {
      const s = seriesOf(trace, key);
      if (!s) return undefined;
      const level = target.level(trace.meta.params);
      const median = firstReach(trace.x, s.median, level);
      if (Number.isNaN(median)) return undefined;
      const bounds: SummaryBound[] = [];
      for (const b of trace.bounds) {
        if (b.kind !== "upper" || !appliesTo(b, s)) continue;
        const at = firstReach(b.x ?? trace.x, b.y, level);
        if (!Number.isNaN(at)) bounds.push({ key: b.key, label: b.label, kind: b.kind, value: at });
      }
      return { median, lo: firstReach(trace.x, s.lo, level), hi: firstReach(trace.x, s.hi, level), bounds };
    },
  };
}
