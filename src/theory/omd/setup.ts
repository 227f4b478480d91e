/**
 * Wiring shared by the experiments: parameters → problem, learners and their bound curves. Each learner
 * comes with the bound that certifies it for the chosen hint (or none, with the reason in a note).
 */
import {
  hedgeBound,
  hedgeStep,
  ogdBound,
  ogdStronglyConvexBound,
  oomdConvexBound,
  oomdConvexBoundNoHint,
  oomdConvexBoundOracle,
  oomdStronglyConvexBound,
  oomdStronglyConvexBoundNoHint,
  oomdStronglyConvexBoundOracle,
  sachsNu,
  sachsOftlBound,
  sachsOftrlBound,
} from "./bounds";
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
  type EnvKind,
  effectiveNoise,
  expertsBase,
  makeProblem,
  meanSchedule,
  type Problem,
  romItems,
  type ScheduleKind,
} from "./problems";
import type { HintKind } from "./simulate";

export interface SeaSettings {
  env: EnvKind;
  schedule: ScheduleKind;
  s: number;
  a: number;
  B: number;
  C: number;
  rho: number;
  k: number;
  passes: number;
  d: number;
  lambda: number;
  T: number;
}

/** The horizon actually simulated: ROM needs whole passes, T = P ⌊T/P⌋. */
export function effectiveHorizon(o: SeaSettings): number {
  return o.env === "ROM" ? o.passes * Math.max(1, Math.floor(o.T / o.passes)) : o.T;
}

/** Builds the problem of the regret experiments (ball of radius 1, m̄ = −½ e_1). */
export function buildProblem(o: SeaSettings): Problem {
  const T = effectiveHorizon(o);
  const s = effectiveNoise(o.schedule, o.s, o.rho);
  const base = ballBase(o.d);
  if (o.env === "ROM") {
    const n = T / o.passes;
    return makeProblem({ env: "ROM", T, d: o.d, s, items: romItems(n, o.d, base, o.a, s), passes: o.passes });
  }
  const m = meanSchedule({ kind: o.schedule, T, d: o.d, base, a: o.a, B: o.B, C: o.C, rho: o.rho });
  return makeProblem({ env: o.env, T, d: o.d, s, k: o.k, lambda: o.lambda, m });
}

/** Experts on the N-simplex with the same schedules (losses ⟨ξ_t, p⟩, m̄ = ½·1 − 0.2 e_1). */
export function buildExpertsProblem(o: Omit<SeaSettings, "env" | "k" | "passes" | "lambda">): Problem {
  const s = effectiveNoise(o.schedule, o.s, o.rho);
  const m = meanSchedule({
    kind: o.schedule,
    T: o.T,
    d: o.d,
    base: expertsBase(o.d),
    a: o.a,
    B: o.B,
    C: o.C,
    rho: o.rho,
  });
  return makeProblem({ env: "LIN", domain: "simplex", T: o.T, d: o.d, s, m });
}

export interface BoundSpec {
  key: string;
  label: string;
  tex: string;
  cite: string;
  kind: "upper" | "reference";
  /** The bound at horizon t (1 ≤ t ≤ T), from the prefix statistics. */
  at(t: number): number;
}

export interface LearnerSpec {
  learner: Learner;
  bound?: BoundSpec;
  /** Why no bound is drawn, when none is. */
  noBound?: string;
  /** A hint that overrides the experiment's (e.g. plain Hedge never uses one). */
  hint?: HintKind;
}

const hintName: Record<HintKind, string> = { last: "last gradient", none: "no hint", oracle: "oracle mean" };

export function isStronglyConvex(p: Problem): boolean {
  return p.lambda > 0;
}

