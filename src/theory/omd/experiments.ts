/**
 * Experiments of notebooks/omd-sea.md (Chen, Tu, Zhao & Zhang, ICML 2023, on the SEA model of Sachs
 * et al. 2022). Run r draws from Rng(seed, r[, cell]) and all learners of a run see the same draws
 * (common random numbers), so splitting runs across workers never changes a figure.
 */
import { linearGrid, logspace } from "../common/grid";
import { curve, curveOf } from "../kit/bound";
import { defineExperiment, type ExperimentImpl, type RunScope } from "../kit/define";
import { dynamicRegret, expConcave } from "./bounds";
import { type CumulativeStats, cumulativeStats, type Problem, Realization, roundStats } from "./problems";
import * as S from "./schema";
import {
  buildExpertsProblem,
  buildProblem,
  expertLearners,
  type LearnerSpec,
  pathSetup,
  regretLearners,
  rotPoint,
  type Simulation,
  seaInstance,
  simulation,
} from "./setup";
import { type HintKind, runLearner, Workspace } from "./simulate";

const fmt = S.fmt;

function statsNote(problem: Problem, stats: CumulativeStats): string[] {
  const T = problem.T;
  return [
    `σ²₁:T = ${fmt(stats.sigma2[T - 1])}, Σ²₁:T = ${fmt(stats.Sigma2[T - 1])} (closed form at T = ${T}); σ²max = ${fmt(stats.sigma2Max)}, Σ²max = ${fmt(stats.Sigma2Max)} (t ≥ 2).`,
    `D = ${fmt(problem.D)}, G = ${fmt(problem.G)}, L = ${fmt(problem.L)}${problem.lambda > 0 ? `, λ = ${fmt(problem.lambda)}` : ""}, s = ${fmt(problem.s)}.`,
  ];
}

/** R_t of every learner on one draw: one series per learner, each with the bound that certifies it. */
const regretVsT = {
  x: (s: Simulation) => s.grid,
  series: (s: Simulation) => s.specs.map(({ learner }) => ({ key: learner.key, label: learner.label })),
  step({ rng, rows, diverged }: RunScope, s: Simulation, p: { hint: HintKind }) {
    s.real.draw(rng);
    s.specs.forEach((spec, i) => {
      const bad = runLearner(s.ws, s.real, spec.learner, spec.hint ?? p.hint, s.grid, rows[i], 0);
      if (bad >= 0) diverged(i, bad);
    });
  },
  bounds: (s: Simulation, _p: unknown, xs: Float64Array) =>
    s.specs.flatMap(({ learner, bound }) => (bound ? [curve(bound, xs, undefined, { appliesTo: [learner.key] })] : [])),
};

function regretImpl(logAxis: boolean): ExperimentImpl<typeof S.regretSchema.params, Simulation> {
  return {
    ...regretVsT,
    setup: (p) => simulation(buildProblem(p), (q, stats) => regretLearners(q, stats, p.hint, p.delta)),
    bounds(s, p, xs) {
      const out = regretVsT.bounds(s, p, xs);
      if (s.problem.env === "EXPC") out.push(curve(expConcave, xs, seaInstance(s.problem, s.stats, p.delta)));
      return out;
    },
    notes({ problem, stats, specs }, p, { values }) {
      const notes = statsNote(problem, stats);
      for (const s of specs) if (s.noBound) notes.push(s.noBound);
      if (problem.T !== p.T) notes.push(`ROM runs whole passes: T = P·⌊T/P⌋ = ${problem.T}.`);
      if (problem.env === "EXPC")
        notes.push(
          `EXPC: α = 1/G² = ${fmt(1 / (problem.G * problem.G))}; the learners are the convex ones (the exp-concave OONS-type algorithm is not implemented).`,
        );
      if (logAxis && values.some((v) => v.some((x) => x <= 0)))
        notes.push("Static regret is ≤ 0 in some runs: a log axis hides those points; use omd/regret-linear.");
      return notes;
    },
  };
}

export const regret = defineExperiment(S.regretSchema, regretImpl(true));
export const regretLinear = defineExperiment(S.regretLinearSchema, regretImpl(false));

export const path = defineExperiment(S.pathSchema, {
  setup(p) {
    const at = linearGrid(p.T, 400);
    const path = { at, x: new Float64Array(at.length * 2), u: new Float64Array(at.length * 2) };
    return { ...pathSetup(p), path, regretAtT: new Float64Array(1) };
  },
  x: (s) => s.path.at,
  series: ({ problem, learner }) => [
    { key: "x1", label: `iterate x_t, coordinate 1 (${learner.label})` },
    { key: "x2", label: "iterate x_t, coordinate 2" },
    {
      key: "u1",
      label: problem.dynamic
        ? "comparator u_t = m_t, coordinate 1"
        : "comparator u*_t = argmin Σ_{s≤t} F_s, coordinate 1",
    },
    { key: "u2", label: "comparator, coordinate 2" },
    { key: "m1", label: "mean m_t, coordinate 1" },
    { key: "m2", label: "mean m_t, coordinate 2" },
  ],
  step({ rng, rows }, { problem, m, learner, path, regretAtT }, p) {
    const real = new Realization(problem).draw(rng);
    runLearner(new Workspace(problem), real, learner, p.hint, Int32Array.of(problem.T), regretAtT, 0, path);
    path.at.forEach((t, j) => {
      for (let i = 0; i < 2; i++) {
        rows[i][j] = path.x[2 * j + i];
        rows[2 + i][j] = path.u[2 * j + i];
        rows[4 + i][j] = m[2 * (t - 1) + i];
      }
    });
  },
  notes: ({ problem, stats, P, regretAtT }) => [
    `Draw (x1, x2) as a path over t; the feasible set is the unit disc. ${problem.dynamic ? "Dynamic" : "Static"} regret at T: ${fmt(regretAtT[0])}; P_T = ${fmt(P)}.`,
    ...statsNote(problem, stats),
  ],
});

