/**
 * Parameters → problems and learners, for every experiment. Each learner of the regret experiments comes
 * with the bound that certifies it for the chosen hint (or none, with the reason in a note).
 */
import { logGrid } from "../common/grid";
import type { Bound } from "../kit/bound";
import type { ParamValues } from "../params";
import * as B from "./bounds";
import {
  ballDomain,
  type Domain,
  type Learner,
  OnlineGradientDescent,
  OptimisticFTL,
  OptimisticFTRL,
  OptimisticHedge,
  OptimisticOMD,
  simplexDomain,
} from "./learners";
import {
  ballBase,
  type CumulativeStats,
  cumulativeStats,
  effectiveNoise,
  expertsBase,
  makeProblem,
  meanSchedule,
  type Problem,
  Realization,
  romItems,
  rotatingSchedule,
  rotOmegaForPath,
  roundStats,
} from "./problems";
import { type dynamicSchema, fmt, type pathSchema, type regretSchema } from "./schema";
import { type HintKind, Workspace } from "./simulate";

export type SeaSettings = Omit<ParamValues<typeof regretSchema.params>, "hint" | "delta" | "runs" | "seed">;

/** Builds the problem of the regret experiments (ball of radius 1, m̄ = −½ e_1); ROM runs whole passes. */
export function buildProblem(o: SeaSettings): Problem {
  const T = o.env === "ROM" ? o.passes * Math.max(1, Math.floor(o.T / o.passes)) : o.T;
  const s = effectiveNoise(o.schedule, o.s, o.rho);
  const base = ballBase(o.d);
  if (o.env === "ROM") {
    const n = T / o.passes;
    return makeProblem({ env: "ROM", T, d: o.d, s, items: romItems(n, o.d, base, o.a, s), passes: o.passes });
  }
  const m = meanSchedule({ ...o, kind: o.schedule, T, base });
  return makeProblem({ env: o.env, T, d: o.d, s, k: o.k, lambda: o.lambda, m });
}

/** Experts on the N-simplex with the same schedules (losses ⟨ξ_t, p⟩, m̄ = ½·1 − 0.2 e_1). */
export function buildExpertsProblem(o: Omit<SeaSettings, "env" | "k" | "passes" | "lambda">): Problem {
  const s = effectiveNoise(o.schedule, o.s, o.rho);
  const m = meanSchedule({ ...o, kind: o.schedule, base: expertsBase(o.d) });
  return makeProblem({ env: "LIN", domain: "simplex", T: o.T, d: o.d, s, m });
}

export interface LearnerSpec {
  learner: Learner;
  /** The bound that certifies the learner on this problem (absent: `noBound` says why). */
  bound?: Bound<void>;
  noBound?: string;
  /** A hint that overrides the experiment's (e.g. plain Hedge never uses one). */
  hint?: HintKind;
}

/** One problem, its learners with their bounds, and the buffers every run reuses. */
export interface Simulation {
  problem: Problem;
  stats: CumulativeStats;
  specs: LearnerSpec[];
  /** The checkpoints t at which R_t is recorded. */
  grid: Int32Array;
  real: Realization;
  ws: Workspace;
}

type Learners = (p: Problem, stats: CumulativeStats) => LearnerSpec[];

export function simulation(problem: Problem, learners: Learners): Simulation {
  const stats = cumulativeStats(roundStats(problem));
  const [real, ws] = [new Realization(problem), new Workspace(problem)];
  return { problem, stats, specs: learners(problem, stats), grid: logGrid(problem.T, 60), real, ws };
}

type LearnerKey = "oomd" | "oomd-sc" | "oftrl" | "oftl" | "ogd" | "ogd-sc";
const hintName: Record<HintKind, string> = { last: "last gradient", none: "no hint", oracle: "oracle mean" };
const oomdBounds = { last: B.oomdConvex, none: B.oomdConvexNoHint, oracle: B.oomdConvexOracle };
const oomdScBounds = {
  last: B.oomdStronglyConvex,
  none: B.oomdStronglyConvexNoHint,
  oracle: B.oomdStronglyConvexOracle,
};

