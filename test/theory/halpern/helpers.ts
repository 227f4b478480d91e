import { Rng } from "../../../src/theory/common/rng";
import { logLogSlope } from "../../../src/theory/common/stats";
import type { MethodContext } from "../../../src/theory/halpern/algorithms";
import { Oracle } from "../../../src/theory/halpern/operators";
import type { Problem } from "../../../src/theory/halpern/problems";
import { Recorder } from "../../../src/theory/halpern/recorder";

export interface Trajectory {
  /** residual[k-1] = residual of the output after k iterations (or at the k-th checkpoint). */
  residual: Float64Array;
  last: Float64Array;
  calls: number;
}

/** Run `method` for K iterations recording every iterate's residual. */
export function runIterations(
  problem: Problem,
  method: (ctx: MethodContext) => Float64Array,
  K: number,
  seed = 1,
  stream = 0,
): Trajectory {
  const cps = Float64Array.from({ length: K }, (_, i) => i + 1);
  const residual = new Float64Array(K);
  const rec = new Recorder(problem, cps, "iterations", residual);
  const oracle = new Oracle(problem.op);
  const last = method({ problem, oracle, rec, rng: new Rng(seed, stream) });
  return { residual, last, calls: oracle.calls };
}

/** Run `method` until `epochs` epochs, recording at the given epoch checkpoints. */
export function runEpochs(
  problem: Problem,
  method: (ctx: MethodContext) => Float64Array,
  epochs: ArrayLike<number>,
  seed = 1,
  stream = 0,
): Trajectory {
  const cps = Float64Array.from(epochs, (e) => e * problem.op.n);
  const residual = new Float64Array(cps.length);
  const rec = new Recorder(problem, cps, "calls", residual);
  const oracle = new Oracle(problem.op);
  const last = method({ problem, oracle, rec, rng: new Rng(seed, stream) });
  return { residual, last, calls: oracle.calls };
}

/** Least-squares slope of log y against log x over x ∈ [from, to]. */
export function slope(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to = Number.POSITIVE_INFINITY): number {
  return logLogSlope(x, y, from, to).slope;
}

export const ks = (K: number) => Float64Array.from({ length: K }, (_, i) => i + 1);
