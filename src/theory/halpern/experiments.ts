/**
 * Experiments of the variance-reduced Halpern notebook (notebooks/halpern.md; spec
 * shared/specs/halpern.md). Four plots: residual against epochs with bound overlays, the bound
 * ratio Res_k/bound_k against iterations, the gain of Algorithm 1 over deterministic Halpern as n
 * grows, and the paper's Figure 1 at the paper's sizes and budgets.
 */
import { linearGrid, logGrid, logspace } from "../common/grid";
import { norm } from "../common/linalg";
import { type Bound, curve, curveOf } from "../kit/bound";
import { defineExperiment, type SeriesDecl, type SeriesResult } from "../kit/define";
import type { BoundCurve } from "../trace";
import * as B from "./bounds";
import {
  buildProblem,
  instanceRng,
  type MethodPlan,
  MethodRuns,
  type MethodSettings,
  planAll,
  planMethod,
} from "./methods";
import { initialDistance, isConstrained, leastSquares, type Problem } from "./problems";
import { FIGURE1, figure1Schema, gainSchema, ratioSchema, residualSchema } from "./schema";

/** One problem, the selected methods' plans and their checkpoints: what residual, ratio and figure1 share. */
interface MethodsSetup {
  problem: Problem;
  plans: MethodPlan[];
  notes: string[];
  xs: Float64Array;
  runs: MethodRuns;
}

/** The setup of a plot against epochs: the methods run to the calls of `xs` epochs. */
function atEpochs(problem: Problem, plans: MethodPlan[], notes: string[], xs: Float64Array): MethodsSetup {
  const calls = xs.map((e) => e * problem.op.n);
  return { problem, plans, notes, xs, runs: new MethodRuns(problem, calls, "calls") };
}

/** One series per plan; `after` rewrites a run's row once its divergence is marked (ratio normalisation). */
function methodSeries(s: MethodsSetup, after?: (plan: MethodPlan, row: Float64Array) => void) {
  return s.plans.map(
    (plan, i): SeriesDecl<MethodsSetup> => ({
      key: plan.key,
      label: plan.label,
      run(scope) {
        const { diverged } = s.runs.run(plan, scope, scope.row, scope.progress);
        if (diverged >= 0) scope.diverged(i, diverged);
        after?.(plan, scope.row);
      },
    }),
  );
}

const divergedNotes = (s: MethodsSetup, r: SeriesResult) =>
  s.plans.flatMap((plan, i) =>
    r.divergedAt[i] === undefined ? [] : [`${plan.label} diverged at epoch ${r.divergedAt[i]}.`],
  );

/** Why no bound is drawn against epochs, if none is. */
function noEpochBounds(problem: Problem): string | undefined {
  if (!Number.isFinite(initialDistance(problem)))
    return "No closed-form solution for this instance, so D = ‖u₀ − u*‖ is unknown: no bound overlays.";
  if (isConstrained(problem))
    return "Constrained problem: the residual is the natural residual; bounds are drawn for unconstrained problems only.";
  return undefined;
}

/**
 * Bound overlays at epochs (spec §1.3, §1.4, §2 "Bound overlays"): each method's bound at the
 * iterations it has completed within x epochs. Halpern pays one pass per iteration, EG and EAG two;
 * Algorithms 1 and 2 are placed at their expected calls.
 */
function epochBounds({ problem, plans, xs }: MethodsSetup): BoundCurve[] {
  if (noEpochBounds(problem)) return [];
  const D = initialDistance(problem);
  const { LF, coco, op } = problem;
  const n = op.n;
  const onePass = Math.floor;
  const twoPasses = (x: number) => Math.floor(x / 2);
  const alg1Iterations = (x: number) => B.iterationsWithin(x * n, (i) => B.alg1ExpectedCost(i, n));
  return plans.flatMap(({ key, steps, uncertified }) => {
    const at = <A>(b: Bound<A>, a: A, iterations: (x: number) => number) => {
      const y = xs.map((x) => b.at(iterations(x), a));
      return [curveOf(b, y, a, { appliesTo: [key] })];
    };
    const alg2Iterations = (x: number) => B.iterationsWithin(x * n, (i) => B.alg2ExpectedCost(i, n, steps.innerCoef));
    switch (key) {
      case "halpern":
        return uncertified || !coco ? [] : at(B.halpernRate, { L: coco.L, D }, onePass);
      case "halpern-resolvent":
        return at(B.resolventRate, { eta: steps.eta, D }, onePass);
      case "eag-c":
        return uncertified ? [] : at(B.eagCRate, { alpha: steps.alpha, L: LF, D }, twoPasses);
      case "eag-v":
        return uncertified ? [] : at(B.eagVRate, { L: LF, D }, twoPasses);
      case "eg":
        return at(B.egRate, { L: LF, D }, twoPasses);
      case "alg1":
        return coco ? at(B.alg1Shape, { eta: steps.eta, D }, alg1Iterations) : [];
      case "alg2":
        return at(B.alg2Shape, { eta: steps.eta, D }, alg2Iterations);
      default:
        return [];
    }
  });
}

