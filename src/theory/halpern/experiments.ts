/**
 * Experiments of the variance-reduced Halpern notebook (notebooks/halpern.md; spec
 * shared/specs/halpern.md). Four plots: residual against epochs with bound overlays, the bound
 * ratio Res_k/bound_k against iterations, the gain of Algorithm 1 over deterministic Halpern as n
 * grows, and the paper's Figure 1 at the paper's sizes and budgets.
 */
import { linearGrid, logGrid, logspace } from "../common/grid";
import { experiment, type RunContext } from "../experiment";
import { choice, int, multi, num, seed } from "../params";
import type { BoundCurve, RunChunk, SeriesChunk } from "../trace";
import {
  alg1ExpectedCost,
  CITE,
  eagConstantBound,
  eagVaryingBound,
  egReference,
  halpernCocoerciveBound,
  halpernResolventBound,
  predictedGain,
} from "./bounds";
import {
  buildProblem,
  instanceRng,
  METHOD_KEYS,
  METHOD_LABELS,
  type MethodKey,
  type MethodPlan,
  type MethodSettings,
  PROBLEM_KEYS,
  PROBLEM_LABELS,
  planMethod,
  simulate,
} from "./methods";
import { initialDistance, isConstrained, leastSquares, type Problem } from "./problems";

const methodOptionLabels = METHOD_LABELS;

const sharedMethodParams = {
  alg1Step: num({
    min: 0.1,
    max: 10,
    default: 1,
    scale: "log",
    label: "Alg. 1 step η, × reference ($1/L$ on H1/H3, $5/\\|A\\|_F$ matrix game, $0.3$ QP)",
  }),
  innerCoef: num({
    min: 0.01,
    max: 0.5,
    default: 0.05,
    scale: "log",
    label: "Alg. 2 inner budget $M_k=\\lfloor c\\,n\\ln(k+2)\\rfloor$, $c$",
  }),
  forbC: num({
    min: 0.05,
    max: 10,
    default: 0.5,
    scale: "log",
    label: "VR-FoRB constant $c$ in $\\gamma=c\\sqrt{p(1-p)}/(1+\\eta L)$ (code: 5)",
  }),
  snapshot: choice({
    options: ["standard", "released-code"] as const,
    default: "standard",
    label: "VR-FoRB snapshot",
    optionLabels: { standard: "standard $w\\leftarrow v$", "released-code": "released code $w\\leftarrow u_k$" },
  }),
};

type SharedMethodValues = {
  alg1Step: number;
  innerCoef: number;
  forbC: number;
  snapshot: "standard" | "released-code";
};

function methodSettings(p: SharedMethodValues, paperConstants = false): MethodSettings {
  return { alg1Step: p.alg1Step, innerCoef: p.innerCoef, forbC: p.forbC, snapshot: p.snapshot, paperConstants };
}

/** Plans for the selected methods; unavailable ones become notes. */
function planAll(
  keys: readonly MethodKey[],
  problem: Problem,
  settings: MethodSettings,
  notes: string[],
): MethodPlan[] {
  const plans: MethodPlan[] = [];
  for (const key of METHOD_KEYS) {
    if (!keys.includes(key)) continue;
    const plan = planMethod(key, problem, settings);
    if (typeof plan === "string") notes.push(`${METHOD_LABELS[key]} skipped: ${plan}.`);
    else {
      plans.push(plan);
      if (plan.uncertified) notes.push(`${plan.label}: ${plan.uncertified}.`);
    }
  }
  return plans;
}

function progressOver(ctx: RunContext, total: number) {
  let done = 0;
  return {
    inner: (f: number) => ctx.progress(null, Math.min(1, (done + f) / total)),
    next: () => {
      done++;
      ctx.progress(null, Math.min(1, done / total));
    },
  };
}

function sizeCheck(problem: string, n: number): string | undefined {
  if ((problem === "matrix-game" || problem === "hard-qp") && n > 1000) {
    return `n = ${n}: the ${problem} instance is limited to n ≤ 1000 here (dense ${2 * n}-dimensional operator)`;
  }
  if (problem === "quadratic" && n > 1000) return "H1 stores a dense 20×20 matrix per component: use n ≤ 1000";
  if (problem === "bilinear" && n > 1000) return "H4 stores a dense 20×20 matrix per component: use n ≤ 1000";
  return undefined;
}

