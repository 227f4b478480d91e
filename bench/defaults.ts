/**
 * Every registered experiment at its default parameters, computed in this process on one core, with
 * the runs split in two halves as the 2-worker pool would: the larger half's time approximates the
 * pool's compute time (the slider-to-plot budgets of the paper issues add drawing, ~10–100 ms).
 */

import { paperExperiments } from "../src/theory/experiment-registry";
import { defaults } from "../src/theory/params";
import { paperIds } from "../src/theory/registry";
import type { Metric } from "./report";

export default async function (): Promise<Metric[]> {
  const out: Metric[] = [];
  for (const paper of paperIds()) {
    for (const e of await paperExperiments(paper)) {
      const p = defaults(e.params) as Record<string, unknown>;
      const runs = e.runsParam ? Number(p[e.runsParam]) : 1;
      const halves = runs > 1 ? [Math.ceil(runs / 2), Math.floor(runs / 2)] : [1];
      const times: number[] = [];
      let start = 0;
      for (const count of halves) {
        const t0 = performance.now();
        await e.run(p, { runStart: start, runCount: count, progress: () => {} });
        times.push(performance.now() - t0);
        start += count;
      }
      out.push({
        metric: `${e.id} default compute (per worker of 2)`,
        value: Math.max(...times),
        unit: "ms",
        note: `${runs} run${runs === 1 ? "" : "s"}`,
      });
    }
  }
  return out;
}
