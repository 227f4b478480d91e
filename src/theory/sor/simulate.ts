/**
 * One trial of the online protocol ([P] § 2.1, scripts/contextual.m): at each t draw (c_t, b_t), let
 * every method pick ω_t, run SOR, and feed the count back. Every method sees the same instance at each
 * t (paired), and each has its own random substream, so adding a method never changes another's run.
 */
import { Rng } from "../common/rng";
import { SorBatch } from "./batch";
import { ChebCB, type Learner, TsallisInf, TsallisInfCB } from "./learners";
import { METHODS, type Method } from "./options";
import {
  CODE_GRID,
  CONTEXT_HI,
  CONTEXT_LO,
  sampleShift,
  sampleTruncatedGaussian,
  shiftScale,
  type Variance,
} from "./problems";
import { type Ordering, paddedSize } from "./solver";
import { laplacianBeta, omegaStar } from "./young";

type TsallisSolve = "safeguarded" | "as-coded";

export interface TrialConfig {
  m: number;
  variance: Variance;
  T: number;
  ordering: Ordering;
  tol: number;
  cap: number;
  grid: Float64Array;
  /** The fixed-ω baseline (the paper: 1.6 low variance, 1.8 high). */
  fixedOmega: number;
  methods: readonly Method[];
  /** Also solve every grid point at every t (for best-fixed-in-hindsight and regret). */
  table: boolean;
  /** Tsallis-INF-CB bins and ChebCB Chebyshev terms (code: 5 and 6). */
  bins: number;
  chebTerms: number;
  /** Tsallis-INF probability solve: the code's literal Newton (default) or the safeguarded root. */
  tsallisSolve?: TsallisSolve;
}

export interface TrialResult {
  contexts: Float64Array;
  /** Per method: the count and the ω played at each t. */
  costs: Map<Method, Float64Array>;
  omegas: Map<Method, Float64Array>;
  /** T × grid.length counts, when `table`. */
  table?: Float64Array;
  /** Solves that hit the cap (their cost is recorded as the cap). */
  capped: number;
  /**
   * Solves that diverged (residual grew past `divergenceLimit`): their cost is recorded as NaN (the
   * learner is fed the cap, it needs a number). None on the scaled shifts: every A_t is SPD and ω < 2.
   */
  diverged: number;
}

/** A learner over d arms with contexts on [lo, hi]; undefined for the baselines that play a fixed ω. */
export function makeLearner(
  method: string,
  d: number,
  T: number,
  o: { bins: number; terms: number; lo: number; hi: number; asCoded?: boolean },
): Learner | undefined {
  if (method === "tsallis") return new TsallisInf(d, o.asCoded);
  if (method === "tsallis-cb") return new TsallisInfCB(d, o.bins, o.lo, o.hi, o.asCoded);
  if (method === "chebcb") return new ChebCB(d, T, o.terms, o.lo, o.hi);
  return undefined;
}

/**
 * The authors' trial (scripts/contextual.m): ε = 1e-8, cap 10000, the grid linspace(1, 1.95, 20), 5 bins,
 * 6 Chebyshev terms; the fixed baseline the paper's (1.6 low, 1.8 high variance) or a chosen ω.
 */
export function codeTrial(
  p: { m: number; variance: Variance; T: number; ordering?: Ordering; fixed?: string; tsallisSolve?: TsallisSolve },
  methods: readonly Method[],
  table: boolean,
): TrialConfig {
  const fixed = p.fixed ?? "paper";
  const fixedOmega = fixed === "paper" ? (p.variance === "low" ? 1.6 : 1.8) : Number(fixed);
  // Use the grid's own value when it matches, so the fixed baseline shares the grid's cached solve.
  const onGrid = CODE_GRID.find((w) => Math.abs(w - fixedOmega) < 1e-9);
  return {
    m: p.m,
    variance: p.variance,
    T: p.T,
    ordering: p.ordering ?? "natural",
    tol: 1e-8,
    cap: 10000,
    grid: CODE_GRID,
    fixedOmega: onGrid ?? fixedOmega,
    methods: METHODS.filter((k) => methods.includes(k)),
    table,
    bins: 5,
    chebTerms: 6,
    tsallisSolve: p.tsallisSolve ?? "as-coded",
  };
}

/**
 * Instances use substream 0 of (seed, run), method i of METHODS substream i + 1. Shifts and the context
 * interval are the paper's scaled by `shiftScale(m)` (1 at m ≤ 10), so every A_t is positive definite.
 */
