import { linearGrid, logGrid } from "../common/grid";
import { Rng } from "../common/rng";
import { experiment } from "../experiment";
import { backend, bool, choice, int, multi, num, type ParamValues, seed } from "../params";
import type { Backend, BoundCurve, RunChunk, SeriesChunk } from "../trace";
import { batchUsesWasm } from "./batch";
import { thm21Excess, thm22Excess } from "./bounds";
import { HEAT_HORIZON, HeatSimulation } from "./heat";
import { ChebCB, type Learner, TsallisInf, TsallisInfCB } from "./learners";
import {
  CODE_GRID,
  centreRhs,
  onesRhs,
  SHIFT_MIN,
  SHIFT_SPAN,
  sampleTruncatedGaussian,
  type Variance,
} from "./problems";
import { bestFixed, METHOD_LABELS, METHODS, type Method, prefixRegret, runTrial, type TrialConfig } from "./simulate";
import { lowerPartRho, type Ordering, paddedSize, Stencil } from "./solver";
import {
  asymptoticCount,
  energyNormBound,
  laplacianBeta,
  laplacianEigenRange,
  omegaStar,
  sorSpectralRadius,
  surrogateU,
} from "./young";

const PAPER = "Khodak et al. (ICLR 2024)";
const ORDERING_LABELS = { natural: "natural (lexicographic)", redblack: "red-black" } as const;

const orderingParam = () =>
  choice({
    options: ["natural", "redblack"] as const,
    default: "natural",
    label: "SOR ordering",
    optionLabels: ORDERING_LABELS,
  });
const varianceParam = () =>
  choice({
    options: ["low", "high"] as const,
    default: "low",
    label: "shift distribution $c_t = -0.15 + 0.6X$",
    optionLabels: { low: "low variance, X ~ Beta(2, 6)", high: "high variance, X ~ Beta(½, 3/2)" },
  });
const epsParam = () =>
  num({ min: 1e-12, max: 1e-3, default: 1e-8, scale: "log", label: "relative tolerance $\\varepsilon$" });
const capParam = () => int({ min: 100, max: 100000, default: 10000, scale: "log", label: "iteration cap" });
const tauParam = () =>
  num({
    min: 0.01,
    max: 0.99,
    default: 0.181,
    step: 0.001,
    label: "near-asymptotic constant $\\tau$ (0.181: m = 10, b = 1)",
  });

/** ω grid 1, 1.01, …, 1.99 with ω* inserted (scripts/asymptotic.m's omega_grid). */
function omegaGridWith(star: number): Float64Array {
  const xs: number[] = [];
  for (let i = 0; i <= 99; i++) xs.push(1 + i / 100);
  if (!xs.some((w) => Math.abs(w - star) < 1e-12)) xs.push(star);
  return Float64Array.from(xs.sort((a, b) => a - b));
}

function rhsFor(kind: "gaussian" | "ones" | "centre", m: number, seedValue: number): Float64Array {
  if (kind === "ones") return onesRhs(m);
  if (kind === "centre") return centreRhs(m);
  const b = new Float64Array(paddedSize(m));
  sampleTruncatedGaussian(new Rng(seedValue, 0, 0), m, b);
  return b;
}

const costVsOmegaParams = {
  m: int({
    min: 4,
    max: 1024,
    default: 10,
    label: "grid side $m$ ($n = m^2$)",
    help: "Above m ≈ 64 start the ω grid at 1.5 or later (at ω = 1 the count grows like m²) and try the WebGPU backend.",
  }),
  c: num({ min: -0.15, max: 0.45, default: 0, step: 0.01, label: "diagonal shift $c$ ($A + cI$)" }),
  rhs: choice({
    options: ["gaussian", "ones", "centre"] as const,
    default: "gaussian",
    label: "right-hand side $b$",
    optionLabels: { gaussian: "truncated Gaussian (‖b‖ ≤ √n)", ones: "all ones", centre: "point load at the centre" },
  }),
  ordering: orderingParam(),
  omegaFrom: num({ min: 1, max: 1.95, default: 1, step: 0.01, label: "ω grid from" }),
  tau: tauParam(),
  eps: epsParam(),
  cap: capParam(),
  backend: backend({
    auto: "auto (WebGPU on a hardware adapter from m = 64)",
    webgpu: "WebGPU (red-black only, mixed precision)",
  }),
  seed: seed(),
};

