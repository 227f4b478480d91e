/**
 * Halpern budgets (issue 6): one full operator pass of the paper's 500×500 matrix game against a plain
 * 500×500 matrix–vector product (the floor; a pass is Aᵀy and Ax, so about 2×), and the matrix game
 * with all five methods for 1000 epochs each (budget 20 s), in one thread. Then issue 19's "parallel beyond
 * runs": Figure 1 (a) at a tenth of the paper's budget on two threads, as one chunk (what one run was
 * before) against one chunk per method (run.ts's split by series), pairs alternated; goal ≤ 0.55×.
 * And issue 19's "dense operators near the memory limit": the operator apply of the n×n game
 * (n = 200, 500, 1000) on the SIMD kernel (runs.ts) against the plain loop it replaced, kept below as
 * the baseline, reps alternated, in GFLOP/s against the stream triad's mat-vec limit; goal ≥ 3×.
 */

import { ThreadRunner } from "../scripts/prerender-pool";
import { type ChunkRunner, runExperiment } from "../src/compute/run";
import { figure1 } from "../src/theory/halpern/experiments";
import { matVec } from "../src/theory/halpern/linalg";
import { instanceRng } from "../src/theory/halpern/methods";
import { policemanBurglar } from "../src/theory/halpern/problems";
import { encodeRuns, type Runs } from "../src/theory/halpern/runs";
import { defaults } from "../src/theory/params";
import { type Metric, median } from "./report";
import { matVecLimit, streamTriad } from "./stream";

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

/** The operator apply before the SIMD kernel (the baseline only): one running sum a row, in order. */
function plainApply(rows: Runs, q: Float64Array, u: Float64Array, out: Float64Array): void {
  for (let l = 0; l < q.length; l++) {
    let s = -q[l];
    for (let r = rows.start[l]; r < rows.start[l + 1]; r++) {
      const base = rows.first[r] - rows.off[r];
      for (let k = rows.off[r], end = rows.off[r + 1]; k < end; k++) s += rows.vals[k] * u[base + k];
    }
    out[l] = s;
  }
}

/** GFLOP/s of the game's operator apply, plain loop and kernel, reps alternated; and the time ratios. */
function applyGflops(n: number): { plain: number; kernel: number; ratios: number[] } {
  const { op } = policemanBurglar(n, 0.8, instanceRng(1));
  const { M, q } = op.affine();
  const dim = op.dim;
  const rows = encodeRuns(dim, (r, out) => out.set(M.subarray(r * dim, (r + 1) * dim)));
  const u = Float64Array.from({ length: dim }, (_, i) => 1 / (1 + i));
  const a = new Float64Array(dim);
  const b = new Float64Array(dim);
  const flops = 2 * rows.vals.length;
  const calls = Math.max(1, Math.round(2e7 / flops)); // ≈ 10 ms of the baseline a rep
  const time = (f: () => void) => {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) f();
    return (performance.now() - t0) / calls;
  };
  const plain = () => plainApply(rows, q, u, a);
  const kernel = () => op.apply(u, b);
  for (let w = 0; w < 3; w++) {
    time(plain);
    time(kernel);
  }
  for (let i = 0; i < dim; i++) {
    if (Math.abs(a[i] - b[i]) > 1e-12 * Math.max(1, Math.abs(a[i]))) throw new Error(`apply ${n}: kernel ≠ plain loop`);
  }
  const t = { plain: [] as number[], kernel: [] as number[] };
  const ratios: number[] = [];
  for (let rep = 0; rep < 11; rep++) {
    const tp = time(plain);
    const tk = time(kernel);
    t.plain.push(tp);
    t.kernel.push(tk);
    ratios.push(tk / tp);
  }
  return { plain: flops / median(t.plain) / 1e6, kernel: flops / median(t.kernel) / 1e6, ratios };
}

function denseApplies(): Metric[] {
  const triad = streamTriad();
  const limit = matVecLimit(triad.gbs);
  const out: Metric[] = [
    {
      metric: "stream triad, 3 × 128 MiB Float64Array, median of 9",
      value: triad.gbs,
      unit: "GB/s",
      note: `mat-vec limit ${limit.toFixed(2)} GFLOP/s; best ${Math.max(...triad.runs).toFixed(1)} GB/s`,
    },
  ];
  for (const n of [200, 500, 1000]) {
    const g = applyGflops(n);
    const ratio = median(g.ratios);
    out.push(
      { metric: `${n}×${n} game: operator apply, plain loop (before)`, value: g.plain, unit: "GFLOP/s" },
      {
        metric: `${n}×${n} game: operator apply, SIMD kernel`,
        value: g.kernel,
        unit: "GFLOP/s",
        note: `${(g.kernel / limit).toFixed(2)}× the triad's mat-vec limit; matrix ${((8 * n * n * 2) / 2 ** 20).toFixed(1)} MiB`,
      },
      {
        metric: `${n}×${n} game: apply time, kernel / plain loop`,
        value: ratio,
        unit: "×",
        budget: 0.333,
        note: `${(1 / ratio).toFixed(1)}× faster; reps ${g.ratios.map((r) => r.toFixed(2)).join(", ")}`,
      },
    );
  }
  return out;
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
  const applies = denseApplies();
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
      note: `pass / mat-vec = ${(pass.fullPassMs / pass.matVecMs).toFixed(2)} (a pass is two mat-vecs of work, on the SIMD kernel; this mat-vec is the plain loop)`,
    },
    { metric: "500×500 game, 5 methods × 1000 epochs, one seed", value: gameSeconds, unit: "s", note: "budget 20 s" },
    ...(await figure1Parallel()),
    ...applies,
  ];
}
