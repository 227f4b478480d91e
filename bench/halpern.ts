/**
 * Halpern budgets (issue 6): one full operator pass of the paper's 500×500 matrix game against a plain
 * 500×500 matrix–vector product (the floor; a pass is Aᵀy and Ax, so about 2×), and the matrix game
 * with all five methods for 1000 epochs each (budget 20 s). One run is one chunk, so one worker does it.
 */
import { figure1 } from "../src/theory/halpern/experiments";
import { matVec } from "../src/theory/halpern/linalg";
import { instanceRng } from "../src/theory/halpern/methods";
import { policemanBurglar } from "../src/theory/halpern/problems";
import { defaults } from "../src/theory/params";
import type { Metric } from "./report";

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
  ];
}