export const residualVsEpochs = defineExperiment(residualSchema, {
  setup(p) {
    const problem = buildProblem(p);
    const notes = [problem.label];
    const plans = planAll(p.methods, problem, p, notes);
    const grid = p.grid === "log" ? logGrid(p.epochs, 80) : linearGrid(p.epochs, 80);
    return atEpochs(problem, plans, notes, Float64Array.from(grid));
  },
  x: (s) => s.xs,
  series: (s) => methodSeries(s),
  bounds: (s) => epochBounds(s),
  notes(s, _p, r) {
    const why = noEpochBounds(s.problem);
    return [...s.notes, ...divergedNotes(s, r), ...(why ? [why] : [])];
  },
});

/** The bound whose shape each method's ratio is normalised by: Res_k / shape_k (see the notebook). */
function ratioShape(plan: MethodPlan, problem: Problem, D: number): ((k: number) => number) | undefined {
  const rate = (L: number) => (k: number) => B.halpernRate.at(k, { L, D });
  switch (plan.key) {
    case "halpern":
      return problem.coco && rate(problem.coco.L);
    case "halpern-resolvent":
    case "alg2":
      return (k) => B.resolventRate.at(k, { eta: plan.steps.eta, D });
    case "eag-c":
    case "eag-v":
      return rate(problem.LF);
    case "alg1":
      return problem.coco && rate(problem.coco.Lexp);
    default:
      return undefined;
  }
}

export const boundRatio = defineExperiment(ratioSchema, {
  setup(p) {
    const problem = buildProblem(p);
    const notes = [problem.label];
    const D = initialDistance(problem);
    const shapes = new Map<MethodPlan, (k: number) => number>();
    for (const plan of planAll(p.methods, problem, p, notes)) {
      const shape = ratioShape(plan, problem, D);
      if (shape) shapes.set(plan, shape);
      else notes.push(`${plan.label} skipped: no bound shape on a non-cocoercive problem.`);
    }
    const grid = logGrid(p.K, 120);
    const runs = new MethodRuns(problem, grid, "iterations");
    return { problem, plans: [...shapes.keys()], notes, xs: Float64Array.from(grid), runs, shapes };
  },
  x: (s) => s.xs,
  series: (s) =>
    methodSeries(s, (plan, row) => {
      const shape = s.shapes.get(plan) as (k: number) => number;
      for (let j = 0; j < row.length; j++) row[j] /= shape(s.xs[j]);
    }),
  bounds({ plans, problem, xs }) {
    const keys = plans.map((q) => q.key);
    const lieder = keys.filter((k) => k === "halpern" || k === "halpern-resolvent");
    const eagC = plans.find((q) => q.key === "eag-c");
    const out: BoundCurve[] = [];
    if (lieder.length) out.push(curve(B.liederLine, xs, undefined, { appliesTo: lieder }));
    if (eagC && !eagC.uncertified)
      out.push(curve(B.eagCLine, xs, { a: eagC.steps.alpha * problem.LF }, { appliesTo: ["eag-c"] }));
    if (keys.includes("eag-v")) out.push(curve(B.eagVLine, xs, undefined, { appliesTo: ["eag-v"] }));
    return out;
  },
  notes: (s) => [
    ...s.notes,
    "Ratios: Halpern Res·(k+1)/(L D); resolvent and Alg. 2 Res·ηk/(2D); EAG Res·(k+1)/(L_F D); Alg. 1 Res·(k+1)/(L D) with L of assumption A2 (empirical: C unconfirmed).",
  ],
});