export function seaInstance(p: Problem, stats: CumulativeStats, delta: number): B.SeaInstance {
  return { d: p.d, D: p.D, G: p.G, L: p.L, lambda: p.lambda, delta, stats };
}

/** The learners on a convex set, by key; the label names the hint for those that use one. */
export function learnerOf(key: LearnerKey, dom: Domain, p: Problem, hint: HintKind, delta: number): Learner {
  const { D, G, L, lambda } = p;
  const h = `(${hintName[hint]})`;
  const sc = { kind: "strongly-convex", lambda } as const;
  const learners: Record<LearnerKey, () => Learner> = {
    oomd: () => new OptimisticOMD("oomd", `optimistic OMD, Chen step ${h}`, dom, { kind: "chen", G, delta }),
    "oomd-sc": () => new OptimisticOMD("oomd-sc", `optimistic OMD, η_t = 2/(λt) ${h}`, dom, sc),
    oftrl: () => new OptimisticFTRL("oftrl", `Sachs OFTRL ${h}`, dom, B.sachsNu(D, G, L)),
    oftl: () => new OptimisticFTL("oftl", `Sachs OFTL ${h}`, dom, lambda),
    ogd: () => new OnlineGradientDescent("ogd", "OGD, η_t = D/(G√t)", dom, { kind: "convex", G }),
    "ogd-sc": () => new OnlineGradientDescent("ogd-sc", "OGD, η_t = 1/(λt)", dom, sc),
  };
  return learners[key]();
}

/** The learners of the regret-vs-T experiments: convex trio, or strongly convex quartet on QUAD. */
export function regretLearners(p: Problem, stats: CumulativeStats, hint: HintKind, delta: number): LearnerSpec[] {
  const dom = ballDomain(p.d, p.R);
  const a = seaInstance(p, stats, delta);
  const make = (key: LearnerKey) => learnerOf(key, dom, p, hint, delta);
  const spec = (key: LearnerKey, b: Bound<B.SeaInstance>) => ({ learner: make(key), bound: B.bindInstance(b, a) });
  const sachsOnlyLast = `no bound drawn (Sachs et al.'s bounds assume the last-gradient hint).`;
  if (p.lambda > 0) {
    const oftl =
      hint === "last" ? spec("oftl", B.sachsOftl) : { learner: make("oftl"), noBound: `OFTL: ${sachsOnlyLast}` };
    return [
      spec("oomd-sc", oomdScBounds[hint]),
      spec("oomd", oomdBounds[hint]),
      oftl,
      spec("ogd-sc", B.ogdStronglyConvex),
    ];
  }
  const noOftrlBound =
    hint !== "last"
      ? `OFTRL: ${sachsOnlyLast}`
      : p.env === "NCVX"
        ? "OFTRL: Sachs et al.'s Thm 5 assumes every f_t convex (A1), which NCVX-IND violates; no bound drawn."
        : undefined;
  const oftrl = noOftrlBound ? { learner: make("oftrl"), noBound: noOftrlBound } : spec("oftrl", B.sachsOftrl);
  return [spec("oomd", oomdBounds[hint]), oftrl, spec("ogd", B.ogd)];
}

/**
 * A ≥ Σ_{s≤t} ‖g_s − M_s‖_∞² path-wise for the experts problem (noise ±s/√N per coordinate), by hint:
 * last: (‖m_1‖_∞ + s/√N)² + Σ_{t≥2} (‖m_t − m_{t−1}‖_∞ + 2s/√N)²; none: Σ (‖m_t‖_∞ + s/√N)²; oracle: t s²/N.
 */
export function hedgeVariation(p: Problem, hint: HintKind): Float64Array {
  const { T, d, m, s } = p;
  const e = s / Math.sqrt(d);
  const A = new Float64Array(T);
  let acc = 0;
  for (let t = 1; t <= T; t++) {
    const row = (t - 1) * d;
    let v = 0;
    for (let i = 0; i < d; i++) {
      const cur = m[row + i];
      const diff = hint === "last" && t > 1 ? cur - m[row - d + i] : hint === "oracle" ? 0 : cur;
      v = Math.max(v, Math.abs(diff));
    }
    const noise = hint === "oracle" ? e : hint === "last" && t > 1 ? 2 * e : e;
    acc += (v + noise) ** 2;
    A[t - 1] = acc;
  }
  return A;
}

