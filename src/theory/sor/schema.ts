/** What the page needs of the SOR experiments: their declarations (no algorithm code). */
import { declareExperiment } from "../experiment";
import { backend, bool, choice, int, multi, num, type ParamValues, seed } from "../params";
import {
  FIXED_OPTIONS,
  HEAT_LABELS,
  HEAT_METHODS,
  LEARNERS,
  METHOD_LABELS,
  METHODS,
  ORDERING_LABELS,
  ORDERINGS,
} from "./options";

const side = (max: number, label = "grid side $m$") => int({ min: 4, max, default: 10, label });
const shift = (label = "diagonal shift $c$") => num({ min: -0.15, max: 0.45, default: 0, step: 0.01, label });
const instances = (T: number) => int({ min: 20, max: 5000, default: T, scale: "log", label: "instances $T$" });
const runs = (max: number, defaultRuns: number, label = "runs") =>
  int({ min: 1, max, default: defaultRuns, label, aliases: ["trials"] });
const learners = () =>
  multi({ options: LEARNERS, default: [...LEARNERS], label: "learners", optionLabels: METHOD_LABELS });
const ordering = () =>
  choice({ options: ORDERINGS, default: "natural", label: "SOR ordering", optionLabels: ORDERING_LABELS });
const variance = () =>
  choice({
    options: ["low", "high"] as const,
    default: "low",
    label: "shift distribution $c_t = -0.15 + 0.6X$",
    optionLabels: { low: "low variance, X ~ Beta(2, 6)", high: "high variance, X ~ Beta(½, 3/2)" },
  });
const tauLabel = "near-asymptotic constant $\\tau$ (0.181: m = 10, b = 1)";
const tau = () => num({ min: 0.01, max: 0.99, default: 0.181, step: 0.001, label: tauLabel });
const omegaPlot = { xLabel: "relaxation ω", xScale: "linear", yScale: "linear" } as const;
const instancePlot = { xLabel: "instance t", xScale: "linear", yScale: "linear" } as const;
const logLog = { xScale: "log", yScale: "log" } as const;

/** (a) [P] Fig. 1 left: SOR count against ω for one instance (WebGPU: workers/gpu/sor-cost.ts). */
export const costVsOmegaSchema = declareExperiment({
  id: "sor/cost-vs-omega",
  title: "SOR iterations against ω for one instance",
  params: {
    m: int({
      min: 4,
      max: 1024,
      default: 10,
      label: "grid side $m$ ($n = m^2$)",
      help: "Above m ≈ 64 start the ω grid at 1.5 or later (at ω = 1 the count grows like m²) and try the WebGPU backend.",
    }),
    c: shift("diagonal shift $c$ ($A + cI$)"),
    rhs: choice({
      options: ["gaussian", "ones", "centre"] as const,
      default: "gaussian",
      label: "right-hand side $b$",
      optionLabels: { gaussian: "truncated Gaussian (‖b‖ ≤ √n)", ones: "all ones", centre: "point load at the centre" },
    }),
    ordering: ordering(),
    omegaFrom: num({ min: 1, max: 1.95, default: 1, step: 0.01, label: "ω grid from" }),
    tau: tau(),
    eps: num({ min: 1e-12, max: 1e-3, default: 1e-8, scale: "log", label: "relative tolerance $\\varepsilon$" }),
    cap: int({ min: 100, max: 100000, default: 10000, scale: "log", label: "iteration cap" }),
    backend: backend({
      auto: "auto (WebGPU on a hardware adapter from m = 64)",
      webgpu: "WebGPU (red-black only, mixed precision)",
    }),
    seed: seed(),
  },
  plot: { ...omegaPlot, yLabel: "SOR iterations to ‖r‖ < ε‖b‖", yScale: "log" },
  gpu: "sor-cost",
});

export type CostVsOmegaParams = ParamValues<typeof costVsOmegaSchema.params>;

/** Young's curve ρ(C_ω), measured from residual decay in both orderings against the formula. */
export const youngSchema = declareExperiment({
  id: "sor/young",
  title: "Young's curve: the asymptotic convergence factor ρ(C_ω)",
  params: {
    m: side(32),
    c: shift(),
    sweeps: int({ min: 100, max: 5000, default: 1200, scale: "log", label: "sweeps measured" }),
    seed: seed(),
  },
  plot: { ...omegaPlot, yLabel: "convergence factor per sweep" },
});