export type CostVsOmegaParams = ParamValues<typeof costVsOmegaParams>;

/** What both backends of sor/cost-vs-omega share: β, ω*, the ω grid (from `omegaFrom` on) and b. */
export function costVsOmegaSetup(p: CostVsOmegaParams) {
  const beta = laplacianBeta(p.m, p.c);
  const star = omegaStar(beta);
  const xs = omegaGridWith(star).filter((w) => w >= p.omegaFrom - 1e-9);
  return { beta, star, xs, b: rhsFor(p.rhs, p.m, p.seed) };
}

/**
 * The chunk of sor/cost-vs-omega from its counts (+∞ where the cap was hit), for either backend: the
 * series, the notes (cap, Assumption 2.1, β and the best ω) and the bound curves.
 */
export function costVsOmegaChunk(
  p: CostVsOmegaParams,
  { beta, star, xs }: ReturnType<typeof costVsOmegaSetup>,
  raw: ArrayLike<number>,
  runStart: number,
  backend: Backend,
  extraNotes: string[] = [],
): RunChunk {
  const counts = Float64Array.from(raw, (k) => (Number.isFinite(k) ? k : Number.NaN));
  const notes: string[] = [];
  let capped = 0;
  let aboveU = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(raw[i])) capped++;
    else if (raw[i] >= surrogateU(xs[i], beta, p.eps, p.tau)) aboveU++;
  }
  if (capped) notes.push(`${capped} values of ω hit the cap of ${p.cap} sweeps (left blank).`);
  if (aboveU)
    notes.push(
      `At ${aboveU} values of ω the count reaches U(ω): Assumption 2.1 fails for τ = ${p.tau} on this b; raise τ.`,
    );
  const { min, max } = laplacianEigenRange(p.m, p.c);
  // ρ(D⁻¹LD⁻¹Lᵀ): β² in red-black order; natural order needs a power iteration (300 stencil passes).
  const rhoLL = p.ordering === "redblack" ? beta * beta : lowerPartRho(p.m, 4 + p.c, 1);
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (counts[i] < counts[best] || Number.isNaN(counts[best])) best = i;
  notes.push(
    `β = ${beta.toFixed(6)}, Young's ω* = ${star.toFixed(6)}, ρ(C_ω*) = ${(star - 1).toFixed(6)}; fewest sweeps ${counts[best]} at ω = ${xs[best].toFixed(2)} (${ORDERING_LABELS[p.ordering]} ordering).`,
    ...extraNotes,
  );
  const yMax = Math.max(...counts.filter(Number.isFinite)) * 1.5;
  const bounds: BoundCurve[] = [
    {
      key: "asymptotic",
      label: "asymptotic log ε / log ρ(C_ω)",
      tex: "\\frac{\\log\\varepsilon}{\\log\\rho(C_\\omega)}",
      cite: `${PAPER}, § 2.2 (Young's ρ, Lemma 2.1 proof)`,
      kind: "asymptotic",
      y: xs.map((w) => asymptoticCount(w, beta, p.eps)),
    },
    {
      key: "surrogate",
      label: `near-asymptotic U(ω), τ = ${p.tau}`,
      tex: "U(\\omega)=1+\\frac{-\\log\\varepsilon}{-\\log(\\rho(C_\\omega)+\\tau(1-\\rho(C_\\omega)))}",
      cite: `${PAPER}, Lemma 2.1 (under Assumption 2.1)`,
      kind: "upper",
      y: xs.map((w) => surrogateU(w, beta, p.eps, p.tau)),
    },
    {
      key: "energy",
      label: "energy-norm bound",
      tex: "1+\\frac{\\log(\\varepsilon/2\\sqrt{\\kappa(A)})}{\\log\\nu_\\omega(A)}",
      cite: `${PAPER}, Cor. D.1 (Hackbusch Cor. 3.45)`,
      kind: "upper",
      y: xs.map((w) => energyNormBound(w, beta, rhoLL, max / min, p.eps)),
    },
    {
      key: "omega-star",
      label: `Young's ω* = ${star.toFixed(4)}`,
      tex: "\\omega^\\ast=\\frac{2}{1+\\sqrt{1-\\beta^2}}",
      cite: `${PAPER}, § 2.2 (Young 1950)`,
      kind: "reference",
      x: Float64Array.of(star, star),
      y: Float64Array.of(1, yMax),
    },
  ];
  return {
    x: xs,
    series: [{ key: "count", label: `SOR count (${ORDERING_LABELS[p.ordering]})`, values: counts, runs: 1 }],
    bounds,
    runStart,
    backend,
    notes,
  };
}

