/** Runs a set of policies over a range of runs on one environment: the body of every experiment. */
import { Rng } from "../common/rng";
import { makePolicy, type PolicyConfig, type PolicyId } from "./policies";
import { type BanditEnv, bestInHindsight, firstMeans, gaps } from "./problems";
import { F32Stream } from "./sampling";
import { type RunRecorder, simulateRun } from "./simulate";

export function recorderFor(env: BanditEnv, grid: Int32Array): RunRecorder {
  return {
    grid,
    gaps: gaps(firstMeans(env)),
    best: env.stationary ? null : bestInHindsight(env, grid),
  };
}

export interface PolicyRuns {
  seed: number;
  runStart: number;
  runCount: number;
  /** Substream of every run's Rng (sweeps give each swept value its own). */
  substream?: number;
  /** Called after each run with the fraction of this call's work done. */
  onRun?: (fraction: number) => void;
}

/**
 * Regret at the checkpoints for each policy: one run-major Float64Array (runCount × grid.length)
 * per policy. Run r uses `new Rng(seed, runStart + r, substream)` for every policy (common random
 * numbers), so results never depend on how runs are split.
 */
export function simulatePolicies(
  env: BanditEnv,
  ids: readonly PolicyId[],
  cfg: PolicyConfig,
  grid: Int32Array,
  o: PolicyRuns,
): Float64Array[] {
  const rec = recorderFor(env, grid);
  const counts = new Float64Array(env.K);
  const total = ids.length * o.runCount;
  let done = 0;
  return ids.map((id) => {
    const policy = makePolicy(id, cfg);
    const values = new Float64Array(o.runCount * grid.length);
    for (let r = 0; r < o.runCount; r++) {
      const stream = new F32Stream(new Rng(o.seed, o.runStart + r, o.substream ?? 0));
      simulateRun(env, policy, stream, rec, values, r * grid.length, counts);
      o.onRun?.(++done / total);
    }
    return values;
  });
}
