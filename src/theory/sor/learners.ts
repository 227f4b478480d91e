/**
 * The three online learners of [P], as the authors' MATLAB code runs them (spec § 2.2–2.4):
 * Tsallis-INF over an ω grid, Tsallis-INF-CB (one Tsallis-INF per context bin) and ChebCB (SquareCB
 * with per-arm Chebyshev regressions). All play indices into the grid; the caller maps them to ω and
 * reports the SOR count back through `update`.
 */
import type { Rng } from "../common/rng";
import { boxLeastSquares, psdSolve } from "./linalg";

/** Draw an index from weights `p` (summing to `total`, 1 for probabilities) with one uniform. */
export function sampleIndex(rng: Rng, p: Float64Array, total = 1): number {
  let u = rng.uniform() * total;
  for (let i = 0; i < p.length - 1; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

/**
 * The Tsallis-INF distribution p_i = 4 / (η²(a_i − x)²), a_i = k_i/K, x < min a fixed by Σp = 1 ([P]
 * Alg. 4). Σp(x) is convex and increasing on (−∞, min a), so Newton from x₀ = min a − 2/η (Σp ≥ 1
 * there) decreases to the root without overshoot (spec § 2.2 "TS advice"). Writes p renormalised;
 * returns Σp at the root before renormalising.
 */
export function tsallisProbabilities(a: Float64Array, eta: number, p: Float64Array): number {
  const d = a.length;
  let amin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < d; i++) amin = Math.min(amin, a[i]);
  let x = amin - 2 / eta;
  for (let step = 0; step < 100; step++) {
    let sum = 0;
    let sum32 = 0;
    for (let i = 0; i < d; i++) {
      const q = 4 / (eta * eta * (a[i] - x) ** 2);
      p[i] = q;
      sum += q;
      sum32 += q * Math.sqrt(q);
    }
    if (Math.abs(sum - 1) <= 1e-13) break;
    const next = x - (sum - 1) / (eta * sum32);
    if (!(next < x)) break; // converged to rounding
    x = next;
  }
  let sum = 0;
  for (let i = 0; i < d; i++) {
    p[i] = 4 / (eta * eta * (a[i] - x) ** 2);
    sum += p[i];
  }
  for (let i = 0; i < d; i++) p[i] /= sum;
  return sum;
}

/**
 * The solve as learners/TsallisINF.m writes it: x = −1, then 20 unguarded Newton steps. Once
 * min a ≫ √(dt) the first step jumps past the pole and the weights collapse onto one arm. Leaves the
 * raw weights in p and returns their sum, NaN when unusable (the code then draws uniformly).
 */
export function tsallisWeightsAsCoded(a: Float64Array, eta: number, p: Float64Array): number {
  const d = a.length;
  let x = -1;
  for (let step = 0; step < 20; step++) {
    let sum = 0;
    let sum32 = 0;
    for (let i = 0; i < d; i++) {
      // probs = 4*(eta*(k/scale - x)).^(-2), by products (4× faster than pow, last bit at most).
      const y = eta * (a[i] - x);
      p[i] = 4 / (y * y);
      sum += p[i];
      sum32 += p[i] * Math.sqrt(p[i]);
    }
    x -= (sum - 1) / (eta * sum32);
  }
  let sum = 0;
  for (let i = 0; i < d; i++) {
    if (!(p[i] >= 0)) return Number.NaN; // randsample rejects NaN and negative weights
    sum += p[i];
  }
  return sum > 0 && Number.isFinite(sum) ? sum : Number.NaN;
}

/** The arm-selection interface shared by every learner (contexts are ignored by non-contextual ones). */
export interface Learner {
  predict(rng: Rng, context: number): number;
  update(cost: number): void;
}

/**
 * Tsallis-INF as in learners/TsallisINF.m: η_t = 2/√t, scale K_t = mean(cost − 1) so far (1 before
 * any; clamped at 1e-12), k accumulates (cost − 1)/p. The theorem's fixed K and η: bounds.ts.
 */
export class TsallisInf implements Learner {
  readonly k: Float64Array;
  readonly p: Float64Array;
  private readonly a: Float64Array;
  t = 1;
  scale = 1;
  private costSum = 0;
  private index = 0;
  private prob = 1;

  /** `asCoded` (default): the code's literal 20-step Newton from x = −1; false: the safeguarded solve. */
  constructor(
    readonly d: number,
    readonly asCoded = true,
  ) {
    this.k = new Float64Array(d);
    this.p = new Float64Array(d);
    this.a = new Float64Array(d);
  }

  /** Samples an arm. As coded, the importance weight is the raw Newton weight probs(i), NaN included. */
  predict(rng: Rng): number {
    const K = Math.max(this.scale, 1e-12);
    for (let i = 0; i < this.d; i++) this.a[i] = this.k[i] / K;
    const eta = 2 / Math.sqrt(this.t);
    if (!this.asCoded) {
      tsallisProbabilities(this.a, eta, this.p);
      this.index = sampleIndex(rng, this.p);
    } else {
      const total = tsallisWeightsAsCoded(this.a, eta, this.p);
      this.index = Number.isNaN(total) ? rng.int(this.d) : sampleIndex(rng, this.p, total);
    }
    this.prob = this.p[this.index];
    return this.index;
  }

  update(cost: number): void {
    this.costSum += cost;
    this.scale = this.costSum / this.t - 1;
    this.k[this.index] += (cost - 1) / this.prob;
    this.t++;
  }
}

/** Tsallis-INF-CB (learners/TsallisINFCB.m, [P] Alg. 5): one Tsallis-INF per nearest bin centre. */
export class TsallisInfCB implements Learner {
  readonly bins: TsallisInf[];
  readonly centres: Float64Array;
  private active = 0;

  constructor(d: number, nBins: number, lo: number, hi: number, asCoded = true) {
    this.bins = Array.from({ length: nBins }, () => new TsallisInf(d, asCoded));
    this.centres = new Float64Array(nBins);
    for (let j = 0; j < nBins; j++) this.centres[j] = lo + ((hi - lo) * (j + 0.5)) / nBins;
  }

  binOf(context: number): number {
    let best = 0;
    for (let j = 1; j < this.centres.length; j++) {
      if (Math.abs(this.centres[j] - context) < Math.abs(this.centres[best] - context)) best = j;
    }
    return best;
  }

  predict(rng: Rng, context: number): number {
    this.active = this.binOf(context);
    return this.bins[this.active].predict(rng);
  }

  update(cost: number): void {
    this.bins[this.active].update(cost);
  }
}

/** Chebyshev features T_0..T_{m−1}(x) (the code's chebT). */
export function chebyshevFeatures(x: number, m: number, out: Float64Array): Float64Array {
  out[0] = 1;
  if (m > 1) out[1] = x;
  for (let j = 2; j < m; j++) out[j] = 2 * x * out[j - 1] - out[j - 2];
  return out;
}

/** Inverse-gap weighting ([P] Alg. 6): p_i = 1/(d + η(s_i − s*)) off the argmin, the rest on it. */
export function inverseGapWeights(pred: Float64Array, eta: number, p: Float64Array): number {
  const d = pred.length;
  let best = 0;
  for (let i = 1; i < d; i++) if (pred[i] < pred[best]) best = i;
  let rest = 0;
  for (let i = 0; i < d; i++) {
    if (i === best) continue;
    p[i] = 1 / (d + eta * (pred[i] - pred[best]));
    rest += p[i];
  }
  p[best] = 1 - rest;
  return best;
}

/**
 * ChebCB as in learners/ChebCB.m (HEAD 745c59d): SquareCB with inverse-gap weighting, per-arm
 * regressions of (cost − 1)/scale on Chebyshev features of the context (box-constrained when the
 * minimum-norm fit leaves the box), η_t = 2t√(dt / (R − resnorm + 2α²t)). Quirks kept (spec § 7.6):
 * min over a zero-padded length-T array (L = K/(b − a) until the last round); R compares with
 * cost/(KN) though the fits target (cost − 1)/(KN). Each arm keeps FᵀF and Fᵀy: refitting exactly.
 */
export class ChebCB implements Learner {
  readonly theta: Float64Array;
  readonly p: Float64Array;
  eta = 0;
  t = 1;
  scale = 0;
  private readonly gram: Float64Array;
  private readonly rhs: Float64Array;
  private readonly counts: Int32Array;
  private readonly feature: Float64Array;
  private readonly pred: Float64Array;
  private readonly lb: Float64Array;
  private readonly ub: Float64Array;
  private readonly work: Float64Array;
  private readonly target: Float64Array;
  /** Per-arm Σ (cost − 1)², for the box fit's residual norm. */
  private readonly yy: Float64Array;
  private maxCost = Number.NEGATIVE_INFINITY;
  private minCost = Number.POSITIVE_INFINITY;
  private index = 0;
  private predicted = 0;
  // Running sums for R = Σ (pred_s − cost_s/(KN))² with K changing over time.
  private sumPred2 = 0;
  private sumPredCost = 0;
  private sumCost2 = 0;

  constructor(
    readonly d: number,
    readonly T: number,
    readonly m: number,
    readonly lo: number,
    readonly hi: number,
  ) {
    this.theta = new Float64Array(d * m);
    this.p = new Float64Array(d);
    this.gram = new Float64Array(d * m * m);
    this.rhs = new Float64Array(d * m);
    this.counts = new Int32Array(d);
    this.feature = new Float64Array(m);
    this.pred = new Float64Array(d);
    this.lb = new Float64Array(m);
    this.ub = new Float64Array(m);
    this.work = new Float64Array(m);
    this.target = new Float64Array(m);
    this.yy = new Float64Array(d);
  }

  predict(rng: Rng, context: number): number {
    const { d, m, theta, feature, pred } = this;
    chebyshevFeatures((2 / (this.hi - this.lo)) * (context - this.lo) - 1, m, feature);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += theta[i * m + j] * feature[j];
      pred[i] = s;
    }
    inverseGapWeights(pred, this.eta, this.p);
    this.index = sampleIndex(rng, this.p);
    this.predicted = pred[this.index];
    return this.index;
  }

  update(cost: number): void {
    const { d, m, feature, gram, rhs } = this;
    const bma = this.hi - this.lo;
    const arm = this.index;
    // This round's row joins the played arm's data.
    for (let a = 0; a < m; a++) {
      rhs[arm * m + a] += feature[a] * (cost - 1);
      for (let b = 0; b < m; b++) gram[arm * m * m + a * m + b] += feature[a] * feature[b];
    }
    this.yy[arm] += (cost - 1) * (cost - 1);
    this.counts[arm]++;
    this.maxCost = Math.max(this.maxCost, cost);
    this.minCost = Math.min(this.minCost, cost);
    const K = this.maxCost;
    const L = (K - (this.t < this.T ? 0 : this.minCost)) / bma; // quirk: zero-padded min
    const N = 2 + ((4 * bma * L) / K) * (1 + Math.log(m));
    const rescaled = this.scale !== K * N;
    this.scale = K * N;
    this.ub[0] = 1 / N;
    for (let j = 1; j < m; j++) this.ub[j] = (2 * bma * L) / this.scale / j;
    for (let j = 0; j < m; j++) this.lb[j] = -this.ub[j];
    let resnorm = 0;
    for (let i = 0; i < d; i++) {
      if (!(rescaled || i === arm) || this.counts[i] === 0) continue;
      const G = gram.subarray(i * m * m, (i + 1) * m * m);
      for (let j = 0; j < m; j++) this.target[j] = rhs[i * m + j] / this.scale;
      const th = this.theta.subarray(i * m, (i + 1) * m);
      psdSolve(G, this.target, m, this.work);
      th.set(this.work);
      let outside = false;
      for (let j = 0; j < m; j++) if (Math.abs(th[j]) > this.ub[j]) outside = true;
      if (outside) {
        boxLeastSquares(G, this.target, m, this.lb, this.ub, th);
        resnorm = this.residualOf(i);
      }
    }
    const c0 = Math.PI + (2 / Math.PI) * Math.log(2 * m + 1);
    const alpha = (c0 / (2 * this.scale * (m + 1))) * bma * L;
    this.sumPred2 += this.predicted * this.predicted;
    this.sumPredCost += this.predicted * cost;
    this.sumCost2 += cost * cost;
    const kn = K * N;
    const R = this.sumPred2 - (2 * this.sumPredCost) / kn + this.sumCost2 / (kn * kn);
    const denom = R - resnorm + 2 * alpha * alpha * this.t;
    this.eta = 2 * this.t * Math.sqrt((d * this.t) / Math.max(denom, 1e-300));
    this.t++;
  }

  /** ‖F_iθ_i − y_i‖² from the Gram form θᵀGθ − 2θᵀFᵀy + yᵀy (yᵀy kept per arm). */
  private residualOf(i: number): number {
    const { m } = this;
    const th = this.theta.subarray(i * m, (i + 1) * m);
    const G = this.gram.subarray(i * m * m, (i + 1) * m * m);
    let quad = 0;
    let lin = 0;
    for (let a = 0; a < m; a++) {
      lin += th[a] * this.target[a];
      for (let b = 0; b < m; b++) quad += th[a] * G[a * m + b] * th[b];
    }
    return Math.max(0, quad - 2 * lin + this.yy[i] / (this.scale * this.scale));
  }
}
