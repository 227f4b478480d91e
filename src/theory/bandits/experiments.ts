import { linearGrid, logGrid, logspace } from "../common/grid";
import { experiment } from "../experiment";
import { backend, choice, int, multi, num, numbers, seed } from "../params";
import type { BoundCurve, RunChunk } from "../trace";
import {
  exp3AnytimeBound,
  exp3FixedBound,
  laiRobbinsConstant,
  lsUcbBound,
  minimaxLowerBound,
  tsOrderCurve,
  ucb1Bound,
} from "./bounds";
import { POLICY_IDS, POLICY_LABELS, type PolicyConfig, type PolicyId } from "./policies";
import { type BanditEnv, MEAN_PRESETS, parseMeans, stationaryEnv, switchingEnv } from "./problems";
import { simulatePolicies } from "./runner";
import { tallyingByM, tallyingVsT } from "./tallying-experiments";

const CITE = {
  ucb1: "Auer, Cesa-Bianchi & Fischer (2002), Thm 1",
  ls71: "Lattimore & Szepesvári (2020), Thm 7.1",
  lai: "Lai & Robbins (1985); Lattimore & Szepesvári (2020), §16.1",
  ts: "Agrawal & Goyal (2013), problem-independent bound (order only)",
  exp3: "Bubeck & Cesa-Bianchi (2012), Thm 3.1",
  minimax: "Bubeck & Cesa-Bianchi (2012), Thm 3.4",
};

const policyOptionLabels = POLICY_LABELS;

/** Parameters shared by the regret and sweep experiments. */
const policyParams = {
  epsilon: num({ min: 0.001, max: 0.5, default: 0.05, scale: "log", label: "ε-greedy's $\\varepsilon$" }),
  exp3Mode: choice({
    options: ["anytime", "fixed"],
    default: "anytime",
    label: "Exp3 learning rate",
    optionLabels: { anytime: "anytime ηₜ = √(ln K/(tK))", fixed: "fixed η = √(2 ln K/(TK)), tuned for T" },
  }),
};

function policyConfig(env: BanditEnv, T: number, p: { epsilon: number; exp3Mode: "anytime" | "fixed" }): PolicyConfig {
  return { K: env.K, model: env.model, sigma: env.sigma, T, epsilon: p.epsilon, exp3Mode: p.exp3Mode };
}

export function policyLabel(id: PolicyId, p: { epsilon: number; exp3Mode: string }): string {
  if (id === "egreedy") return `ε-greedy (ε = ${p.epsilon})`;
  if (id === "exp3") return `Exp3 (${p.exp3Mode === "anytime" ? "anytime ηₜ" : "fixed η"})`;
  return POLICY_LABELS[id];
}

/** The policies and environments the WebGPU kernel implements (workers/gpu/bandits.ts). */
export const GPU_POLICIES: readonly PolicyId[] = ["ucb1", "ts", "exp3"];

export function gpuSupports(p: { env: string; policies: readonly string[] }): string | undefined {
  if (p.env !== "bernoulli") return "the WebGPU kernel simulates Bernoulli arms only";
  const other = p.policies.filter((id) => !GPU_POLICIES.includes(id as PolicyId));
  if (other.length) return `the WebGPU kernel has UCB1, Thompson sampling and Exp3 only (not ${other.join(", ")})`;
  return undefined;
}

export const regretParams = {
  env: choice({
    options: ["bernoulli", "gaussian", "switching"],
    default: "bernoulli",
    label: "environment",
    optionLabels: {
      bernoulli: "Bernoulli arms",
      gaussian: "Gaussian arms",
      switching: "adversarial: switching best arm (doubling phases)",
    },
  }),
  means: numbers({
    min: 0,
    max: 1,
    minLength: 2,
    maxLength: 20,
    default: "0.9,0.8,0.5",
    label: "arm means $\\mu$ (type or pick)",
    presets: MEAN_PRESETS,
    help: "Means in [0, 1], separated by commas; Bernoulli arms need them there, Gaussian arms add noise σ.",
  }),
  sigma: num({ min: 0.05, max: 2, default: 0.5, scale: "log", label: "Gaussian noise $\\sigma$" }),
  policies: multi({
    options: POLICY_IDS,
    default: ["ucb1", "ts", "exp3"],
    label: "policies",
    optionLabels: policyOptionLabels,
  }),
  // Defaults sized for the slider-to-plot budget (≤ 300 ms on 2 workers): Thompson sampling costs
  // ~550 ns a round at K = 3 (six Gamma draws, ~13 Philox words), UCB1 ~80 ns, Exp3 ~150 ns, so
  // 1000 runs × 300 rounds × these three is ~0.25 s of CPU, ~0.13 s per worker; with the ~90 ms the
  // three plots reading the trace take to draw, that keeps the slider-to-plot budget (T = 500 did not).
  T: int({ min: 100, max: 100_000, default: 300, scale: "log", label: "horizon $T$" }),
  runs: int({ min: 10, max: 5000, default: 1000, scale: "log", label: "runs" }),
  ...policyParams,
  xScale: choice({
    options: ["log", "linear"],
    default: "log",
    label: "checkpoints on a",
    optionLabels: { log: "log t grid", linear: "linear t grid" },
  }),
  backend: backend({ auto: "auto (WebGPU on a hardware adapter)", webgpu: "WebGPU" }),
  seed: seed(),
};