/** Chen's OOMD with the bound matching the hint (all derived). */
function oomdConvex(p: Problem, dom: Domain, stats: CumulativeStats, hint: HintKind, delta: number): LearnerSpec {
  const { D, G, L } = p;
  const learner = new OptimisticOMD("oomd", `optimistic OMD, Chen step (${hintName[hint]})`, dom, {
    kind: "chen",
    G,
    delta,
  });
  const cite = "derived bound for this implementation (spec omd-sea §1.4c; not Chen et al.'s constants)";
  const bound: BoundSpec =
    hint === "last"
      ? {
          key: "oomd-bound",
          label: "OOMD derived bound 5D/2·√(δ+5G²+8σ²+4Σ²) + 25D³L²/√(δ+4G²)",
          tex: "\\tfrac{5D}{2}\\sqrt{\\delta+5G^2+8\\sigma^2_{1:T}+4\\Sigma^2_{1:T}}+\\tfrac{25D^3L^2}{\\sqrt{\\delta+4G^2}}",
          cite,
          kind: "upper",
          at: (t) => oomdConvexBound(D, G, L, delta, stats.sigma2[t - 1], stats.Sigma2[t - 1]),
        }
      : hint === "none"
        ? {
            key: "oomd-bound",
            label: "OOMD derived bound (no hint) 5D/2·√(δ+4G²+G²T)",
            tex: "\\tfrac{5D}{2}\\sqrt{\\delta+4G^2+G^2T}",
            cite,
            kind: "upper",
            at: (t) => oomdConvexBoundNoHint(D, G, delta, t),
          }
        : {
            key: "oomd-bound",
            label: "OOMD derived bound (oracle hint) 5D/2·√(δ+4G²+2σ²) + 25D³L²/(2√(δ+4G²))",
            tex: "\\tfrac{5D}{2}\\sqrt{\\delta+4G^2+2\\sigma^2_{1:T}}+\\tfrac{25D^3L^2}{2\\sqrt{\\delta+4G^2}}",
            cite,
            kind: "upper",
            at: (t) => oomdConvexBoundOracle(D, G, L, delta, stats.sigma2[t - 1]),
          };
  return { learner, bound };
}

function oomdStrong(p: Problem, dom: Domain, stats: CumulativeStats, hint: HintKind): LearnerSpec {
  const { D, G, L, lambda } = p;
  const learner = new OptimisticOMD("oomd-sc", `optimistic OMD, η_t = 2/(λt) (${hintName[hint]})`, dom, {
    kind: "strongly-convex",
    lambda,
  });
  const cite = "derived bound for this implementation (spec omd-sea §1.4c; step size a reconstruction)";
  const { sigma2Max, Sigma2Max } = stats;
  const bound: BoundSpec =
    hint === "last"
      ? {
          key: "oomd-sc-bound",
          label: "OOMD-sc derived bound 2G²/λ + 8/λ(2σ²max+Σ²max)ln T + 8L²D²/λ·ln(3+8L/λ)",
          tex: "\\tfrac{2G^2}{\\lambda}+\\tfrac{8}{\\lambda}(2\\sigma^2_{\\max}+\\Sigma^2_{\\max})\\ln T+\\tfrac{8L^2D^2}{\\lambda}\\ln(3+\\tfrac{8L}{\\lambda})",
          cite,
          kind: "upper",
          at: (t) => oomdStronglyConvexBound(G, L, D, lambda, sigma2Max, Sigma2Max, t),
        }
      : hint === "none"
        ? {
            key: "oomd-sc-bound",
            label: "OOMD-sc derived bound (no hint) 2G²/λ·(1+ln T)",
            tex: "\\tfrac{2G^2}{\\lambda}(1+\\ln T)",
            cite,
            kind: "upper",
            at: (t) => oomdStronglyConvexBoundNoHint(G, lambda, t),
          }
        : {
            key: "oomd-sc-bound",
            label: "OOMD-sc derived bound (oracle hint) 4σ²max/λ(1+ln T) + 4L²D²/λ(1+ln(2+6L/λ)) + λD²/4",
            tex: "\\tfrac{4\\sigma^2_{\\max}}{\\lambda}(1+\\ln T)+\\tfrac{4L^2D^2}{\\lambda}\\big(1+\\ln(2+\\tfrac{6L}{\\lambda})\\big)+\\tfrac{\\lambda D^2}{4}",
            cite,
            kind: "upper",
            at: (t) => oomdStronglyConvexBoundOracle(L, D, lambda, sigma2Max, t),
          };
  return { learner, bound };
}

