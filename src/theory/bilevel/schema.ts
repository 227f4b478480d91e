/**
 * What the page needs of Kwon, Kwon, Wright & Nowak (ICLR 2024), "On Penalty Methods for Nonconvex
 * Bilevel Optimization and First-Order Stochastic Approximation": declarations and option labels,
 * no algorithm code. The paper has no experiments; these plot its landscape results and
 * (reconstructed) algorithms on the closed-form toys T1–T5 of the spec.
 */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
import { bool, choice, int, multi, num, seed } from "../params";

export type ProblemKey = "T1" | "T2" | "T3" | "T4" | "T5";
export const PROBLEM_KEYS: readonly ProblemKey[] = ["T1", "T2", "T3", "T4", "T5"];
export const PROBLEM_LABELS: Record<ProblemKey, string> = {
  T1: "T1 · quadratic, strongly convex LL",
  T2: "T2 · LL with a line of solutions",
  T3: "T3 · nonconvex PL LL",
  T4: "T4 · box-constrained LL",
  T5: "T5 · PBGD toy, several local minima",
};

export type MethodKey = "double" | "prox" | "single" | "vpbgd" | "bome";
export const METHOD_KEYS: readonly MethodKey[] = ["double", "prox", "single", "vpbgd", "bome"];
export const METHOD_LABELS: Record<MethodKey, string> = {
  double: "double-loop penalty (reconstruction)",
  prox: "proximal double loop (reconstruction)",
  single: "single-loop momentum (reconstruction)",
  vpbgd: "V-PBGD baseline",
  bome: "BOME baseline",
};

/** What the x-axis counts: ∇f + ∇g calls, ∇f calls only, ∇g calls only, or outer iterations. */
export type Clock = "total" | "gradF" | "gradG" | "outer";
const CLOCK_LABELS: Record<Clock, string> = {
  total: "oracle calls (∇f + ∇g)",
  gradF: "∇f calls",
  gradG: "∇g calls",
  outer: "outer iterations",
};

/** The complexity experiment's methods, with the spec §1.5 reference exponents ε^{-3}, ε^{-7}, ε^{-5}. */
export type Variant = "det" | "sto" | "single";
export const VARIANT_LABELS: Record<Variant, string> = {
  det: "double loop, exact oracles",
  sto: "double loop, minibatch stochastic",
  single: "single loop, STORM momentum",
};
export const VARIANT_EXPONENT: Record<Variant, number> = { det: -3, sto: -7, single: -5 };

const logNum = (min: number, max: number, dflt: number, label: string) =>
  num({ min, max, default: dflt, scale: "log", label });

const problem = (dflt: ProblemKey, options = PROBLEM_KEYS) =>
  choice({ options, optionLabels: PROBLEM_LABELS, default: dflt, label: "toy problem" });

/** The toys' own parameters (spec: T1 d_x = 3, d_y = 5, ρ = 0.1; T4 a = ½, b = 2). */
const problemParams = {
  dx: int({ min: 1, max: 10, default: 3, label: "T1: upper dimension $d_x$" }),
  dy: int({ min: 1, max: 20, default: 5, label: "T1: lower dimension $d_y$" }),
  rho: logNum(0.001, 10, 0.1, "T1: regulariser $\\rho$"),
  a: num({ min: -1, max: 2, default: 0.5, step: 0.05, label: "T4: lower target $a$" }),
  b: num({ min: -1, max: 4, default: 2, step: 0.05, label: "T4: upper target $b$" }),
};

/**
 * CPU ns per oracle evaluation (one ∇f or ∇g, whatever its batch: a batch is one draw), timed here on
 * bilevel/stationarity with 10⁶ calls a method: T1 240 ns at d_x·d_y = 15 and 970 at 200, T3 92,
 * T5 125; noise s > 0 adds the normals (T3: 350).
 */
function evalNs(p: { problem: ProblemKey; dx: number; dy: number }, noisy: boolean): number {
  const base = p.problem === "T1" ? 180 + 4 * p.dx * p.dy : 130;
  return base + (noisy ? 250 + 20 * (p.problem === "T1" ? p.dx + p.dy : 2) : 0);
}

