/**
 * What the page needs of Dong & Yang (ICML 2023): the declarations of its experiments. `validate` counts
 * supports and ε-net points (combinatorics.ts, no dependencies) to refuse runs the browser cannot hold.
 */
import { declareExperiment } from "../experiment";
import { choice, int, num, seed } from "../params";
import { binomial, sparseNet } from "./combinatorics";
import { FAMILY_LABELS, FEATURE_FAMILIES, MISSPEC_LABELS, MISSPECIFICATIONS } from "./options";

/** Limit on C(d,s)·|net| (spec: keep ≤ 10⁵ candidates) and on the projected feature storage. */
const MAX_NET_POINTS = 100_000;
const MAX_PROJECTED = 4_000_000;

const instanceParams = (d: number, s: number) => ({
  family: choice({ options: FEATURE_FAMILIES, default: "good", label: "action set", optionLabels: FAMILY_LABELS }),
  misspec: choice({
    options: MISSPECIFICATIONS,
    default: "adversarial",
    label: "misspecification Δ",
    optionLabels: MISSPEC_LABELS,
  }),
  d: int({ min: 2, max: 64, default: d, label: "dimension $d$" }),
  s: int({ min: 1, max: 3, default: s, label: "sparsity $s$" }),
  k: int({ min: 20, max: 1000, default: 200, scale: "log", label: "actions $k$" }),
  signal: num({ min: 0.05, max: 2, default: 1, label: "signal $\\|\\theta^*\\|$", step: 0.05 }),
  sigma: num({ min: 0.01, max: 4, default: 1, scale: "log", label: "noise $\\sigma$" }),
  gamma: num({ min: 0.01, max: 1, default: 0.1, scale: "log", label: "design tolerance $\\gamma$" }),
  delta: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "confidence $\\delta$" }),
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
});

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
});

const epsilonSweepParams = {
  ...instanceParams(8, 1),
  epsMin: num({ min: 0.05, max: 0.5, default: 0.1, scale: "log", label: "smallest $\\varepsilon$" }),
  epsMax: num({ min: 0.05, max: 1, default: 0.5, scale: "log", label: "largest $\\varepsilon$" }),
  points: int({ min: 2, max: 12, default: 5, label: "ε grid points" }),
};

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
});

export const successSchema = declareExperiment({
  id: "sparse-bandits/success",
  title: "Fraction of runs within each learner's guarantee (target 1 − δ)",
  params: { ...epsilonSweepParams, runs: runs(10, 200, 50), seed: seed() },
  plot: { xLabel: "misspecification ε", yLabel: "within guarantee (1) or not (0)", xScale: "log", yScale: "linear" },
  validate: validateSweep,
});

export const schemas = [suboptimalitySchema, queriesVsDSchema, sparsitySchema, epsilonSchema, successSchema];
