import { describe, expect, it } from "vitest";
import { splitRuns } from "../../src/compute/run";
import { mergeChunks, type RunChunk, summarize } from "../../src/theory/trace";

const chunk = (runStart: number, rows: number[][], divergedAt?: number): RunChunk => ({
  x: Float64Array.from([1, 10, 100]),
  series: [{ key: "s", label: "S", values: Float64Array.from(rows.flat()), runs: rows.length, divergedAt }],
  bounds: [{ key: "b", label: "B", tex: "B", cite: "c", kind: "upper", y: Float64Array.from([10, 1, 0.1]) }],
  runStart,
  backend: "cpu",
  notes: [],
});
const meta = {
  experiment: "t/t",
  params: {},
  backend: "cpu" as const,
  ms: 0,
  runsDone: 0,
  runsTotal: 0,
  complete: true,
};

describe("traces", () => {
  it("merges chunks in run order whatever order they arrive in", () => {
    const m = mergeChunks([
      chunk(2, [[5, 6, 7]]),
      chunk(
        0,
        [
          [1, 2, 3],
          [3, 4, 5],
        ],
        100,
      ),
    ]);
    expect(Array.from(m.series[0].values)).toEqual([1, 2, 3, 3, 4, 5, 5, 6, 7]);
    expect(m.series[0].runs).toBe(3);
    expect(m.series[0].divergedAt).toBe(100);
  });

  it("summarizes medians, quantile bands, each run's last value, slopes and bound ratios", () => {
    const rows = [
      [1, 0.1, 0.01],
      [2, 0.2, 0.02],
      [3, 0.3, Number.NaN],
    ];
    const t = summarize(chunk(0, rows), meta, { theoryExponent: -1 });
    expect(Array.from(t.series[0].median)).toEqual([2, 0.2, 0.015]);
    expect(t.series[0].lo[0]).toBeCloseTo(1.2, 12); // type-7 quantile 0.1 of {1,2,3}
    expect(Array.from(t.series[0].last).map(String)).toEqual(["0.01", "0.02", "NaN"]);
    expect(t.series[0].slope).toBeCloseTo(Math.log10(0.015 / 2) / 2, 1);
    expect(t.ratios).toEqual([{ series: "s", bound: "b", maxRatio: 0.2, atX: 1 }]); // first of the tied maxima
  });

  it("splits runs into contiguous near-equal ranges", () => {
    expect(splitRuns(10, 4)).toEqual([
      [0, 3],
      [3, 3],
      [6, 2],
      [8, 2],
    ]);
    expect(splitRuns(2, 8)).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });
});
