/**
 * Experiments for Dong & Yang, "Does Sparsity Help in Learning Misspecified Linear Bandits?"
 * (ICML 2023). Learners are the spec's reconstructions (algorithms.ts); bounds marked [DERIVED]
 * are derived for them, the paper's own constants are unknown (bounds.ts).
 */
import { logspace } from "../common/grid";
import { Rng } from "../common/rng";
import { experiment } from "../experiment";
import { choice, int, num, seed } from "../params";
import type { BoundCurve, RunChunk, SeriesChunk } from "../trace";
import {
  denseCalibratedSamples,
  denseLeastSquares,
  denseSamplesForBudget,
  type Enumeration,
  enumerationCalibratedSamples,
  enumerationEvaluationSamples,
  enumerationSamplesForBudget,
  evaluateCandidates,
  netCalibratedSamples,
  netCandidates,
  prepareEnumeration,
  supportEnumeration,
} from "./algorithms";
import {
  denseLowerShape,
  enumerationGuarantee,
  goodFeaturesShape,
  leastSquaresGuarantee,
  lswShape,
  netGuarantee,
  sparseUpperShape,
  sparsityLowerShape,
  sphereDenseQueries,
  sphereEnumerationQueries,
  sphereNetQueries,
} from "./bounds";
import { leastSquaresSamples } from "./budgets";
import { binomial, sparseNet } from "./combinatorics";
import {
  type BaseInstance,
  FAMILY_LABELS,
  FEATURE_FAMILIES,
  type Instance,
  type InstanceOptions,
  MISSPECIFICATIONS,
  makeBaseInstance,
  suboptimality,
  withMisspecification,
} from "./problems";

const SHAPE = "shape only; constants unknown";
const DY = "Dong & Yang (ICML 2023), abstract";
const LEARNERS = [
  { key: "dense", label: "dense least squares on a G-optimal design (LSW baseline)" },
  { key: "enumeration", label: "support enumeration + design [reconstruction]" },
  { key: "net", label: "ε-net over s-sparse parameters [reconstruction]" },
] as const;

/** Limit on C(d,s)·|net| (spec: keep ≤ 10⁵ candidates) and on the projected feature storage. */
const MAX_NET_POINTS = 100_000;
const MAX_PROJECTED = 4_000_000;

// ---------------------------------------------------------------------------------------------
// Shared parameters and per-run machinery

const instanceParams = (d: number, s: number) => ({
  family: choice({
    options: FEATURE_FAMILIES,
    default: "good",
    label: "action set",
    optionLabels: FAMILY_LABELS,
  }),
  misspec: choice({
    options: MISSPECIFICATIONS,
    default: "adversarial",
    label: "misspecification Δ",
    optionLabels: {
      adversarial: "adversarial (fools LSW, hides the best action)",
      random: "uniform on [−ε, ε]",
      none: "none",
    },
  }),
  d: int({ min: 2, max: 64, default: d, label: "dimension $d$" }),
  s: int({ min: 1, max: 3, default: s, label: "sparsity $s$" }),
  k: int({ min: 20, max: 1000, default: 200, scale: "log", label: "actions $k$" }),
  signal: num({ min: 0.05, max: 2, default: 1, label: "signal $\\|\\theta^*\\|$", step: 0.05 }),
  sigma: num({ min: 0.01, max: 4, default: 1, scale: "log", label: "noise $\\sigma$" }),
  gamma: num({ min: 0.01, max: 1, default: 0.1, scale: "log", label: "design tolerance $\\gamma$" }),
  delta: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "confidence $\\delta$" }),
});

interface InstanceParamValues {
  family: InstanceOptions["family"];
  misspec: InstanceOptions["misspec"];
  d: number;
  s: number;
  k: number;
  signal: number;
  sigma: number;
  gamma: number;
  delta: number;
}