export type RegretParams = {
  env: "bernoulli" | "gaussian" | "switching";
  means: string;
  sigma: number;
  policies: PolicyId[];
  T: number;
  runs: number;
  epsilon: number;
  exp3Mode: "anytime" | "fixed";
  xScale: "log" | "linear";
  backend: "auto" | "cpu" | "webgpu";
  seed: number;
};

export function regretEnv(p: Pick<RegretParams, "env" | "means" | "sigma" | "T">): BanditEnv {
  const means = parseMeans(p.means);
  return p.env === "switching" ? switchingEnv(means.length, p.T) : stationaryEnv(means, p.env, p.sigma);
}

export function regretGrid(p: Pick<RegretParams, "T" | "xScale">): Int32Array {
  return p.xScale === "log" ? logGrid(p.T, 100) : linearGrid(p.T, 100);
}

/** The overlays for a regret-vs-t plot: which theorems apply depends on the environment and policies. */
export function regretBounds(
  env: BanditEnv,
  p: RegretParams,
  xs: Float64Array,
): { bounds: BoundCurve[]; notes: string[] } {
  const bounds: BoundCurve[] = [];
  const notes: string[] = [];
  const has = (id: PolicyId) => p.policies.includes(id);
  const K = env.K;
  const means = env.phaseMeans.subarray(0, K);
  if (env.stationary) {
    if (has("ucb1")) {
      // [0,1] rewards are ½-subgaussian; σ-Gaussian rewards rescaled by 1/(2σ) are too (the proof only uses Hoeffding's tail).
      const s = env.model === "gaussian" ? 2 * env.sigma : 1;
      const scaled = means.map((m) => m / s);
      bounds.push({
        key: "ucb1",
        label: env.model === "gaussian" ? "UCB1 bound (rescaled by 2σ)" : "UCB1 bound 8 Σ ln t/Δᵢ + (1+π²/3) Σ Δⱼ",
        tex: "8\\sum_{i:\\Delta_i>0}\\frac{\\ln t}{\\Delta_i}+\\Big(1+\\frac{\\pi^2}{3}\\Big)\\sum_j\\Delta_j",
        cite: CITE.ucb1,
        kind: "upper",
        appliesTo: ["ucb1"],
        y: xs.map((t) => s * ucb1Bound(scaled, t)),
      });
      if (env.model === "bernoulli") {
        bounds.push({
          key: "ls71",
          label: "L&S Thm 7.1: 3 Σ Δᵢ + 16 Σ ln t/Δᵢ (UCB with δ = 1/t², reference)",
          tex: "3\\sum_i\\Delta_i+\\sum_{i:\\Delta_i>0}\\frac{16\\ln t}{\\Delta_i}",
          cite: CITE.ls71,
          kind: "reference",
          y: xs.map((t) => lsUcbBound(means, t)),
        });
      }
    }
    const C = laiRobbinsConstant(means, env.model, env.sigma);
    bounds.push({
      key: "lai-robbins",
      label: `Lai–Robbins C(μ) ln t, C(μ) = ${C.toFixed(4)} (asymptotic: rate matched by TS and KL-UCB)`,
      tex: "\\sum_{i:\\Delta_i>0}\\frac{\\Delta_i}{\\mathrm{kl}(\\mu_i,\\mu^\\star)}\\,\\ln t",
      cite: CITE.lai,
      kind: "asymptotic",
      y: xs.map((t) => C * Math.log(t)),
    });
    notes.push(
      "Lai–Robbins is a liminf as t → ∞ for consistent policies: at finite t a good policy may sit below it; that is not a violation.",
    );
    if (has("ts")) {
      bounds.push({
        key: "ts-order",
        label: "√(K t ln t) (order of TS's bound only; constant 1)",
        tex: "\\sqrt{K\\,t\\ln t}",
        cite: CITE.ts,
        kind: "reference",
        appliesTo: ["ts"],
        y: xs.map((t) => tsOrderCurve(t, K)),
      });
    }
  } else {
    notes.push(
      "The switching adversary is not stochastic: UCB1's, Thompson's and Lai–Robbins' guarantees do not apply. Regret is against the best fixed arm in hindsight for the sequence of means.",
    );
  }
  if (has("exp3") && env.model === "bernoulli") {
    if (p.exp3Mode === "anytime") {
      bounds.push({
        key: "exp3",
        label: "Exp3 (anytime) 2√(tK ln K)",
        tex: "2\\sqrt{tK\\ln K}",
        cite: `${CITE.exp3}, eq. (3.3)`,
        kind: "upper",
        appliesTo: ["exp3"],
        y: xs.map((t) => exp3AnytimeBound(t, K)),
      });
    } else {
      bounds.push({
        key: "exp3-fixed",
        label: "Exp3 (fixed η) √(2TK ln K), at its tuning horizon T only",
        tex: "\\sqrt{2TK\\ln K}\\ \\text{at } t=T",
        cite: `${CITE.exp3}, eq. (3.2)`,
        kind: "upper",
        appliesTo: ["exp3"],
        x: Float64Array.of(p.T),
        y: Float64Array.of(exp3FixedBound(p.T, K)),
      });
    }
  } else if (has("exp3")) {
    notes.push("Exp3 sees Gaussian rewards clipped to [0, 1]; its [0, 1]-loss bound is not drawn.");
  }
  bounds.push({
    key: "minimax",
    label: "minimax lower bound √(tK)/20: no algorithm can beat this on its worst instance",
    tex: "\\tfrac{1}{20}\\sqrt{tK}",
    cite: `${CITE.minimax} (for t ≥ K; not a bound for this instance)`,
    kind: "lower",
    y: xs.map((t) => minimaxLowerBound(t, K)),
  });
  return { bounds, notes };
}

