/**
 * Halpern budgets (issue 6): one full operator pass of the paper's 500×500 matrix game against a plain
 * 500×500 matrix–vector product (the floor; a pass is Aᵀy and Ax, so about 2×), and the matrix game
 * with all five methods for 1000 epochs each (budget 20 s). One seed is one run, so one worker does it.
 */
import { timeMatrixGamePass } from "../src/theory/halpern/bench";
import { figure1 } from "../src/theory/halpern/experiments";
import { defaults } from "../src/theory/params";

type Metric = { metric: string; value: number; unit: string; note?: string };

export default async function (): Promise<Metric[]> {
  const pass = timeMatrixGamePass(() => performance.now(), 500, 300);
  const p = { ...defaults(figure1.params), panel: "matrix-game" as const, budgetScale: 1000 / 5000 };
  const t0 = performance.now();
  await figure1.run(p, { runStart: 0, runCount: 1, backend: "cpu", progress: () => {} });
  const gameSeconds = (performance.now() - t0) / 1000;
  return [
    { metric: "500×500 game: one full operator pass", value: pass.fullPassMs * 1000, unit: "µs" },
    {
      metric: "500×500 plain matrix–vector product (the floor)",
      value: pass.matVecMs * 1000,
      unit: "µs",
      note: `pass / mat-vec = ${pass.ratio.toFixed(2)} (a pass is two mat-vecs)`,
    },
    { metric: "500×500 game, 5 methods × 1000 epochs, one seed", value: gameSeconds, unit: "s", note: "budget 20 s" },
  ];
}