/**
 * (a) [P] Fig. 1 left: SOR count against ω for one instance, with Young's estimate, U(ω), the energy
 * bound and ω*. The WebGPU kernel (workers/gpu/sor-cost.ts) solves the whole ω grid in one batch.
 */
export const costVsOmega = experiment({
  id: "sor/cost-vs-omega",
  title: "SOR iterations against ω for one instance",
  params: costVsOmegaParams,
  plot: { xLabel: "relaxation ω", yLabel: "SOR iterations to ‖r‖ < ε‖b‖", xScale: "linear", yScale: "log" },
  run(p, ctx) {
    const setup = costVsOmegaSetup(p);
    const { xs, b } = setup;
    const S = new Stencil(p.m).shift(p.c);
    const counts = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      counts[i] = S.sorCount(b, xs[i], { ordering: p.ordering, tol: p.eps, cap: p.cap });
      if ((i & 15) === 15) ctx.progress(null, i / xs.length);
    }
    return costVsOmegaChunk(p, setup, counts, ctx.runStart, "cpu");
  },
});

/** Young's curve ρ(C_ω), measured from residual decay in both orderings against the formula. */
export const youngCurve = experiment({
  id: "sor/young",
  title: "Young's curve: the asymptotic convergence factor ρ(C_ω)",
  params: {
    m: int({ min: 4, max: 32, default: 10, label: "grid side $m$" }),
    c: num({ min: -0.15, max: 0.45, default: 0, step: 0.01, label: "diagonal shift $c$" }),
    sweeps: int({ min: 100, max: 5000, default: 1200, scale: "log", label: "sweeps measured" }),
    seed: seed(),
  },
  plot: { xLabel: "relaxation ω", yLabel: "convergence factor per sweep", xScale: "linear", yScale: "linear" },
  run(p, ctx) {
    const beta = laplacianBeta(p.m, p.c);
    const xs = omegaGridWith(omegaStar(beta));
    const S = new Stencil(p.m).shift(p.c);
    const b = rhsFor("gaussian", p.m, p.seed);
    const hist = new Float64Array(p.sweeps);
    const series: SeriesChunk[] = [];
    for (const ordering of ["natural", "redblack"] as const) {
      const values = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) {
        S.sorResiduals(b, xs[i], ordering, hist);
        values[i] = measuredFactor(hist);
      }
      series.push({ key: ordering, label: `measured, ${ORDERING_LABELS[ordering]}`, values, runs: 1 });
      ctx.progress(null, ordering === "natural" ? 0.5 : 1);
    }
    return {
      x: xs,
      series,
      bounds: [
        {
          key: "young",
          label: "Young: ρ(C_ω)",
          tex: "\\rho(C_\\omega)=\\begin{cases}\\tfrac14(\\omega\\beta+\\sqrt{\\omega^2\\beta^2-4(\\omega-1)})^2&\\omega<\\omega^\\ast\\\\ \\omega-1&\\omega\\ge\\omega^\\ast\\end{cases}",
          cite: `${PAPER}, App. E.1 (Hackbusch Thm 4.27)`,
          kind: "asymptotic",
          y: xs.map((w) => sorSpectralRadius(w, beta)),
        },
      ],
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [
        "Measured factor: (‖r_k‖/‖r_{k/2}‖)^{2/k} at the last sweep k before the residual reaches 1e-13‖b‖ (rounding). Near ω* the Jordan block makes the decay k·ρ^k, so the estimate sits slightly above ρ there.",
      ],
    };
  },
});

