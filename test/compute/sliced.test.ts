/**
 * Summaries made on the page's main thread run in slices (src/compute/sliced.ts): the same trace as
 * `summarize` in one go, bitwise, with the event loop given back between slices, and stopped by a
 * cancelled run.
 */
import { describe, expect, it } from "vitest";
import { runSliced } from "../../src/compute/sliced";
import { toExactJson } from "../../src/stdlib/export";
import { type RunChunk, summarize, summarizeSteps } from "../../src/theory/trace";

const meta = {
  experiment: "guide/gd",
  params: {},
  backend: "cpu" as const,
  ms: 0,
  runsDone: 300,
  runsTotal: 300,
  complete: true,
  progress: 1,
  plot: { x: "k", y: "f", xLabel: "k", yLabel: "f" },
};

/** Two series of 300 runs over 80 checkpoints, with NaN (diverged) samples in one of them. */
function chunk(): RunChunk {
  const n = 80;
  const runs = 300;
  const series = [0, 1].map((s) => {
    const values = new Float64Array(runs * n);
    for (let i = 0; i < values.length; i++)
      values[i] = s === 1 && i % 7 === 3 ? Number.NaN : Math.exp(Math.sin(i * 0.61 + s));
    return { key: `s${s}`, label: `s${s}`, values, runs };
  });
  return {
    x: Float64Array.from({ length: n }, (_, j) => 2 ** (j / 8)),
    series,
    bounds: [],
    runStart: 0,
    backend: "cpu",
    notes: ["a note"],
  };
}

describe("runSliced(summarizeSteps(…))", () => {
  it("equals summarize bitwise, and gives the event loop back between slices", async () => {
    let ticks = 0;
    let stop = false;
    const tick = () => {
      ticks++;
      if (!stop) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    let clock = 0;
    // A clock that moves 1 ms per look: a slice is 8 steps, so 160 columns take about 20 slices.
    const sliced = await runSliced(summarizeSteps(chunk(), meta, { fitFrom: 2 }), undefined, () => clock++);
    stop = true;
    expect(toExactJson(sliced)).toBe(toExactJson(summarize(chunk(), meta, { fitFrom: 2 })));
    expect(ticks).toBeGreaterThan(5);
  });

  it("stops between slices once its run is cancelled", async () => {
    const controller = new AbortController();
    let clock = 0;
    let steps = 0;
    function* counted() {
      for (const _ of summarizeSteps(chunk(), meta)) {
        steps++;
        if (steps === 20) controller.abort();
        yield;
      }
    }
    expect(await runSliced(counted(), controller.signal, () => clock++)).toBeUndefined();
    expect(steps).toBeLessThan(40);
  });
});
