/**
 * The experiment kit: an experiment is its declaration (schema.ts) plus what is specific to it —
 * a setup from the parameters, its x grid, its series, a per-run step, its bounds and notes. The kit
 * owns everything else: the loop over runs [runStart, runStart + runCount) with `Rng(seed, run)`,
 * preallocated run-major buffers, divergence marking, progress, timing, the backend stamp and the
 * RunChunk. A WebGPU kernel gets the same setup and returns the same series (`assemble`).
 */
import { Rng } from "../common/rng";
import type { Experiment, ExperimentSchema, RunContext } from "../experiment";
import type { ParamSchema, ParamValues } from "../params";
import type { Backend, BoundCurve, RunChunk, SeriesChunk } from "../trace";

export interface SeriesDecl<Setup> {
  key: string;
  label: string;
  /**
   * This series' run on its own: fill `scope.row`. Each call gets a fresh `Rng(seed, run)`, so
   * series run this way see common random numbers. Omit it when the experiment's `step` fills
   * every series of a run at once.
   */
  run?(scope: RunScope, setup: Setup): void;
}

export interface RunScope {
  /** Index of this run in the whole experiment (what makes its randomness). */
  run: number;
  /** Index of this run in this chunk. */
  local: number;
  /** `Rng(seed, run)`; `stream(k)` gives `Rng(seed, run, k)` (e.g. one substream per sweep point). */
  rng: Rng;
  stream(substream: number): Rng;
  /** The row of the series being run (per-series `run`) or of series 0 (`step`); one value per x. */
  row: Float64Array;
  /** Every series' row for this run, in declaration order. */
  rows: Float64Array[];
  /** Marks that series i diverged at x index j (its values from j on are dropped). */
  diverged(series: number, j: number): void;
  /** Reports the fraction of this run done, for runs long enough to need it (one run per chunk). */
  progress(fraction: number): void;
}

export interface SeriesResult {
  /** One run-major buffer per series: runCount × x.length. */
  values: Float64Array[];
  /** x value at which each series first diverged, over the chunk's runs. */
  divergedAt: (number | undefined)[];
}

export interface ExperimentImpl<S extends ParamSchema, Setup> {
  /** Everything that does not depend on the run (problem, policies, grids). Pure; once per chunk. */
  setup(p: ParamValues<S>): Setup;
  /** The checkpoints (x of every series). */
  x(setup: Setup, p: ParamValues<S>): Float64Array | Int32Array;
  series(setup: Setup, p: ParamValues<S>): SeriesDecl<Setup>[];
  /** One run of every series at once (common randomness drawn once per run). */
  step?(scope: RunScope, setup: Setup, p: ParamValues<S>): void;
  /** `result`: the series values, for a bound drawn to their scale (e.g. a vertical reference line). */
  bounds?(setup: Setup, p: ParamValues<S>, x: Float64Array, result: SeriesResult): BoundCurve[];
  /** Remarks under the plot; may read the results (e.g. "regret ≤ 0 in some runs"). */
  notes?(setup: Setup, p: ParamValues<S>, result: SeriesResult): string[];
  /** Value a buffer starts with: NaN ("no value") unless the step relies on zeros. */
  fill?: number;
  /** Values above this (in absolute value) count as divergence; ±∞ and NaN written by a step always do. */
  divergeAbove?: number;
}

export interface KitExperiment<S extends ParamSchema = ParamSchema, Setup = unknown> extends Experiment<S> {
  readonly kit: {
    impl: ExperimentImpl<S, Setup>;
    /** The chunk for series values computed elsewhere (a GPU kernel), with the CPU's bounds and notes. */
    assemble(
      setup: Setup,
      p: ParamValues<S>,
      result: SeriesResult,
      ctx: Pick<RunContext, "runStart" | "runCount">,
      backend: Backend,
      notes?: string[],
    ): RunChunk;
  };
}

/** Builds an experiment from its declaration and its step. */
export function defineExperiment<S extends ParamSchema, Setup>(
  schema: ExperimentSchema<S>,
  impl: ExperimentImpl<S, Setup>,
): KitExperiment<S, Setup> {
  const assemble: KitExperiment<S, Setup>["kit"]["assemble"] = (setup, p, result, ctx, backend, extra = []) => {
    const x = Float64Array.from(impl.x(setup, p));
    const decls = impl.series(setup, p);
    const series = decls.map((_, i) => seriesChunk(decls, result, i, ctx.runCount));
    return {
      x,
      series,
      bounds: impl.bounds?.(setup, p, x, result) ?? [],
      runStart: ctx.runStart,
      backend,
      notes: [...(impl.notes?.(setup, p, result) ?? []), ...extra],
    };
  };
  const run = (p: ParamValues<S>, ctx: RunContext): RunChunk => {
    const t0 = performance.now();
    const setup = impl.setup(p);
    const selection = ctx.series;
    const result = runLoop(impl, setup, p, ctx, schema.id);
    let chunk: RunChunk;
    if (selection) {
      for (const g of selection.given ?? []) {
        if (g.index >= result.values.length) throw new Error(`${schema.id}: there is no series ${g.index}`);
        result.values[g.index] = g.values;
        result.divergedAt[g.index] = g.divergedAt;
      }
      const covered = new Set([...selection.run, ...(selection.given ?? []).map((g) => g.index)]);
      chunk = result.values.every((_, i) => covered.has(i))
        ? assemble(setup, p, result, ctx, "cpu")
        : seriesPart(impl.series(setup, p), Float64Array.from(impl.x(setup, p)), result, ctx);
    } else chunk = assemble(setup, p, result, ctx, "cpu");
    chunk.ms = performance.now() - t0;
    return chunk;
  };
  return { ...schema, run, kit: { impl, assemble } };
}