/** Which solver produced the learning experiments' counts (the same numbers either way). */
function countSolver(): string {
  return batchUsesWasm()
    ? "solved in WebAssembly SIMD, all of an instance's ω in one batch"
    : "solved one ω at a time in JavaScript (no WebAssembly SIMD here)";
}

/** (‖r_k‖/‖r_{k/2}‖)^{1/(k − k/2)} at the last finite k of a residual history. */
export function measuredFactor(hist: Float64Array): number {
  let k = hist.length - 1;
  while (k > 0 && !Number.isFinite(hist[k])) k--;
  const j = k >> 1;
  if (k - j < 4) return Number.NaN;
  return (hist[k] / hist[j]) ** (1 / (k - j));
}

// ───────────────────────── learning curves ─────────────────────────

const LEARNERS = ["tsallis", "tsallis-cb", "chebcb"] as const;
const FIXED_OPTIONS = ["paper", "1.2", "1.4", "1.6", "1.8"] as const;

function learningParams(defaults: { T: number; trials: number; methods: Method[] }) {
  return {
    m: int({ min: 4, max: 32, default: 10, label: "grid side $m$ ($n = m^2$; the paper: 10)" }),
    variance: varianceParam(),
    T: int({ min: 20, max: 5000, default: defaults.T, scale: "log", label: "instances $T$" }),
    trials: int({ min: 1, max: 40, default: defaults.trials, label: "trials" }),
    methods: multi({ options: METHODS, default: defaults.methods, label: "methods", optionLabels: METHOD_LABELS }),
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
    ordering: orderingParam(),
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
  };
}

function trialConfig(p: {
  m: number;
  variance: Variance;
  T: number;
  ordering: Ordering;
  fixed: (typeof FIXED_OPTIONS)[number];
  tsallisSolve: "safeguarded" | "as-coded";
  methods: Method[];
  table: boolean;
}): TrialConfig {
  const fixedOmega = p.fixed === "paper" ? (p.variance === "low" ? 1.6 : 1.8) : Number(p.fixed);
  // Use the grid's own value when it matches, so the fixed baseline shares the grid's cached solve.
  const onGrid = CODE_GRID.find((w) => Math.abs(w - fixedOmega) < 1e-9);
  return {
    m: p.m,
    variance: p.variance,
    T: p.T,
    ordering: p.ordering,
    tol: 1e-8,
    cap: 10000,
    grid: CODE_GRID,
    fixedOmega: onGrid ?? fixedOmega,
    methods: METHODS.filter((k) => p.methods.includes(k)),
    table: p.table,
    bins: 5,
    chebTerms: 6,
    tsallisSolve: p.tsallisSolve,
  };
}

function methodLabel(k: Method, cfg: TrialConfig): string {
  return k === "fixed" ? `fixed ω = ${cfg.fixedOmega.toFixed(2)}` : METHOD_LABELS[k];
}

