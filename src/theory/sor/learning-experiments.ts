/** The learning experiments: each run is one trial of the online protocol (simulate.ts). */
import { linearGrid, logGrid } from "../common/grid";
import { curve } from "../kit/bound";
import { defineExperiment } from "../kit/define";
import { batchUsesWasm } from "./batch";
import { thm21, thm22 } from "./bounds";
import { METHOD_LABELS, type Method, ORDERING_LABELS } from "./options";
import { PAPER_M, SHIFT_MIN, SHIFT_SPAN, shiftScale } from "./problems";
import { choicesSchema, learningSchema, paperSchema, regretSchema } from "./schema";
import { bestFixed, codeTrial, prefixRegret, runTrial } from "./simulate";
import { laplacianBeta, laplacianLambdaMin } from "./young";

/** Which solver produced the counts (the same numbers either way). */
function countSolver(): string {
  return batchUsesWasm()
    ? "solved in WebAssembly SIMD, all of an instance's ω in one batch"
    : "solved one ω at a time in JavaScript (no WebAssembly SIMD here)";
}

/** Above the paper's m, why and how the shifts are scaled (a difference from the paper); none at m ≤ 10. */
function shiftNotes(m: number): string[] {
  if (m <= PAPER_M) return [];
  const s = shiftScale(m);
  const lo = (s * SHIFT_MIN).toFixed(4);
  const hi = (s * (SHIFT_MIN + SHIFT_SPAN)).toFixed(4);
  return [
    `Difference from the paper: at m = ${m}, λ_min(A) = 8 sin²(π/(2(m+1))) = ${laplacianLambdaMin(m).toFixed(4)} < 0.15, so the paper's shifts would make A + c_t I indefinite; they are scaled by λ_min(${m})/λ_min(10) = ${s.toFixed(4)} (c_t ∈ [${lo}, ${hi}], the learners' context interval likewise), which keeps every A_t positive definite.`,
  ];
}

/** Notes for solves that diverged (none on the scaled shifts: kept as a safeguard). */
function divergedNotes(diverged: number): string[] {
  return diverged
    ? [
        `${diverged} solves diverged (the residual grew 1000-fold, or past 2√κ(A)): A_t is not positive definite; their series are cut there.`,
      ]
    : [];
}

/** A series whose run met a diverged solve (its value NaN) is marked diverged from its first NaN point. */
function markDiverged(rows: Float64Array[], diverged: (series: number, j: number) => void): void {
  rows.forEach((row, i) => {
    const j = row.findIndex(Number.isNaN);
    if (j >= 0) diverged(i, j);
  });
}

function learningExperiment(schema: typeof learningSchema) {
  return defineExperiment(schema, {
    setup(p) {
      const cfg = codeTrial(p, p.methods, p.hindsight);
      // Capped and diverged solves and each run's best fixed ω, over this chunk's runs (for the notes).
      return { cfg, grid: linearGrid(p.T, 250), tally: { capped: 0, diverged: 0, hindsight: [] as string[] } };
    },
    x: (s) => s.grid,
    series: ({ cfg }, p) => [
      ...cfg.methods.map((k) => ({
        key: k,
        label: k === "fixed" ? `fixed ω = ${cfg.fixedOmega.toFixed(2)}` : METHOD_LABELS[k],
      })),
      ...(p.hindsight ? [{ key: "hindsight", label: "best fixed ω in hindsight" }] : []),
    ],
    step({ run, rows, progress, diverged }, { cfg, grid, tally }, p) {
      const res = runTrial(cfg, p.seed, run, progress);
      tally.capped += res.capped;
      tally.diverged += res.diverged;
      const d = cfg.grid.length;
      const curves = cfg.methods.map((k) => res.costs.get(k)!);
      if (res.table) {
        const best = bestFixed(res.table, d);
        curves.push(Float64Array.from({ length: p.T }, (_, t) => res.table![t * d + best.index]));
        tally.hindsight.push(cfg.grid[best.index].toFixed(2));
      }
      curves.forEach((costs, j) => {
        let cum = 0;
        let g = 0;
        for (let t = 0; t < p.T; t++) {
          cum += costs[t];
          if (t + 1 === grid[g]) rows[j][g++] = p.y === "average" ? cum / (t + 1) : cum;
        }
      });
      if (res.diverged) markDiverged(rows, diverged);
    },
    notes: ({ tally }, p) => [
      ...(tally.capped ? [`${tally.capped} solves hit the 10000-sweep cap (counted as 10000).`] : []),
      ...divergedNotes(tally.diverged),
      ...shiftNotes(p.m),
      ...(tally.hindsight.length ? [`Best fixed grid ω in hindsight, per trial: ${tally.hindsight.join(", ")}.`] : []),
      `Counts use ${ORDERING_LABELS[p.ordering]} SOR, ε = 1e-8 relative, m = ${p.m} (n = ${p.m * p.m}); ${countSolver()}.`,
    ],
  });
}