function validateInstance(p: InstanceParamValues, epsMin: number): string | undefined {
  if (p.s >= p.d) return `sparsity s = ${p.s} must be below the dimension d = ${p.d}`;
  if (p.family === "good" && p.k < 2 * p.d) return `the action set ±eᵢ + hypercube needs k ≥ 2d = ${2 * p.d} actions`;
  const supportsCount = binomial(p.d, p.s);
  if (supportsCount * p.k * p.s > MAX_PROJECTED) {
    return `C(d,s)·k·s = ${supportsCount * p.k * p.s} projected features is too many for the browser (≤ ${MAX_PROJECTED}); lower d, s or k`;
  }
  const netPoints = supportsCount * sparseNet(p.s, epsMin).count;
  if (netPoints > MAX_NET_POINTS) {
    return `C(d,s)·|net| = ${netPoints} net points at ε = ${epsMin} exceeds ${MAX_NET_POINTS} (spec limit); raise ε or lower d, s`;
  }
  return undefined;
}

/** Base instance of run r from stream (seed, r, 0): every ε of a sweep sees the same features and θ*. */
const baseFor = (p: InstanceParamValues, seedValue: number, run: number): BaseInstance =>
  makeBaseInstance(p, new Rng(seedValue, run, 0));

/** Noise stream of learner `learner` (0, 1, 2) at sweep point `point`: independent of the others. */
const noiseRng = (seedValue: number, run: number, point: number, learner: number) =>
  new Rng(seedValue, run, 1 + 3 * point + learner);

interface Prepared {
  inst: Instance;
  en: Enumeration;
  candidates: Int32Array;
}

/** The ε-dependent part: misspecification, ε-net and its candidate actions. */
function prepare(base: BaseInstance, en: Enumeration, eps: number): Prepared {
  const inst = withMisspecification(base, eps);
  return { inst, en, candidates: netCandidates(base, en, sparseNet(base.s, eps)) };
}

/** Each learner with the sample sizes that certify its guarantee (budgets.ts); suboptimality and bound. */
function calibratedRun(pr: Prepared, delta: number, seedValue: number, run: number, point: number) {
  const { inst, en, candidates } = pr;
  const nDense = denseCalibratedSamples(inst, delta);
  const dense = denseLeastSquares(inst, nDense, noiseRng(seedValue, run, point, 0));
  const nEnum = enumerationCalibratedSamples(inst, delta);
  const enumeration = supportEnumeration(
    inst,
    en,
    nEnum,
    (c) => enumerationEvaluationSamples(inst, c, delta),
    noiseRng(seedValue, run, point, 1),
  );
  const m = netCalibratedSamples(inst, candidates.length, delta);
  const net = evaluateCandidates(inst, candidates, m, noiseRng(seedValue, run, point, 2));
  const trueDesign = en.designs[supportIndex(inst, en)];
  return {
    subopt: [
      suboptimality(inst, dense.action),
      suboptimality(inst, enumeration.action),
      suboptimality(inst, net.action),
    ],
    queries: [dense.queries, enumeration.queries, net.queries],
    guarantee: [
      leastSquaresGuarantee(inst.eps, inst.d, inst.gamma, inst.denseDesign.support.length, nDense, inst.eps),
      enumerationGuarantee(inst.eps, inst.s, inst.gamma, trueDesign.support.length, nEnum, inst.eps, inst.eps),
      netGuarantee(inst.eps),
    ],
  };
}

/** Index of θ*'s support in the enumeration's list of s-subsets. */
function supportIndex(inst: Instance, en: Enumeration): number {
  for (let c = 0; c < en.count; c++) {
    let same = true;
    for (let j = 0; j < inst.s; j++) same &&= en.supports[c * inst.s + j] === inst.support[j];
    if (same) return c;
  }
  throw new Error("supportIndex: θ*'s support is not an s-subset");
}

function seriesOf(values: Float64Array[], runs: number): SeriesChunk[] {
  return LEARNERS.map((l, i) => ({ key: l.key, label: l.label, values: values[i], runs }));
}

const flat = (x: Float64Array, y: number) => new Float64Array(x.length).fill(y);

// ---------------------------------------------------------------------------------------------
// (a) Suboptimality against the query budget