function learningExperiment(id: string, title: string, defaults: { T: number; trials: number; methods: Method[] }) {
  return experiment({
    id,
    title,
    params: learningParams(defaults),
    runsParam: "trials",
    plot: {
      xLabel: "instance t",
      yLabel: "SOR iterations (average per instance, or cumulative)",
      xScale: "linear",
      yScale: "linear",
    },
    validate(p) {
      if (p.methods.length === 0 && !p.hindsight) return "choose at least one method";
      return undefined;
    },
    run(p, ctx) {
      const cfg = trialConfig({ ...p, table: p.hindsight });
      const grid = linearGrid(p.T, 250);
      const n = grid.length;
      const keys: string[] = [...cfg.methods, ...(p.hindsight ? ["hindsight"] : [])];
      const values = keys.map(() => new Float64Array(ctx.runCount * n));
      const notes: string[] = [];
      let capped = 0;
      let hindsightOmega = "";
      for (let r = 0; r < ctx.runCount; r++) {
        const res = runTrial(cfg, p.seed, ctx.runStart + r, (f) => ctx.progress(null, (r + f) / ctx.runCount));
        capped += res.capped;
        const d = cfg.grid.length;
        const curves: Float64Array[] = cfg.methods.map((k) => res.costs.get(k)!);
        if (res.table) {
          const best = bestFixed(res.table, d);
          curves.push(Float64Array.from({ length: p.T }, (_, t) => res.table![t * d + best.index]));
          hindsightOmega += `${hindsightOmega ? ", " : ""}${cfg.grid[best.index].toFixed(2)}`;
        }
        curves.forEach((costs, j) => {
          let cum = 0;
          let g = 0;
          for (let t = 0; t < p.T; t++) {
            cum += costs[t];
            if (t + 1 === grid[g]) {
              values[j][r * n + g] = p.y === "average" ? cum / (t + 1) : cum;
              g++;
            }
          }
        });
        ctx.progress(null, (r + 1) / ctx.runCount);
      }
      if (capped) notes.push(`${capped} solves hit the 10000-sweep cap (counted as 10000).`);
      if (hindsightOmega) notes.push(`Best fixed grid ω in hindsight, per trial: ${hindsightOmega}.`);
      notes.push(
        `Counts use ${ORDERING_LABELS[p.ordering]} SOR, ε = 1e-8 relative, m = ${p.m} (n = ${p.m * p.m}); ${countSolver()}.`,
      );
      return {
        x: Float64Array.from(grid),
        series: keys.map((k, j) => ({
          key: k,
          label: k === "hindsight" ? "best fixed ω in hindsight" : methodLabel(k as Method, cfg),
          values: values[j],
          runs: ctx.runCount,
        })),
        bounds: [],
        runStart: ctx.runStart,
        backend: "cpu",
        notes,
      };
    },
  });
}

/** (b) [P] Fig. 2 center-left / Fig. 5: average (or cumulative) iterations against t. */
export const learning = learningExperiment("sor/learning", "Learning curves: iterations per instance against t", {
  T: 500,
  trials: 3,
  methods: ["tsallis", "tsallis-cb", "chebcb", "fixed", "instance-optimal"],
});

/** (e) The paper's sizes: n = 100, T = 5000, 40 trials (scripts/contextual.m). */
export const paper = learningExperiment("sor/paper", "Reproduce the paper: T = 5000 instances, 40 trials", {
  T: 5000,
  trials: 40,
  methods: ["tsallis", "tsallis-cb", "chebcb", "fixed", "instance-optimal"],
});

