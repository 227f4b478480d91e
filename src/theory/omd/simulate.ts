/**
 * Plays one learner against one realization of a SEA problem and records its pseudo-regret
 *   R_t = Σ_{s≤t} F_s(x_s) − min_{u∈X} Σ_{s≤t} F_s(u)
 * at checkpoints (spec §1.2: x_s is independent of ξ_s given the past, so E f_s(x_s) = E F_s(x_s) and
 * the curves are smooth). For a deterministic schedule the comparator of the prefix is the fixed
 * u* = argmin Σ_{s≤t} F_s, so R_t is the expected regret against a fixed comparator, which every bound
 * bounds. ROM uses the fixed u* = argmin E Σ F_s = −R z̄/‖z̄‖ (its F_s are random). ROT reports dynamic
 * regret against u_t = m_t, i.e. Σ F_t(x_t) − F_t(m_t) = λ/2 Σ ‖x_t − m_t‖².
 */
import { dot, norm, weightedBallMin } from "./geometry";
import type { Learner } from "./learners";
import { itemMoments, type Problem, type Realization } from "./problems";

export type HintKind = "last" | "none" | "oracle";

/** Running sums of the means, enough to evaluate min_u Σ_{s≤t} F_s(u) in closed form. */
class ComparatorTracker {
  private readonly sum: Float64Array;
  private sumSq = 0;
  private readonly count: Float64Array;
  private readonly coordSum: Float64Array;
  private readonly coordSq: Float64Array;
  private readonly c: Float64Array;
  private readonly u: Float64Array;
  private readonly fixedU: Float64Array | null = null;

  constructor(private readonly p: Problem) {
    const d = p.d;
    this.sum = new Float64Array(d);
    this.count = new Float64Array(d);
    this.coordSum = new Float64Array(d);
    this.coordSq = new Float64Array(d);
    this.c = new Float64Array(d);
    this.u = new Float64Array(d);
    if (p.env === "ROM") {
      const { mean } = itemMoments(p.items!, d);
      const n = norm(mean);
      this.fixedU = mean.map((v) => (n > 0 ? (-p.R * v) / n : 0));
    }
  }

  reset(): void {
    this.sum.fill(0);
    this.sumSq = 0;
    this.count.fill(0);
    this.coordSum.fill(0);
    this.coordSq.fill(0);
  }

  add(m: Float64Array, row: number, t: number): void {
    const d = this.p.d;
    if (this.p.env === "EXPC") {
      const i = (t - 1) % d;
      const v = m[row + i];
      this.count[i]++;
      this.coordSum[i] += v;
      this.coordSq[i] += v * v;
      return;
    }
    for (let i = 0; i < d; i++) {
      const v = m[row + i];
      this.sum[i] += v;
      this.sumSq += v * v;
    }
  }

  /** min_u Σ_{s≤t} F_s(u), with the same constants dropped as in the loss of `runLearner`. */
  loss(t: number): number {
    const p = this.p;
    const d = p.d;
    switch (p.env) {
      case "ROT":
        return 0;
      case "ROM":
        return dot(this.sum, this.fixedU!);
      case "LIN":
      case "NCVX": {
        if (p.domain === "simplex") {
          let best = Number.POSITIVE_INFINITY;
          for (let i = 0; i < d; i++) best = Math.min(best, this.sum[i]);
          return best;
        }
        return -p.R * norm(this.sum);
      }
      case "QUAD": {
        // λ/2 Σ‖u − m_s‖² = λ/2 [t‖u − m̄‖² + Σ‖m_s‖² − t‖m̄‖²], minimised at u = Π(m̄).
        const mbar2 = dot(this.sum, this.sum) / (t * t);
        const nb = Math.sqrt(mbar2);
        const gap = nb > p.R ? (nb - p.R) ** 2 : 0;
        return 0.5 * p.lambda * (t * gap + this.sumSq - t * mbar2);
      }
      case "EXPC": {
        let rest = 0;
        for (let i = 0; i < d; i++) {
          this.c[i] = this.count[i] > 0 ? this.coordSum[i] / this.count[i] : 0;
          if (this.count[i] > 0) rest += 0.5 * (this.coordSq[i] - this.coordSum[i] ** 2 / this.count[i]);
        }
        return weightedBallMin(this.count, this.c, p.R, this.u) + rest;
      }
    }
  }

