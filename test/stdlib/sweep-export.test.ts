import { describe, expect, it } from "vitest";
import type { SweepPoint } from "../../src/compute/sweep";
import { sweepCsv } from "../../src/stdlib/sweep-export";

const point = (index: number, value: number, median: number, extra: Partial<SweepPoint> = {}): SweepPoint => ({
  index,
  value,
  params: { T: value },
  state: "done",
  backend: "cpu",
  summary: {
    median,
    lo: median - 1,
    hi: median + 1,
    bounds: [{ key: "ucb1-bound", label: "UCB1 bound, Thm 1", kind: "upper", value: 10 * median }],
  },
  ...extra,
});

describe("a sweep's CSV", () => {
  it("has one row per swept value, in order, with the band, each bound and why a point was refused", () => {
    const csv = sweepCsv({
      request: {
        experiment: "bandits/regret",
        base: { T: 100, runs: 20, policies: ["ucb1", "exp3"] },
        param: "T",
        from: 100,
        to: 10000,
        points: 3,
        summary: "final:ucb1",
      },
      plan: { param: "T", log: true, values: [100, 1000, 10000] },
      points: [
        point(2, 1000, 12),
        point(0, 100, 5),
        { index: 1, value: 10000, params: {}, state: "refused", message: 'too heavy: "runs × T", 2e9 > 1e9' },
      ],
      summary: { label: "final regret of UCB1", unit: "regret" },
      band: [0.1, 0.9],
      runsPerPoint: 20,
    });
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("# BoundLab sweep data — experiment bandits/regret");
    expect(lines[1]).toBe("# parameters: runs=20; policies=ucb1|exp3");
    expect(lines[2]).toBe("# swept: T from 100 to 10000, 3 points on a log grid");
    expect(lines[3]).toContain("the 10% and 90% quantiles");
    expect(lines[4]).toBe("# backend: cpu; runs per point: 20");
    expect(lines.slice(5)).toEqual([
      'T,y,y_lo,y_hi,state,"UCB1 bound, Thm 1",message',
      "100,5,4,6,done,50,",
      "1000,12,11,13,done,120,",
      '10000,,,,refused,,"too heavy: ""runs × T"", 2e9 > 1e9"',
    ]);
  });
});