/** (c) The ω each learner plays at each t, next to Young's ω*(c_t) and the shift c_t itself. */
export const choices = experiment({
  id: "sor/choices",
  title: "Which ω the learners play, against the instance-optimal ω*(c_t)",
  params: {
    m: int({ min: 4, max: 32, default: 10, label: "grid side $m$" }),
    variance: varianceParam(),
    T: int({ min: 20, max: 5000, default: 500, scale: "log", label: "instances $T$" }),
    trials: int({ min: 1, max: 8, default: 1, label: "trials" }),
    learners: multi({ options: LEARNERS, default: [...LEARNERS], label: "learners", optionLabels: METHOD_LABELS }),
    seed: seed(),
  },
  runsParam: "trials",
  plot: { xLabel: "instance t", yLabel: "ω played", xScale: "linear", yScale: "linear" },
  run(p, ctx) {
    const cfg = trialConfig({
      ...p,
      ordering: "natural",
      fixed: "paper",
      tsallisSolve: "as-coded",
      methods: [...p.learners, "instance-optimal"],
      table: false,
    });
    const T = p.T;
    const keys = [...cfg.methods, "shift"] as const;
    const values = keys.map(() => new Float64Array(ctx.runCount * T));
    for (let r = 0; r < ctx.runCount; r++) {
      const res = runTrial(cfg, p.seed, ctx.runStart + r, (f) => ctx.progress(null, (r + f) / ctx.runCount));
      cfg.methods.forEach((k, j) => {
        values[j].set(res.omegas.get(k)!, r * T);
      });
      values[keys.length - 1].set(res.contexts, r * T);
    }
    return {
      x: Float64Array.from({ length: T }, (_, t) => t + 1),
      series: keys.map((k, j) => ({
        key: k,
        label:
          k === "shift"
            ? "shift c_t (context)"
            : k === "instance-optimal"
              ? "Young's ω*(c_t)"
              : `${METHOD_LABELS[k]}: ω_t`,
        values: values[j],
        runs: ctx.runCount,
      })),
      bounds: [],
      runStart: ctx.runStart,
      backend: "cpu",
      notes: ["Series 'shift c_t' is the context; plot ω_t against it to compare with ω*(c) = 2/(1 + √(1 − β_c²))."],
    };
  },
});