export const learning = learningExperiment(learningSchema);
export const paper = learningExperiment(paperSchema);

/** (c) The ω each learner plays at each t, next to Young's ω*(c_t) and the shift c_t itself. */
export const choices = defineExperiment(choicesSchema, {
  setup: (p) => codeTrial(p, [...p.learners, "instance-optimal"], false),
  x: (_cfg, p) => Float64Array.from({ length: p.T }, (_, t) => t + 1),
  series: (cfg) => [
    ...cfg.methods.map((k) => ({
      key: k,
      label: k === "instance-optimal" ? "Young's ω*(c_t)" : `${METHOD_LABELS[k]}: ω_t`,
    })),
    { key: "shift", label: "shift c_t (context)" },
  ],
  step({ run, rows, progress }, cfg, p) {
    const res = runTrial(cfg, p.seed, run, progress);
    for (const [j, k] of cfg.methods.entries()) rows[j].set(res.omegas.get(k)!);
    rows[cfg.methods.length].set(res.contexts);
  },
  notes: (_cfg, p) => [
    "Series 'shift c_t' is the context; plot ω_t against it to compare with ω*(c) = 2/(1 + √(1 − β_c²)).",
    ...shiftNotes(p.m),
  ],
});

/** (d) Regret against t on log-log axes, with the theorems' rates. */
export const regret = defineExperiment(regretSchema, {
  setup(p) {
    const hindsight = p.comparator === "best-fixed";
    const methods: Method[] = hindsight ? [...p.learners] : [...p.learners, "instance-optimal"];
    return { hindsight, cfg: codeTrial(p, methods, hindsight), grid: logGrid(p.T, 120), tally: { diverged: 0 } };
  },
  x: (s) => s.grid,
  series: (_s, p) => p.learners.map((k) => ({ key: k, label: METHOD_LABELS[k] })),
  step({ run, rows, progress, diverged }, { hindsight, cfg, grid, tally }, p) {
    const res = runTrial(cfg, p.seed, run, progress);
    tally.diverged += res.diverged;
    const regretT = new Float64Array(p.T);
    p.learners.forEach((k, j) => {
      const costs = res.costs.get(k)!;
      if (hindsight) prefixRegret(costs, res.table!, cfg.grid.length, regretT);
      else {
        const opt = res.costs.get("instance-optimal")!;
        let acc = 0;
        for (let t = 0; t < p.T; t++) regretT[t] = acc += costs[t] - opt[t];
      }
      for (let g = 0; g < grid.length; g++) rows[j][g] = regretT[grid[g] - 1];
    });
    if (res.diverged) markDiverged(rows, diverged);
  },
  bounds({ hindsight }, p, xs) {
    // Worst-case inputs fixed by the parameters (β at the smallest shift), the same in every chunk.
    const s = shiftScale(p.m);
    const inputs = {
      betas: new Float64Array(p.T).fill(laplacianBeta(p.m, s * SHIFT_MIN)),
      tau: p.tau,
      eps: 1e-8,
      shiftMin: s * SHIFT_MIN,
      shiftSpan: s * SHIFT_SPAN,
    };
    return [curve(hindsight ? thm21 : thm22, xs, inputs)];
  },
  notes: ({ hindsight, tally }, p) => [
    hindsight
      ? "Regret R(t) = Σ_{s≤t} SOR_s(ω_s) − min_i Σ_{s≤t} SOR_s(g_i) over the code's grid linspace(1, 1.95, 20)."
      : "Regret against Young's ω*(c_t) can be negative: ω* is asymptotically, not empirically, optimal (points ≤ 0 are off the log axis).",
    "The theorem curves are stated for the theorem's tuned grid, step and normalisation, not for the code-style runs plotted (η_t = 2/√t, d = 20, data-driven scale); compare slopes, not levels. With ω_max = ω*(c_min) they are far above the data at these T.",
    `Counts ${countSolver()}.`,
    ...divergedNotes(tally.diverged),
    ...shiftNotes(p.m),
  ],
});
