/** Regret against t and at the horizon against a swept parameter, for every policy in policies.ts. */
import { linearGrid, logGrid, logspace } from "../common/grid";
import type { Rng } from "../common/rng";
import { type Bound, type CurveOptions, curve, curveOf } from "../kit/bound";
import { defineExperiment, type RunScope, type SeriesDecl } from "../kit/define";
import type { ParamValues } from "../params";
import type { BoundCurve } from "../trace";
import { type Arms, exp3Anytime, exp3Fixed, laiRobbins, ls71, minimax, tsOrder, ucb1 } from "./bounds";
import { POLICY_LABELS, type PolicyId } from "./options";
import { makePolicy, Ucb1 } from "./policies";
import { type BanditEnv, firstMeans, parseMeans, stationaryEnv, switchingEnv } from "./problems";
import { F32Stream } from "./sampling";
import { regretSchema, sweepSchema } from "./schema";
import { recorderFor, simulateRun } from "./simulate";
import { tallyingByM, tallyingVsT } from "./tallying-experiments";
import { ucb1RunWasm } from "./ucb1-fast";

type PolicyParams = { policies: PolicyId[]; epsilon: number; exp3Mode: "anytime" | "fixed" };

function policyLabel(id: PolicyId, p: PolicyParams): string {
  if (id === "egreedy") return `ε-greedy (ε = ${p.epsilon})`;
  if (id === "exp3") return `Exp3 (${p.exp3Mode === "anytime" ? "anytime ηₜ" : "fixed η"})`;
  return POLICY_LABELS[id];
}

/** One series per chosen policy; `run(i)` plays policy i. */
function policySeries<S>(p: PolicyParams, run: (i: number) => (scope: RunScope, s: S) => void): SeriesDecl<S>[] {
  return p.policies.map((id, i) => ({ key: id, label: policyLabel(id, p), run: run(i) }));
}

/** One environment at one horizon, with each chosen policy tuned for it. */
function instance(env: BanditEnv, grid: Int32Array, p: PolicyParams) {
  const T = grid[grid.length - 1];
  const cfg = { K: env.K, model: env.model, sigma: env.sigma, T, epsilon: p.epsilon, exp3Mode: p.exp3Mode };
  const arms: Arms = { means: firstMeans(env), model: env.model, sigma: env.sigma };
  return {
    env,
    arms,
    T,
    rec: recorderFor(env, grid),
    policies: p.policies.map((id) => makePolicy(id, cfg)),
    counts: new Float64Array(env.K),
  };
}

type Instance = ReturnType<typeof instance>;

/**
 * Plays policy i of the instance once on the stream `rng` (a RunScope's, fresh), writing its
 * checkpoints into row[offset …]. UCB1 runs on the WebAssembly kernel where it loads: the same words
 * and arithmetic, so the same bits (ucb1-fast.ts).
 */
function play(s: Instance, i: number, rng: Rng, row: Float64Array, offset = 0): void {
  const policy = s.policies[i];
  if (policy instanceof Ucb1 && rng.untouched && ucb1RunWasm(s.env, s.rec, policy.width, rng, row, offset, s.counts))
    return;
  simulateRun(s.env, policy, new F32Stream(rng), s.rec, row, offset, s.counts);
}