/** (d) Regret against t on log-log axes, with the theorems' rates. */
export const regret = experiment({
  id: "sor/regret",
  title: "Regret against t, with the theorems' rates",
  params: {
    m: int({ min: 4, max: 16, default: 10, label: "grid side $m$" }),
    variance: varianceParam(),
    comparator: choice({
      options: ["best-fixed", "instance-optimal"] as const,
      default: "best-fixed",
      label: "comparator",
      optionLabels: {
        "best-fixed": "best fixed grid ω in hindsight (Thm 2.1)",
        "instance-optimal": "instance-optimal policy ω*(c_t) (Thm 2.2)",
      },
    }),
    T: int({ min: 20, max: 5000, default: 500, scale: "log", label: "instances $T$" }),
    trials: int({ min: 1, max: 40, default: 2, label: "trials" }),
    learners: multi({ options: LEARNERS, default: [...LEARNERS], label: "learners", optionLabels: METHOD_LABELS }),
    tau: tauParam(),
    seed: seed(),
  },
  runsParam: "trials",
  plot: {
    xLabel: "instance t",
    yLabel: "regret (excess SOR iterations)",
    xScale: "log",
    yScale: "log",
    theoryExponent: 2 / 3,
    fitFrom: 30,
  },
  validate(p) {
    return p.learners.length === 0 ? "choose at least one learner" : undefined;
  },
  run(p, ctx) {
    const hindsight = p.comparator === "best-fixed";
    const cfg = trialConfig({
      ...p,
      ordering: "natural",
      fixed: "paper",
      tsallisSolve: "as-coded",
      methods: [...p.learners, ...(hindsight ? [] : (["instance-optimal"] as Method[]))],
      table: hindsight,
    });
    const grid = logGrid(p.T, 120);
    const n = grid.length;
    const values = p.learners.map(() => new Float64Array(ctx.runCount * n));
    const regretT = new Float64Array(p.T);
    const d = cfg.grid.length;
    for (let r = 0; r < ctx.runCount; r++) {
      const res = runTrial(cfg, p.seed, ctx.runStart + r, (f) => ctx.progress(null, (r + f) / ctx.runCount));
      p.learners.forEach((k, j) => {
        const costs = res.costs.get(k)!;
        if (hindsight) prefixRegret(costs, res.table!, d, regretT);
        else {
          const opt = res.costs.get("instance-optimal")!;
          let acc = 0;
          for (let t = 0; t < p.T; t++) regretT[t] = acc += costs[t] - opt[t];
        }
        for (let g = 0; g < n; g++) values[j][r * n + g] = regretT[grid[g] - 1];
      });
    }
    // Bounds use worst-case inputs fixed by the parameters (β at the smallest shift), so they do not
    // depend on which trials a worker ran.
    const xs = Float64Array.from(grid);
    const betaMax = laplacianBeta(p.m, SHIFT_MIN);
    const inputs = { betas: new Float64Array(p.T).fill(betaMax), tau: p.tau, eps: 1e-8 };
    const bounds: BoundCurve[] = hindsight
      ? [
          {
            key: "thm21",
            label: "Thm 2.1 (5): 3 log(1/ε) ∛(2T²/log⁴ α_max)",
            tex: "3\\log\\tfrac1\\varepsilon\\sqrt[3]{\\frac{2T^2}{\\log^4\\alpha_{\\max}}}",
            cite: `${PAPER}, Thm 2.1 eq. (5): excess over min_ω Σ U_t(ω), theorem's grid and step`,
            kind: "reference",
            exponent: 2 / 3,
            y: xs.map((t) => thm21Excess(inputs, Math.round(t))),
          },
        ]
      : [
          {
            key: "thm22",
            label: "Thm 2.2 (6): excess over Σ U_t(ω*(c_t))",
            tex: "\\sqrt[4]{\\frac{54C^3L^3T}{\\log^2\\alpha_{\\max}}}+\\frac{4\\log\\frac1\\varepsilon}{\\log\\frac1{\\alpha_{\\max}}}\\sqrt[4]{24CLT^3}",
            cite: `${PAPER}, Thm 2.2 eq. (6), theorem's bins and grid`,
            kind: "reference",
            exponent: 3 / 4,
            y: xs.map((t) => thm22Excess(inputs, Math.round(t), SHIFT_SPAN, SHIFT_MIN)),
          },
        ];
    return {
      x: xs,
      series: p.learners.map((k, j) => ({ key: k, label: METHOD_LABELS[k], values: values[j], runs: ctx.runCount })),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [
        hindsight
          ? "Regret R(t) = Σ_{s≤t} SOR_s(ω_s) − min_i Σ_{s≤t} SOR_s(g_i) over the code's grid linspace(1, 1.95, 20)."
          : "Regret against Young's ω*(c_t) can be negative: ω* is asymptotically, not empirically, optimal (points ≤ 0 are off the log axis).",
        "The theorem curves are stated for the theorem's tuned grid, step and normalisation, not for the code-style runs plotted (η_t = 2/√t, d = 20, data-driven scale); compare slopes, not levels. With ω_max = ω*(c_min) they are far above the data at these T.",
        `Counts ${countSolver()}.`,
      ],
    };
  },
});

// ───────────────────────── heat equation ─────────────────────────

const HEAT_METHODS = ["cg", "ssor-1", "ssor-1.5", "ssor-1.75", "tsallis", "tsallis-cb", "chebcb"] as const;
type HeatMethod = (typeof HEAT_METHODS)[number];
const HEAT_LABELS: Record<HeatMethod, string> = {
  cg: "vanilla CG",
  "ssor-1": "SSOR-PCG, ω = 1",
  "ssor-1.5": "SSOR-PCG, ω = 1.5",
  "ssor-1.75": "SSOR-PCG, ω = 1.75",
  tsallis: "Tsallis-INF (SSOR-PCG)",
  "tsallis-cb": "Tsallis-INF-CB (SSOR-PCG)",
  chebcb: "ChebCB (SSOR-PCG)",
};

