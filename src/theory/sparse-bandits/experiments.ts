/**
 * Experiments for Dong & Yang, "Does Sparsity Help in Learning Misspecified Linear Bandits?" (ICML 2023),
 * on the spec's reconstructed learners (algorithms.ts) and the bounds derived for them (bounds.ts).
 */
import { logspace } from "../common/grid";
import { curve } from "../kit/bound";
import { defineExperiment, type ExperimentImpl, type RunScope } from "../kit/define";
import type { BoundCurve } from "../trace";
import {
  calibratedRun,
  denseLeastSquares,
  denseSamplesForBudget,
  enumerationSamplesForBudget,
  evaluateCandidates,
  prepareEnumeration,
  prepareEpsilon,
  supportEnumeration,
} from "./algorithms";
import * as B from "./bounds";
import { makeBaseInstance, suboptimality } from "./problems";
import { epsilonSchema, queriesVsDSchema, sparsitySchema, suboptimalitySchema, successSchema } from "./schema";

const LEARNERS = [
  { key: "dense", label: "dense least squares on a G-optimal design (LSW baseline)" },
  { key: "enumeration", label: "support enumeration + design [reconstruction]" },
  { key: "net", label: "ε-net over s-sparse parameters [reconstruction]" },
];

/** Stream 0 draws a run's instance (shared by every ε of a sweep); each learner at each point has its own noise. */
const noise = (scope: RunScope, point: number, learner: number) => scope.stream(1 + 3 * point + learner);

/** On a budget axis the ε-net's guarantee (it holds from its calibrated budget on) is a level, not a rate. */
const asLevel = ({ exponent: _, ...c }: BoundCurve): BoundCurve => ({ ...c, kind: "reference" });

// (a) Suboptimality against the query budget

export const suboptimalityVsQueries = defineExperiment(suboptimalitySchema, {
  setup: (p) => ({ budgets: logspace(100, p.budget, 18).map(Math.round), at: (): B.Point => p }),
  x: (s) => s.budgets,
  series: () => LEARNERS,
  step(scope, { budgets }, p) {
    const base = makeBaseInstance(p, scope.stream(0));
    const { inst, en, candidates } = prepareEpsilon(base, prepareEnumeration(base), p.eps);
    const [dense, enumeration, net] = scope.rows;
    const [rngDense, rngEnum, rngNet] = [0, 1, 2].map((l) => noise(scope, 0, l));
    budgets.forEach((q, j) => {
      const nDense = denseSamplesForBudget(inst, q);
      if (nDense >= 1) dense[j] = suboptimality(inst, denseLeastSquares(inst, nDense, rngDense).action);
      const nEnum = enumerationSamplesForBudget(en, q);
      if (nEnum >= 1) {
        const out = supportEnumeration(inst, en, nEnum, (c, used) => Math.floor((q - used) / c), rngEnum);
        enumeration[j] = suboptimality(inst, out.action);
      }
      const m = Math.floor(q / candidates.length);
      if (m >= 1) net[j] = suboptimality(inst, evaluateCandidates(inst, candidates, m, rngNet).action);
    });
  },
  bounds: ({ at }, _p, x) => [
    curve(B.epsLevel, x, at),
    curve(B.denseBarrier, x, at),
    asLevel(curve(B.netGuaranteeBound, x, at, { appliesTo: ["net"] })),
  ],
  notes: () => [
    "A missing point means the budget is below what the learner needs to run once (the dense design's support, one fit per support, or one sample per ε-net candidate).",
  ],
});

// (d) Final suboptimality against ε at calibrated budgets, and (e) success rate across runs

type SweepSchema = typeof epsilonSchema.params;
type SweepSetup = { eps: Float64Array; at: B.Sweep };

/** Every learner at its calibrated budget over the ε grid; `score` turns an outcome into the plotted value. */
function epsilonSweep(
  score: (subopt: number, guarantee: number) => number,
): Pick<ExperimentImpl<SweepSchema, SweepSetup>, "setup" | "x" | "series" | "step"> {
  return {
    setup: (p) => ({ eps: logspace(p.epsMin, p.epsMax, p.points), at: (eps) => ({ ...p, eps }) }),
    x: (s) => s.eps,
    series: () => LEARNERS,
    step(scope, { eps }, p) {
      const base = makeBaseInstance(p, scope.stream(0));
      const en = prepareEnumeration(base);
      eps.forEach((e, j) => {
        const out = calibratedRun(prepareEpsilon(base, en, e), p.delta, (l) => noise(scope, j, l));
        for (let l = 0; l < LEARNERS.length; l++) scope.rows[l][j] = score(out.subopt[l], out.guarantee[l]);
      });
    },
  };
}