/** Bound overlays at epochs x for the selected methods (spec §1.3, §1.4, §2 "Bound overlays"). */
function epochBounds(problem: Problem, plans: MethodPlan[], xs: Float64Array, notes: string[]): BoundCurve[] {
  const D = initialDistance(problem);
  const bounds: BoundCurve[] = [];
  if (!Number.isFinite(D)) {
    notes.push("No closed-form solution for this instance, so D = ‖u₀ − u*‖ is unknown: no bound overlays.");
    return bounds;
  }
  if (isConstrained(problem)) {
    notes.push(
      "Constrained problem: the residual is the natural residual; bounds are drawn for unconstrained problems only.",
    );
    return bounds;
  }
  const n = problem.op.n;
  for (const plan of plans) {
    const pairs = (k: (x: number) => number, f: (k: number) => number) => xs.map((x) => f(k(x)));
    const twoPasses = (x: number) => Math.floor(x / 2);
    switch (plan.key) {
      case "halpern":
        if (plan.uncertified || !problem.coco) break;
        bounds.push({
          key: "halpern-bound",
          label: "L·D/(k+1)",
          tex: "\\frac{L\\,\\|u_0-u^\\star\\|}{k+1}",
          cite: CITE.lieder,
          kind: "upper",
          appliesTo: ["halpern"],
          exponent: -1,
          y: pairs(Math.floor, (k) => halpernCocoerciveBound(k, problem.coco?.L as number, D)),
        });
        break;
      case "halpern-resolvent":
        bounds.push({
          key: "resolvent-bound",
          label: "2D/(η k)",
          tex: "\\frac{2\\|u_0-u^\\star\\|}{\\eta\\,k}",
          cite: CITE.resolvent,
          kind: "upper",
          appliesTo: ["halpern-resolvent"],
          exponent: -1,
          y: pairs(Math.floor, (t) => (t >= 1 ? halpernResolventBound(t, plan.steps.eta, D) : Number.NaN)),
        });
        break;
      case "eag-c":
        if (plan.uncertified) break;
        bounds.push({
          key: "eag-c-bound",
          label: "2√(1+α²L²)·D/(α(k+1)) (= √260·LD/(k+1) at α = 1/(8L))",
          tex: "\\frac{2\\sqrt{1+\\alpha^2L^2}\\,\\|u_0-u^\\star\\|}{\\alpha(k+1)}",
          cite: CITE.eagC,
          kind: "upper",
          appliesTo: ["eag-c"],
          exponent: -1,
          y: pairs(twoPasses, (k) => eagConstantBound(k, plan.steps.alpha, problem.LF, D)),
        });
        break;
      case "eag-v":
        if (plan.uncertified) break;
        bounds.push({
          key: "eag-v-bound",
          label: "√27·L·D/√((k+1)(k+2))",
          tex: "\\frac{\\sqrt{27}\\,L\\|u_0-u^\\star\\|}{\\sqrt{(k+1)(k+2)}}",
          cite: CITE.eagV,
          kind: "upper",
          appliesTo: ["eag-v"],
          exponent: -1,
          y: pairs(twoPasses, (k) => eagVaryingBound(k, problem.LF, D)),
        });
        break;
      case "eg":
        bounds.push({
          key: "eg-reference",
          label: "EG reference L·D/√(k+1) (slope −1/2; constant not certified)",
          tex: "\\frac{L\\|u_0-u^\\star\\|}{\\sqrt{k+1}}",
          cite: CITE.eg,
          kind: "reference",
          appliesTo: ["eg"],
          exponent: -0.5,
          y: pairs(twoPasses, (k) => egReference(k, problem.LF, D)),
        });
        break;
      case "alg1": {
        if (!problem.coco) break;
        const L = 1 / plan.steps.eta; // the rate constant of step η (η = 1/L at the reference step)
        // Place C·LD/(K+1) at the expected calls N_K = Σ_{i<K} c_i (spec §1.4), C = 1.
        let K = 0;
        let N = 0;
        const y = xs.map((x) => {
          while (N + alg1ExpectedCost(K, n) <= x * n) N += alg1ExpectedCost(K++, n);
          return K >= 1 ? (L * D) / (K + 1) : Number.NaN;
        });
        bounds.push({
          key: "alg1-shape",
          label: "Alg. 1 shape D/(η(k+1)) at expected calls N_k (C = 1; the paper's C is unconfirmed)",
          tex: "C\\,\\frac{\\|u_0-u^\\star\\|}{\\eta (k+1)}\\ \\text{at}\\ N_k,\\ C=1",
          cite: CITE.alg1,
          kind: "reference",
          appliesTo: ["alg1"],
          exponent: -1,
          y,
        });
        break;
      }
      case "alg2": {
        // Expected calls of outer step k: n (B(u_k)) + 2M_k (inner steps) + M_k (snapshots, p = 1/n).
        const coef = plan.steps.eta;
        let K = 0;
        let N = 0;
        const innerCoef = plan.steps.innerCoef;
        const cost = (k: number) => n + 3 * Math.floor(innerCoef * n * Math.log(k + 2));
        const y = xs.map((x) => {
          while (N + cost(K) <= x * n) N += cost(K++);
          return K >= 1 ? (2 * D) / (coef * K) : Number.NaN;
        });
        bounds.push({
          key: "alg2-shape",
          label: "Alg. 2 shape 2D/(ηk) at expected calls (C = 1; unconfirmed)",
          tex: "C\\,\\frac{2\\|u_0-u^\\star\\|}{\\eta k}\\ \\text{at expected calls},\\ C=1",
          cite: CITE.alg2,
          kind: "reference",
          appliesTo: ["alg2"],
          exponent: -1,
          y,
        });
        break;
      }
    }
  }
  return bounds;
}

