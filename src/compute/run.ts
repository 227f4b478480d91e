/**
 * `run(id, params)`: validates the parameters, splits the runs across the worker pool, and streams
 * merged, summarised Traces as chunks complete. Returning the stream (its `return()`, called by the
 * runtime when the cell goes stale) aborts every chunk at once; a stale result is never pushed.
 */

import { checkParams, type GivenSeries, runCountOf } from "../theory/experiment";
import type { CostEstimate } from "../theory/kit/cost";
import { loadedSchema, loadSchema } from "../theory/registry";
import { mergeChunks, type RunChunk, type Trace } from "../theory/trace";
import { type Channel, channel } from "./channel";
import { CancelledError, type WorkerPool } from "./pool";
import type { ChunkJob } from "./protocol";
import { summarizeSliced } from "./sliced";

/** Shows runs longer than a moment (the page implements it: src/stdlib/progress.ts). */
export interface ProgressReporter {
  /** A run is under way: fraction done (0…1), elapsed ms. */
  update(runKey: object, label: string, fraction: number, ms: number): void;
  done(runKey: object): void;
}

/** Parameters that failed validation upstream (a bad URL value): run refuses them with this message. */
export const PARAM_ERRORS = Symbol.for("boundlab.paramErrors");

export class ParameterError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("\n"));
    this.name = "Invalid parameter";
  }
}

/** Show progress only for runs longer than this (shorter ones would just flicker)… */
const PROGRESS_DELAY_MS = 300;
/**
 * …except a run the kit's estimate (cost.ts) says takes longer than this on the pool: its progress
 * shows at once, so a reader sees within a blink that it is under way.
 */
const EXPECTED_LONG_MS = 100;
/** Whether the kit's estimate of a run says it takes longer than EXPECTED_LONG_MS on `workers` cores. */
export function expectedLong(estimate: CostEstimate | undefined, workers: number): boolean {
  return ((estimate?.seconds ?? 0) * 1000) / Math.max(1, workers) > EXPECTED_LONG_MS;
}
/** Minimum time between two partial traces of one run. */
const PARTIAL_INTERVAL_MS = 250;
/** Chunks per worker: more chunks make the plot fill in as runs complete, at a small overhead. */
const CHUNKS_PER_WORKER = 2;

/**
 * Runs chunks of an experiment: the worker pool in the browser, the process itself in Node. One that
 * can `summarize` a run's final trace on a worker keeps that off the page's main thread.
 */
export type ChunkRunner = Pick<WorkerPool, "size" | "runChunk" | "prepare"> & Partial<Pick<WorkerPool, "summarize">>;

export interface RunOptions {
  pool: ChunkRunner;
  /** Shows runs that take longer than PROGRESS_DELAY_MS (the page's status line). */
  progress?: ProgressReporter;
  now?: () => number;
  /**
   * A trace already computed for these validated parameters (the default traces a page ships, made at
   * build time by scripts/prerender.ts): it is the run's one value, and nothing is computed.
   */
  precomputed?: (id: string, values: Record<string, unknown>) => Trace | undefined;
  /** Told of every complete trace a run delivers (the build records the default traces with it). */
  onComplete?: (id: string, values: Record<string, unknown>, trace: Trace) => void;
}

export function runExperiment(id: string, params: Record<string, unknown>, opts: RunOptions): Channel<Trace> {
  const controller = new AbortController();
  // Work starts when the first value is asked for: the runtime asks only after it has returned (and
  // so cancelled) the stale run, so the fresh run never shares the cores with a dying one.
  const out: Channel<Trace> = channel<Trace>(
    () => controller.abort(),
    () =>
      execute(id, params, opts, controller.signal, out).catch((e) => {
        if (!(e instanceof CancelledError) && !controller.signal.aborted) out.fail(e);
        // A failed run stops its other chunks, its progress timer and its status line at once: nothing
        // is left saying "running…" for a run that will never finish.
        controller.abort();
      }),
  );
  return out;
}