export const suboptimalityVsEpsilon = defineExperiment(epsilonSchema, {
  ...epsilonSweep((subopt) => subopt),
  bounds: ({ at }, _p, x) => [
    curve(B.denseBarrier, x, at),
    curve(B.enumerationOrder, x, at),
    curve(B.denseGuaranteeBound, x, at, { appliesTo: ["dense"] }),
    curve(B.enumerationGuaranteeBound, x, at, { appliesTo: ["enumeration"] }),
    curve(B.netGuaranteeBound, x, at, { appliesTo: ["net"] }),
  ],
});

export const successRate = defineExperiment(successSchema, {
  ...epsilonSweep((subopt, guarantee) => (subopt <= guarantee ? 1 : 0)),
  bounds: ({ at }, _p, x) => [curve(B.confidenceTarget, x, at)],
  notes: () => ["The mean of each series over runs is the success rate; its binomial band is drawn in the notebook."],
});

// (b) Queries needed against d, and (c) against s, on the sphere as action set (k = ∞)

type SphereSetup = { x: Float64Array; at: B.Sweep<{ d: number; s: number; eps: number }> };

/** Each learner's certified query count at every (d, s) of the sweep: formulas, one "run". */
function sphereCounts({ rows }: RunScope, { x, at }: SphereSetup, p: { delta: number; sigma: number }) {
  x.forEach((v, j) => {
    const { d, s, eps } = at(v);
    rows[0][j] = B.sphereDenseQueries(d, eps, p.delta, p.sigma).queries;
    rows[1][j] = B.sphereEnumerationQueries(d, s, eps, p.delta, p.sigma).queries;
    rows[2][j] = B.sphereNetQueries(d, s, eps, p.delta, p.sigma).queries;
  });
}

/** What the two sphere sweeps share: all but their grid, bounds and note. */
const sphereSweep = { x: (s: SphereSetup) => s.x, series: () => LEARNERS, step: sphereCounts };

export const queriesVsDimension = defineExperiment(queriesVsDSchema, {
  setup: (p): SphereSetup => ({
    x: Float64Array.from({ length: p.dMax - p.s }, (_, i) => p.s + 1 + i),
    at: (d) => ({ d, s: p.s, eps: p.eps }),
  }),
  ...sphereSweep,
  // Against d the sparse shape (d/ε)^s is a power law of exponent s.
  bounds: ({ at }, p, x) => [
    { ...curve(B.sparseShape, x, at), exponent: p.s },
    curve(B.denseWall, x, at),
    curve(B.lswShape, x, at),
  ],
  notes(_s, p) {
    const dense = B.sphereDenseQueries(p.dMax, p.eps, p.delta, p.sigma);
    return [
      `Counts certify each learner's own error w.p. ≥ 1 − δ: ≤ 6ε for the ε-net, ≤ 6ε + 2ε√s for support enumeration, but only ≤ 4ε + 2ε√d for the dense learner (${dense.guarantee.toFixed(2)} at d = ${p.dMax}): no dense learner reaches O(ε) without exp(d) queries.`,
    ];
  },
});

export const queriesVsSparsity = defineExperiment(sparsitySchema, {
  setup: (p): SphereSetup => ({
    x: Float64Array.from({ length: p.sMax }, (_, i) => i + 1),
    at: (s) => ({ d: p.d, s, eps: p.eps }),
  }),
  ...sphereSweep,
  bounds: ({ at }, _p, x) => [
    curve(B.sparseShape, x, at),
    curve(B.sparsityWall, x, at),
    curve(B.goodFeaturesShape, x, at),
  ],
  notes: () => ["The dense learner's count does not depend on s, but it only certifies error 4ε + 2ε√d."],
});

export const experiments = [
  suboptimalityVsQueries,
  queriesVsDimension,
  queriesVsSparsity,
  suboptimalityVsEpsilon,
  successRate,
];
