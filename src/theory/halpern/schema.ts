/** What the page needs of the Halpern notebook's experiments: their declarations (no algorithm code). */
import { declareExperiment } from "../experiment";
import { choice, int, multi, num, seed } from "../params";
import { FIGURE1, METHOD_KEYS, METHOD_LABELS, type MethodKey, PROBLEM_KEYS, PROBLEM_LABELS } from "./options";

const runs = (d: number, label = "runs") => int({ min: 1, max: 64, default: d, label, aliases: ["seeds"] });
const conditioning = (label = "conditioning") => choice({ options: ["well", "ill"] as const, default: "well", label });
const methods = <const T extends MethodKey>(options: readonly T[], selected: readonly T[]) =>
  multi({ options, default: selected, label: "methods", optionLabels: METHOD_LABELS });
const snapshotLabels = { standard: "standard $w\\leftarrow v$", "released-code": "released code $w\\leftarrow u_k$" };

const methodParams = {
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
    optionLabels: snapshotLabels,
  }),
};

function sizeCheck(problem: string, n: number): string | undefined {
  if ((problem === "matrix-game" || problem === "hard-qp") && n > 1000) {
    return `n = ${n}: the ${problem} instance is limited to n ≤ 1000 here (dense ${2 * n}-dimensional operator)`;
  }
  if (problem === "quadratic" && n > 1000) return "H1 stores a dense 20×20 matrix per component: use n ≤ 1000";
  if (problem === "bilinear" && n > 1000) return "H4 stores a dense 20×20 matrix per component: use n ≤ 1000";
  return undefined;
}

export const residualSchema = declareExperiment({
  id: "halpern/residual",
  title: "Operator residual against epochs",
  params: {
    problem: choice({ options: PROBLEM_KEYS, default: "lsq", label: "problem", optionLabels: PROBLEM_LABELS }),
    methods: methods(METHOD_KEYS, ["halpern", "eg", "eag-c", "alg1", "alg2"]),
    n: int({ min: 10, max: 2500, default: 200, scale: "log", label: "components $n$ (matrix size for the games/QP)" }),
    epochs: int({ min: 5, max: 20000, default: 150, scale: "log", label: "budget (epochs = calls / $n$)" }),
    conditioning: conditioning("conditioning (H1, H3, H4)"),
    ...methodParams,
    grid: choice({ options: ["log", "linear"] as const, default: "log", label: "checkpoint spacing" }),
    runs: runs(10),
    seed: seed(),
  },
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
});

export const ratioSchema = declareExperiment({
  id: "halpern/ratio",
  title: "Residual over its bound, Res_k / bound_k, against iterations",
  params: {
    problem: choice({
      options: ["quadratic", "lsq", "bilinear"] as const,
      default: "quadratic",
      label: "problem",
      optionLabels: { quadratic: PROBLEM_LABELS.quadratic, lsq: PROBLEM_LABELS.lsq, bilinear: PROBLEM_LABELS.bilinear },
    }),
    methods: methods(
      ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1", "alg2"],
      ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1"],
    ),
    n: int({ min: 10, max: 1000, default: 50, scale: "log", label: "components $n$" }),
    K: int({ min: 10, max: 100000, default: 600, scale: "log", label: "iterations $K$" }),
    conditioning: conditioning(),
    ...methodParams,
    runs: runs(10),
    seed: seed(),
  },
  plot: { xLabel: "iteration k", yLabel: "Res_k / bound_k", xScale: "log", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    if (p.problem === "bilinear" && p.methods.every((m) => m === "halpern" || m === "alg1")) {
      return "the bilinear game is not cocoercive: Halpern's cocoercive form and Alg. 1 have no bound there; add a resolvent, EAG or Alg. 2 curve";
    }
    return undefined;
  },
});

export const gainSchema = declareExperiment({
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
    conditioning: conditioning(),
    maxEpochs: int({ min: 10, max: 100000, default: 5000, scale: "log", label: "epoch cap" }),
    show: choice({
      options: ["gain", "epochs"] as const,
      default: "gain",
      label: "plot",
      optionLabels: { gain: "gain = epochs(Halpern)/epochs(Alg. 1)", epochs: "epochs of each method" },
    }),
    runs: runs(10),
    seed: seed(),
  },
  plot: { xLabel: "n (components)", yLabel: "gain in epochs to ε", xScale: "log", yScale: "log", theoryExponent: 0.5 },
  validate: (p) => (p.nMin >= p.nMax ? "the smallest n must be below the largest" : undefined),
});

export const figure1Schema = declareExperiment({
  id: "halpern/figure1",
  title: "Reproduce Figure 1: the paper's two experiments (long)",
  params: {
    panel: choice({
      options: ["matrix-game", "hard-qp"] as const,
      default: "matrix-game",
      label: "panel",
      optionLabels: { "matrix-game": "(a) policeman–burglar, n = 500", "hard-qp": "(b) hard QP, n = 200" },
    }),
    methods: methods(["eg", "vr-eg", "eag-c", "alg1", "alg2"], ["eg", "vr-eg", "eag-c", "alg1", "alg2"]),
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
      optionLabels: snapshotLabels,
    }),
    runs: runs(1, "runs (the paper shows one)"),
    seed: seed(),
  },
  plot: { xLabel: "epochs", yLabel: "operator norm (natural residual on simplices)", xScale: "linear", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    const epochs = Math.round(FIGURE1[p.panel].epochs * p.budgetScale);
    if (epochs < 10) return `budget of ${epochs} epochs is too small to show anything: raise the fraction`;
    return undefined;
  },
});

export const schemas = [residualSchema, ratioSchema, gainSchema, figure1Schema];