export const suboptimalityVsQueries = experiment({
  id: "sparse-bandits/suboptimality",
  title: "Suboptimality of the returned action against the number of queries",
  params: {
    ...instanceParams(20, 2),
    eps: num({ min: 0.05, max: 0.5, default: 0.2, scale: "log", label: "misspecification $\\varepsilon$" }),
    budget: int({ min: 1000, max: 100_000_000, default: 10_000_000, scale: "log", label: "largest query budget $Q$" }),
    runs: int({ min: 1, max: 64, default: 4, label: "runs (random instances)" }),
    seed: seed(),
  },
  runsParam: "runs",
  plot: { xLabel: "query budget Q", yLabel: "max r − r(â)", xScale: "log", yScale: "linear" },
  validate: (p) => validateInstance(p, p.eps),
  run(p, ctx) {
    const x = logspace(100, p.budget, 18).map(Math.round);
    const n = x.length;
    const values = LEARNERS.map(() => new Float64Array(ctx.runCount * n).fill(Number.NaN));
    for (let r = 0; r < ctx.runCount; r++) {
      const run = ctx.runStart + r;
      const base = baseFor(p, p.seed, run);
      const pr = prepare(base, prepareEnumeration(base), p.eps);
      const { inst, en, candidates } = pr;
      const rngs = [0, 1, 2].map((l) => noiseRng(p.seed, run, 0, l));
      for (let j = 0; j < n; j++) {
        const q = x[j];
        const nDense = denseSamplesForBudget(inst, q);
        if (nDense >= 1) values[0][r * n + j] = suboptimality(inst, denseLeastSquares(inst, nDense, rngs[0]).action);
        const nEnum = enumerationSamplesForBudget(en, q);
        if (nEnum >= 1) {
          const out = supportEnumeration(inst, en, nEnum, (c, used) => Math.floor((q - used) / c), rngs[1]);
          values[1][r * n + j] = suboptimality(inst, out.action);
        }
        const m = Math.floor(q / candidates.length);
        if (m >= 1) values[2][r * n + j] = suboptimality(inst, evaluateCandidates(inst, candidates, m, rngs[2]).action);
      }
      ctx.progress(null, (r + 1) / ctx.runCount);
    }
    const eps = p.eps;
    const bounds: BoundCurve[] = [
      {
        key: "eps",
        label: "ε",
        tex: "\\varepsilon",
        cite: "misspecification level",
        kind: "reference",
        y: flat(x, eps),
      },
      {
        key: "barrier",
        label: "ε√d (dense barrier)",
        tex: "\\varepsilon\\sqrt d",
        cite: "Lattimore, Szepesvári & Weisz (ICML 2020); Du et al. (ICLR 2020)",
        kind: "reference",
        y: flat(x, eps * Math.sqrt(p.d)),
      },
      {
        key: "net-guarantee",
        label: "6ε (ε-net guarantee at its calibrated budget) [derived]",
        tex: "6\\varepsilon",
        cite: "derived for the reconstructed ε-net learner (spec §1.3)",
        kind: "reference",
        appliesTo: ["net"],
        y: flat(x, netGuarantee(eps)),
      },
    ];
    return {
      x,
      series: seriesOf(values, ctx.runCount),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [
        "A missing point means the budget is below what the learner needs to run once (the dense design's support, one fit per support, or one sample per ε-net candidate).",
      ],
    };
  },
});

// ---------------------------------------------------------------------------------------------
// (d) Final suboptimality against ε at calibrated budgets, and (e) success rate across seeds

const epsilonSweepParams = {
  ...instanceParams(8, 1),
  epsMin: num({ min: 0.05, max: 0.5, default: 0.1, scale: "log", label: "smallest $\\varepsilon$" }),
  epsMax: num({ min: 0.05, max: 1, default: 0.5, scale: "log", label: "largest $\\varepsilon$" }),
  points: int({ min: 2, max: 12, default: 5, label: "ε grid points" }),
};

function validateSweep(p: InstanceParamValues & { epsMin: number; epsMax: number }): string | undefined {
  if (p.epsMin >= p.epsMax) return `smallest ε (${p.epsMin}) must be below the largest (${p.epsMax})`;
  return validateInstance(p, p.epsMin);
}