function seriesChunk<Setup>(decls: SeriesDecl<Setup>[], result: SeriesResult, i: number, runs: number): SeriesChunk {
  const s: SeriesChunk = { key: decls[i].key, label: decls[i].label, values: result.values[i], runs };
  if (result.divergedAt[i] !== undefined) s.divergedAt = result.divergedAt[i];
  return s;
}

/** The series a chunk ran, alone: run.ts assembles it with the other parts of its runs. */
function seriesPart<Setup>(
  decls: SeriesDecl<Setup>[],
  x: Float64Array,
  result: SeriesResult,
  ctx: RunContext,
): RunChunk {
  const indices = (ctx.series?.run ?? []).filter((i) => i < decls.length);
  const series = indices.map((i) => seriesChunk(decls, result, i, ctx.runCount));
  return { x, series, bounds: [], runStart: ctx.runStart, backend: "cpu", notes: [], seriesIndex: indices };
}

function runLoop<S extends ParamSchema, Setup>(
  impl: ExperimentImpl<S, Setup>,
  setup: Setup,
  p: ParamValues<S>,
  ctx: RunContext,
  id: string,
): SeriesResult {
  const xs = impl.x(setup, p);
  const n = xs.length;
  const decls = impl.series(setup, p);
  const selected = ctx.series ? new Set(ctx.series.run) : undefined;
  if (selected && !decls.every((d) => d.run))
    throw new Error(`${id}: its series cannot run apart (one step fills them all)`);
  for (const i of selected ?? []) if (!Number.isInteger(i) || i < 0) throw new Error(`${id}: there is no series ${i}`);
  const runs = (i: number) => !selected || selected.has(i);
  const fill = impl.fill ?? Number.NaN;
  // A series another chunk runs gets no buffer here.
  const values = decls.map((_, i) => new Float64Array(runs(i) ? ctx.runCount * n : 0).fill(fill));
  const divergedAt: (number | undefined)[] = decls.map(() => undefined);
  const cut = new Int32Array(decls.length);
  const seed = Object.hasOwn(p, "seed") ? Number((p as Record<string, unknown>).seed) : 0;
  const limit = impl.divergeAbove ?? Number.POSITIVE_INFINITY;
  const perSeries = decls.every((d) => d.run);
  if (!perSeries && !impl.step) throw new Error("an experiment needs a step, or a run for every series");
  const total = ctx.runCount * (perSeries ? (selected?.size ?? decls.length) : 1);
  let done = 0;

  const scopeFor = (local: number): RunScope => {
    const run = ctx.runStart + local;
    const rows = values.map((v) => v.subarray(local * n, (local + 1) * n));
    cut.fill(n);
    return {
      run,
      local,
      rng: new Rng(seed, run),
      stream: (k) => new Rng(seed, run, k),
      row: rows[0],
      rows,
      diverged: (i, j) => {
        if (j < cut[i]) cut[i] = j;
      },
      progress: (fraction) => ctx.progress(null, (done + fraction) / total),
    };
  };
  const settle = (scope: RunScope, i: number) => {
    const row = scope.rows[i];
    let j = cut[i];
    const nanIsDivergence = !Number.isNaN(fill);
    for (let k = 0; k < j; k++) {
      const v = row[k];
      const bad = v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY || Math.abs(v) > limit;
      if (bad || (nanIsDivergence && Number.isNaN(v))) {
        j = k;
        break;
      }
    }
    if (j < n) {
      row.fill(Number.NaN, j);
      const at = xs[j];
      divergedAt[i] = divergedAt[i] === undefined ? at : Math.min(divergedAt[i] as number, at);
    }
  };

  if (perSeries) {
    decls.forEach((d, i) => {
      if (!runs(i)) return;
      for (let local = 0; local < ctx.runCount; local++) {
        const scope = scopeFor(local);
        scope.row = scope.rows[i];
        d.run?.(scope, setup);
        settle(scope, i);
        ctx.progress(null, ++done / total);
      }
    });
  } else {
    for (let local = 0; local < ctx.runCount; local++) {
      const scope = scopeFor(local);
      impl.step?.(scope, setup, p);
      for (let i = 0; i < decls.length; i++) settle(scope, i);
      ctx.progress(null, ++done / total);
    }
  }
  return { values, divergedAt };
}