export const dynamic = defineExperiment(S.dynamicSchema, {
  setup(p) {
    const Ps = logspace(p.Pmin, p.Pmax, p.points);
    return { Ps, points: Array.from(Ps, (P) => rotPoint(p, P)) };
  },
  x: (s) => s.Ps,
  series: () => [
    { key: "oogd-fixed", label: "optimistic OGD, fixed η tuned to P_T (last-gradient hint)" },
    { key: "ogd-fixed", label: "OGD, same fixed η, no hint" },
    { key: "oomd-sc", label: "optimistic OMD, η_t = 2/(λt) (a static-regret learner)" },
  ],
  step({ stream, rows }, { points }, p) {
    const out = new Float64Array(1);
    points.forEach(({ real, ws, learners }, j) => {
      real.draw(stream(j));
      learners.forEach(([learner, hint], i) => {
        runLearner(ws, real, learner, hint, Int32Array.of(p.T), out, 0);
        rows[i][j] = out[0];
      });
    });
  },
  bounds({ Ps, points }) {
    const y = Float64Array.from(Ps, (P, j) => dynamicRegret.at(P, points[j].instance));
    return [curveOf(dynamicRegret, y, points[0].instance, { appliesTo: ["oogd-fixed"] })];
  },
  notes: ({ Ps, points }) => [
    `ROT: m_t = r(cos ωt, sin ωt), ω chosen so that P_T = (T−1)·2r·sin(ω/2); Σ²₁:T = λ²(1+r)² + λ²P_T²/(T−1), σ²₁:T = λ²s²T.`,
    `Tuned η ranges from ${fmt(points[0].instance.eta)} (P_T = ${fmt(Ps[0])}) to ${fmt(points[Ps.length - 1].instance.eta)} (P_T = ${fmt(Ps[Ps.length - 1])}); η ≤ 1/(4L).`,
  ],
});

export const bridge = defineExperiment(S.bridgeSchema, {
  setup(p) {
    const n = p.cells;
    // Cell k = i·n + j keeps its settings, not its problem: 24² problems of T·d means would not fit.
    const boundAtT = new Float64Array(n * n);
    let shown: LearnerSpec[] = [];
    const cells = Array.from({ length: n * n }, (_, k) => {
      const settings = {
        ...{ env: p.env, d: p.d, lambda: p.lambda, T: p.T },
        ...{ schedule: "alternating" as const, B: 1, C: 0, rho: 0, k: 0, passes: 1 },
        s: (p.sMax * Math.floor(k / n)) / (n - 1),
        a: (p.aMax * (k % n)) / (n - 1),
      };
      const problem = buildProblem(settings);
      const all = regretLearners(problem, cumulativeStats(roundStats(problem)), p.hint, p.delta);
      shown = [all[0], all[all.length - 1]]; // OOMD (strongly convex on QUAD) and OGD
      boundAtT[k] = shown[0].bound!.at(p.T);
      return { settings, learners: shown.map((spec) => spec.learner) };
    });
    const [oomd, ogd] = shown;
    return { cells, oomd, ogd, boundAtT };
  },
  x: (s) => Float64Array.from(s.cells, (_, k) => k),
  series: ({ oomd, ogd }) => [
    { key: oomd.learner.key, label: oomd.learner.label },
    { key: ogd.learner.key, label: ogd.learner.label },
    { key: "gap", label: `${oomd.learner.key} − ${ogd.learner.key} (paired runs; < 0: optimism wins)` },
  ],
  step({ stream, rows }, { cells }, p) {
    const at = Int32Array.of(p.T);
    const out = new Float64Array(1);
    cells.forEach(({ settings, learners }, k) => {
      const problem = buildProblem(settings);
      const real = new Realization(problem).draw(stream(k));
      const ws = new Workspace(problem);
      for (let i = 0; i < 2; i++) {
        runLearner(ws, real, learners[i], p.hint, at, out, 0);
        rows[i][k] = out[0];
      }
      rows[2][k] = rows[0][k] - rows[1][k];
    });
  },
  bounds({ oomd, boundAtT }) {
    // x is the cell, not T: the bound's rate exponent in T does not apply here.
    const { exponent: _, ...atT } = curveOf(oomd.bound!, boundAtT, undefined, { appliesTo: [oomd.learner.key] });
    return [{ ...atT, label: `derived bound for ${oomd.learner.key} at T (per cell)` }];
  },
  notes: (_s, p) => [
    `Cell k = i·${p.cells} + j: noise s_i = ${p.sMax}·i/${p.cells - 1} (rows), alternation amplitude a_j = ${p.aMax}·j/${p.cells - 1} (columns), m_t = m̄ + a_j(−1)^t e₂, T = ${p.T}.`,
    "σ²₁:T ∝ s²T grows down the rows, Σ²₁:T ≈ 4a²T across the columns (closed form in each cell's bound).",
  ],
});

export const experts = defineExperiment(S.expertsSchema, {
  ...regretVsT,
  setup: (p) => simulation(buildExpertsProblem(p), (q, stats) => expertLearners(q, stats, p.hint, p.delta)),
  notes: ({ problem, stats }) => [
    ...statsNote(problem, stats),
    "Hedge step sizes are tuned for the horizon T from a path-wise bound on Σ‖g_t − M_t‖²_∞ (noise ±s/√N per expert).",
  ],
});

export const experiments = [regret, regretLinear, path, dynamic, bridge, experts];
