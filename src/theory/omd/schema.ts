/** What the page needs of the SEA experiments (notebooks/omd-sea.md): their declarations, no algorithm code. */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
import { choice, int, num, seed } from "../params";

/** Numbers in notes and messages: 4 significant digits, exponent form when very large or small. */
export const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-2) ? v.toExponential(2) : v.toPrecision(4);

const schedule = (def: "iid" | "alternating" | "piecewise") =>
  choice({
    options: ["iid", "alternating", "piecewise", "corrupted", "interpolated"] as const,
    default: def,
    label: "mean schedule",
    optionLabels: {
      iid: "i.i.d. ($m_t=\\bar m$)",
      alternating: "alternating adversary",
      piecewise: "piecewise (flips every $B$)",
      corrupted: "corrupted (budget $C$)",
      interpolated: "SEA knob $\\rho$ (i.i.d. → adversarial)",
    },
  });

const hint = choice({
  options: ["last", "none", "oracle"] as const,
  default: "last",
  label: "hint $M_t$",
  optionLabels: {
    last: "last gradient $g_{t-1}$",
    none: "none ($M_t=0$)",
    oracle: "oracle mean $\\nabla F_t(x_{t-1})$",
  },
});

const horizon = (def: number, min = 100, max = 20000) =>
  int({ min, max, default: def, scale: "log", label: "horizon $T$" });
const runs = (def: number) => int({ min: 1, max: 200, default: def, scale: "log", label: "runs" });
const lambda = (label = "curvature $\\lambda$ (QUAD)") => num({ min: 0.1, max: 10, default: 1, scale: "log", label });
const delta = num({ min: 0.01, max: 100, default: 1, scale: "log", label: "$\\delta$ in Chen's step" });
const level = (def: number, label: string) => num({ min: 0, max: 1, default: def, step: 0.01, label });
const dim = (max: number, def: number, label = "dimension $d$") => int({ min: 2, max, default: def, label });

/** The SEA knobs of the mean schedules (spec omd-sea §1.7). */
const knobs = {
  s: level(0.5, "noise $s$ ($\\sigma_t^2=s^2$ on LIN)"),
  a: level(0.4, "adversarial amplitude $a$"),
  B: int({ min: 1, max: 20000, default: 1000, scale: "log", label: "switch period $B$ (piecewise)" }),
  C: num({ min: 0, max: 1000, default: 100, step: 1, label: "corruption budget $C$" }),
  rho: level(0.5, "SEA knob $\\rho$: $m_t=\\bar m+\\rho a(-1)^te_2$, noise $(1-\\rho)s$"),
};

const regretParams = {
  env: choice({
    options: ["LIN", "QUAD", "NCVX", "ROM", "EXPC"] as const,
    default: "LIN",
    label: "environment",
    optionLabels: {
      LIN: "LIN: linear $\\langle\\xi_t,x\\rangle$",
      QUAD: "QUAD: $\\frac\\lambda2\\|x-\\xi_t\\|^2$",
      NCVX: "NCVX-IND: non-convex $f_t$, linear $F_t$",
      ROM: "ROM: random order, $P$ passes",
      EXPC: "EXPC: exp-concave squared loss (shape only)",
    },
  }),
  schedule: schedule("iid"),
  ...knobs,
  k: num({ min: 0, max: 2, default: 0.5, step: 0.01, label: "NCVX curvature $k$ ($\\kappa_t=\\pm k$)" }),
  passes: int({ min: 1, max: 64, default: 4, label: "ROM passes $P$" }),
  d: dim(10, 5),
  lambda: lambda(),
  delta,
  hint,
  T: horizon(4000),
  runs: runs(20),
  seed: seed(),
};

/**
 * CPU ns per learner-round here, ~60·(d + 2) on the ball (regret, T = 20000, 20 runs: d = 10 LIN
 * 66 ns per coordinate, QUAD 53, d = 2 71; bridge 59) and ~80·(d + 3) on the simplex (experts,
 * N = 31: 74; N = 2: 112). The realisation (means and noise, T × d) is redrawn every run.
 */
const ballNs = (d: number) => 60 * (d + 2);
const simplexNs = (d: number) => 80 * (d + 3);
/** The learners of omd/regret (setup.ts `regretLearners`): four on strongly convex losses, else three. */
const regretLearnerCount = (env: string) => (env === "QUAD" ? 4 : 3);
const realisationBytes = (T: number, d: number) => 3 * 8 * T * d;