export const residualVsEpochs = experiment({
  id: "halpern/residual",
  title: "Operator residual against epochs",
  params: {
    problem: choice({ options: PROBLEM_KEYS, default: "lsq", label: "problem", optionLabels: PROBLEM_LABELS }),
    methods: multi({
      options: METHOD_KEYS,
      default: ["halpern", "eg", "eag-c", "alg1", "alg2"],
      label: "methods",
      optionLabels: methodOptionLabels,
    }),
    n: int({ min: 10, max: 2500, default: 200, scale: "log", label: "components $n$ (matrix size for the games/QP)" }),
    epochs: int({ min: 5, max: 20000, default: 150, scale: "log", label: "budget (epochs = calls / $n$)" }),
    conditioning: choice({ options: ["well", "ill"] as const, default: "well", label: "conditioning (H1, H3, H4)" }),
    ...sharedMethodParams,
    grid: choice({ options: ["log", "linear"] as const, default: "log", label: "checkpoint spacing" }),
    seeds: int({ min: 1, max: 64, default: 10, label: "seeds" }),
    seed: seed(),
  },
  runsParam: "seeds",
  plot: {
    xLabel: "epochs (component calls / n)",
    yLabel: "residual ‖F(u)‖ (natural residual on simplices)",
    xScale: "log",
    yScale: "log",
    theoryExponent: -1,
  },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    const size = sizeCheck(p.problem, p.n);
    if (size) return size;
    if (p.methods.includes("halpern-resolvent") && (p.problem === "rps" || p.problem === "matrix-game")) {
      return "the exact-resolvent Halpern method is available on unconstrained problems only (not on simplices)";
    }
    if (p.methods.includes("halpern-resolvent") && p.problem === "hard-qp" && p.n > 400) {
      return "the exact resolvent of the QP is a dense solve: use n ≤ 400 with it";
    }
    return undefined;
  },
  run(p, ctx) {
    const problem = buildProblem({ problem: p.problem, n: p.n, conditioning: p.conditioning, seed: p.seed });
    const notes: string[] = [problem.label];
    const plans = planAll(p.methods, problem, methodSettings(p), notes);
    const grid = p.grid === "log" ? logGrid(p.epochs, 80) : linearGrid(p.epochs, 80);
    const xs = Float64Array.from(grid);
    const calls = xs.map((e) => e * problem.op.n);
    const prog = progressOver(ctx, plans.length);
    const series: SeriesChunk[] = plans.map((plan) => {
      const s = simulate(problem, plan, calls, "calls", {
        seed: p.seed,
        runStart: ctx.runStart,
        runCount: ctx.runCount,
        xOf: (i) => xs[i],
        onProgress: prog.inner,
      });
      prog.next();
      if (s.divergedAt !== undefined) notes.push(`${plan.label} diverged at epoch ${s.divergedAt}.`);
      return { key: plan.key, label: plan.label, values: s.values, runs: ctx.runCount, divergedAt: s.divergedAt };
    });
    const bounds = epochBounds(problem, plans, xs, notes);
    return { x: xs, series, bounds, runStart: ctx.runStart, backend: "cpu", notes };
  },
});

