/**
 * What experiments produce. A worker returns a `RunChunk`: raw per-run samples for a contiguous
 * range of runs (columnar, transferable). The main thread merges chunks and `summarize`s them into a
 * `Trace`: median and quantile band per series, bound curves, readouts. Plots, CSV export and the
 * figure command all read Traces, so they always agree.
 */
import { logLogSlope, quantileSorted } from "./common/stats";

export interface PlotHints {
  xLabel: string;
  yLabel: string;
  xScale?: "log" | "linear";
  yScale?: "log" | "linear";
  /** The exponent a theorem proves for this curve (for the slope readout) and where to fit it. */
  theoryExponent?: number;
  fitFrom?: number;
}

export type Backend = "cpu" | "webgpu";

export interface SeriesChunk {
  key: string;
  label: string;
  /** runs × x.length values, row-major (run-major). NaN marks "no value" (e.g. after divergence). */
  values: Float64Array;
  runs: number;
  /** First x at which some run diverged (non-finite or past the experiment's blow-up threshold). */
  divergedAt?: number;
}

/** "order-only": the rate of a theorem drawn with constant 1 (its shape, not a bound on this instance). */
export type BoundKind = "upper" | "lower" | "asymptotic" | "reference" | "order-only";

export interface BoundCurve {
  key: string;
  /** Plain-text label (SVG text, CSV header, aria-label). */
  label: string;
  /** TeX source of the bound, rendered with KaTeX in legends. */
  tex: string;
  /** Where it is proved: paper and theorem. */
  cite: string;
  kind: BoundKind;
  /** Which series it bounds (for the empirical/bound ratio readout); all series when omitted. */
  appliesTo?: string[];
  y: Float64Array;
  /** Its own x grid; the trace's x when omitted. */
  x?: Float64Array;
  /** The rate exponent the theorem proves (for the slope readout), e.g. -1 for O(1/k). */
  exponent?: number;
}

export interface RunChunk {
  x: Float64Array;
  series: SeriesChunk[];
  bounds: BoundCurve[];
  /** Index of this chunk's first run in the whole experiment. */
  runStart: number;
  backend: Backend;
  /** Short remarks to show under the plot (fallback reasons, warnings). */
  notes: string[];
  /** When the worker began this chunk (epoch ms), set by the compute layer. */
  startedAt?: number;
  /** Compute time of the chunk in ms (set by the kit). */
  ms?: number;
  /**
   * Set on a part (RunContext.series): the indices of the series it holds, in `series`' order; a
   * part has no bounds or notes, and run.ts assembles the parts of a run range into one chunk.
   */
  seriesIndex?: number[];
}

export interface SeriesSummary {
  key: string;
  label: string;
  median: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  mean: Float64Array;
  runs: number;
  /** Each run's value at the last x (NaN if it had none): for distribution plots at the horizon. */
  last: Float64Array;
  divergedAt?: number;
  /** Fitted log-log slope of the median over the fit window. */
  slope?: number;
}

export interface Trace {
  x: Float64Array;
  series: SeriesSummary[];
  bounds: BoundCurve[];
  /** Band quantiles, e.g. [0.1, 0.9]. */
  band: [number, number];
  /** For each (series, upper bound) pair: max over x of median / bound (≤ 1 means the bound holds). */
  ratios: { series: string; bound: string; maxRatio: number; atX: number }[];
  meta: TraceMeta;
}

export interface TraceMeta {
  experiment: string;
  /** Axis labels and scales from the experiment. */
  plot?: PlotHints;
  /** Fraction of all runs done, 0…1 (partial traces). */
  progress?: number;
  params: Record<string, unknown>;
  backend: Backend;
  /** Wall time so far, in ms. */
  ms: number;
  runsDone: number;
  runsTotal: number;
  complete: boolean;
  notes: string[];
  /** When the first chunk of this run started in a worker (epoch ms). */
  startedAt?: number;
  /** The exponent a theorem proves for the plotted quantity, if any, and the fit window. */
  theoryExponent?: number;
  fitFrom?: number;
}

/**
 * The exponent a theorem proves for one series, for its slope readout, or undefined when none covers it:
 * the exponent of a bound that names the series in its `appliesTo`; else the plot's `theoryExponent`,
 * unless a bound with that same exponent narrows it to other series (then the theorem covers only those);
 * else the exponent of a bound drawn for every series. A series with none gets its slope alone.
 */
export function exponentFor(trace: Pick<Trace, "bounds" | "meta">, key: string): number | undefined {
  const rated = trace.bounds.filter((b) => b.exponent !== undefined);
  const named = rated.find((b) => b.appliesTo?.includes(key));
  if (named) return named.exponent;
  const declared = trace.meta.theoryExponent;
  if (declared !== undefined) {
    const narrowed = rated.some((b) => b.appliesTo && Math.abs((b.exponent as number) - declared) < 1e-12);
    return narrowed ? undefined : declared;
  }
  return rated.find((b) => !b.appliesTo)?.exponent;
}

/**
 * Whether a figure reads out series `key`'s slope (plot readouts, descriptions): where the plot declares
 * a theorem's exponent, or a bound with an exponent names the series. A bound drawn for every series
 * (GD's O(1/k) beside its linear rate) gives a sweep its slope summary, not a readout.
 */
