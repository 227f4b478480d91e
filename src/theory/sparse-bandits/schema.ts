/**
 * What the page needs of Dong & Yang (ICML 2023): the declarations of its experiments. `validate` counts
 * supports and ε-net points (combinatorics.ts, no dependencies) to refuse runs the browser cannot hold.
 */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
import { int, labelledChoice, num, seed } from "../params";
import { binomial, sparseNet } from "./combinatorics";
import { FAMILY_LABELS, MISSPEC_LABELS } from "./options";

/** Limit on C(d,s)·|net| (spec: keep ≤ 10⁵ candidates) and on the projected feature storage. */
const MAX_NET_POINTS = 100_000;
const MAX_PROJECTED = 4_000_000;

const instanceParams = (d: number, s: number) => ({
  family: labelledChoice("action set", FAMILY_LABELS),
  misspec: labelledChoice("misspecification Δ", MISSPEC_LABELS),
  d: int({ min: 2, max: 64, default: d, label: "dimension $d$" }),
  s: int({ min: 1, max: 3, default: s, label: "sparsity $s$" }),
  k: int({ min: 20, max: 1000, default: 200, scale: "log", label: "actions $k$" }),
  signal: num({ min: 0.05, max: 2, default: 1, label: "signal $\\|\\theta^*\\|$", step: 0.05 }),
  sigma: num({ min: 0.01, max: 4, default: 1, scale: "log", label: "noise $\\sigma$" }),
  gamma: num({ min: 0.01, max: 1, default: 0.1, scale: "log", label: "design tolerance $\\gamma$" }),
  delta: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "confidence $\\delta$" }),
});

/**
 * A run's work in feature operations (algorithms.ts, problems.ts): the G-optimal designs, dense and
 * per support, (15·k·d² + C(d,s)·(15·k·s² + 10⁵))·(0.1/γ)^0.4 (Frank–Wolfe; γ = 0.01 took 2.3× γ = 0.1;
 * a support's design costs ~0.4 ms whatever k); the
 * adversarial misspecification k²·d at each ε (k·d otherwise); the ε-net's greedy actions
 * C(d,s)·|net|·k·s; each fit k·(d + C(d,s)·s). ~3.5 ns each here (d = 64, s = 1, k = 1000: 0.43 s a
 * run, 0.27 s of it the misspecification; d = 20, s = 2, k = 1000: 0.32 s; a 12-point ε sweep at
 * d = 64: 2.4 s).
 */
const FEATURE_NS = 3.5;

/** Odd lattice points h(z + ½) in the ball of radius 1 + ε, h = 2ε/√s (combinatorics.ts): ≈ V_s (R/2)^s. */
function netSize(s: number, eps: number): number {
  const R = ((1 + eps) * Math.sqrt(s)) / eps;
  const ball = s === 1 ? 2 : s === 2 ? Math.PI : s === 3 ? (4 * Math.PI) / 3 : (Math.PI * Math.PI) / 2;
  return Math.max(2, ball * (R / 2) ** s);
}

type InstanceParams = { family: string; misspec: string; d: number; s: number; k: number; gamma: number };

/** Feature operations of one run's instance: its designs (once per run). */
const designOps = (p: InstanceParams) =>
  (15 * p.k * p.d * p.d + binomial(p.d, p.s) * (15 * p.k * p.s * p.s + 1e5)) * (0.1 / p.gamma) ** 0.4;

/** Feature operations at one ε: misspecification, ε-net candidates and `fits` least-squares fits. */
const epsilonOps = (p: InstanceParams, eps: number, fits: number) => {
  const C = binomial(p.d, p.s);
  const misspec = p.misspec === "adversarial" ? p.k * p.k * p.d : p.k * p.d;
  return misspec + C * netSize(p.s, eps) * p.k * p.s + fits * p.k * (p.d + C * p.s);
};

/** `ops` feature operations in each run, holding every support's projected features. */
const runsCost = (p: InstanceParams & { runs: number }, ops: number, x: number, lower: string) =>
  estimate({
    work: { runs: p.runs, "feature operations per run": Math.ceil(ops) },
    unit: "feature operations",
    ns: FEATURE_NS,
    buffers: { runs: p.runs, x, series: 3 },
    extra: [["the projected features", 8 * binomial(p.d, p.s) * p.k * p.s]],
    lower,
  });

const runs = (min: number, max: number, def: number) =>
  int({ min, max, default: def, label: "runs (random instances)" });

function validateInstance(p: { family: string; d: number; s: number; k: number }, epsMin: number): string | undefined {
  if (p.s >= p.d) return `sparsity s = ${p.s} must be below the dimension d = ${p.d}`;
  if (p.family === "good" && p.k < 2 * p.d) return `the action set ±eᵢ + hypercube needs k ≥ 2d = ${2 * p.d} actions`;
  const supportsCount = binomial(p.d, p.s);
  const projected = supportsCount * p.k * p.s;
  if (projected > MAX_PROJECTED)
    return `C(d,s)·k·s = ${projected} projected features is too many for the browser (≤ ${MAX_PROJECTED}); lower d, s or k`;
  const netPoints = supportsCount * sparseNet(p.s, epsMin).count;
  if (netPoints > MAX_NET_POINTS)
    return `C(d,s)·|net| = ${netPoints} net points at ε = ${epsMin} exceeds ${MAX_NET_POINTS} (spec limit); raise ε or lower d, s`;
  return undefined;
}