/** Runs every learner at its calibrated budget over the ε grid; `score` turns an outcome into the plotted value. */
function epsilonSweep(
  p: InstanceParamValues & { epsMin: number; epsMax: number; points: number; seed: number },
  ctx: { runStart: number; runCount: number; progress(c: null, f: number): void },
  score: (subopt: number, guarantee: number) => number,
) {
  const x = logspace(p.epsMin, p.epsMax, p.points);
  const n = x.length;
  const values = LEARNERS.map(() => new Float64Array(ctx.runCount * n).fill(Number.NaN));
  for (let r = 0; r < ctx.runCount; r++) {
    const run = ctx.runStart + r;
    const base = baseFor(p, p.seed, run);
    const en = prepareEnumeration(base);
    for (let j = 0; j < n; j++) {
      const out = calibratedRun(prepare(base, en, x[j]), p.delta, p.seed, run, j);
      for (let l = 0; l < LEARNERS.length; l++) values[l][r * n + j] = score(out.subopt[l], out.guarantee[l]);
      ctx.progress(null, (r * n + j + 1) / (ctx.runCount * n));
    }
  }
  return { x, values };
}

export const suboptimalityVsEpsilon = experiment({
  id: "sparse-bandits/epsilon",
  title: "Final suboptimality against ε at each learner's calibrated budget",
  params: {
    ...epsilonSweepParams,
    runs: int({ min: 1, max: 100, default: 8, label: "runs (random instances)" }),
    seed: seed(),
  },
  runsParam: "runs",
  plot: { xLabel: "misspecification ε", yLabel: "max r − r(â)", xScale: "log", yScale: "linear" },
  validate: validateSweep,
  run(p, ctx) {
    const { x, values } = epsilonSweep(p, ctx, (sub) => sub);
    // The calibrated sizes of algorithms.ts, with the design support bounded by k so the curve is valid for every run.
    const nDense = (eps: number) => leastSquaresSamples(p.d, p.k, eps, p.delta, p.sigma, p.gamma);
    const nEnum = (eps: number) => leastSquaresSamples(p.s, p.k, eps, p.delta / 2, p.sigma, p.gamma);
    const bounds: BoundCurve[] = [
      {
        key: "barrier",
        label: "ε√d (dense barrier)",
        tex: "\\varepsilon\\sqrt d",
        cite: "Lattimore, Szepesvári & Weisz (ICML 2020)",
        kind: "reference",
        y: x.map((e) => e * Math.sqrt(p.d)),
      },
      {
        key: "sqrt-s",
        label: "ε√s (support enumeration's order)",
        tex: "\\varepsilon\\sqrt s",
        cite: "spec §1.3 (reconstruction)",
        kind: "reference",
        y: x.map((e) => e * Math.sqrt(p.s)),
      },
      {
        key: "dense-guarantee",
        label: "dense guarantee 4ε + 2ε√((1+γ)d(1+k/N)) [derived]",
        tex: "4\\varepsilon+2\\varepsilon\\sqrt{(1+\\gamma)d(1+k/N)}",
        cite: "derived from Lattimore, Szepesvári & Weisz (ICML 2020), Kiefer–Wolfowitz",
        kind: "upper",
        appliesTo: ["dense"],
        y: x.map((e) => leastSquaresGuarantee(e, p.d, p.gamma, p.k, nDense(e), e)),
      },
      {
        key: "enumeration-guarantee",
        label: "enumeration guarantee 6ε + 2ε√((1+γ)s(1+k/N)) [derived]",
        tex: "6\\varepsilon+2\\varepsilon\\sqrt{(1+\\gamma)s(1+k/N)}",
        cite: "derived for the reconstructed support enumeration (spec §1.3)",
        kind: "upper",
        appliesTo: ["enumeration"],
        y: x.map((e) => enumerationGuarantee(e, p.s, p.gamma, p.k, nEnum(e), e, e)),
      },
      {
        key: "net-guarantee",
        label: "6ε (ε-net guarantee) [derived]",
        tex: "6\\varepsilon",
        cite: "derived for the reconstructed ε-net learner (spec §1.3)",
        kind: "upper",
        appliesTo: ["net"],
        exponent: 1,
        y: x.map((e) => netGuarantee(e)),
      },
    ];
    return { x, series: seriesOf(values, ctx.runCount), bounds, runStart: ctx.runStart, backend: "cpu", notes: [] };
  },
});