/** Learners on the simplex: optimistic Hedge (η tuned for the horizon), Hedge, Euclidean OOMD on the simplex. */
export function expertLearners(p: Problem, stats: CumulativeStats, hint: HintKind, delta: number): LearnerSpec[] {
  const N = p.d;
  const tuned = (A: Float64Array): B.HedgeInstance => ({ N, eta: B.hedgeStep(N, A[p.T - 1]), A });
  const [opt, plain] = [tuned(hedgeVariation(p, hint)), tuned(hedgeVariation(p, "none"))];
  const optLabel = `optimistic Hedge (${hintName[hint]})`;
  return [
    { learner: new OptimisticHedge("hedge-opt", optLabel, N, opt.eta), bound: B.bindInstance(B.optimisticHedge, opt) },
    {
      learner: new OptimisticHedge("hedge", "Hedge (no hint)", N, plain.eta),
      hint: "none",
      bound: B.bindInstance(B.hedge, plain),
    },
    {
      learner: learnerOf("oomd", simplexDomain(N), p, hint, delta),
      bound: B.bindInstance(oomdBounds[hint], seaInstance(p, stats, delta)),
    },
  ];
}

/** Σ_{t≥2} ‖m_t − m_{t−1}‖. */
function pathLength(m: Float64Array, d: number): number {
  let P = 0;
  for (let t = 1; t < m.length / d; t++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += (m[t * d + i] - m[(t - 1) * d + i]) ** 2;
    P += Math.sqrt(s);
  }
  return P;
}

/** omd/path: the problem on the disc, its path length P_T and the one learner followed. */
export function pathSetup(p: ParamValues<typeof pathSchema.params>) {
  const [d, T, lambda] = [2, p.T, p.lambda];
  const m =
    p.env === "ROT"
      ? rotatingSchedule(T, d, p.r, (2 * Math.PI * p.turns) / T)
      : meanSchedule({ ...p, kind: p.schedule, d, base: ballBase(d) });
  const problem = makeProblem({ env: p.env, T, d, s: effectiveNoise(p.schedule, p.s, p.rho), lambda, m });
  const stats = cumulativeStats(roundStats(problem));
  const P = pathLength(m, d);
  const eta = B.dynamicStep(problem.D, P, problem.G, problem.L, stats.sigma2[T - 1], stats.Sigma2[T - 1]);
  const dom = ballDomain(d, problem.R);
  const learner =
    p.learner === "oogd-fixed"
      ? new OptimisticOMD("oogd-fixed", `optimistic OGD, η = ${fmt(eta)}`, dom, { kind: "fixed", eta })
      : learnerOf(p.learner, dom, problem, p.hint, p.delta);
  return { problem, stats, m, P, learner };
}

/** omd/dynamic at path length P: the ROT problem, the tuned step η and the three learners with their hints. */
export function rotPoint(p: ParamValues<typeof dynamicSchema.params>, P: number) {
  const { T, r } = p;
  const m = rotatingSchedule(T, 2, r, rotOmegaForPath(T, r, P));
  const problem = makeProblem({ env: "ROT", T, d: 2, s: p.s, lambda: p.lambda, m });
  const stats = cumulativeStats(roundStats(problem));
  const { D, G, L } = problem;
  const [sigma2, Sigma2] = [stats.sigma2[T - 1], stats.Sigma2[T - 1]];
  const eta = B.dynamicStep(D, P, G, L, sigma2, Sigma2);
  const dom = ballDomain(2, problem.R);
  const learners: [Learner, HintKind][] = [
    [new OptimisticOMD("oogd-fixed", "", dom, { kind: "fixed", eta }), "last"],
    [new OptimisticOMD("ogd-fixed", "", dom, { kind: "fixed", eta }), "none"],
    [new OptimisticOMD("oomd-sc", "", dom, { kind: "strongly-convex", lambda: p.lambda }), "last"],
  ];
  const instance: B.DynamicInstance = { D, G, sigma2, Sigma2, eta };
  return { instance, learners, real: new Realization(problem), ws: new Workspace(problem) };
}
