/** What the page needs of the SOR experiments: their declarations (no algorithm code). */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
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
    help: "Above m = 10 the shift is scaled by λ_min(m)/λ_min(10), λ_min = 8 sin²(π/(2(m+1))), so that every A + c_t I stays positive definite (a difference from the paper).",
    optionLabels: { low: "low variance, X ~ Beta(2, 6)", high: "high variance, X ~ Beta(½, 3/2)" },
  });
const tauLabel = "near-asymptotic constant $\\tau$ (0.181: m = 10, b = 1)";
const tau = () => num({ min: 0.01, max: 0.99, default: 0.181, step: 0.001, label: tauLabel });
const omegaPlot = { xLabel: "relaxation ω", xScale: "linear", yScale: "linear" } as const;
const instancePlot = { xLabel: "instance t", xScale: "linear", yScale: "linear" } as const;
const logLog = { xScale: "log", yScale: "log" } as const;

/**
 * Young's sweep count for A + cI on the m × m grid: ⌈ln(1/ε) / −ln ρ(C_ω)⌉, at most the cap (young.ts
 * has the same ρ; this copy keeps the page free of the plots' code). Against measured counts
 * (m = 20 and 32, both orderings, ε = 10⁻⁸ and 10⁻¹²) it is within 20% per ω and 10–20% over in sum.
 */
function youngSweeps(m: number, c: number, omega: number, eps: number, cap: number): number {
  const beta = (4 * Math.cos(Math.PI / (m + 1))) / (4 + c);
  if (!(beta < 1)) return cap;
  const star = 2 / (1 + Math.sqrt(1 - beta * beta));
  const disc = omega * omega * beta * beta - 4 * (omega - 1);
  const rho = omega >= star || disc <= 0 ? Math.abs(omega - 1) : ((omega * beta + Math.sqrt(disc)) / 2) ** 2;
  return rho < 1 ? Math.min(cap, Math.ceil(Math.log(1 / eps) / -Math.log(rho))) : cap;
}

/** cost-vs-ω's grid (experiments.ts): 1, 1.01, …, 1.99 and Young's ω* (at most 101 values). */
function omegaGrid(m: number, c: number, from: number): number[] {
  const beta = (4 * Math.cos(Math.PI / (m + 1))) / (4 + c);
  const xs = Array.from({ length: 100 }, (_, i) => 1 + i / 100);
  if (beta < 1) xs.push(2 / (1 + Math.sqrt(1 - beta * beta)));
  return xs.filter((w) => w >= from - 1e-9);
}

/** The learners' grid linspace(1, 1.95, 20) (problems.ts `CODE_GRID`). */
const CODE_GRID = Array.from({ length: 20 }, (_, i) => 1 + (0.95 * i) / 19);

/**
 * CPU ns per grid-point update of a sweep here: the scalar solver (cost-vs-ω at m = 64–256, Young's
 * estimate 0.8–1.7× the measured time at 7 ns) and a learning trial's batch (per lane, with the
 * learners; at 8 ns the estimate is 0.6–2.7× the measured m = 10 and 32 trials, and sor/paper's
 * defaults, 38 s measured, come out at ~70 s).
 */
const SWEEP_NS = { scalar: 7, batch: 8 };

/**
 * Sweeps per instance of a learning trial (simulate.ts `runTrial`) at the mean shift c = 0: the table
 * solves the whole grid; a learner's pick is counted at the grid's mean (it explores); the baselines
 * at their ω. Each solve is a lane of the batch.
 */
function trialSweeps(p: { m: number; variance: string; fixed?: string }, methods: readonly string[], table: boolean) {
  const at = (w: number) => youngSweeps(p.m, 0, w, 1e-8, 10000);
  const grid = CODE_GRID.map(at);
  const mean = grid.reduce((a, b) => a + b, 0) / grid.length;
  const fixed = !p.fixed || p.fixed === "paper" ? (p.variance === "low" ? 1.6 : 1.8) : Number(p.fixed);
  const beta = (4 * Math.cos(Math.PI / (p.m + 1))) / 4;
  const star = 2 / (1 + Math.sqrt(1 - beta * beta));
  let sweeps = table ? grid.reduce((a, b) => a + b, 0) : 0;
  for (const k of methods) {
    if (k === "instance-optimal") sweeps += at(star);
    else if (table) continue;
    else if (k === "fixed") sweeps += at(fixed);
    else if (k === "gauss-seidel") sweeps += at(1);
    else sweeps += mean;
  }
  return sweeps;
}