export const suboptimalitySchema = declareExperiment({
  id: "sparse-bandits/suboptimality",
  title: "Suboptimality of the returned action against the number of queries",
  params: {
    ...instanceParams(20, 2),
    eps: num({ min: 0.05, max: 0.5, default: 0.2, scale: "log", label: "misspecification $\\varepsilon$" }),
    budget: int({ min: 1000, max: 100_000_000, default: 10_000_000, scale: "log", label: "largest query budget $Q$" }),
    runs: runs(1, 64, 4),
    seed: seed(),
  },
  plot: { xLabel: "query budget Q", yLabel: "max r − r(â)", xScale: "log", yScale: "linear" },
  validate: (p) => validateInstance(p, p.eps),
  // Noise draws are aggregated (one normal per distinct action), so the budget Q costs nothing.
  cost: (p) => runsCost(p, designOps(p) + epsilonOps(p, p.eps, 18), 18, "runs, d, s or k"),
});

/** Sphere action set (k = ∞): query counts are formulas, no runs. */
const countParams = {
  eps: num({ min: 0.1, max: 0.5, default: 0.2, scale: "log", label: "misspecification $\\varepsilon$" }),
  sigma: num({ min: 0.01, max: 4, default: 1, scale: "log", label: "noise $\\sigma$" }),
  delta: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "confidence $\\delta$" }),
};

export const queriesVsDSchema = declareExperiment({
  id: "sparse-bandits/queries-vs-d",
  title: "Queries needed against the dimension d (sphere action set)",
  params: {
    s: int({ min: 1, max: 3, default: 2, label: "sparsity $s$" }),
    dMax: int({ min: 8, max: 64, default: 64, label: "largest dimension $d$" }),
    ...countParams,
  },
  plot: { xLabel: "dimension d", yLabel: "queries", xScale: "log", yScale: "log", fitFrom: 16 },
  validate: (p) => (p.dMax <= p.s + 1 ? `largest d must exceed s + 1 = ${p.s + 1}` : undefined),
  cost: (p) => sphereCost(Array(p.dMax - p.s).fill(p.s), p.eps, "s or the largest d, or raise ε"),
});

/**
 * The sphere counts enumerate an ε-net of the s-ball once per point: ~(R)^s odd grid candidates,
 * R = (1 + ε)√s/ε, ~600 ns each here (d = 64, s = 1…5 at ε = 0.1: 5 s; s = 3 over 61 values of d:
 * 0.4 s).
 */
function sphereCost(sparsities: number[], eps: number, lower: string) {
  const candidates = sparsities.reduce((sum, s) => sum + (((1 + eps) * Math.sqrt(s)) / eps) ** s, 0);
  return estimate({
    work: { "ε-net candidates enumerated": Math.ceil(candidates) },
    unit: "candidates",
    ns: 600,
    buffers: { runs: 1, x: sparsities.length, series: 3 },
    lower,
  });
}

export const sparsitySchema = declareExperiment({
  id: "sparse-bandits/sparsity",
  title: "Queries needed against the sparsity s (sphere action set)",
  params: {
    d: int({ min: 6, max: 64, default: 20, label: "dimension $d$" }),
    sMax: int({ min: 2, max: 5, default: 4, label: "largest sparsity $s$" }),
    ...countParams,
  },
  plot: { xLabel: "sparsity s", yLabel: "queries", xScale: "linear", yScale: "log" },
  validate: (p) => (p.sMax >= p.d ? `largest s must be below d = ${p.d}` : undefined),
  cost: (p) =>
    sphereCost(
      Array.from({ length: p.sMax }, (_, i) => i + 1),
      p.eps,
      "the largest s, or raise ε",
    ),
});

const epsilonSweepParams = {
  ...instanceParams(8, 1),
  epsMin: num({ min: 0.05, max: 0.5, default: 0.1, scale: "log", label: "smallest $\\varepsilon$" }),
  epsMax: num({ min: 0.05, max: 1, default: 0.5, scale: "log", label: "largest $\\varepsilon$" }),
  points: int({ min: 2, max: 12, default: 5, label: "ε grid points" }),
};

/** An ε sweep (epsilon, success): each run's designs once, then every ε with its calibrated fits. */
function sweepCost(p: InstanceParams & { runs: number; epsMin: number; epsMax: number; points: number }) {
  let ops = designOps(p);
  for (let j = 0; j < p.points; j++) {
    const eps = p.epsMin * (p.epsMax / p.epsMin) ** (p.points > 1 ? j / (p.points - 1) : 0);
    ops += epsilonOps(p, eps, 1);
  }
  return runsCost(p, ops, p.points, "runs, the ε points, d, s or k");
}

function validateSweep(p: Parameters<typeof validateInstance>[0] & { epsMin: number; epsMax: number }) {
  if (p.epsMin >= p.epsMax) return `smallest ε (${p.epsMin}) must be below the largest (${p.epsMax})`;
  return validateInstance(p, p.epsMin);
}

export const epsilonSchema = declareExperiment({
  id: "sparse-bandits/epsilon",
  title: "Final suboptimality against ε at each learner's calibrated budget",
  params: { ...epsilonSweepParams, runs: runs(1, 100, 8), seed: seed() },
  plot: { xLabel: "misspecification ε", yLabel: "max r − r(â)", xScale: "log", yScale: "linear" },
  validate: validateSweep,
  cost: sweepCost,
});

export const successSchema = declareExperiment({
  id: "sparse-bandits/success",
  title: "Fraction of runs within each learner's guarantee (target 1 − δ)",
  params: { ...epsilonSweepParams, runs: runs(10, 200, 50), seed: seed() },
  plot: { xLabel: "misspecification ε", yLabel: "within guarantee (1) or not (0)", xScale: "log", yScale: "linear" },
  validate: validateSweep,
  cost: sweepCost,
});

export const schemas = [suboptimalitySchema, queriesVsDSchema, sparsitySchema, epsilonSchema, successSchema];
