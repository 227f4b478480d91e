/**
 * Sweeps: one summary of an experiment (src/theory/kit/summary.ts) against one numeric parameter.
 * Each point is an ordinary `run()` at the base parameters with that one changed, so a point is
 * bitwise the single run a reader gets by stepping down to it, its runs stream (the band tightens as
 * chunks come in), and it cancels like any run. Points come coarse grid first, then refined, so the
 * shape shows early. A bad request is refused with a message before anything runs; a point whose
 * parameters fail validation is reported as refused with the schema's message (never as NaN).
 */
import { type AnySchema, checkParams } from "../theory/experiment";
import { type Summary, type SummaryValue, summariesOf } from "../theory/kit/summary";
import type { IntParam, NumParam, Param } from "../theory/params";
import { loadSchema } from "../theory/registry";
import type { Backend, Trace } from "../theory/trace";
import { ParameterError, type RunOptions, runExperiment } from "./run";

/** More points than this is not a sweep a reader asked for (and would hold the cores for long). */
export const MAX_SWEEP_POINTS = 200;

export interface SweepRequest {
  experiment: string;
  /** The parameters of the plot the sweep starts from (validated per point). */
  base: Record<string, unknown>;
  /** The swept parameter: a numeric parameter of the experiment, not its seed. */
  param: string;
  from: number;
  to: number;
  points: number;
  /** A summary key, e.g. "final:ucb1". */
  summary: string;
}

export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Sweep refused";
  }
}

export interface SweepPlan {
  param: string;
  spec: IntParam | NumParam;
  /** Swept values, ascending. */
  values: number[];
  /** Indices into `values` in the order they run: the coarse grid, then the points between. */
  order: number[];
  log: boolean;
  /** Set when the range was narrowed to the parameter's bounds. */
  clamped?: string;
}

export type PointState = "running" | "done" | "refused" | "failed";

export interface SweepPoint {
  /** Index into the plan's values (ascending parameter). */
  index: number;
  value: number;
  params: Record<string, unknown>;
  state: PointState;
  /** The summary at this point (the latest partial trace's while running). */
  summary?: SummaryValue;
  /** Why the point was refused or failed. */
  message?: string;
  backend?: Backend;
  trace?: Trace;
}

const isNumeric = (p: Param): p is IntParam | NumParam => p.kind === "int" || p.kind === "num";

/** Parameters a sweep may run over: the numeric ones, less the seed. */
export function sweepableParams(e: AnySchema): string[] {
  return Object.entries(e.params as Record<string, Param>)
    .filter(([, p]) => isNumeric(p) && !(p.kind === "int" && p.seed))
    .map(([name]) => name);
}

/** Coarse to fine: both ends, then every stride-th index for halving strides. */
export function refinementOrder(n: number): number[] {
  if (n <= 0) return [];
  const order = n > 1 ? [0, n - 1] : [0];
  const seen = new Set(order);
  let stride = 1;
  while (stride * 2 < n - 1) stride *= 2;
  for (; stride >= 1; stride = Math.floor(stride / 2)) {
    for (let i = 0; i < n; i += stride) {
      if (!seen.has(i)) {
        seen.add(i);
        order.push(i);
      }
    }
  }
  return order;
}

/** Four significant digits: a value a reader can read, type and find again in a link. */
const tidy = (v: number) => Number(v.toPrecision(4));

