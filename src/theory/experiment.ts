/**
 * What an experiment is, in two halves that load apart:
 * - its declaration (`ExperimentSchema`: id, title, parameter schema, plot hints, cross-checks), which
 *   the page loads to build controls and validate values, from `src/theory/<paper>/schema.ts`;
 * - its run (`Experiment.run`), built by the kit (`src/theory/kit/`) from a setup and a per-run step,
 *   which only workers (and Node) load, from `src/theory/<paper>/experiments.ts`.
 * Run r depends only on (params, r), never on which worker or chunk computed it, so a seed
 * reproduces a figure exactly however the work was split.
 */
import { type CostEstimate, type CostLimits, LIMITS, refusals } from "./kit/cost";
import type { ReachTarget, Summary } from "./kit/summary";
import { type ParamSchema, type ParamValues, parseParams } from "./params";
import type { PlotHints, RunChunk } from "./trace";

export type { CostEstimate, PlotHints };

export interface RunContext {
  runStart: number;
  runCount: number;
  /**
   * Report a partial result (same shape, for the runs or checkpoints done so far) and the fraction
   * of this chunk that is done. Cheap to call often: the worker throttles what it posts.
   */
  progress(partial: RunChunk | null, fraction: number): void;
  /** Run only some series of these runs (set by run.ts for an experiment with `independentSeries`). */
  series?: SeriesSelection;
}

/**
 * A chunk that runs some of an experiment's series: when runs are few, run.ts gives each worker some of
 * the series instead (a series of the kit with its own `run` depends only on the run, not on the others).
 * A chunk whose `run` and `given` cover every series is assembled whole (bounds and notes read every
 * series' values); otherwise it returns its series alone, as a part (`RunChunk.seriesIndex`).
 */
export interface SeriesSelection {
  /** Indices, in declaration order, of the series this chunk computes. */
  run: number[];
  /** Series of the same runs computed by other chunks. */
  given?: GivenSeries[];
}

export interface GivenSeries {
  index: number;
  values: Float64Array;
  divergedAt?: number;
}

/** The parameter counting independent repetitions, in every experiment that has one. */
export const RUNS = "runs";

export interface ExperimentSchema<S extends ParamSchema = ParamSchema> {
  /** "paper/name", e.g. "guide/gd". The part before the slash names the paper in the registry. */
  id: string;
  title: string;
  params: S;
  /** "runs" when the experiment repeats independent runs (split across workers); absent otherwise. */
  runsParam?: typeof RUNS;
  plot: PlotHints;
  /** Cross-parameter checks (e.g. step size against L); return a message to refuse the run. */
  validate?(p: ParamValues<S>): string | undefined;
  /**
   * What the whole run would cost (bytes held, steps and seconds of one core), a closed form of
   * valid parameters (src/theory/kit/cost.ts): `checkParams` refuses a run over `LIMITS`.
   */
  cost?(p: ParamValues<S>): CostEstimate;
  /** Name of a WebGPU kernel (workers/gpu/kernels.ts) that computes the same series. */
  gpu?: string;
  /** Summaries beyond the generic ones every trace has (src/theory/kit/summary.ts), for sweeps. */
  summaries?: readonly Summary[];
  /** The level this experiment's curves fall to: every series gets "x to reach it" (`reach:<series>`) for sweeps. */
  reach?: ReachTarget;
  /**
   * For an experiment whose series run independently (each its own `run` in the kit): each series'
   * relative cost, in declaration order. With fewer runs than workers, run.ts splits the work by series
   * too, longest first. Its length may exceed the series these parameters make (a part past the last
   * series computes nothing), never fall short.
   */
  independentSeries?(p: ParamValues<S>): readonly number[];
}

export interface Experiment<S extends ParamSchema = ParamSchema> extends ExperimentSchema<S> {
  run(p: ParamValues<S>, ctx: RunContext): RunChunk | Promise<RunChunk>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds experiments of every schema
export type AnySchema = ExperimentSchema<any>;
// biome-ignore lint/suspicious/noExplicitAny: a registry holds experiments of every schema
export type AnyExperiment = Experiment<any>;

/**
 * Identity with inference and checks: `declareExperiment({...})` types `validate` against the
 * schema, and sets `runsParam` when the schema has a "runs" parameter.
 */
export function declareExperiment<S extends ParamSchema>(
  def: Omit<ExperimentSchema<S>, "runsParam">,
): ExperimentSchema<S> {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(def.id))
    throw new Error(`experiment id "${def.id}" must look like "paper/name"`);
  const runs = Object.hasOwn(def.params, RUNS) ? def.params[RUNS] : undefined;
  if (runs && runs.kind !== "int") throw new Error(`experiment ${def.id}: "runs" must be an int parameter`);
  return runs ? { ...def, runsParam: RUNS } : { ...def };
}

export function runCountOf(e: AnySchema, p: Record<string, unknown>): number {
  return e.runsParam ? Number(p[e.runsParam]) : 1;
}

export interface CheckOptions {
  /** Limits on the run's estimated cost (default `LIMITS`); `false` skips the cost check. */
  limits?: CostLimits | false;
}

/**
 * Full validation (per-parameter, then cross-parameter, then the cost estimate against the limits):
 * the messages that must block a run.
 */
export function checkParams(
  e: AnySchema,
  raw: Record<string, unknown>,
  opts: CheckOptions = {},
): { values: Record<string, unknown>; errors: string[] } {
  const { values, errors } = parseParams(e.params, raw);
  const messages = errors.map((x) => x.message);
  if (messages.length === 0 && e.validate) {
    const m = e.validate(values);
    if (m) messages.push(m);
  }
  const limits = opts.limits ?? LIMITS;
  if (messages.length === 0 && e.cost && limits) messages.push(...refusals(e.cost(values), limits));
  return { values, errors: messages };
}

/** The cost estimate of valid parameters, or undefined (no estimate declared, or invalid parameters). */
export function costOf(e: AnySchema, raw: Record<string, unknown>): CostEstimate | undefined {
  const { values, errors } = checkParams(e, raw, { limits: false });
  return errors.length === 0 && e.cost ? e.cost(values) : undefined;
}