export const successRate = experiment({
  id: "sparse-bandits/success",
  title: "Fraction of runs within each learner's guarantee (target 1 − δ)",
  params: {
    ...epsilonSweepParams,
    runs: int({ min: 10, max: 200, default: 50, label: "runs (random instances)" }),
    seed: seed(),
  },
  runsParam: "runs",
  plot: { xLabel: "misspecification ε", yLabel: "within guarantee (1) or not (0)", xScale: "log", yScale: "linear" },
  validate: validateSweep,
  run(p, ctx) {
    const { x, values } = epsilonSweep(p, ctx, (sub, g) => (sub <= g ? 1 : 0));
    const bounds: BoundCurve[] = [
      {
        key: "target",
        label: "1 − δ",
        tex: "1-\\delta",
        cite: "the learners' confidence level",
        kind: "reference",
        y: flat(x, 1 - p.delta),
      },
    ];
    return {
      x,
      series: seriesOf(values, ctx.runCount),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: ["The mean of each series over runs is the success rate; its binomial band is drawn in the notebook."],
    };
  },
});

// ---------------------------------------------------------------------------------------------
// (b) Queries needed against d, and (c) against s, on the sphere as action set (k = ∞)

const countParams = {
  eps: num({ min: 0.1, max: 0.5, default: 0.2, scale: "log", label: "misspecification $\\varepsilon$" }),
  sigma: num({ min: 0.01, max: 4, default: 1, scale: "log", label: "noise $\\sigma$" }),
  delta: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "confidence $\\delta$" }),
};

function countSeries(keys: readonly (typeof LEARNERS)[number][], values: Float64Array[]): SeriesChunk[] {
  return keys.map((l, i) => ({ key: l.key, label: l.label, values: values[i], runs: 1 }));
}

export const queriesVsDimension = experiment({
  id: "sparse-bandits/queries-vs-d",
  title: "Queries needed against the dimension d (sphere action set)",
  params: {
    s: int({ min: 1, max: 3, default: 2, label: "sparsity $s$" }),
    dMax: int({ min: 8, max: 64, default: 64, label: "largest dimension $d$" }),
    ...countParams,
  },
  plot: { xLabel: "dimension d", yLabel: "queries", xScale: "log", yScale: "log", fitFrom: 16 },
  validate: (p) => (p.dMax <= p.s + 1 ? `largest d must exceed s + 1 = ${p.s + 1}` : undefined),
  run(p, ctx) {
    const ds: number[] = [];
    for (let d = p.s + 1; d <= p.dMax; d++) ds.push(d);
    const x = Float64Array.from(ds);
    const values = LEARNERS.map(() => new Float64Array(x.length));
    for (let j = 0; j < x.length; j++) {
      const d = x[j];
      values[0][j] = sphereDenseQueries(d, p.eps, p.delta, p.sigma).queries;
      values[1][j] = sphereEnumerationQueries(d, p.s, p.eps, p.delta, p.sigma).queries;
      values[2][j] = sphereNetQueries(d, p.s, p.eps, p.delta, p.sigma).queries;
      ctx.progress(null, (j + 1) / x.length);
    }
    const dense = sphereDenseQueries(p.dMax, p.eps, p.delta, p.sigma);
    const bounds: BoundCurve[] = [
      {
        key: "sparse-shape",
        label: `(d/ε)^s, ${SHAPE}`,
        tex: "(d/\\varepsilon)^{s}",
        cite: `${DY}: Õ(ε^{-s}d^s) queries for an O(ε)-optimal action`,
        kind: "reference",
        exponent: p.s,
        y: x.map((d) => sparseUpperShape(d, p.s, p.eps)),
      },
      {
        key: "dense-wall",
        label: `exp(d), ${SHAPE}`,
        tex: "e^{d}",
        cite: "Du, Kakade, Wang & Yang (ICLR 2020): Ω(exp(d)) queries for O(ε) error without sparsity",
        kind: "reference",
        y: x.map(denseLowerShape),
      },
      {
        key: "lsw-shape",
        label: `poly(d/ε) drawn as (d/ε)², ${SHAPE}`,
        tex: "(d/\\varepsilon)^2",
        cite: "Lattimore, Szepesvári & Weisz (ICML 2020): poly(d/ε) queries for O(ε√d) error",
        kind: "reference",
        exponent: 2,
        y: x.map((d) => lswShape(d, p.eps)),
      },
    ];
    const chunk: RunChunk = {
      x,
      series: countSeries(LEARNERS, values),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [
        `Counts certify each learner's own error w.p. ≥ 1 − δ: ≤ 6ε for the ε-net, ≤ 6ε + 2ε√s for support enumeration, but only ≤ 4ε + 2ε√d for the dense learner (${dense.guarantee.toFixed(2)} at d = ${p.dMax}): no dense learner reaches O(ε) without exp(d) queries.`,
      ],
    };
    return chunk;
  },
});