/** The constant each method's ratio is normalised by: Res_k / shape_k (see the notebook). */
function ratioShape(plan: MethodPlan, problem: Problem, D: number): ((k: number) => number) | undefined {
  switch (plan.key) {
    case "halpern":
      return problem.coco ? (k) => halpernCocoerciveBound(k, problem.coco?.L as number, D) : undefined;
    case "halpern-resolvent":
      return (k) => halpernResolventBound(k, plan.steps.eta, D);
    case "eag-c":
    case "eag-v":
      return (k) => (problem.LF * D) / (k + 1);
    case "alg1":
      return problem.coco ? (k) => ((problem.coco?.Lexp as number) * D) / (k + 1) : undefined;
    case "alg2":
      return (k) => halpernResolventBound(k, plan.steps.eta, D);
    default:
      return undefined;
  }
}

export const boundRatio = experiment({
  id: "halpern/ratio",
  title: "Residual over its bound, Res_k / bound_k, against iterations",
  params: {
    problem: choice({
      options: ["quadratic", "lsq", "bilinear"] as const,
      default: "quadratic",
      label: "problem",
      optionLabels: { quadratic: PROBLEM_LABELS.quadratic, lsq: PROBLEM_LABELS.lsq, bilinear: PROBLEM_LABELS.bilinear },
    }),
    methods: multi({
      options: ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1", "alg2"] as const,
      default: ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1"],
      label: "methods",
      optionLabels: methodOptionLabels,
    }),
    n: int({ min: 10, max: 1000, default: 50, scale: "log", label: "components $n$" }),
    K: int({ min: 10, max: 100000, default: 600, scale: "log", label: "iterations $K$" }),
    conditioning: choice({ options: ["well", "ill"] as const, default: "well", label: "conditioning" }),
    ...sharedMethodParams,
    seeds: int({ min: 1, max: 64, default: 10, label: "seeds" }),
    seed: seed(),
  },
  runsParam: "seeds",
  plot: { xLabel: "iteration k", yLabel: "Res_k / bound_k", xScale: "log", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    if (p.problem === "bilinear" && p.methods.every((m) => m === "halpern" || m === "alg1")) {
      return "the bilinear game is not cocoercive: Halpern's cocoercive form and Alg. 1 have no bound there; add a resolvent, EAG or Alg. 2 curve";
    }
    return undefined;
  },
  run(p, ctx) {
    const problem = buildProblem({ problem: p.problem, n: p.n, conditioning: p.conditioning, seed: p.seed });
    const notes: string[] = [problem.label];
    const D = initialDistance(problem);
    const plans = planAll(p.methods, problem, methodSettings(p), notes).filter((plan) => {
      if (ratioShape(plan, problem, D)) return true;
      notes.push(`${plan.label} skipped: no bound shape on a non-cocoercive problem.`);
      return false;
    });
    const grid = logGrid(p.K, 120);
    const xs = Float64Array.from(grid);
    const prog = progressOver(ctx, plans.length);
    const series: SeriesChunk[] = plans.map((plan) => {
      const s = simulate(problem, plan, grid, "iterations", {
        seed: p.seed,
        runStart: ctx.runStart,
        runCount: ctx.runCount,
        xOf: (i) => xs[i],
        onProgress: prog.inner,
      });
      prog.next();
      const shape = ratioShape(plan, problem, D) as (k: number) => number;
      const m = xs.length;
      for (let j = 0; j < s.values.length; j++) s.values[j] /= shape(xs[j % m]);
      return { key: plan.key, label: plan.label, values: s.values, runs: ctx.runCount, divergedAt: s.divergedAt };
    });
    const keys = plans.map((q) => q.key);
    const bounds: BoundCurve[] = [];
    const ones = xs.map(() => 1);
    const lieder = keys.filter((k) => k === "halpern" || k === "halpern-resolvent");
    if (lieder.length) {
      bounds.push({
        key: "lieder",
        label: "1 (Lieder's tight Halpern bound)",
        tex: "1",
        cite: CITE.lieder,
        kind: "upper",
        appliesTo: lieder,
        y: ones,
      });
    }
    const eagC = plans.find((q) => q.key === "eag-c");
    if (eagC && !eagC.uncertified) {
      const a = eagC.steps.alpha * problem.LF;
      bounds.push({
        key: "eag-c",
        label: "EAG-C: 2√(1+α²L²)/(αL) = √260 at α = 1/(8L)",
        tex: "\\tfrac{2\\sqrt{1+\\alpha^2L^2}}{\\alpha L}",
        cite: CITE.eagC,
        kind: "upper",
        appliesTo: ["eag-c"],
        y: xs.map(() => (2 * Math.sqrt(1 + a * a)) / a),
      });
    }
    if (keys.includes("eag-v")) {
      bounds.push({
        key: "eag-v",
        label: "EAG-V: √27·(k+1)/√((k+1)(k+2))",
        tex: "\\sqrt{27}\\,\\tfrac{k+1}{\\sqrt{(k+1)(k+2)}}",
        cite: CITE.eagV,
        kind: "upper",
        appliesTo: ["eag-v"],
        y: xs.map((k) => eagVaryingBound(k, 1, 1) * (k + 1)),
      });
    }
    notes.push(
      "Ratios: Halpern Res·(k+1)/(L D); resolvent and Alg. 2 Res·ηk/(2D); EAG Res·(k+1)/(L_F D); Alg. 1 Res·(k+1)/(L D) with L of assumption A2 (empirical: C unconfirmed).",
    );
    return { x: xs, series, bounds, runStart: ctx.runStart, backend: "cpu", notes };
  },
});