export const landscape1dSchema = declareExperiment({
  id: "bilevel/landscape-1d",
  title: "ψ and ψ_σ on a 1-D toy",
  params: {
    problem: problem("T4", ["T2", "T3", "T4", "T5"]),
    sigmas: multi({
      options: ["1", "0.3", "0.1", "0.03", "0.01", "0.001"],
      default: ["1", "0.3", "0.1"],
      label: "penalty parameters $\\sigma$",
    }),
    points: int({ min: 50, max: 2000, default: 301, scale: "log", label: "grid points" }),
    ...problemParams,
  },
  plot: { xLabel: "x", yLabel: "ψ(x) and ψ_σ(x)", xScale: "linear", yScale: "linear" },
  validate: (p) => (p.sigmas.length === 0 ? "choose at least one σ" : undefined),
  // ψ or ψ_σ at one x: 7 µs on T5 (an inner solve), less elsewhere (2000 points × 7 curves: 30–100 ms).
  cost: (p) =>
    estimate({
      work: [
        ["grid points", p.points],
        ["curves", p.sigmas.length + 1],
      ],
      unit: "evaluations of ψ or ψ_σ",
      ns: 10_000,
      buffers: { runs: 1, x: p.points, series: p.sigmas.length + 1 },
      lower: "the grid points",
    }),
});

export const landscapeSigmaSchema = declareExperiment({
  id: "bilevel/landscape-sigma",
  title: "ψ_σ → ψ as σ → 0: value, gradient and minimiser gaps",
  params: {
    problem: problem("T3"),
    sigmaMin: logNum(1e-6, 1e-2, 1e-4, "smallest $\\sigma$"),
    sigmaMax: logNum(1e-3, 1, 1e-1, "largest $\\sigma$"),
    points: int({ min: 4, max: 60, default: 13, label: "values of $\\sigma$" }),
    ...problemParams,
  },
  plot: { xLabel: "σ", yLabel: "gap", xScale: "log", yScale: "log", theoryExponent: 1 },
  validate: (p) => (p.sigmaMin < p.sigmaMax ? undefined : "need smallest σ < largest σ"),
  // Three gaps at one σ: ~4 ms on T5 (numerical minimisers), less elsewhere (60 values: 6–250 ms).
  cost: (p) =>
    estimate({
      work: [["values of σ", p.points]],
      unit: "σ values",
      ns: 5e6,
      buffers: { runs: 1, x: p.points, series: 3 },
      lower: "the values of σ",
    }),
});

export const stationaritySchema = declareExperiment({
  id: "bilevel/stationarity",
  title: "Stationarity of ψ_σ against oracle calls, at fixed σ",
  params: {
    problem: problem("T3"),
    methods: multi({
      options: METHOD_KEYS,
      optionLabels: METHOD_LABELS,
      default: ["double", "prox", "single", "bome", "vpbgd"],
      label: "methods",
    }),
    sigma: logNum(1e-4, 1e-1, 1e-2, "penalty parameter $\\sigma$"),
    alpha: logNum(1e-3, 1, 0.2, "outer step $\\alpha$"),
    gammaScale: num({
      min: 0.05,
      max: 1.5,
      default: 1,
      label: "inner step $\\gamma \\times (L_{g,y} + \\sigma L_{f,y})$",
    }),
    inner: int({ min: 1, max: 2000, default: 200, scale: "log", label: "inner steps $M$" }),
    noise: num({ min: 0, max: 1, default: 0, step: 0.01, label: "gradient noise $s$ (0 = deterministic)" }),
    batch: int({
      min: 1,
      max: 1_000_000,
      default: 1,
      scale: "log",
      label: "batch $B$ (double loop, baselines, momentum start)",
    }),
    beta: logNum(1e-4, 1, 0.1, "momentum $\\beta$ (single loop)"),
    budget: int({ min: 100, max: 100_000_000, default: 30_000, scale: "log", label: "budget (in x-axis units)" }),
    clock: choice({
      options: ["total", "gradF", "gradG", "outer"] as const,
      optionLabels: CLOCK_LABELS,
      default: "total",
      label: "x-axis",
    }),
    showDistance: bool({ default: true, label: "show ‖x_k − x*‖ for the first method" }),
    runs: int({ min: 1, max: 64, default: 3, label: "runs (random starts and noise)" }),
    seed: seed(),
    ...problemParams,
  },
  plot: { xLabel: "oracle calls (∇f + ∇g)", yLabel: "‖∇ψ_σ(x_k)‖ (projected on X)", xScale: "log", yScale: "log" },
  reach: { level: () => 1e-3, label: () => "‖∇ψ_σ(x_k)‖ ≤ 10⁻³" },
  validate: (p) => (p.methods.length === 0 ? "choose at least one method" : undefined),
  // Each method runs until its clock passes the budget (at most 2·10⁶ outer steps, experiments.ts);
  // what costs is the evaluations, whatever the batch B counts on the clock.
  cost(p) {
    const evals = p.methods.reduce((sum, m) => sum + stationarityEvaluations(m, p), 0);
    return estimate({
      work: [
        ["runs", p.runs],
        ["oracle evaluations per run", evals],
      ],
      unit: "oracle evaluations",
      ns: evalNs(p, p.noise > 0),
      setupSeconds: 0.05,
      buffers: { runs: p.runs, x: 150, series: p.methods.length + (p.showDistance ? 1 : 0) },
      lower: "runs, the budget or the methods",
    });
  },
});

