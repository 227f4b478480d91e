/**
 * An experiment: a parameter schema plus a pure `run` that simulates runs [runStart, runStart +
 * runCount) and returns their raw samples. The compute layer splits runs across workers; run r
 * must depend only on (params, r), never on which worker or chunk computed it, so a seed
 * reproduces a figure exactly however the work was split.
 */
import { type ParamSchema, type ParamValues, parseParams } from "./params";
import type { Backend, RunChunk } from "./trace";

export interface RunContext {
  runStart: number;
  runCount: number;
  backend: Backend;
  /**
   * Report a partial result (same shape, for the runs or checkpoints done so far) and the fraction
   * of this chunk that is done. Cheap to call often: the worker throttles what it posts.
   */
  progress(partial: RunChunk | null, fraction: number): void;
}

export interface PlotHints {
  xLabel: string;
  yLabel: string;
  xScale?: "log" | "linear";
  yScale?: "log" | "linear";
  /** The exponent a theorem proves for this curve (for the slope readout) and where to fit it. */
  theoryExponent?: number;
  fitFrom?: number;
}

export interface Experiment<S extends ParamSchema = ParamSchema> {
  /** "paper/name", e.g. "guide/gd". The part before the slash names the module in the registry. */
  id: string;
  title: string;
  params: S;
  /** The integer parameter counting independent runs; runs are split across workers. */
  runsParam?: keyof S & string;
  plot: PlotHints;
  /** Cross-parameter checks (e.g. step size against L); return a message to refuse the run. */
  validate?(p: ParamValues<S>): string | undefined;
  run(p: ParamValues<S>, ctx: RunContext): RunChunk | Promise<RunChunk>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds experiments of every schema
export type AnyExperiment = Experiment<any>;

/** Identity with inference: `experiment({...})` checks `run` against the schema's value types. */
export function experiment<S extends ParamSchema>(def: Experiment<S>): Experiment<S> {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(def.id))
    throw new Error(`experiment id "${def.id}" must look like "paper/name"`);
  if (def.runsParam && def.params[def.runsParam]?.kind !== "int") {
    throw new Error(`experiment ${def.id}: runsParam "${def.runsParam}" must name an int parameter`);
  }
  return def;
}

export function runCountOf(e: AnyExperiment, p: Record<string, unknown>): number {
  return e.runsParam ? Number(p[e.runsParam]) : 1;
}

/** Full validation (per-parameter, then cross-parameter): the messages that must block a run. */
export function checkParams(
  e: AnyExperiment,
  raw: Record<string, unknown>,
): { values: Record<string, unknown>; errors: string[] } {
  const { values, errors } = parseParams(e.params, raw);
  const messages = errors.map((x) => x.message);
  if (messages.length === 0 && e.validate) {
    const m = e.validate(values);
    if (m) messages.push(m);
  }
  return { values, errors: messages };
}