export const regretVsT = defineExperiment(regretSchema, {
  setup(p) {
    const means = parseMeans(p.means);
    const env = p.env === "switching" ? switchingEnv(means.length, p.T) : stationaryEnv(means, p.env, p.sigma);
    const grid = p.xScale === "log" ? logGrid(p.T, 100) : linearGrid(p.T, 100);
    return { ...instance(env, grid, p), grid };
  },
  x: (s) => s.grid,
  // Every policy sees the same stream Rng(seed, run): common random numbers (simulate.ts, DRAW ORDER).
  series: (_s, p) => policySeries<Instance>(p, (i) => (scope, s) => play(s, i, scope.rng, scope.row)),
  bounds({ env, arms }, p, xs) {
    const has = (id: PolicyId) => p.policies.includes(id);
    const out: BoundCurve[] = [];
    if (env.stationary) {
      if (has("ucb1")) out.push(curve(ucb1, xs, arms, { appliesTo: ["ucb1"] }));
      if (has("ucb1") && env.model === "bernoulli") out.push(curve(ls71, xs, arms));
      out.push(curve(laiRobbins, xs, arms));
      if (has("ts")) out.push(curve(tsOrder, xs, arms, { appliesTo: ["ts"] }));
    }
    if (has("exp3") && env.model === "bernoulli") {
      const fixed = p.exp3Mode === "fixed";
      out.push(
        curve(fixed ? exp3Fixed : exp3Anytime, xs, arms, {
          appliesTo: ["exp3"],
          x: fixed ? Float64Array.of(p.T) : undefined,
        }),
      );
    }
    out.push(curve(minimax, xs, arms));
    return out;
  },
  notes({ env }, p) {
    const notes = [
      `${env.label}; ${env.stationary ? "pseudo-regret Σ Δᵢ Tᵢ(t)" : "regret against the best fixed arm"}.`,
      env.stationary
        ? "Lai–Robbins is a liminf as t → ∞ for consistent policies: at finite t a good policy may sit below it; that is not a violation."
        : "The switching adversary is not stochastic: UCB1's, Thompson's and Lai–Robbins' guarantees do not apply. Regret is against the best fixed arm in hindsight for the sequence of means.",
    ];
    if (p.policies.includes("exp3") && env.model !== "bernoulli")
      notes.push("Exp3 sees Gaussian rewards clipped to [0, 1]; its [0, 1]-loss bound is not drawn.");
    return notes;
  },
});

type SweepParams = ParamValues<typeof sweepSchema.params>;

function sweepValues(p: SweepParams): Float64Array {
  if (p.sweep === "gap") return logspace(0.02, 0.8, p.points);
  const [from, to] = p.sweep === "arms" ? [2, 32] : [100, p.T];
  return Float64Array.from(new Set(Array.from(logspace(from, to, p.points), Math.round)));
}

/** The instance at swept value x: two arms 0.5 ± x/2, x arms (0.6, 0.5, …), or the means at horizon x. */
function sweepInstance(p: SweepParams, x: number): Instance {
  if (p.sweep === "horizon") return instance(stationaryEnv(parseMeans(p.means), "bernoulli"), Int32Array.of(x), p);
  const means = p.sweep === "gap" ? Float64Array.of(0.5 + x / 2, 0.5 - x / 2) : new Float64Array(x).fill(0.5);
  if (p.sweep === "arms") means[0] = 0.6;
  return instance(stationaryEnv(means, "bernoulli"), Int32Array.of(p.T), p);
}

/** Regret at the horizon against a swept parameter (SMPyBandits issue #149). */
export const regretSweep = defineExperiment(sweepSchema, {
  setup(p) {
    const xs = sweepValues(p);
    return { xs, points: Array.from(xs, (x) => sweepInstance(p, x)) };
  },
  x: (s) => s.xs,
  // Swept value j of run r plays on Rng(seed, r, j): every value has its own independent runs.
  series: (_s, p) =>
    policySeries<{ points: Instance[] }>(p, (i) => (scope, s) => {
      for (let j = 0; j < s.points.length; j++) play(s.points[j], i, scope.stream(j), scope.row, j);
    }),
  bounds({ points }, p) {
    const has = (id: PolicyId) => p.policies.includes(id);
    const atHorizon = (b: Bound<Arms>, opts: CurveOptions = {}) =>
      curveOf(
        b,
        Float64Array.from(points, (pt) => b.at(pt.T, pt.arms)),
        { ...points[0].arms, swept: true },
        opts,
      );
    const out: BoundCurve[] = [];
    if (has("ucb1")) out.push(atHorizon(ucb1, { appliesTo: ["ucb1"] }));
    out.push(atHorizon(laiRobbins));
    if (has("exp3"))
      out.push(atHorizon(p.exp3Mode === "anytime" ? exp3Anytime : exp3Fixed, { key: "exp3", appliesTo: ["exp3"] }));
    out.push(atHorizon(minimax));
    return out;
  },
  notes: (_s, p) => {
    const what = {
      gap: "gap Δ of two Bernoulli arms 0.5 ± Δ/2",
      arms: "K Bernoulli arms (0.6, 0.5, …, 0.5)",
      horizon: `horizon T on (${p.means})`,
    }[p.sweep];
    return [`Regret at the horizon against the ${what}; each value has its own independent runs.`];
  },
});

export const experiments = [regretVsT, regretSweep, tallyingVsT, tallyingByM];