/** Outer-step cap of `track` (experiments.ts). */
const TRACK_MAX_STEPS = 2_000_000;

/**
 * Oracle evaluations of one stationarity run of method m (algorithms.ts): per outer step the double
 * loop evaluates 3(M + 1) times (M + 1 of ∇f), the single loop 6 (2 of ∇f), V-PBGD and BOME 8 (1 of
 * ∇f, 5 inner steps); each evaluation counts B calls except the single loop's (after its first batch).
 */
function stationarityEvaluations(
  m: MethodKey,
  p: { inner: number; batch: number; budget: number; clock: Clock },
): number {
  const B = p.batch;
  const [evals, fCalls, gCalls, batched] =
    m === "double" || m === "prox"
      ? [3 * (p.inner + 1), p.inner + 1, 2 * (p.inner + 1), true]
      : m === "single"
        ? [6, 2, 4, false]
        : [8, 1, 7, true];
  const perStep = { total: fCalls + gCalls, gradF: fCalls, gradG: gCalls, outer: 0 }[p.clock];
  const start = m === "single" && p.clock !== "outer" ? (3 * B * perStep) / (fCalls + gCalls) : 0;
  const steps = p.clock === "outer" ? p.budget : Math.max(0, p.budget - start) / (perStep * (batched ? B : 1));
  return Math.ceil(Math.min(TRACK_MAX_STEPS, steps)) * evals;
}

export const complexitySchema = declareExperiment({
  id: "bilevel/complexity",
  title: "Oracle calls to reach ‖∇ψ_σ‖ ≤ ε with σ = ε",
  params: {
    problem: problem("T3"),
    variants: multi({
      options: ["det", "sto", "single"] as const,
      optionLabels: VARIANT_LABELS,
      default: ["det", "sto", "single"],
      label: "methods",
    }),
    epsMax: logNum(1e-3, 0.5, 0.2, "largest $\\varepsilon$"),
    epsMin: logNum(1e-4, 0.1, 0.005, "smallest $\\varepsilon$"),
    nEps: int({ min: 2, max: 20, default: 6, label: "values of $\\varepsilon$" }),
    noise: logNum(0.001, 1, 0.05, "gradient noise $s$ (stochastic methods)"),
    innerPerDecade: logNum(1, 100, 10, "inner steps per decade of $1/(\\sigma\\varepsilon)$"),
    batchConst: logNum(0.1, 100, 4, "batch constant $c_B$ in $B = c_B (s/\\sigma\\varepsilon)^2$"),
    betaConst: logNum(0.01, 100, 1, "momentum constant $c_\\beta$ in $\\beta = c_\\beta(\\sigma\\varepsilon/s)^2$"),
    maxSteps: int({ min: 1000, max: 100_000_000, default: 1_000_000, scale: "log", label: "outer-step cap per run" }),
    runs: int({ min: 1, max: 64, default: 10, label: "seeds" }),
    seed: seed(),
    ...problemParams,
  },
  plot: { xLabel: "ε (with σ = ε)", yLabel: "oracle calls N(ε)", xScale: "log", yScale: "log" },
  validate: (p) =>
    p.variants.length === 0
      ? "choose at least one method"
      : p.epsMin < p.epsMax
        ? undefined
        : "need smallest ε < largest ε",
  cost(p) {
    const M = Math.ceil(p.innerPerDecade * Math.max(1, Math.log10(1 / (p.epsMin * p.epsMin))));
    const below = Math.max(1, 0.005 / p.epsMin);
    const steps = (v: Variant) => {
      const [base, k] = v === "single" ? [HIT_STEPS[p.problem][1], 3] : [HIT_STEPS[p.problem][0], 1.5];
      return Math.min(p.maxSteps * p.nEps, 2 * base * (p.nEps / 6) * below ** k);
    };
    const evals = p.variants.reduce((s, v) => s + steps(v) * (v === "single" ? 6 : 3 * (M + 1)), 0);
    return estimate({
      work: [
        ["runs", p.runs],
        ["oracle evaluations per run (estimated)", Math.ceil(evals)],
      ],
      unit: "oracle evaluations",
      ns: HIT_NS[p.problem] + (p.problem === "T1" ? 12 * p.dx * p.dy : 0),
      setupSeconds: 0.05,
      buffers: { runs: p.runs, x: p.nEps, series: 2 * p.variants.length },
      lower: "runs, the values of ε, the step cap, or raise the smallest ε",
    });
  },
});