/** Validates a request against the experiment's schema and lays out its points; throws SweepError. */
export function planSweep(e: AnySchema, req: Omit<SweepRequest, "experiment" | "base" | "summary">): SweepPlan {
  const params = e.params as Record<string, Param>;
  const name = req.param;
  if (!Object.hasOwn(params, name)) {
    const known = sweepableParams(e).join(", ");
    throw new SweepError(`${e.id} has no parameter "${String(name).slice(0, 40)}" (it can sweep ${known})`);
  }
  const spec = params[name];
  if (!isNumeric(spec) || (spec.kind === "int" && spec.seed))
    throw new SweepError(`${name} is not a numeric parameter that can be swept`);
  const { from, to, points } = req;
  if (!Number.isInteger(points) || points < 2 || points > MAX_SWEEP_POINTS)
    throw new SweepError(`a sweep has 2 to ${MAX_SWEEP_POINTS} points (asked for ${points})`);
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new SweepError(`the range of ${name} must be two numbers`);
  if (!(from < to)) throw new SweepError(`the range of ${name} is reversed or empty: from ${from} to ${to}`);
  const lo = Math.max(from, spec.min);
  const hi = Math.min(to, spec.max);
  if (!(lo < hi))
    throw new SweepError(`${name} runs from ${spec.min} to ${spec.max}: the range ${from} to ${to} is outside it`);
  const log = spec.scale === "log";
  if (log && lo <= 0) throw new SweepError(`${name} is swept on a log scale: the range must be above 0`);
  const at = (i: number) => {
    const t = i / (points - 1);
    const v = log ? lo * (hi / lo) ** t : lo + (hi - lo) * t;
    if (i === 0) return lo;
    if (i === points - 1) return hi;
    return spec.kind === "int" ? Math.round(v) : tidy(v);
  };
  // Integers may round onto each other: one point per value.
  const values = [...new Set(Array.from({ length: points }, (_, i) => at(i)))];
  const clamped = lo !== from || hi !== to ? `${name} clamped to ${lo} … ${hi} (its range)` : undefined;
  return { param: name, spec, values, order: refinementOrder(values.length), log, clamped };
}

export interface SweepOptions extends RunOptions {
  signal?: AbortSignal;
  /** A trace of the experiment: when given, an unknown summary is refused before anything runs. */
  shape?: Trace;
}

/** The request's summary in a trace of the experiment, or undefined. */
export function findSummary(e: AnySchema, trace: Trace, key: string): Summary | undefined {
  return summariesOf(trace, e).find((s) => s.key === key);
}

/**
 * Runs the sweep, yielding every change of a point (partial traces while its runs come in, then its
 * final state). Nothing is yielded once `signal` is aborted; the running point's run is cancelled.
 */
export async function* sweep(req: SweepRequest, opts: SweepOptions): AsyncGenerator<SweepPoint, void, undefined> {
  const e = await loadSchema(req.experiment);
  const plan = planSweep(e, req);
  if (opts.shape && !findSummary(e, opts.shape, req.summary))
    throw new SweepError(`${e.id} has no summary "${req.summary.slice(0, 60)}"`);
  const { signal } = opts;
  for (const index of plan.order) {
    if (signal?.aborted) return;
    const value = plan.values[index];
    const params = { ...req.base, [plan.param]: value };
    const point: SweepPoint = { index, value, params, state: "running" };
    const { errors } = checkParams(e, params);
    if (errors.length) {
      yield { ...point, state: "refused", message: errors.join("; ") };
      continue;
    }
    const stream = runExperiment(req.experiment, params, opts);
    const stop = () => void stream.return?.();
    signal?.addEventListener("abort", stop, { once: true });
    let last: SweepPoint | undefined;
    try {
      for await (const trace of stream) {
        if (signal?.aborted) return;
        const s = findSummary(e, trace, req.summary);
        const v = s?.of(trace);
        last = { ...point, summary: v, backend: trace.meta.backend, trace };
        if (!trace.meta.complete) yield last;
      }
    } catch (err) {
      if (signal?.aborted) return;
      const message = err instanceof ParameterError ? err.messages.join("; ") : (err as Error).message;
      yield { ...point, state: err instanceof ParameterError ? "refused" : "failed", message };
      continue;
    } finally {
      signal?.removeEventListener("abort", stop);
    }
    if (signal?.aborted) return;
    if (!last) yield { ...point, state: "failed", message: "the run delivered no trace" };
    else if (!last.summary)
      yield { ...last, state: "failed", message: `no value of ${req.summary} here (no run has one at the end)` };
    else yield { ...last, state: "done" };
  }
}