function learningDeclaration(id: string, title: string, defaults: { T: number; runs: number }) {
  return declareExperiment({
    id,
    title,
    params: {
      m: side(32, "grid side $m$ ($n = m^2$; the paper: 10)"),
      variance: variance(),
      T: instances(defaults.T),
      runs: runs(40, defaults.runs),
      methods: multi({
        options: METHODS,
        default: ["tsallis", "tsallis-cb", "chebcb", "fixed", "instance-optimal"],
        label: "methods",
        optionLabels: METHOD_LABELS,
      }),
      fixed: choice({
        options: FIXED_OPTIONS,
        default: "paper",
        label: "fixed ω baseline",
        optionLabels: { paper: "paper's (1.6 low / 1.8 high)" },
      }),
      hindsight: bool({ default: false, label: "best fixed ω in hindsight (solves all 20 grid points per instance)" }),
      y: choice({
        options: ["average", "cumulative"] as const,
        default: "average",
        label: "plot",
        optionLabels: { average: "average iterations per instance so far", cumulative: "cumulative iterations" },
      }),
      ordering: ordering(),
      tsallisSolve: choice({
        options: ["as-coded", "safeguarded"] as const,
        default: "as-coded",
        label: "Tsallis-INF probability solve",
        optionLabels: {
          "as-coded": "the code's 20 Newton steps from x = −1 (as run)",
          safeguarded: "safeguarded Newton (exact root, the spec's advice)",
        },
      }),
      seed: seed(),
    },
    plot: { ...instancePlot, yLabel: "SOR iterations (average per instance, or cumulative)" },
    validate: (p) => (p.methods.length === 0 && !p.hindsight ? "choose at least one method" : undefined),
  });
}

/** (b) [P] Fig. 2 center-left / Fig. 5: average (or cumulative) iterations against t. */
export const learningSchema = learningDeclaration(
  "sor/learning",
  "Learning curves: iterations per instance against t",
  {
    T: 500,
    runs: 3,
  },
);

/** (e) The paper's sizes: n = 100, T = 5000, 40 runs (scripts/contextual.m). */
export const paperSchema = learningDeclaration("sor/paper", "Reproduce the paper: T = 5000 instances, 40 trials", {
  T: 5000,
  runs: 40,
});

/** (c) The ω each learner plays at each t, next to Young's ω*(c_t) and the shift c_t itself. */
export const choicesSchema = declareExperiment({
  id: "sor/choices",
  title: "Which ω the learners play, against the instance-optimal ω*(c_t)",
  params: {
    m: side(32),
    variance: variance(),
    T: instances(500),
    runs: runs(8, 1),
    learners: learners(),
    seed: seed(),
  },
  plot: { ...instancePlot, yLabel: "ω played" },
});

/** (d) Regret against t on log-log axes, with the theorems' rates. */
export const regretSchema = declareExperiment({
  id: "sor/regret",
  title: "Regret against t, with the theorems' rates",
  params: {
    m: side(16),
    variance: variance(),
    comparator: choice({
      options: ["best-fixed", "instance-optimal"] as const,
      default: "best-fixed",
      label: "comparator",
      optionLabels: {
        "best-fixed": "best fixed grid ω in hindsight (Thm 2.1)",
        "instance-optimal": "instance-optimal policy ω*(c_t) (Thm 2.2)",
      },
    }),
    T: instances(500),
    runs: runs(40, 2),
    learners: learners(),
    tau: tau(),
    seed: seed(),
  },
  plot: {
    ...logLog,
    xLabel: "instance t",
    yLabel: "regret (excess SOR iterations)",
    theoryExponent: 2 / 3,
    fitFrom: 30,
  },
  validate: (p) => (p.learners.length === 0 ? "choose at least one learner" : undefined),
});

/** [P] Fig. 2 center-right: total (SSOR-P)CG iterations over a heat-equation run against n = (n_x − 1)². */
export const heatSchema = declareExperiment({
  id: "sor/heat",
  title: "Heat equation: total CG iterations against the grid size",
  params: {
    nxMax: choice({
      options: ["10", "20", "40", "80"] as const,
      default: "20",
      label: "largest $n_x$ (grids $n_x$ = 5, 10, … doubling)",
    }),
    T: int({ min: 20, max: 5000, default: 100, scale: "log", label: "time steps $T$ (Δt = 5/T)" }),
    runs: runs(10, 1, "runs (learners' randomness)"),
    methods: multi({ options: HEAT_METHODS, default: [...HEAT_METHODS], label: "methods", optionLabels: HEAT_LABELS }),
    seed: seed(),
  },
  plot: { ...logLog, xLabel: "matrix dimension n = (n_x − 1)²", yLabel: "total CG iterations over the run" },
  validate: (p) => (p.methods.length === 0 ? "choose at least one method" : undefined),
});

export const schemas = [
  costVsOmegaSchema,
  youngSchema,
  learningSchema,
  choicesSchema,
  regretSchema,
  paperSchema,
  heatSchema,
];