/** [P] Fig. 2 center-right: total (SSOR-P)CG iterations over a heat-equation run against n = (n_x − 1)². */
export const heat = experiment({
  id: "sor/heat",
  title: "Heat equation: total CG iterations against the grid size",
  params: {
    nxMax: choice({
      options: ["10", "20", "40", "80"] as const,
      default: "20",
      label: "largest $n_x$ (grids $n_x$ = 5, 10, … doubling)",
    }),
    T: int({ min: 20, max: 5000, default: 100, scale: "log", label: "time steps $T$ (Δt = 5/T)" }),
    trials: int({ min: 1, max: 10, default: 1, label: "trials (learners' randomness)" }),
    methods: multi({ options: HEAT_METHODS, default: [...HEAT_METHODS], label: "methods", optionLabels: HEAT_LABELS }),
    seed: seed(),
  },
  runsParam: "trials",
  plot: {
    xLabel: "matrix dimension n = (n_x − 1)²",
    yLabel: "total CG iterations over the run",
    xScale: "log",
    yScale: "log",
  },
  validate(p) {
    return p.methods.length === 0 ? "choose at least one method" : undefined;
  },
  run(p, ctx) {
    const nxs: number[] = [];
    for (let nx = 5; nx <= Number(p.nxMax); nx *= 2) nxs.push(nx);
    const methods = HEAT_METHODS.filter((k) => p.methods.includes(k));
    const values = methods.map(() => new Float64Array(ctx.runCount * nxs.length));
    const dt = HEAT_HORIZON / p.T;
    const work = nxs.reduce((a, nx) => a + nx * nx, 0) * methods.length * ctx.runCount;
    let done = 0;
    let capped = 0;
    for (let r = 0; r < ctx.runCount; r++) {
      nxs.forEach((nx, g) => {
        methods.forEach((method, j) => {
          const sim = new HeatSimulation(nx, dt);
          const rng = new Rng(p.seed, ctx.runStart + r, 1 + j);
          const learner: Learner | undefined =
            method === "tsallis"
              ? new TsallisInf(CODE_GRID.length)
              : method === "tsallis-cb"
                ? new TsallisInfCB(CODE_GRID.length, 6, 0, 10)
                : method === "chebcb"
                  ? new ChebCB(CODE_GRID.length, p.T, 6, 0, 10)
                  : undefined;
          let total = 0;
          for (let t = 0; t < p.T; t++) {
            const context = sim.context();
            sim.system();
            const S = sim.stencil;
            let k: number;
            if (method === "cg") k = S.cgCount(sim.b, 1e-8, sim.u);
            else {
              const omega = learner ? CODE_GRID[learner.predict(rng, context)] : Number(method.slice(5));
              k = S.ssorPcgCount(sim.b, omega, 1e-8, sim.u);
            }
            if (!Number.isFinite(k)) {
              capped++;
              k = 10000;
            }
            learner?.update(k);
            total += k;
            sim.advance(S.x);
          }
          values[j][r * nxs.length + g] = total;
          done += nx * nx;
          ctx.progress(null, done / work);
        });
      });
    }
    return {
      x: Float64Array.from(nxs, (nx) => (nx - 1) ** 2),
      series: methods.map((k, j) => ({ key: k, label: HEAT_LABELS[k], values: values[j], runs: ctx.runCount })),
      bounds: [],
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [
        `Crank–Nicolson with the code's κ(t) = max(0.1 sin 2πt, −10 sin 2πt), Δt = ${dt.toPrecision(3)} (horizon 5 kept; the paper uses T = 5000, Δt = 1e-3). Warm-started solves, relative tolerance 1e-8. Learners play linspace(1, 1.95, 20); the contextual ones see κ at the step start, on [0, 10].`,
        ...(capped ? [`${capped} solves hit the 10000-iteration cap.`] : []),
      ],
    };
  },
});

export const experiments = [costVsOmega, youngCurve, learning, choices, regret, paper, heat];