export const regretVsT = experiment({
  id: "bandits/regret",
  title: "Regret against t: UCB1, Thompson sampling, Exp3 and friends",
  params: regretParams,
  runsParam: "runs",
  plot: { xLabel: "round t", yLabel: "regret Rₜ", xScale: "log", yScale: "linear" },
  validate(p) {
    if (p.policies.length === 0) return "choose at least one policy";
    if (p.backend === "webgpu") return gpuSupports(p);
    return undefined;
  },
  run(p, ctx): RunChunk {
    const env = regretEnv(p);
    const grid = regretGrid(p);
    const xs = Float64Array.from(grid);
    const values = simulatePolicies(env, p.policies, policyConfig(env, p.T, p), grid, {
      seed: p.seed,
      runStart: ctx.runStart,
      runCount: ctx.runCount,
      onRun: (f) => ctx.progress(null, f),
    });
    const { bounds, notes } = regretBounds(env, p as RegretParams, xs);
    notes.unshift(
      `${env.label}; ${env.stationary ? "pseudo-regret Σ Δᵢ Tᵢ(t)" : "regret against the best fixed arm"}.`,
    );
    return {
      x: xs,
      series: p.policies.map((id, i) => ({
        key: id,
        label: policyLabel(id, p),
        values: values[i],
        runs: ctx.runCount,
      })),
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes,
    };
  },
});

