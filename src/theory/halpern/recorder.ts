/**
 * Records a method's residual at checkpoints of a progress measure (cumulative oracle calls, or
 * iterations), with the "best output within budget" rule: the value at checkpoint c is the residual
 * of the last output produced with measure ≤ c. When one step jumps over several checkpoints (an
 * outer step of Algorithm 2 costs ~1–2 epochs), they get the previous output's residual, never the
 * one that was only paid for later. Residual evaluations are not counted as oracle calls.
 *
 * A run that blows up (non-finite residual, or above `blowUp` × the initial residual) is stopped:
 * `divergedIndex` is the first checkpoint without a value and the rest stays NaN.
 */
import { type Problem, ResidualEvaluator } from "./problems";

export interface RecorderOptions {
  /** Stop as divergence when the residual exceeds blowUp × Res(u0) (default 1e8). */
  blowUp?: number;
  /** Stop (successfully) once a recorded residual is ≤ this (for "epochs to a target" runs). */
  stopBelow?: number;
  /** Called with the number of checkpoints filled so far (progress of long runs). */
  onCheckpoint?: (filled: number) => void;
}

export class Recorder {
  done = false;
  divergedIndex = -1;
  /** First checkpoint whose residual was ≤ options.stopBelow (-1: not reached). */
  reachedIndex = -1;
  /** Residual of u0. */
  readonly res0: number;
  private c = 0;
  private readonly prev: Float64Array;
  private readonly evaluator: ResidualEvaluator;

  constructor(
    problem: Problem,
    /** Increasing checkpoints, in calls or iterations. */
    readonly checkpoints: ArrayLike<number>,
    readonly measure: "calls" | "iterations",
    /** One value per checkpoint (NaN where none was recorded). */
    readonly out: Float64Array,
    readonly options: RecorderOptions = {},
  ) {
    this.evaluator = new ResidualEvaluator(problem);
    this.prev = Float64Array.from(problem.u0);
    this.res0 = this.evaluator.residual(problem.u0);
    out.fill(Number.NaN, 0, checkpoints.length);
    if (checkpoints.length === 0) this.done = true;
  }

  /** Call after every step with its iteration count k, the cumulative calls and the output point. */
  tick(k: number, calls: number, u: Float64Array): void {
    if (this.done) return;
    const m = this.measure === "calls" ? calls : k;
    const cps = this.checkpoints;
    if (cps[this.c] < m) {
      const r = this.evaluator.residual(this.prev);
      while (this.c < cps.length && cps[this.c] < m && !this.done) this.put(r);
    }
    if (!this.done && this.c < cps.length && cps[this.c] === m) {
      const r = this.evaluator.residual(u);
      this.put(r);
    }
    this.prev.set(u);
  }

  private put(r: number): void {
    const blowUp = this.options.blowUp ?? 1e8;
    if (!Number.isFinite(r) || r > blowUp * Math.max(this.res0, 1e-300)) {
      this.divergedIndex = this.c;
      this.done = true;
      return;
    }
    this.out[this.c] = r;
    this.c++;
    if (this.c === this.checkpoints.length) this.done = true;
    if (this.options.stopBelow !== undefined && r <= this.options.stopBelow) {
      this.reachedIndex = this.c - 1;
      this.done = true;
    }
    this.options.onCheckpoint?.(this.c);
  }
}