/**
 * Outer steps to reach ε, summed over the default ε grid (6 values, 0.005–0.2), the most of two runs
 * here, [double loop, single loop]: hitting times are data, not a formula, so this is a measured
 * envelope (×2 in the estimate, scaled by ε⁻¹·⁵ and ε⁻³ below 0.005, the step cap on top). The
 * single loop dominates: 8.6·10⁵ steps on T1, 3·10⁴ on T3. CPU ns per evaluation in those runs
 * (measure-checks included): T1 733 (d_x·d_y = 15), T2 1436, T3 585, T4 316, T5 6758.
 */
const HIT_STEPS: Record<ProblemKey, readonly [number, number]> = {
  T1: [113, 860_000],
  T2: [80, 5_900],
  T3: [12, 30_000],
  T4: [2_040, 2_200],
  T5: [37, 360],
};
const HIT_NS: Record<ProblemKey, number> = { T1: 550, T2: 1500, T3: 600, T4: 350, T5: 7000 };

export const basinsSchema = declareExperiment({
  id: "bilevel/basins",
  title: "T5: end points of penalty methods from random starts",
  params: {
    runs: int({ min: 10, max: 2000, default: 200, scale: "log", label: "random starts", aliases: ["starts"] }),
    method: choice({
      options: ["vpbgd", "double"] as const,
      optionLabels: { vpbgd: "V-PBGD (PBGD toy setting)", double: "double-loop penalty (reconstruction)" },
      default: "vpbgd",
      label: "method",
    }),
    lambda: logNum(1, 100, 10, "penalty weight $\\gamma = 1/\\sigma$"),
    stepFactor: logNum(0.01, 0.5, 0.1, "V-PBGD step $\\times 1/\\gamma$"),
    tol: logNum(1e-8, 1e-2, 1e-5, "stop at projected-gradient norm"),
    maxIter: int({ min: 100, max: 100000, default: 20000, scale: "log", label: "iteration cap" }),
    seed: seed(),
  },
  plot: { xLabel: "start", yLabel: "end point x", xScale: "linear", yScale: "linear" },
  // A start stops at the tolerance or the cap; how soon is erratic (V-PBGD with λ = 1, step 0.5 never
  // stops; the double loop takes 32 steps at λ = 10 and 8630 at λ = 1.5), so the cap is what is
  // counted: at most. CPU per iteration here: V-PBGD 0.45 µs, the double loop 11.7 µs (20 inner steps
  // and the measure on T5).
  cost: (p) =>
    estimate({
      work: [
        ["random starts", p.runs],
        ["iteration cap", p.maxIter],
      ],
      unit: "iterations at most",
      ns: p.method === "double" ? 12_000 : 450,
      buffers: { runs: p.runs, x: 1, series: 2 },
      lower: "the random starts or the iteration cap",
    }),
});

export const schemas = [landscape1dSchema, landscapeSigmaSchema, stationaritySchema, complexitySchema, basinsSchema];