/** Regret at the horizon against a swept parameter (SMPyBandits issue #149). */
export const regretSweep = experiment({
  id: "bandits/sweep",
  title: "Regret at the horizon against the gap, the number of arms, or the horizon",
  params: {
    sweep: choice({
      options: ["gap", "arms", "horizon"],
      default: "gap",
      label: "sweep",
      optionLabels: {
        gap: "gap Δ (two arms 0.5 ± Δ/2)",
        arms: "number of arms K (one arm 0.6, the rest 0.5)",
        horizon: "horizon T (fresh runs at each T)",
      },
    }),
    means: numbers({
      min: 0,
      max: 1,
      minLength: 2,
      maxLength: 20,
      default: "0.9,0.8,0.5",
      label: "arm means (horizon sweep)",
      presets: MEAN_PRESETS,
    }),
    policies: multi({
      options: POLICY_IDS,
      default: ["ucb1", "ts"],
      label: "policies",
      optionLabels: policyOptionLabels,
    }),
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
  runsParam: "runs",
  plot: { xLabel: "swept parameter (Δ, K or T)", yLabel: "regret R_T", xScale: "log", yScale: "log" },
  validate(p) {
    if (p.policies.length === 0) return "choose at least one policy";
    if (p.sweep === "horizon" && p.T < 200) return "the horizon sweep needs T ≥ 200 (it runs from 100 to T)";
    return undefined;
  },
  run(p, ctx): RunChunk {
    const xs = sweepValues(p.sweep, p.points, p.T);
    const n = xs.length;
    const series = p.policies.map((id) => ({
      key: id,
      label: policyLabel(id, p),
      values: new Float64Array(ctx.runCount * n),
      runs: ctx.runCount,
    }));
    const curves = {
      ucb1: new Float64Array(n),
      lai: new Float64Array(n),
      exp3: new Float64Array(n),
      minimax: new Float64Array(n),
    };
    for (let j = 0; j < n; j++) {
      const { env, T } = sweepInstance(p.sweep, xs[j], p.T, p.means);
      const grid = Int32Array.of(T);
      const means = env.phaseMeans;
      const vals = simulatePolicies(env, p.policies, policyConfig(env, T, p), grid, {
        seed: p.seed,
        runStart: ctx.runStart,
        runCount: ctx.runCount,
        substream: j,
        onRun: (f) => ctx.progress(null, (j + f) / n),
      });
      vals.forEach((v, i) => {
        for (let r = 0; r < ctx.runCount; r++) series[i].values[r * n + j] = v[r];
      });
      curves.ucb1[j] = ucb1Bound(means, T);
      curves.lai[j] = laiRobbinsConstant(means) * Math.log(T);
      curves.exp3[j] = p.exp3Mode === "anytime" ? exp3AnytimeBound(T, env.K) : exp3FixedBound(T, env.K);
      curves.minimax[j] = minimaxLowerBound(T, env.K);
    }
    const has = (id: PolicyId) => p.policies.includes(id);
    const bounds: BoundCurve[] = [];
    if (has("ucb1")) {
      bounds.push({
        key: "ucb1",
        label: "UCB1 bound at T",
        tex: "8\\sum_i\\frac{\\ln T}{\\Delta_i}+\\big(1+\\frac{\\pi^2}{3}\\big)\\sum_j\\Delta_j",
        cite: CITE.ucb1,
        kind: "upper",
        appliesTo: ["ucb1"],
        y: curves.ucb1,
      });
    }
    bounds.push({
      key: "lai-robbins",
      label: "Lai–Robbins C(μ) ln T (asymptotic)",
      tex: "C(\\mu)\\ln T",
      cite: CITE.lai,
      kind: "asymptotic",
      y: curves.lai,
    });
    if (has("exp3")) {
      bounds.push({
        key: "exp3",
        label: p.exp3Mode === "anytime" ? "Exp3 2√(TK ln K)" : "Exp3 √(2TK ln K) (η tuned for each T)",
        tex: p.exp3Mode === "anytime" ? "2\\sqrt{TK\\ln K}" : "\\sqrt{2TK\\ln K}",
        cite: CITE.exp3,
        kind: "upper",
        appliesTo: ["exp3"],
        y: curves.exp3,
      });
    }
    bounds.push({
      key: "minimax",
      label: "minimax lower bound √(TK)/20 (worst instance)",
      tex: "\\tfrac1{20}\\sqrt{TK}",
      cite: CITE.minimax,
      kind: "lower",
      y: curves.minimax,
    });
    const what = {
      gap: "gap Δ of two Bernoulli arms 0.5 ± Δ/2",
      arms: "K Bernoulli arms (0.6, 0.5, …, 0.5)",
      horizon: `horizon T on (${p.means})`,
    }[p.sweep];
    return {
      x: xs,
      series,
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes: [`Regret at the horizon against the ${what}; each value has its own independent runs.`],
    };
  },
});

export function sweepValues(sweep: "gap" | "arms" | "horizon", points: number, T: number): Float64Array {
  if (sweep === "gap") return logspace(0.02, 0.8, points);
  if (sweep === "arms") return Float64Array.from(new Set(Array.from(logspace(2, 32, points), Math.round)));
  return Float64Array.from(new Set(Array.from(logspace(100, T, points), Math.round)));
}

export function sweepInstance(
  sweep: "gap" | "arms" | "horizon",
  x: number,
  T: number,
  preset: string,
): { env: BanditEnv; T: number } {
  if (sweep === "gap") return { env: stationaryEnv(Float64Array.of(0.5 + x / 2, 0.5 - x / 2), "bernoulli"), T };
  if (sweep === "arms") {
    const means = new Float64Array(x).fill(0.5);
    means[0] = 0.6;
    return { env: stationaryEnv(means, "bernoulli"), T };
  }
  return { env: stationaryEnv(parseMeans(preset), "bernoulli"), T: x };
}

export const experiments = [regretVsT, regretSweep, tallyingVsT, tallyingByM];