export const queriesVsSparsity = experiment({
  id: "sparse-bandits/sparsity",
  title: "Queries needed against the sparsity s (sphere action set)",
  params: {
    d: int({ min: 6, max: 64, default: 20, label: "dimension $d$" }),
    sMax: int({ min: 2, max: 5, default: 4, label: "largest sparsity $s$" }),
    ...countParams,
  },
  plot: { xLabel: "sparsity s", yLabel: "queries", xScale: "linear", yScale: "log" },
  validate: (p) => (p.sMax >= p.d ? `largest s must be below d = ${p.d}` : undefined),
  run(p, ctx) {
    const x = Float64Array.from({ length: p.sMax }, (_, i) => i + 1);
    const values = LEARNERS.map(() => new Float64Array(x.length));
    for (let j = 0; j < x.length; j++) {
      const s = x[j];
      values[0][j] = sphereDenseQueries(p.d, p.eps, p.delta, p.sigma).queries;
      values[1][j] = sphereEnumerationQueries(p.d, s, p.eps, p.delta, p.sigma).queries;
      values[2][j] = sphereNetQueries(p.d, s, p.eps, p.delta, p.sigma).queries;
      ctx.progress(null, (j + 1) / x.length);
    }
    const bounds: BoundCurve[] = [
      {
        key: "sparse-shape",
        label: `(d/ε)^s, ${SHAPE}`,
        tex: "(d/\\varepsilon)^{s}",
        cite: `${DY}: Õ(ε^{-s}d^s) queries for O(ε) error`,
        kind: "reference",
        y: x.map((s) => sparseUpperShape(p.d, s, p.eps)),
      },
      {
        key: "sparsity-wall",
        label: `exp(s), ${SHAPE}`,
        tex: "e^{s}",
        cite: `${DY}: Ω(exp(s)) queries if the error must be O(s^δ ε), 0 < δ < 1`,
        kind: "reference",
        y: x.map(sparsityLowerShape),
      },
      {
        key: "good-features",
        label: `poly(s/ε) drawn as (s/ε)², ${SHAPE}`,
        tex: "(s/\\varepsilon)^2",
        cite: `${DY}: poly(s/ε) queries with good features, error O(s^δ ε), δ ≥ 1`,
        kind: "reference",
        y: x.map((s) => goodFeaturesShape(s, p.eps)),
      },
    ];
    return {
      x,
      series: countSeries(LEARNERS, values),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: ["The dense learner's count does not depend on s, but it only certifies error 4ε + 2ε√d."],
    };
  },
});

export const experiments = [
  suboptimalityVsQueries,
  queriesVsDimension,
  queriesVsSparsity,
  suboptimalityVsEpsilon,
  successRate,
];