/** `learners` learner-rounds per round of T, a fresh realisation per run, 60 checkpoints per series. */
function roundsCost(p: { T: number; d: number; runs: number }, learners: number, ns: number, lower: string) {
  return estimate({
    work: [
      ["runs", p.runs],
      ["learners", learners],
      ["T", p.T],
    ],
    unit: "learner rounds",
    ns,
    buffers: { runs: p.runs, x: 60, series: learners },
    extra: [["the realisation", realisationBytes(p.T, p.d)]],
    lower,
  });
}

const regretCost = (p: { env: string; T: number; d: number; runs: number }) =>
  roundsCost(p, regretLearnerCount(p.env), ballNs(p.d), "runs, T or d");

const regretPlot = { xLabel: "round T", yLabel: "pseudo-regret R_T", xScale: "log" } as const;

export const regretSchema = declareExperiment({
  id: "omd/regret",
  title: "Expected regret vs T in the SEA model (log-log)",
  params: regretParams,
  plot: { ...regretPlot, yScale: "log", theoryExponent: 0.5, fitFrom: 200 },
  validate(p) {
    if (p.schedule === "piecewise")
      return "piecewise schedules make static regret negative: use omd/regret-linear (linear y axis)";
    return undefined;
  },
  cost: regretCost,
});

export const regretLinearSchema = declareExperiment({
  id: "omd/regret-linear",
  title: "Static regret vs T on a linear axis (it can be negative)",
  params: { ...regretParams, schedule: schedule("piecewise") },
  plot: { ...regretPlot, yScale: "linear" },
  cost: regretCost,
});

export const pathSchema = declareExperiment({
  id: "omd/path",
  title: "Iterates and comparator on the disc (d = 2)",
  params: {
    env: choice({
      options: ["LIN", "QUAD", "ROT"] as const,
      default: "QUAD",
      label: "environment",
      optionLabels: { LIN: "LIN", QUAD: "QUAD", ROT: "ROT (moving comparator $u_t=m_t$)" },
    }),
    schedule: schedule("alternating"),
    ...knobs,
    s: level(0.3, "noise $s$"),
    B: int({ min: 1, max: 5000, default: 100, scale: "log", label: "switch period $B$ (piecewise)" }),
    r: num({ min: 0.05, max: 1, default: 0.6, step: 0.01, label: "ROT radius $r$" }),
    turns: num({ min: 0.1, max: 20, default: 1, scale: "log", label: "ROT turns over $T$" }),
    learner: choice({
      options: ["oomd", "oomd-sc", "oftrl", "oftl", "ogd", "ogd-sc", "oogd-fixed"] as const,
      default: "oomd-sc",
      label: "learner",
      optionLabels: {
        oomd: "optimistic OMD, Chen step",
        "oomd-sc": "optimistic OMD, $\\eta_t=2/(\\lambda t)$",
        oftrl: "Sachs OFTRL",
        oftl: "Sachs OFTL",
        ogd: "OGD $D/(G\\sqrt t)$",
        "ogd-sc": "OGD $1/(\\lambda t)$",
        "oogd-fixed": "optimistic OGD, fixed $\\eta$ (tuned to $P_T$)",
      },
    }),
    hint,
    lambda: lambda("curvature $\\lambda$"),
    delta,
    T: horizon(400, 10, 5000),
    seed: seed(),
  },
  plot: { xLabel: "round t", yLabel: "coordinate", xScale: "linear", yScale: "linear" },
  validate(p) {
    if ((p.learner === "oomd-sc" || p.learner === "oftl" || p.learner === "ogd-sc") && p.env === "LIN") {
      return `${p.learner} needs a strongly convex environment (QUAD or ROT)`;
    }
    return undefined;
  },
  // One learner on one draw in d = 2 (T = 5000: 33 ms, setup included).
  cost: (p) =>
    estimate({
      work: [["T", p.T]],
      unit: "rounds",
      ns: 5 * ballNs(2),
      setupSeconds: 0.05,
      buffers: { runs: 1, x: 400, series: 6 },
      lower: "T",
    }),
});