async function execute(
  id: string,
  raw: Record<string, unknown>,
  { pool, progress, now = () => performance.now(), precomputed, onComplete }: RunOptions,
  signal: AbortSignal,
  out: Channel<Trace>,
): Promise<void> {
  const t0 = now();
  const upstream = (raw as { [PARAM_ERRORS]?: string[] })[PARAM_ERRORS];
  if (upstream?.length) throw new ParameterError(upstream);
  const e = loadedSchema(id) ?? (await loadSchema(id));
  const { values, errors } = checkParams(e, raw);
  if (errors.length) throw new ParameterError(errors);
  const shipped = precomputed?.(id, values);
  if (shipped) {
    if (signal.aborted) return;
    onComplete?.(id, values, shipped);
    out.push(shipped);
    out.close();
    return;
  }
  pool.prepare(id);
  const progressDelay = expectedLong(e.cost?.(values), pool.size) ? 0 : PROGRESS_DELAY_MS;

  const total = runCountOf(e, values);
  const parts = Math.max(1, pool.size * CHUNKS_PER_WORKER);
  const ranges = splitRuns(total, parts);
  // Fewer runs than parts: an experiment whose series run apart gives each part one series instead.
  const cpuOnly = e.gpu === undefined || values.backend === "cpu";
  const seriesCosts = ranges.length < parts && cpuOnly ? (e.independentSeries?.(values) ?? []) : [];
  const done: RunChunk[] = [];
  const fractions = new Float64Array(ranges.length);
  let lastProgressPush = 0;
  const meta = () => ({
    experiment: id,
    params: values,
    backend: done[0]?.backend ?? ("cpu" as const),
    ms: now() - t0,
    runsDone: done.reduce((n, c) => n + (c.series[0]?.runs ?? 0), 0),
    runsTotal: total,
    complete: done.length === ranges.length,
    progress: ranges.reduce((s, [, count], i) => s + count * fractions[i], 0) / total,
    plot: e.plot,
  });
  const runKey = {};
  /** Set once every chunk is in: the status line is removed then, and nothing may bring it back. */
  let finished = false;
  const report = () => {
    if (finished || signal.aborted || now() - t0 < progressDelay || now() - lastProgressPush < 100) return;
    lastProgressPush = now();
    const m = meta();
    progress?.update(runKey, e.title, m.progress, m.ms);
  };
  /**
   * Only traces with data go out (cells may read any series of what they receive). Partial traces go
   * out only on runs already longer than PROGRESS_DELAY_MS, and at most every PARTIAL_INTERVAL_MS:
   * every trace redraws each cell that reads it, and a short run should draw once.
   */
  let lastPartial = 0;
  const hints = { theoryExponent: e.plot.theoryExponent, fitFrom: e.plot.fitFrom };
  /** Counts traces begun: a partial still being summarised when a newer one begins is dropped. */
  let begun = 0;
  const emitPartial = async () => {
    if (signal.aborted) return;
    report();
    const t = now();
    if (t - t0 < PROGRESS_DELAY_MS || t - lastPartial < PARTIAL_INTERVAL_MS) return;
    lastPartial = t;
    if (done.length === 0) return;
    const mine = ++begun;
    const merged = mergeChunks(done);
    // Summarised here, in slices: the workers are busy with this run's other chunks.
    const trace = await summarizeSliced(merged, { ...meta(), startedAt: merged.startedAt }, hints, signal);
    if (trace && mine === begun && !signal.aborted) out.push(trace);
  };
  /** The last trace: summarised on a worker where the pool can (pool.summarize: one free now), else here. */
  const emitFinal = async () => {
    begun++;
    const merged = mergeChunks(done);
    const m = { ...meta(), startedAt: merged.startedAt };
    let trace: Trace | undefined;
    if (pool.summarize) {
      try {
        trace = await pool.summarize(merged, m, hints, signal);
      } catch (err) {
        if (err instanceof CancelledError || signal.aborted) return;
      }
    }
    // No pool that can, or its worker was lost: here, in slices.
    trace ??= await summarizeSliced(merged, m, hints, signal);
    if (!trace || signal.aborted) return;
    onComplete?.(id, values, trace);
    out.push(trace);
  };
  const timer = setInterval(report, 150);
  if (progressDelay === 0) report();
  signal.addEventListener(
    "abort",
    () => {
      clearInterval(timer);
      progress?.done(runKey);
    },
    { once: true },
  );

  try {
    await Promise.all(
      ranges.map(async ([runStart, runCount], i) => {
        const job = { experiment: id, params: values, runStart, runCount };
        const chunk =
          seriesCosts.length > 1
            ? await bySeries(pool, job, seriesCosts, signal, (fraction) => {
                fractions[i] = fraction;
                report();
              })
            : await pool.runChunk(
                job,
                (_partial, fraction) => {
                  fractions[i] = fraction;
                  report();
                },
                signal,
              );
        fractions[i] = 1;
        done.push(chunk);
        if (done.length < ranges.length) void emitPartial();
      }),
    );
  } finally {
    // However the run ends (done, failed, cancelled), its status line goes here, before the last trace,
    // and report() never brings it back: a failed run must not leave it ticking for ever.
    finished = true;
    clearInterval(timer);
    progress?.done(runKey);
  }
  if (signal.aborted) return;
  await emitFinal();
  if (signal.aborted) return;
  out.close();
}

/**
 * One range of runs, one chunk per series, then one more that assembles them (bounds and notes from
 * every series' values): the same chunk as one worker running them all, bitwise. The costliest series
 * are asked for first, so the workers finish together as nearly as whole series allow.
 */
async function bySeries(
  pool: ChunkRunner,
  job: ChunkJob,
  costs: readonly number[],
  signal: AbortSignal,
  onFraction: (fraction: number) => void,
): Promise<RunChunk> {
  const count = costs.length;
  const fractions = new Float64Array(count);
  const longestFirst = [...costs.keys()].sort((a, b) => costs[b] - costs[a] || a - b);
  const parts = await Promise.all(
    longestFirst.map((k) =>
      pool.runChunk(
        { ...job, series: { run: [k] } },
        (_partial, fraction) => {
          fractions[k] = fraction;
          onFraction(fractions.reduce((a, b) => a + b, 0) / count);
        },
        signal,
      ),
    ),
  );
  const given: GivenSeries[] = parts.flatMap((part) =>
    part.series.map((s, j) => ({ index: part.seriesIndex?.[j] ?? -1, values: s.values, divergedAt: s.divergedAt })),
  );
  const whole = await pool.runChunk({ ...job, series: { run: [], given } }, () => {}, signal);
  if (whole.seriesIndex) throw new Error(`${job.experiment}: it has more series than its independentSeries says`);
  const starts = parts.map((c) => c.startedAt).filter((t): t is number => t !== undefined);
  return {
    ...whole,
    startedAt: starts.length ? Math.min(...starts) : whole.startedAt,
    ms: parts.reduce((t, c) => t + (c.ms ?? 0), whole.ms ?? 0),
  };
}

/** Contiguous run ranges [start, count], as equal as possible. */
export function splitRuns(total: number, parts: number): [number, number][] {
  const n = Math.min(total, parts);
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const count = Math.floor(total / n) + (i < total % n ? 1 : 0);
    out.push([start, count]);
    start += count;
  }
  return out;
}