  /** The comparator point of the prefix (for the 2-D picture). */
  point(t: number, m: Float64Array, row: number, out: Float64Array): void {
    const p = this.p;
    const d = p.d;
    switch (p.env) {
      case "ROT":
        for (let i = 0; i < d; i++) out[i] = m[row + i];
        return;
      case "ROM":
        out.set(this.fixedU!);
        return;
      case "QUAD": {
        const nb = norm(this.sum) / t;
        const c = nb > p.R ? p.R / nb : 1;
        for (let i = 0; i < d; i++) out[i] = (c * this.sum[i]) / t;
        return;
      }
      case "EXPC":
        this.loss(t);
        out.set(this.u);
        return;
      default: {
        const nb = norm(this.sum);
        for (let i = 0; i < d; i++) out[i] = nb > 0 ? (-p.R * this.sum[i]) / nb : 0;
      }
    }
  }
}

/** Buffers for one (problem, worker): reuse across runs and learners, no allocation per round. */
export class Workspace {
  readonly x: Float64Array;
  readonly xPrev: Float64Array;
  readonly g: Float64Array;
  readonly hint: Float64Array;
  readonly tracker: ComparatorTracker;

  constructor(readonly p: Problem) {
    this.x = new Float64Array(p.d);
    this.xPrev = new Float64Array(p.d);
    this.g = new Float64Array(p.d);
    this.hint = new Float64Array(p.d);
    this.tracker = new ComparatorTracker(p);
  }
}

/** ∇F_t(x) (writes out). */
export function meanGradient(p: Problem, m: Float64Array, row: number, t: number, x: Float64Array, out: Float64Array) {
  const d = p.d;
  switch (p.env) {
    case "QUAD":
    case "ROT":
      for (let i = 0; i < d; i++) out[i] = p.lambda * (x[i] - m[row + i]);
      return;
    case "EXPC": {
      out.fill(0);
      const i = (t - 1) % d;
      out[i] = x[i] - m[row + i];
      return;
    }
    default:
      for (let i = 0; i < d; i++) out[i] = m[row + i];
  }
}

export interface PathRecord {
  /** Rounds at which to record (ascending); iterates and comparator written row-wise (len × d). */
  at: Int32Array;
  x: Float64Array;
  u: Float64Array;
}

/**
 * One run of `learner` on `real`. Writes R_t at checkpoints into out[offset + c]. Returns the first
 * checkpoint index at which the regret was not finite (-1 if none); later entries are NaN.
 */
export function runLearner(
  ws: Workspace,
  real: Realization,
  learner: Learner,
  hint: HintKind,
  checkpoints: Int32Array,
  out: Float64Array,
  offset: number,
  path?: PathRecord,
): number {
  const p = ws.p;
  const { x, xPrev, g, hint: M, tracker } = ws;
  const d = p.d;
  const m = real.m;
  learner.reset();
  tracker.reset();
  M.fill(0);
  learner.play(M, xPrev); // x_0 := the starting point, used by the oracle hint at t = 1
  learner.reset();
  let cum = 0;
  let c = 0;
  let pc = 0;
  const T = checkpoints[checkpoints.length - 1];
  const quadratic = p.env === "QUAD" || p.env === "ROT";
  const coordinate = p.env === "EXPC";
  const kappa = p.env === "NCVX" ? real.kappa : null;
  const oracle = hint === "oracle";
  const last = hint === "last";
  const lam = p.lambda;
  const xi = real.xi;
  // Hot loop: F_t(x_t) (constants dropped, as in the comparator) and g_t = ∇f(x_t, ξ_t), inlined per loss.
  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * d;
    if (oracle) meanGradient(p, m, row, t, xPrev, M);
    learner.play(M, x);
    if (coordinate) {
      const i = (t - 1) % d;
      for (let j = 0; j < d; j++) g[j] = 0;
      cum += 0.5 * (x[i] - m[row + i]) ** 2;
      g[i] = x[i] - xi[row + i];
    } else if (quadratic) {
      let s = 0;
      for (let i = 0; i < d; i++) {
        const e = x[i] - m[row + i];
        s += e * e;
        g[i] = lam * (x[i] - xi[row + i]);
      }
      cum += 0.5 * lam * s;
    } else {
      const k = kappa ? kappa[t - 1] : 0;
      for (let i = 0; i < d; i++) {
        cum += m[row + i] * x[i];
        g[i] = xi[row + i] + k * x[i];
      }
    }
    tracker.add(m, row, t);
    learner.update(g);
    for (let i = 0; i < d; i++) {
      if (last) M[i] = g[i];
      xPrev[i] = x[i];
    }
    if (path && pc < path.at.length && path.at[pc] === t) {
      path.x.set(x, pc * d);
      tracker.point(t, m, row, path.u.subarray(pc * d, pc * d + d));
      pc++;
    }
    if (t === checkpoints[c]) {
      const r = cum - tracker.loss(t);
      if (!Number.isFinite(r)) {
        out.fill(Number.NaN, offset + c, offset + checkpoints.length);
        return c;
      }
      out[offset + c++] = r;
    }
  }
  return -1;
}