export const gainAgainstN = experiment({
  id: "halpern/gain",
  title: "Gain of Algorithm 1 over deterministic Halpern as n grows (least squares)",
  params: {
    nMin: int({ min: 10, max: 5000, default: 40, scale: "log", label: "smallest $n$" }),
    nMax: int({ min: 20, max: 20000, default: 640, scale: "log", label: "largest $n$" }),
    points: int({ min: 2, max: 12, default: 5, label: "values of $n$" }),
    eps: num({
      min: 1e-6,
      max: 0.5,
      default: 0.01,
      scale: "log",
      label: "target $\\varepsilon$ (relative: Res ≤ ε·Res($u_0$))",
    }),
    alg1Step: num({ min: 0.1, max: 10, default: 2, scale: "log", label: "Alg. 1 step $\\eta$, × $1/L$" }),
    conditioning: choice({ options: ["well", "ill"] as const, default: "well", label: "conditioning" }),
    maxEpochs: int({ min: 10, max: 100000, default: 5000, scale: "log", label: "epoch cap" }),
    show: choice({
      options: ["gain", "epochs"] as const,
      default: "gain",
      label: "plot",
      optionLabels: { gain: "gain = epochs(Halpern)/epochs(Alg. 1)", epochs: "epochs of each method" },
    }),
    seeds: int({ min: 1, max: 64, default: 10, label: "seeds" }),
    seed: seed(),
  },
  runsParam: "seeds",
  plot: { xLabel: "n (components)", yLabel: "gain in epochs to ε", xScale: "log", yScale: "log", theoryExponent: 0.5 },
  validate(p) {
    if (p.nMin >= p.nMax) return "the smallest n must be below the largest";
    return undefined;
  },
  run(p, ctx) {
    const ns = Array.from(new Set(Array.from(logspace(p.nMin, p.nMax, p.points), Math.round)));
    const xs = Float64Array.from(ns);
    const m = xs.length;
    const halp = new Float64Array(ctx.runCount * m).fill(Number.NaN);
    const alg1 = new Float64Array(ctx.runCount * m).fill(Number.NaN);
    const reference = new Float64Array(m);
    const notes: string[] = [];
    const ill = p.conditioning === "ill";
    // Epoch checkpoints 4% apart: the epochs-to-target have 4% resolution.
    const epochGrid: number[] = [];
    for (let e = 1; e < p.maxEpochs; e = Math.max(e + 1, Math.round(e * 1.04))) epochGrid.push(e);
    epochGrid.push(p.maxEpochs);
    const settings: MethodSettings = { alg1Step: p.alg1Step, innerCoef: 0.05, forbC: 0.5, snapshot: "standard" };
    const prog = progressOver(ctx, 2 * m);
    let capped = 0;
    for (let j = 0; j < m; j++) {
      const n = ns[j];
      const problem = leastSquares(n, 10, ill ? 0.01 : 1, instanceRng(p.seed));
      const calls = epochGrid.map((e) => e * n);
      const target =
        p.eps *
        (() => {
          const r = new Float64Array(problem.op.dim);
          problem.op.apply(problem.u0, r);
          let s = 0;
          for (const v of r) s += v * v;
          return Math.sqrt(s);
        })();
      const epochsTo = (plan: MethodPlan, out: Float64Array) => {
        const s = simulate(problem, plan, calls, "calls", {
          seed: p.seed,
          runStart: ctx.runStart,
          runCount: ctx.runCount,
          xOf: (i) => epochGrid[i],
          stopBelow: target,
          onProgress: prog.inner,
        });
        prog.next();
        for (let r = 0; r < ctx.runCount; r++) {
          if (s.reached[r] >= 0) out[r * m + j] = epochGrid[s.reached[r]];
          else capped++;
        }
      };
      epochsTo(planMethod("halpern", problem, settings) as MethodPlan, halp);
      epochsTo(planMethod("alg1", problem, settings) as MethodPlan, alg1);
      const coco = problem.coco as { L: number; Lexp: number };
      reference[j] = predictedGain(n, coco.L, coco.Lexp / p.alg1Step);
      if (j === m - 1) notes.push(`n = ${n}: L_F = ${coco.L.toPrecision(3)}, L (A2) = ${coco.Lexp.toPrecision(3)}.`);
    }
    if (capped > 0)
      notes.push(`${capped} run(s) did not reach ε within ${p.maxEpochs} epochs (left blank): raise the cap.`);
    let series: SeriesChunk[];
    const bounds: BoundCurve[] = [];
    if (p.show === "gain") {
      const gain = new Float64Array(ctx.runCount * m);
      for (let k = 0; k < gain.length; k++) gain[k] = halp[k] / alg1[k];
      series = [
        { key: "gain", label: "epochs(Halpern, step 2/L_F) / epochs(Alg. 1)", values: gain, runs: ctx.runCount },
      ];
      bounds.push({
        key: "predicted",
        label: "predicted factor (n / c_late)·L_F/L ≈ √n·L_F/(6L)",
        tex: "\\frac{n}{c_{\\text{late}}}\\cdot\\frac{L_F}{L}\\approx\\frac{\\sqrt n\\,L_F}{6L}",
        cite: CITE.gain,
        kind: "reference",
        exponent: 0.5,
        y: reference,
      });
    } else {
      series = [
        { key: "halpern", label: "deterministic Halpern, step 2/L_F", values: halp, runs: ctx.runCount },
        { key: "alg1", label: `Alg. 1, η = ${p.alg1Step}/L`, values: alg1, runs: ctx.runCount },
      ];
    }
    notes.push("Least squares H3 (d = 10); the n instances share their first rows (same seed).");
    return { x: xs, series, bounds, runStart: ctx.runStart, backend: "cpu", notes };
  },
});