export const dynamicSchema = declareExperiment({
  id: "omd/dynamic",
  title: "Dynamic regret vs path length P_T (ROT)",
  params: {
    T: horizon(1000),
    r: num({ min: 0.05, max: 1, default: 0.5, step: 0.01, label: "radius $r$ of the moving mean" }),
    s: level(0.3, "noise $s$"),
    lambda: lambda("curvature $\\lambda$"),
    Pmin: num({ min: 0.01, max: 100, default: 0.5, scale: "log", label: "smallest $P_T$" }),
    Pmax: num({ min: 1, max: 20000, default: 200, scale: "log", label: "largest $P_T$" }),
    points: int({ min: 3, max: 30, default: 10, label: "points" }),
    runs: runs(12),
    seed: seed(),
  },
  plot: { xLabel: "path length P_T", yLabel: "dynamic regret Σ F_t(x_t) − F_t(u_t)", xScale: "log", yScale: "log" },
  validate(p) {
    if (p.Pmin >= p.Pmax) return "smallest P_T must be below the largest";
    if (p.Pmax > 2 * p.r * (p.T - 1)) return `P_T ≤ 2r(T − 1) = ${fmt(2 * p.r * (p.T - 1))} on a circle of radius r`;
    return undefined;
  },
  // d = 2; 4 runs × 30 points × 3 learners × T = 20000 took 1.8 s here (250 ns a learner-round).
  cost: (p) =>
    estimate({
      work: [
        ["runs", p.runs],
        ["points", p.points],
        ["learners", 3],
        ["T", p.T],
      ],
      unit: "learner rounds",
      ns: 250,
      setupSeconds: p.points * p.T * 100e-9,
      buffers: { runs: p.runs, x: p.points, series: 3 },
      lower: "runs, the points or T",
    }),
});

export const bridgeSchema = declareExperiment({
  id: "omd/bridge",
  title: "Regret at T over (stochastic level s, adversarial level a)",
  params: {
    env: choice({ options: ["LIN", "QUAD"] as const, default: "LIN", label: "environment" }),
    cells: int({ min: 4, max: 24, default: 12, label: "cells per axis" }),
    sMax: num({ min: 0.1, max: 1, default: 1, step: 0.05, label: "largest noise $s$" }),
    aMax: num({ min: 0.1, max: 1, default: 1, step: 0.05, label: "largest alternation amplitude $a$" }),
    d: dim(10, 5),
    lambda: lambda(),
    delta,
    hint,
    T: horizon(4000),
    runs: runs(20),
    seed: seed(),
  },
  plot: {
    xLabel: "cell k = i·cells + j (s_i rows, a_j columns)",
    yLabel: "pseudo-regret at T",
    xScale: "linear",
    yScale: "linear",
  },
  // Each run rebuilds every cell's problem and plays two learners on it (5 runs × 144 cells × 2 ×
  // T = 4000 at d = 10: 4.1 s here); the setup builds every cell's problem once for its bound.
  cost: (p) =>
    estimate({
      work: [
        ["runs", p.runs],
        ["cells", p.cells * p.cells],
        ["learners", 2],
        ["T", p.T],
      ],
      unit: "learner rounds",
      ns: 1.25 * ballNs(p.d),
      setupSeconds: p.cells * p.cells * p.T * p.d * 10e-9,
      buffers: { runs: p.runs, x: p.cells * p.cells, series: 3 },
      extra: [["a cell's realisation", realisationBytes(p.T, p.d)]],
      lower: "runs, the cells or T",
    }),
});

export const expertsSchema = declareExperiment({
  id: "omd/experts",
  title: "Experts on the simplex: optimistic Hedge (negative entropy) vs Euclidean OOMD",
  params: {
    schedule: schedule("alternating"),
    ...knobs,
    d: dim(31, 8, "experts $N$"),
    delta,
    hint,
    T: horizon(2000),
    runs: runs(20),
    seed: seed(),
  },
  plot: { xLabel: "round T", yLabel: "pseudo-regret against the best expert", xScale: "log", yScale: "linear" },
  cost: (p) => roundsCost(p, 3, simplexNs(p.d), "runs, T or the experts"),
});

export const schemas = [regretSchema, regretLinearSchema, pathSchema, dynamicSchema, bridgeSchema, expertsSchema];
