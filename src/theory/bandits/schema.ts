/** What the page needs of the bandit experiments: their declarations (no algorithm code). */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
import { backend, int, labelledChoice, multi, num, numbers, seed } from "../params";
import { LOSS_PRESETS, MEAN_PRESETS, POLICY_IDS, POLICY_LABELS, type PolicyId } from "./options";

/**
 * CPU nanoseconds per round of each policy with K arms, a + b·K (simulation and reward included),
 * timed here on 100 runs × T = 20000 at K = 3 and K = 10, rounded up: UCB1 230/235, KL-UCB
 * 2470/9190, Thompson 1040/3060, ε-greedy 240/300, Exp3 260/510, SE 100/120. (The WebGPU kernel is
 * faster, but a run it cannot take falls back to the CPU, so the CPU's cost is what is estimated.)
 */
const POLICY_NS: Record<PolicyId, readonly [number, number]> = {
  ucb1: [200, 10],
  klucb: [100, 800],
  ts: [170, 290],
  egreedy: [200, 10],
  exp3: [150, 40],
  se: [90, 5],
};
const roundNs = (policies: readonly PolicyId[], K: number) =>
  policies.reduce((s, id) => s + POLICY_NS[id][0] + POLICY_NS[id][1] * K, 0) / Math.max(1, policies.length);
const armsOf = (means: string) => means.split(",").length;

/** Parameters shared by the regret and sweep experiments. */
const policyParams = {
  epsilon: num({ min: 0.001, max: 0.5, default: 0.05, scale: "log", label: "ε-greedy's $\\varepsilon$" }),
  exp3Mode: labelledChoice("Exp3 learning rate", {
    anytime: "anytime ηₜ = √(ln K/(tK))",
    fixed: "fixed η = √(2 ln K/(TK)), tuned for T",
  }),
};

const meansParam = (label: string, help?: string) =>
  numbers({ min: 0, max: 1, minLength: 2, maxLength: 20, default: "0.9,0.8,0.5", label, presets: MEAN_PRESETS, help });

const policiesParam = (defaults: PolicyId[]) =>
  multi({ options: POLICY_IDS, default: defaults, label: "policies", optionLabels: POLICY_LABELS });

const atLeastOnePolicy = (p: { policies: readonly string[] }) =>
  p.policies.length === 0 ? "choose at least one policy" : undefined;

export const regretSchema = declareExperiment({
  id: "bandits/regret",
  title: "Regret against t: UCB1, Thompson sampling, Exp3 and friends",
  params: {
    env: labelledChoice("environment", {
      bernoulli: "Bernoulli arms",
      gaussian: "Gaussian arms",
      switching: "adversarial: switching best arm (doubling phases)",
    }),
    means: meansParam(
      "arm means $\\mu$ (type or pick)",
      "Means in [0, 1], separated by commas; Bernoulli arms need them there, Gaussian arms add noise σ.",
    ),
    sigma: num({ min: 0.05, max: 2, default: 0.5, scale: "log", label: "Gaussian noise $\\sigma$" }),
    policies: policiesParam(["ucb1", "ts", "exp3"]),
    // Defaults sized for the slider-to-plot budget (≤ 300 ms on 2 workers): Thompson sampling costs
    // ~550 ns a round at K = 3 (six Gamma draws, ~13 Philox words), UCB1 ~80 ns, Exp3 ~150 ns, so
    // 1000 runs × 300 rounds × these three is ~0.25 s of CPU, ~0.13 s per worker; with the ~90 ms the
    // three plots reading the trace take to draw, that keeps the slider-to-plot budget (T = 500 did not).
    T: int({ min: 100, max: 100_000, default: 300, scale: "log", label: "horizon $T$" }),
    runs: int({ min: 10, max: 5000, default: 1000, scale: "log", label: "runs" }),
    ...policyParams,
    xScale: labelledChoice("checkpoints on a", { log: "log t grid", linear: "linear t grid" }),
    backend: backend({ auto: "auto (WebGPU on a hardware adapter)", webgpu: "WebGPU" }),
    seed: seed(),
  },
  independentSeries: (p) => p.policies.map(() => 1),
  plot: { xLabel: "round t", yLabel: "regret Rₜ", xScale: "log", yScale: "linear" },
  validate: atLeastOnePolicy,
  cost: (p) =>
    estimate({
      work: { runs: p.runs, T: p.T, policies: p.policies.length },
      unit: "rounds",
      ns: roundNs(p.policies, armsOf(p.means)),
      buffers: { runs: p.runs, x: 100, series: p.policies.length },
      lower: "runs, T or the policies",
    }),
  gpu: "bandits",
});

/** The swept instances of bandits/sweep (experiments.ts `sweepValues`): arms and horizon of each. */
function sweptInstances(p: { sweep: string; points: number; T: number; means: string }): { K: number; T: number }[] {
  const at = (from: number, to: number) => [
    ...new Set(Array.from({ length: p.points }, (_, i) => Math.round(from * (to / from) ** (i / (p.points - 1))))),
  ];
  if (p.sweep === "gap") return Array.from({ length: p.points }, () => ({ K: 2, T: p.T }));
  if (p.sweep === "arms") return at(2, 32).map((K) => ({ K, T: p.T }));
  return at(100, p.T).map((T) => ({ K: armsOf(p.means), T }));
}