export function readsSlope(trace: Pick<Trace, "bounds" | "meta">, key: string): boolean {
  return (
    trace.meta.theoryExponent !== undefined ||
    trace.bounds.some((b) => b.exponent !== undefined && b.appliesTo?.includes(key))
  );
}

/** Merge chunks covering disjoint run ranges into one chunk, runs in order. */
export function mergeChunks(chunks: RunChunk[]): RunChunk {
  if (chunks.length === 0) throw new Error("mergeChunks: no chunks");
  const sorted = [...chunks].sort((a, b) => a.runStart - b.runStart);
  const first = sorted[0];
  if (sorted.length === 1) return first;
  const series = first.series.map((s, i) => {
    const parts = sorted.map((c) => c.series[i]);
    const runs = parts.reduce((n, p) => n + p.runs, 0);
    const values = new Float64Array(runs * first.x.length);
    let offset = 0;
    for (const p of parts) {
      values.set(p.values.subarray(0, p.runs * first.x.length), offset);
      offset += p.runs * first.x.length;
    }
    const diverged = parts.map((p) => p.divergedAt).filter((d): d is number => d !== undefined);
    return { ...s, values, runs, divergedAt: diverged.length ? Math.min(...diverged) : undefined };
  });
  const notes = [...new Set(sorted.flatMap((c) => c.notes))];
  const starts = sorted.map((c) => c.startedAt).filter((t): t is number => t !== undefined);
  const ms = sorted.reduce((t, c) => t + (c.ms ?? 0), 0);
  return { ...first, series, notes, startedAt: starts.length ? Math.min(...starts) : undefined, ms };
}

export interface SummarizeOptions {
  band?: [number, number];
  theoryExponent?: number;
  /** Fit the slope over x ≥ fitFrom (the asymptotic tail). */
  fitFrom?: number;
}

export function summarize(chunk: RunChunk, meta: Omit<TraceMeta, "notes">, opts: SummarizeOptions = {}): Trace {
  const steps = summarizeSteps(chunk, meta, opts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `summarize` in steps of one checkpoint column of one series, so a caller on the page's main thread
 * can yield between them (src/compute/sliced.ts) and never hold it for a whole trace. Run to its end
 * it is `summarize`: the same code, so the same trace, bitwise.
 */
export function* summarizeSteps(
  chunk: RunChunk,
  meta: Omit<TraceMeta, "notes">,
  opts: SummarizeOptions = {},
): Generator<void, Trace, void> {
  const band = opts.band ?? [0.1, 0.9];
  const n = chunk.x.length;
  const series: SeriesSummary[] = [];
  for (const s of chunk.series) {
    const [median, lo, hi, mean] = [0, 1, 2, 3].map(() => new Float64Array(n));
    const column = new Float64Array(s.runs);
    for (let j = 0; j < n; j++) {
      let m = 0;
      let count = 0;
      for (let r = 0; r < s.runs; r++) {
        const v = s.values[r * n + j];
        if (!Number.isNaN(v)) {
          column[count++] = v;
          m += v;
        }
      }
      const col = column.subarray(0, count).sort();
      median[j] = quantileSorted(col, 0.5);
      lo[j] = quantileSorted(col, band[0]);
      hi[j] = quantileSorted(col, band[1]);
      mean[j] = count ? m / count : Number.NaN;
      yield;
    }
    const last = s.values.slice(0, s.runs * n).filter((_, i) => i % n === n - 1);
    const fit = logLogSlope(chunk.x, median, opts.fitFrom ?? 0);
    const { key, label, runs, divergedAt } = s;
    series.push({
      key,
      label,
      median,
      lo,
      hi,
      mean,
      runs,
      last,
      divergedAt,
      slope: fit.n >= 3 ? fit.slope : undefined,
    });
    yield;
  }
  return {
    x: chunk.x,
    series,
    bounds: chunk.bounds,
    band,
    ratios: boundRatios(chunk.x, series, chunk.bounds),
    meta: { ...meta, notes: chunk.notes, theoryExponent: opts.theoryExponent, fitFrom: opts.fitFrom },
  };
}

function boundRatios(x: Float64Array, series: SeriesSummary[], bounds: BoundCurve[]): Trace["ratios"] {
  const out: Trace["ratios"] = [];
  for (const b of bounds) {
    if (b.kind !== "upper" || (b.x && b.x !== x && b.x.length !== x.length)) continue;
    for (const s of series) {
      if (b.appliesTo && !b.appliesTo.includes(s.key)) continue;
      let maxRatio = Number.NEGATIVE_INFINITY;
      let atX = Number.NaN;
      for (let j = 0; j < x.length; j++) {
        const r = s.median[j] / b.y[j];
        if (Number.isFinite(r) && r > maxRatio) {
          maxRatio = r;
          atX = x[j];
        }
      }
      if (Number.isFinite(maxRatio)) out.push({ series: s.key, bound: b.key, maxRatio, atX });
    }
  }
  return out;
}

/** The ArrayBuffers of a chunk, for a zero-copy postMessage transfer. */
export function transferablesOf(chunk: RunChunk): ArrayBuffer[] {
  const bufs = new Set<ArrayBuffer>();
  const add = (a?: Float64Array) => {
    if (a && a.buffer instanceof ArrayBuffer) bufs.add(a.buffer);
  };
  add(chunk.x);
  for (const s of chunk.series) add(s.values);
  for (const b of chunk.bounds) {
    add(b.y);
    add(b.x);
  }
  return [...bufs];
}