/** The learners of the regret-vs-T experiments: convex trio, or strongly convex quartet on QUAD. */
export function regretLearners(p: Problem, stats: CumulativeStats, hint: HintKind, delta: number): LearnerSpec[] {
  const dom = ballDomain(p.d, p.R);
  const { D, G, L } = p;
  const sachsOnlyLast = "Sachs et al.'s bounds assume the last-gradient hint";
  if (isStronglyConvex(p)) {
    const lambda = p.lambda;
    return [
      oomdStrong(p, dom, stats, hint),
      oomdConvex(p, dom, stats, hint, delta),
      {
        learner: new OptimisticFTL("oftl", `Sachs OFTL (${hintName[hint]})`, dom, lambda),
        ...(hint === "last"
          ? {
              bound: {
                key: "oftl-bound",
                label: "Sachs Thm 7: (1/μ)Σ(8σ²max+4Σt²)/t + 4D²L²/μ·log(1+16L/μ) + GD",
                tex: "\\tfrac1\\mu\\sum_{t\\le T}\\tfrac{8\\sigma^2_{\\max}+4\\Sigma_t^2}{t}+\\tfrac{4D^2L^2}{\\mu}\\log(1+\\tfrac{16L}{\\mu})+GD",
                cite: "Sachs, Hadiji, van Erven & Guzmán (2022), Thm 7",
                kind: "upper" as const,
                at: (t: number) => sachsOftlBound(lambda, G, D, L, stats.sigma2Max, stats.harmonicSigma2[t - 1], t),
              },
            }
          : { noBound: `OFTL: no bound drawn (${sachsOnlyLast}).` }),
      },
      {
        learner: new OnlineGradientDescent("ogd-sc", "OGD, η_t = 1/(λt)", dom, { kind: "strongly-convex", lambda }),
        bound: {
          key: "ogd-sc-bound",
          label: "OGD: G²/(2λ)·(1 + ln T)",
          tex: "\\tfrac{G^2}{2\\lambda}(1+\\ln T)",
          cite: "Hazan (2016), Thm 3.3 (recalled)",
          kind: "upper",
          at: (t) => ogdStronglyConvexBound(G, lambda, t),
        },
      },
    ];
  }
  const nu = sachsNu(D, G, L);
  const oftrl: LearnerSpec = { learner: new OptimisticFTRL("oftrl", `Sachs OFTRL (${hintName[hint]})`, dom, nu) };
  if (hint !== "last") oftrl.noBound = `OFTRL: no bound drawn (${sachsOnlyLast}).`;
  else if (p.env === "NCVX")
    oftrl.noBound =
      "OFTRL: Sachs et al.'s Thm 5 assumes every f_t convex (A1), which NCVX-IND violates; no bound drawn.";
  else
    oftrl.bound = {
      key: "oftrl-bound",
      label: "Sachs Thm 5: 6D√σ² + 3√2D√Σ² + (3√2/2)DG + ν + (4D²G²+9L²D⁴)/ν, ν = LD²+DG",
      tex: "6D\\sqrt{\\sigma^2_{1:T}}+3\\sqrt2D\\sqrt{\\Sigma^2_{1:T}}+\\tfrac{3\\sqrt2}{2}DG+\\nu+\\tfrac{4D^2G^2+9L^2D^4}{\\nu}",
      cite: "Sachs, Hadiji, van Erven & Guzmán (2022), Thm 5",
      kind: "upper",
      at: (t) => sachsOftrlBound(D, G, L, stats.sigma2[t - 1], stats.Sigma2[t - 1], nu),
    };
  return [
    oomdConvex(p, dom, stats, hint, delta),
    oftrl,
    {
      learner: new OnlineGradientDescent("ogd", "OGD, η_t = D/(G√t)", dom, { kind: "convex", G }),
      bound: {
        key: "ogd-bound",
        label: "OGD: 3/2·GD√T",
        tex: "\\tfrac32GD\\sqrt T",
        cite: "Hazan (2016), Thm 3.1",
        kind: "upper",
        at: (t) => ogdBound(G, D, t),
      },
    },
  ];
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
  const A = hedgeVariation(p, hint);
  const A0 = hedgeVariation(p, "none");
  const eta = hedgeStep(N, A[p.T - 1]);
  const eta0 = hedgeStep(N, A0[p.T - 1]);
  const hedgeTex = "\\frac{\\ln N}{\\eta}+\\frac{\\eta}{2}\\sum_t\\|g_t-M_t\\|_\\infty^2";
  const cite = "derived (spec omd-sea §1.3a: optimistic OMD with negative entropy, Pinsker)";
  return [
    {
      learner: new OptimisticHedge("hedge-opt", `optimistic Hedge (${hintName[hint]})`, N, eta),
      bound: {
        key: "hedge-opt-bound",
        label: "optimistic Hedge: ln N/η + η/2·Σ‖g−M‖∞²",
        tex: hedgeTex,
        cite,
        kind: "upper",
        at: (t) => hedgeBound(N, eta, A[t - 1]),
      },
    },
    {
      learner: new OptimisticHedge("hedge", "Hedge (no hint)", N, eta0),
      hint: "none",
      bound: {
        key: "hedge-bound",
        label: "Hedge: ln N/η + η/2·Σ‖g‖∞²",
        tex: "\\frac{\\ln N}{\\eta}+\\frac{\\eta}{2}\\sum_t\\|g_t\\|_\\infty^2",
        cite,
        kind: "upper",
        at: (t) => hedgeBound(N, eta0, A0[t - 1]),
      },
    },
    oomdConvex(p, simplexDomain(N), stats, hint, delta),
  ];
}