/** Regret at the horizon against a swept parameter (SMPyBandits issue #149). */
export const sweepSchema = declareExperiment({
  id: "bandits/sweep",
  title: "Regret at the horizon against the gap, the number of arms, or the horizon",
  params: {
    sweep: labelledChoice("sweep", {
      gap: "gap Δ (two arms 0.5 ± Δ/2)",
      arms: "number of arms K (one arm 0.6, the rest 0.5)",
      horizon: "horizon T (fresh runs at each T)",
    }),
    means: meansParam("arm means (horizon sweep)"),
    policies: policiesParam(["ucb1", "ts"]),
    T: int({
      min: 100,
      max: 100_000,
      default: 1000,
      scale: "log",
      label: "horizon $T$ (largest $T$ in the horizon sweep)",
    }),
    points: int({ min: 3, max: 16, default: 6, label: "swept values" }),
    runs: int({ min: 10, max: 2000, default: 100, scale: "log", label: "runs per value" }),
    ...policyParams,
    seed: seed(),
  },
  plot: { xLabel: "swept parameter (Δ, K or T)", yLabel: "regret R_T", xScale: "log", yScale: "log" },
  validate: (p) =>
    atLeastOnePolicy(p) ??
    (p.sweep === "horizon" && p.T < 200 ? "the horizon sweep needs T ≥ 200 (it runs from 100 to T)" : undefined),
  cost(p) {
    const points = sweptInstances(p);
    const rounds = points.reduce((s, pt) => s + pt.T, 0);
    const ns = points.reduce((s, pt) => s + pt.T * roundNs(p.policies, pt.K), 0) / rounds;
    return estimate({
      work: { runs: p.runs, "T summed over the swept values": rounds, policies: p.policies.length },
      unit: "rounds",
      ns,
      buffers: { runs: p.runs, x: points.length, series: p.policies.length },
      lower: "runs, T, the swept values or the policies",
    });
  },
});

/** The tallying problem's parameters (weighted tallying bandits, a reconstruction: spec § 3). */
const tallyingParams = {
  K: int({ min: 2, max: 10, default: 5, label: "actions $K$" }),
  m: int({ min: 1, max: 50, default: 5, label: "true memory $m$" }),
  gamma: num({ min: 0.5, max: 1, default: 0.9, label: "weight decay $\\gamma$ in $w_i=\\gamma^{i-1}$", step: 0.01 }),
  losses: labelledChoice("losses $\\ell_a(y)=b_a-g_a y/W$", LOSS_PRESETS),
  noise: num({ min: 0.01, max: 0.5, default: 0.1, scale: "log", label: "noise $\\sigma$" }),
};

/**
 * CPU nanoseconds per round of blocked successive elimination with true memory m (the tally is a
 * loop over the last m plays), timed here on 100 runs × T = 10⁴ × 3 variants: 60 ns at m = 1, 114 at
 * m = 5, 191 at m = 20, 296 at m = 50. The 16 calibration runs of c₁ come on top (setup).
 */
function tallyingCost(p: Record<"m" | "T" | "runs", number>, work: Record<string, number>, x: number, lower: string) {
  const ns = 70 + 5 * p.m;
  const buffers = { runs: p.runs, x, series: work.variants };
  return estimate({ work, unit: "rounds", ns, setupSeconds: CALIBRATION_RUNS * p.T * ns * 1e-9, buffers, lower });
}

/** Runs of doubling-block SE that fit c₁ (tallying-experiments.ts), the same in every chunk. */
export const CALIBRATION_RUNS = 16;

export const tallyingSchema = declareExperiment({
  id: "bandits/tallying",
  title: "Weighted tallying bandits (reconstruction): complete policy regret against T",
  params: {
    ...tallyingParams,
    M: int({ min: 1, max: 200, default: 10, label: "known memory bound $M\\ge m$" }),
    T: int({ min: 1000, max: 100_000, default: 10_000, scale: "log", label: "horizon $T$" }),
    runs: int({ min: 10, max: 1000, default: 100, scale: "log", label: "runs" }),
    seed: seed(),
  },
  plot: {
    xLabel: "round t",
    yLabel: "CPR proxy Σℓₜ − t·ℓ_{a*}(W)",
    xScale: "log",
    yScale: "log",
    theoryExponent: 0.5,
    fitFrom: 1000,
  },
  validate: (p) => (p.M < p.m ? `the known bound M = ${p.M} must be at least the memory m = ${p.m}` : undefined),
  cost: (p) => tallyingCost(p, { runs: p.runs, T: p.T, variants: 3 }, 80, "runs or T"),
});

export const tallyingMSchema = declareExperiment({
  id: "bandits/tallying-m",
  title: "Weighted tallying bandits (reconstruction): CPR at T against the memory bound M",
  params: {
    ...tallyingParams,
    Mmax: int({ min: 2, max: 200, default: 60, label: "largest $M$" }),
    points: int({ min: 3, max: 16, default: 8, label: "values of $M$" }),
    T: int({ min: 1000, max: 100_000, default: 5000, scale: "log", label: "horizon $T$" }),
    runs: int({ min: 10, max: 1000, default: 50, scale: "log", label: "runs per $M$" }),
    seed: seed(),
  },
  plot: { xLabel: "known memory bound M", yLabel: "CPR proxy at T", xScale: "linear", yScale: "linear" },
  validate: (p) => (p.Mmax <= p.m ? `the largest M (${p.Mmax}) must exceed the memory m = ${p.m}` : undefined),
  cost: (p) => {
    const work = { runs: p.runs, "values of M": Math.min(p.points, p.Mmax - p.m + 1), T: p.T, variants: 2 };
    return tallyingCost(p, work, p.points, "runs, T or the values of M");
  },
});

export const schemas = [regretSchema, sweepSchema, tallyingSchema, tallyingMSchema];