export function runTrial(cfg: TrialConfig, seed: number, run: number, onProgress?: (f: number) => void): TrialResult {
  const { m, T, grid } = cfg;
  const d = grid.length;
  const b = new Float64Array(paddedSize(m));
  const instances = new Rng(seed, run, 0);
  const methods = cfg.methods;
  const asCoded = cfg.tsallisSolve !== "safeguarded";
  const scale = shiftScale(m);
  const o = { bins: cfg.bins, terms: cfg.chebTerms, lo: scale * CONTEXT_LO, hi: scale * CONTEXT_HI, asCoded };
  const learners = methods.map((k) => makeLearner(k, d, T, o));
  const rngs = methods.map((k) => new Rng(seed, run, 1 + METHODS.indexOf(k)));
  const costs = new Map(methods.map((k) => [k, new Float64Array(T)]));
  const omegas = new Map(methods.map((k) => [k, new Float64Array(T)]));
  const contexts = new Float64Array(T);
  const table = cfg.table ? new Float64Array(T * d) : undefined;
  const opts = { ordering: cfg.ordering, tol: cfg.tol, cap: cfg.cap };
  const fixedIndex = grid.findIndex((w) => Math.abs(w - cfg.fixedOmega) < 1e-12);
  const gaussSeidelIndex = grid[0] === 1 ? 0 : -1;
  const beta0 = laplacianBeta(m, 0);
  // Each instance's solves go to the batch solver together: the grid points some method played (all
  // of them for the table) and the off-grid ω (instance-optimal, an off-grid fixed ω).
  const batch = new SorBatch(m);
  const gridSlot = new Int32Array(d);
  const picks = new Int32Array(methods.length);
  const wanted: number[] = [];
  const solved = new Float64Array(d + methods.length); // at most every grid point and one ω per method
  const onGrid = (i: number) => {
    if (gridSlot[i] < 0) gridSlot[i] = wanted.push(grid[i]) - 1;
    return gridSlot[i];
  };
  let capped = 0;
  let diverged = 0;
  for (let t = 0; t < T; t++) {
    const c = sampleShift(instances, cfg.variance, m);
    sampleTruncatedGaussian(instances, m, b);
    contexts[t] = c;
    wanted.length = 0;
    gridSlot.fill(-1);
    if (table) for (let i = 0; i < d; i++) onGrid(i);
    for (let j = 0; j < methods.length; j++) {
      const method = methods[j];
      const learner = learners[j];
      let omega: number;
      if (learner) {
        const i = learner.predict(rngs[j], c);
        omega = grid[i];
        picks[j] = onGrid(i);
      } else if (method === "instance-optimal") {
        omega = omegaStar((beta0 * 4) / (4 + c));
        picks[j] = wanted.push(omega) - 1;
      } else {
        const i = method === "fixed" ? fixedIndex : gaussSeidelIndex;
        omega = method === "fixed" ? cfg.fixedOmega : 1;
        picks[j] = i >= 0 ? onGrid(i) : wanted.push(omega) - 1;
      }
      omegas.get(method)![t] = omega;
    }
    batch.counts(4 + c, 1, b, wanted, opts, solved);
    for (let i = 0; i < wanted.length; i++) {
      if (Number.isNaN(solved[i])) diverged++;
      else if (!Number.isFinite(solved[i])) {
        capped++;
        solved[i] = cfg.cap;
      }
    }
    if (table) for (let i = 0; i < d; i++) table[t * d + i] = solved[gridSlot[i]];
    for (let j = 0; j < methods.length; j++) {
      const cost = solved[picks[j]];
      costs.get(methods[j])![t] = cost;
      learners[j]?.update(Number.isNaN(cost) ? cfg.cap : cost);
    }
    if (onProgress && (t & 63) === 63) onProgress((t + 1) / T);
  }
  return { contexts, costs, omegas, table, capped, diverged };
}

/** Regret against the best fixed grid point in hindsight, per prefix: Σ cost_s − min_i Σ table[s, i]. */
export function prefixRegret(costs: Float64Array, table: Float64Array, d: number, out: Float64Array): Float64Array {
  const T = costs.length;
  const sums = new Float64Array(d);
  let own = 0;
  for (let t = 0; t < T; t++) {
    own += costs[t];
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < d; i++) {
      sums[i] += table[t * d + i];
      best = Math.min(best, sums[i]); // NaN (a diverged solve) leaves the comparator undefined from then on
    }
    out[t] = own - best;
  }
  return out;
}

/** The best fixed grid index in hindsight over all T rounds and its total cost. */
export function bestFixed(table: Float64Array, d: number): { index: number; total: number } {
  const T = table.length / d;
  let index = 0;
  let total = Number.POSITIVE_INFINITY;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += table[t * d + i];
    if (s < total) {
      total = s;
      index = i;
    }
  }
  return { index, total };
}
