/**
 * Drives a method and measures it with the uncounted closed forms: the stationarity measure of ψ_σ (‖∇ψ_σ‖, or the projected-gradient mapping on a box X) and the
 * distance to the true bilevel solution x*, sampled on a grid of a chosen clock.
 */

import type { Method } from "./algorithms";
import { distance } from "./linalg";
import type { CountedOracle } from "./oracle";

type Vec = Float64Array;

/** What the x-axis counts: ∇f + ∇g calls, ∇f calls only, ∇g calls only, or outer iterations. */
export type Clock = "total" | "gradF" | "gradG" | "outer";

export interface TrackOptions {
  sigma: number;
  /** Step of the projected-gradient mapping (box X only). */
  mapStep: number;
  clock: Clock;
  /** Increasing clock values at which to record. */
  grid: ArrayLike<number>;
  /** The stationarity measure at each grid point (written at outOffset…). */
  outStationarity: Float64Array;
  /** ‖x − x*‖ at each grid point, when given. */
  outDistance?: Float64Array;
  xStar?: Vec;
  outOffset: number;
  /** Safety cap on outer iterations. */
  maxSteps: number;
}

const BLOW_UP = 1e12;

/**
 * Steps `method` until the clock passes the last grid value. Grid point c records the iterate after
 * the last outer iteration that finished at clock ≤ c (the start counts as clock 0); the measure is
 * evaluated only at recorded iterates. Returns the grid index where the run blew up (the rest is
 * NaN), or -1.
 */
export function track(method: Method, oracle: CountedOracle, o: TrackOptions): number {
  const p = oracle.problem;
  let steps = 0;
  const clock = (): number =>
    o.clock === "total" ? oracle.total : o.clock === "gradF" ? oracle.nF : o.clock === "gradG" ? oracle.nG : steps;
  const n = o.grid.length;
  const end = o.outOffset + n;
  const before = Float64Array.from(method.x);
  let j = 0;
  while (j < n && o.grid[j] < clock()) {
    // grid points before the start (an initial batch) get no value
    o.outStationarity[o.outOffset + j] = Number.NaN;
    if (o.outDistance) o.outDistance[o.outOffset + j] = Number.NaN;
    j++;
  }
  while (j < n) {
    if (steps >= o.maxSteps) {
      o.outStationarity.fill(Number.NaN, o.outOffset + j, end);
      o.outDistance?.fill(Number.NaN, o.outOffset + j, end);
      return -1;
    }
    before.set(method.x);
    method.step();
    steps++;
    const t = clock();
    if (o.grid[j] >= t) continue;
    const stat = p.stationarity(before, o.sigma, o.mapStep);
    if (!Number.isFinite(stat) || stat > BLOW_UP) {
      o.outStationarity.fill(Number.NaN, o.outOffset + j, end);
      o.outDistance?.fill(Number.NaN, o.outOffset + j, end);
      return j;
    }
    const dist = o.xStar ? distance(before, o.xStar) : Number.NaN;
    for (; j < n && o.grid[j] < t; j++) {
      o.outStationarity[o.outOffset + j] = stat;
      if (o.outDistance) o.outDistance[o.outOffset + j] = dist;
    }
  }
  return -1;
}

export interface HittingResult {
  /** ∇f + ∇g calls when the stationarity measure first fell to ≤ ε (NaN if never). */
  calls: number;
  steps: number;
  /** The iterate at that moment. */
  x: Vec;
}

/**
 * Runs until the stationarity measure of ψ_σ is ≤ ε, or a cap on calls or outer steps is hit.
 * The measure is checked after steps 1, 2, … and then on a 1%-geometric schedule, so the reported
 * count overshoots the first hitting time by at most ~1% of the steps (measurements are uncounted).
 */
export function callsToReach(
  method: Method,
  oracle: CountedOracle,
  sigma: number,
  eps: number,
  mapStep: number,
  maxCalls: number,
  maxSteps: number,
): HittingResult {
  const p = oracle.problem;
  let steps = 0;
  let nextCheck = 0;
  for (;;) {
    if (steps >= nextCheck) {
      const stat = p.stationarity(method.x, sigma, mapStep);
      if (stat <= eps) return { calls: oracle.total, steps, x: method.x };
      if (!Number.isFinite(stat)) break;
      nextCheck = Math.max(steps + 1, Math.ceil(steps * 1.01));
    }
    if (steps >= maxSteps || oracle.total > maxCalls) break;
    method.step();
    steps++;
  }
  return { calls: Number.NaN, steps, x: method.x };
}