export const gainAgainstN = defineExperiment(gainSchema, {
  setup(p) {
    const ns = Array.from(new Set(Array.from(logspace(p.nMin, p.nMax, p.points), Math.round)));
    // Epoch checkpoints 4% apart: the epochs-to-target have 4% resolution.
    const epochGrid: number[] = [];
    for (let e = 1; e < p.maxEpochs; e = Math.max(e + 1, Math.round(e * 1.04))) epochGrid.push(e);
    epochGrid.push(p.maxEpochs);
    const settings: MethodSettings = { alg1Step: p.alg1Step, innerCoef: 0.05, forbC: 0.5, snapshot: "standard" };
    const points = ns.map((n) => {
      const problem = leastSquares(n, 10, p.conditioning === "ill" ? 0.01 : 1, instanceRng(p.seed));
      const F0 = new Float64Array(problem.op.dim);
      problem.op.apply(problem.u0, F0);
      const calls = epochGrid.map((e) => e * n);
      const runs = new MethodRuns(problem, calls, "calls", p.eps * norm(F0));
      const plans = [planMethod("halpern", problem, settings), planMethod("alg1", problem, settings)] as MethodPlan[];
      return { n, runs, plans, coco: problem.coco as { L: number; Lexp: number } };
    });
    return { xs: Float64Array.from(ns), epochGrid, points, scratch: new Float64Array(epochGrid.length), capped: 0 };
  },
  x: (s) => s.xs,
  series: (_s, p) =>
    p.show === "gain"
      ? [{ key: "gain", label: "epochs(Halpern, step 2/L_F) / epochs(Alg. 1)" }]
      : [
          { key: "halpern", label: "deterministic Halpern, step 2/L_F" },
          { key: "alg1", label: `Alg. 1, η = ${p.alg1Step}/L` },
        ],
  step(scope, s, p) {
    const m = s.points.length;
    s.points.forEach(({ runs, plans }, j) => {
      const [halpern, alg1] = plans.map((plan, w) => {
        const { reached } = runs.run(plan, scope, s.scratch, (f) => scope.progress((2 * j + w + f) / (2 * m)));
        if (reached >= 0) return s.epochGrid[reached];
        s.capped++;
        return Number.NaN;
      });
      if (p.show === "gain") scope.rows[0][j] = halpern / alg1;
      else [scope.rows[0][j], scope.rows[1][j]] = [halpern, alg1];
    });
  },
  bounds(s, p) {
    if (p.show !== "gain") return [];
    const at = s.points.map(({ n, coco }) => ({ n, g: { LF: coco.L, L: coco.Lexp / p.alg1Step } }));
    const y = Float64Array.from(at, ({ n, g }) => B.predictedGainLine.at(n, g));
    return [curveOf(B.predictedGainLine, y, at[0].g)];
  },
  notes(s, p) {
    const { n, coco } = s.points[s.points.length - 1];
    return [
      `n = ${n}: L_F = ${coco.L.toPrecision(3)}, L (A2) = ${coco.Lexp.toPrecision(3)}.`,
      ...(s.capped > 0
        ? [`${s.capped} run(s) did not reach ε within ${p.maxEpochs} epochs (left blank): raise the cap.`]
        : []),
      "Least squares H3 (d = 10); the n instances share their first rows (same seed).",
    ];
  },
});

export const figure1 = defineExperiment(figure1Schema, {
  setup(p) {
    const { n, epochs } = FIGURE1[p.panel];
    const problem = buildProblem({ problem: p.panel, n, conditioning: "well", seed: p.seed });
    const settings = { alg1Step: 1, innerCoef: 0.05, forbC: 5, snapshot: p.snapshot, paperConstants: true };
    const plans = planAll(p.methods, problem, settings, []);
    const xs = Float64Array.from(linearGrid(Math.round(epochs * p.budgetScale), 200));
    const notes = [
      problem.label,
      "Steps are the released scripts' (EG 5/‖A‖₂ or 0.5; EAG 5/‖A‖₂ or 0.3; VR-EG 3√p/‖A‖_F or 0.01; Alg. 1 5/‖A‖_F or 0.3; Alg. 2 η = √n/‖A‖_F or √n, γ with c = 5 or 10⁻³).",
    ];
    return atEpochs(problem, plans, notes, xs);
  },
  x: (s) => s.xs,
  series: (s) => methodSeries(s),
  notes: (s, _p, r) => [
    ...s.notes,
    ...divergedNotes(s, r),
    "Algorithm 1 is run on non-cocoercive problems here, as in the paper: its curve is empirical, not certified.",
  ],
});

export const experiments = [residualVsEpochs, boundRatio, gainAgainstN, figure1];
