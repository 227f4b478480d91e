/**
 * Halpern budgets (issue 6): one full operator pass of the paper's 500×500 matrix game against a plain
 * 500×500 matrix–vector product (the floor; a pass is Aᵀy and Ax, so about 2×), and the matrix game
 * with all five methods for 1000 epochs each (budget 20 s), in one thread. Then issue 19's "parallel beyond
 * runs": Figure 1 (a) at a tenth of the paper's budget on two threads, as one chunk (what one run was
 * before) against one chunk per method (run.ts's split by series), pairs alternated; goal ≤ 0.55×.
 */

import { ThreadRunner } from "../scripts/prerender-pool";
import { type ChunkRunner, runExperiment } from "../src/compute/run";
import { figure1 } from "../src/theory/halpern/experiments";
import { matVec } from "../src/theory/halpern/linalg";
import { instanceRng } from "../src/theory/halpern/methods";
import { policemanBurglar } from "../src/theory/halpern/problems";
import { defaults } from "../src/theory/params";
import { type Metric, median } from "./report";

/** Milliseconds per full pass F(u) (n component calls) and per plain row-major A·x, after a warm-up. */
function timeMatrixGamePass(n: number, reps: number): { fullPassMs: number; matVecMs: number } {
  const p = policemanBurglar(n, 0.8, instanceRng(1));
  const u = Float64Array.from(p.u0);
  const out = new Float64Array(2 * n);
  const x = u.subarray(0, n);
  const y = new Float64Array(n);
  for (let r = 0; r < 20; r++) {
    p.op.apply(u, out);
    matVec(p.A, x, y, n);
  }
  let t = performance.now();
  for (let r = 0; r < reps; r++) p.op.apply(u, out);
  const fullPassMs = (performance.now() - t) / reps;
  t = performance.now();
  for (let r = 0; r < reps; r++) matVec(p.A, x, y, n);
  return { fullPassMs, matVecMs: (performance.now() - t) / reps };
}

/** Seconds for Figure 1 (a) on `pool`: through run() (split by series), or as the one chunk of all its methods. */
async function figure1Seconds(pool: ChunkRunner, split: boolean, budgetScale: number): Promise<number> {
  const params = { ...defaults(figure1.params), panel: "matrix-game", budgetScale };
  const t0 = performance.now();
  if (split) {
    let complete = false;
    for await (const t of runExperiment("halpern/figure1", params, { pool })) complete = t.meta.complete;
    if (!complete) throw new Error("Figure 1 did not complete");
  } else {
    await pool.runChunk(
      { experiment: "halpern/figure1", params, runStart: 0, runCount: 1 },
      () => {},
      new AbortController().signal,
    );
  }
  return (performance.now() - t0) / 1000;
}

async function figure1Parallel(): Promise<Metric[]> {
  const pool = new ThreadRunner({ threads: 2, traceBudgetMs: 1e9, deadline: Number.POSITIVE_INFINITY });
  try {
    await figure1Seconds(pool, true, 0.004); // load and compile the modules in both threads
    const ratios: number[] = [];
    const times = { one: [] as number[], split: [] as number[] };
    for (let pair = 0; pair < 3; pair++) {
      const one = await figure1Seconds(pool, false, 0.1);
      const split = await figure1Seconds(pool, true, 0.1);
      times.one.push(one);
      times.split.push(split);
      ratios.push(split / one);
    }
    return [
      { metric: "Figure 1 (a), 500 epochs, 5 methods: one chunk", value: median(times.one), unit: "s" },
      { metric: "Figure 1 (a), 500 epochs: one chunk per method, 2 threads", value: median(times.split), unit: "s" },
      {
        metric: "Figure 1 (a): by series / one chunk (2 threads)",
        value: median(ratios),
        unit: "×",
        budget: 0.55,
        note: `pairs: ${ratios.map((r) => r.toFixed(2)).join(", ")}`,
      },
    ];
  } finally {
    await pool.close();
  }
}

export default async function (): Promise<Metric[]> {
  const pass = timeMatrixGamePass(500, 300);
  const p = { ...defaults(figure1.params), panel: "matrix-game" as const, budgetScale: 1000 / 5000 };
  const t0 = performance.now();
  await figure1.run(p, { runStart: 0, runCount: 1, progress: () => {} });
  const gameSeconds = (performance.now() - t0) / 1000;
  return [
    { metric: "500×500 game: one full operator pass", value: pass.fullPassMs * 1000, unit: "µs" },
    {
      metric: "500×500 plain matrix–vector product (the floor)",
      value: pass.matVecMs * 1000,
      unit: "µs",
      note: `pass / mat-vec = ${(pass.fullPassMs / pass.matVecMs).toFixed(2)} (a pass is two mat-vecs)`,
    },
    { metric: "500×500 game, 5 methods × 1000 epochs, one seed", value: gameSeconds, unit: "s", note: "budget 20 s" },
    ...(await figure1Parallel()),
  ];
}