function trialCost(
  p: { m: number; T: number; runs: number; variance: string; fixed?: string },
  methods: readonly string[],
  table: boolean,
  x: number,
  series: number,
  long = false,
) {
  return estimate({
    work: [
      ["runs", p.runs],
      ["T", p.T],
      ["sweeps per instance", Math.ceil(trialSweeps(p, methods, table))],
      ["m²", p.m * p.m],
    ],
    unit: "grid-point updates",
    ns: SWEEP_NS.batch,
    buffers: { runs: p.runs, x, series },
    extra: [["the hindsight table", table ? 8 * p.T * 20 : 0]],
    lower: "runs, T, m or the methods",
    long,
  });
}

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
  // Young's count at every ω of the grid (CPU: the WebGPU kernel falls back to it).
  cost(p) {
    const sweeps = omegaGrid(p.m, p.c, p.omegaFrom).reduce((s, w) => s + youngSweeps(p.m, p.c, w, p.eps, p.cap), 0);
    return estimate({
      work: [
        ["sweeps summed over ω", sweeps],
        ["m²", p.m * p.m],
      ],
      unit: "grid-point updates",
      ns: SWEEP_NS.scalar,
      // The natural ordering's bound takes a 300-pass power iteration.
      setupSeconds: 0.05 + (p.ordering === "natural" ? 300 * p.m * p.m * SWEEP_NS.scalar * 1e-9 : 0),
      buffers: { runs: 1, x: 101, series: 1 },
      extra: [["the grid's vectors", 6 * 8 * (p.m + 2) ** 2]],
      lower: "m, the ε tolerance or the cap, or start the ω grid later",
    });
  },
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
  // A history stops once the residual reaches 1e-13‖b‖ (rounding): Young's count to there, at most `sweeps`.
  cost: (p) =>
    estimate({
      work: [
        ["orderings", 2],
        [
          "sweeps summed over ω",
          omegaGrid(p.m, p.c, 1).reduce((s, w) => s + youngSweeps(p.m, p.c, w, 1e-13, p.sweeps), 0),
        ],
        ["m²", p.m * p.m],
      ],
      unit: "grid-point updates",
      ns: SWEEP_NS.scalar,
      buffers: { runs: 1, x: 101, series: 2 },
      lower: "the sweeps or m",
    }),
});

/**
 * `long`: the paper's sizes run behind the notebook's own switch ("Switch on to run 40 × 5000
 * instances"), so the long limit applies (its defaults: ~70 s estimated, 38 s measured here).
 */
function learningDeclaration(id: string, title: string, defaults: { T: number; runs: number }, long = false) {
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
    cost: (p) => trialCost(p, p.methods, p.hindsight, 250, p.methods.length + (p.hindsight ? 1 : 0), long),
  });
}

/** (b) [P] Fig. 2 center-left / Fig. 5: average (or cumulative) iterations against t. */
export const learningSchema = learningDeclaration(
  "sor/learning",
  "Learning curves: iterations per instance against t",
  { T: 500, runs: 3 },
);

/** (e) The paper's sizes: n = 100, T = 5000, 40 runs (scripts/contextual.m). */
export const paperSchema = learningDeclaration(
  "sor/paper",
  "Reproduce the paper: T = 5000 instances, 40 trials",
  { T: 5000, runs: 40 },
  true,
);

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
  cost: (p) => trialCost(p, [...p.learners, "instance-optimal"], false, p.T, p.learners.length + 2),
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
  cost(p) {
    const hindsight = p.comparator === "best-fixed";
    const methods = hindsight ? p.learners : [...p.learners, "instance-optimal"];
    return trialCost(p, methods, hindsight, 120, p.learners.length);
  },
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
  cost(p) {
    const dt = 5 / p.T;
    let perStep = 0;
    for (let nx = 5; nx <= Number(p.nxMax); nx *= 2) perStep += (nx - 1) ** 2 * HEAT_ITERATIONS(nx, dt);
    const cg = p.methods.includes("cg") ? 1 : 0;
    return estimate({
      work: [
        ["runs", p.runs],
        ["T", p.T],
        ["methods", p.methods.length],
        ["(PCG iterations × unknowns) per step, summed over the grids", Math.ceil(perStep)],
      ],
      unit: "grid-point updates",
      ns: (400 * cg + 220 * (p.methods.length - cg)) / Math.max(1, p.methods.length),
      buffers: { runs: p.runs, x: 4, series: p.methods.length },
      lower: "runs, T, the largest n_x or the methods",
    });
  },
});

/**
 * Warm-started (PCG) iterations per Crank–Nicolson step on the n_x grid, up to a constant: √n_x at
 * Δt = 0.05, falling like Δt^¼ (vanilla CG on n_x ≤ 80: 400 ns per unit at T = 20 and 370 at
 * T = 2000; SSOR-PCG and the learners ~200–220; the defaults, all seven methods: 330).
 */
const HEAT_ITERATIONS = (nx: number, dt: number) => Math.sqrt(nx) * (dt / 0.05) ** 0.25;

export const schemas = [
  costVsOmegaSchema,
  youngSchema,
  learningSchema,
  choicesSchema,
  regretSchema,
  paperSchema,
  heatSchema,
];