/** The released scripts' budgets (spec §1.7): epochs, and n. */
export const FIGURE1 = {
  "matrix-game": { n: 500, epochs: 5000 },
  "hard-qp": { n: 200, epochs: 1_000_000 },
} as const;

export const figure1 = experiment({
  id: "halpern/figure1",
  title: "Reproduce Figure 1: the paper's two experiments (long)",
  params: {
    panel: choice({
      options: ["matrix-game", "hard-qp"] as const,
      default: "matrix-game",
      label: "panel",
      optionLabels: { "matrix-game": "(a) policeman–burglar, n = 500", "hard-qp": "(b) hard QP, n = 200" },
    }),
    methods: multi({
      options: ["eg", "vr-eg", "eag-c", "alg1", "alg2"] as const,
      default: ["eg", "vr-eg", "eag-c", "alg1", "alg2"],
      label: "methods",
      optionLabels: methodOptionLabels,
    }),
    budgetScale: num({
      min: 1e-4,
      max: 1,
      default: 1,
      scale: "log",
      label: "fraction of the paper's budget (5000 epochs (a), 10⁶ epochs (b))",
    }),
    snapshot: choice({
      options: ["released-code", "standard"] as const,
      default: "released-code",
      label: "VR-FoRB snapshot (the paper ran the released code's)",
      optionLabels: { standard: "standard $w\\leftarrow v$", "released-code": "released code $w\\leftarrow u_k$" },
    }),
    seeds: int({ min: 1, max: 64, default: 1, label: "seeds (the paper shows one run)" }),
    seed: seed(),
  },
  runsParam: "seeds",
  plot: { xLabel: "epochs", yLabel: "operator norm (natural residual on simplices)", xScale: "linear", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    const epochs = Math.round(FIGURE1[p.panel].epochs * p.budgetScale);
    if (epochs < 10) return `budget of ${epochs} epochs is too small to show anything: raise the fraction`;
    return undefined;
  },
  run(p, ctx) {
    const { n, epochs: fullEpochs } = FIGURE1[p.panel];
    const epochs = Math.round(fullEpochs * p.budgetScale);
    const problem = buildProblem({ problem: p.panel, n, conditioning: "well", seed: p.seed });
    const notes: string[] = [
      problem.label,
      "Steps are the released scripts' (EG 5/‖A‖₂ or 0.5; EAG 5/‖A‖₂ or 0.3; VR-EG 3√p/‖A‖_F or 0.01; Alg. 1 5/‖A‖_F or 0.3; Alg. 2 η = √n/‖A‖_F or √n, γ with c = 5 or 10⁻³).",
    ];
    const settings: MethodSettings = {
      alg1Step: 1,
      innerCoef: 0.05,
      forbC: 5,
      snapshot: p.snapshot,
      paperConstants: true,
    };
    const plans = planAll(p.methods, problem, settings, []);
    const grid = linearGrid(epochs, 200);
    const xs = Float64Array.from(grid);
    const calls = xs.map((e) => e * n);
    const prog = progressOver(ctx, plans.length);
    const series: SeriesChunk[] = plans.map((plan) => {
      const s = simulate(problem, plan, calls, "calls", {
        seed: p.seed,
        runStart: ctx.runStart,
        runCount: ctx.runCount,
        xOf: (i) => xs[i],
        onProgress: prog.inner,
      });
      prog.next();
      if (s.divergedAt !== undefined) notes.push(`${plan.label} diverged at epoch ${s.divergedAt}.`);
      return { key: plan.key, label: plan.label, values: s.values, runs: ctx.runCount, divergedAt: s.divergedAt };
    });
    notes.push(
      "Algorithm 1 is run on non-cocoercive problems here, as in the paper: its curve is empirical, not certified.",
    );
    const chunk: RunChunk = { x: xs, series, bounds: [], runStart: ctx.runStart, backend: "cpu", notes };
    return chunk;
  },
});

export const experiments = [residualVsEpochs, boundRatio, gainAgainstN, figure1];
