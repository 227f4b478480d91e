/**
 * Few runs, several series: run.ts gives each worker one series of a run range, then assembles them
 * (src/theory/kit/define.ts, RunContext.series). The trace must be the one a single chunk of all the
 * series gives, bitwise, whatever the pool's size.
 */
import { describe, expect, it } from "vitest";
import { inProcessRunner } from "../../src/compute/in-process";
import type { ChunkJob } from "../../src/compute/protocol";
import { type ChunkRunner, runExperiment } from "../../src/compute/run";
import { toExactJson } from "../../src/stdlib/export";
import { checkParams, declareExperiment, type RunContext } from "../../src/theory/experiment";
import { loadExperiment } from "../../src/theory/experiment-registry";
import { defineExperiment } from "../../src/theory/kit/define";
import { int, seed } from "../../src/theory/params";
import { type RunChunk, summarize, type Trace } from "../../src/theory/trace";

/** The in-process runner, posing as a pool of `size` workers; it records every job it is given. */
function recordingRunner(size: number): ChunkRunner & { jobs: ChunkJob[] } {
  const jobs: ChunkJob[] = [];
  return {
    size,
    jobs,
    prepare() {},
    runChunk(job, onProgress, signal) {
      jobs.push(job);
      return inProcessRunner.runChunk(job, onProgress, signal);
    },
  };
}

async function finalTrace(id: string, params: Record<string, unknown>, pool: ChunkRunner): Promise<Trace> {
  let last: Trace | undefined;
  for await (const t of runExperiment(id, params, { pool })) last = t;
  if (!last?.meta.complete) throw new Error(`${id} did not complete`);
  return last;
}

/** Everything a trace shows (not its timing). */
const shown = (t: Trace) =>
  toExactJson({ x: t.x, series: t.series, bounds: t.bounds, ratios: t.ratios, notes: t.meta.notes, band: t.band });

/** The trace of one chunk of every run and series, summarised as run.ts does. */
async function oneChunk(id: string, params: Record<string, unknown>): Promise<Trace> {
  const e = await loadExperiment(id);
  const { values, errors } = checkParams(e, params);
  expect(errors).toEqual([]);
  const runCount = Number(values.runs ?? 1);
  const chunk = await e.run(values, { runStart: 0, runCount, progress: () => {} });
  return summarize(
    chunk,
    {
      experiment: id,
      params: values,
      backend: "cpu",
      ms: 0,
      runsDone: runCount,
      runsTotal: runCount,
      complete: true,
      plot: e.plot,
    },
    { theoryExponent: e.plot.theoryExponent, fitFrom: e.plot.fitFrom },
  );
}

const cases: [string, Record<string, unknown>][] = [
  ["halpern/figure1", { panel: "hard-qp", budgetScale: 2e-4, seed: 3 }],
  ["halpern/figure1", { panel: "matrix-game", budgetScale: 0.002, methods: ["eg", "alg1", "alg2"] }],
  ["halpern/residual", { runs: 1, epochs: 20, seed: 5 }],
  ["halpern/residual", { runs: 1, epochs: 20, problem: "rps", methods: ["eg", "eag-c", "alg2"] }],
  ["halpern/ratio", { runs: 1, seed: 2 }],
];

describe("splitting few runs by series", () => {
  it.each(cases)(
    "%s %j: one chunk per series, assembled, equals one chunk of them all, bitwise",
    async (id, params) => {
      const pool = recordingRunner(2);
      const split = await finalTrace(id, params, pool);
      // The split happened: one part per series, then the chunk that assembles them.
      const parts = pool.jobs.filter((j) => j.series?.run.length === 1);
      expect(parts.length).toBeGreaterThan(1);
      expect(pool.jobs.filter((j) => j.series?.run.length === 0 && j.series.given?.length)).toHaveLength(1);
      expect(shown(split)).toBe(shown(await oneChunk(id, params)));
    },
  );

  it("bandits/regret with fewer runs than parts: each run range split by policy, the same trace as two chunks", async () => {
    const params = { runs: 10, T: 200, seed: 11, policies: ["ucb1", "ts", "exp3"], backend: "cpu" };
    const many = recordingRunner(8); // 16 parts for 10 runs: each run's three policies go apart
    const split = await finalTrace("bandits/regret", params, many);
    expect(many.jobs.filter((j) => j.series?.run.length === 1)).toHaveLength(30);
    const two = recordingRunner(1);
    const whole = await finalTrace("bandits/regret", params, two);
    expect(two.jobs.every((j) => j.series === undefined)).toBe(true);
    expect(shown(split)).toBe(shown(whole));
  });
});

// A toy experiment whose bound reads its series' values: assembled, it must see them all.
const toySchema = declareExperiment({
  id: "toy/series",
  title: "toy",
  params: { runs: int({ min: 1, max: 10, default: 2, label: "runs" }), seed: seed() },
  plot: { xLabel: "x", yLabel: "y", xScale: "linear", yScale: "linear" },
});
const toy = defineExperiment(toySchema, {
  setup: () => ({}),
  x: () => Float64Array.of(1, 2, 3),
  series: () =>
    [1, 2, 3].map((k) => ({
      key: `s${k}`,
      label: `series ${k}`,
      run(scope: { row: Float64Array; rng: { uniform(): number } }) {
        for (let j = 0; j < 3; j++) scope.row[j] = k * (j + 1) + scope.rng.uniform();
      },
    })),
  bounds: (_s, _p, x, r) => [
    {
      key: "max",
      label: "largest value",
      kind: "reference",
      tex: "\\max",
      cite: "none",
      y: x.map(() => Math.max(...r.values.flatMap((v) => [...v]))),
    },
  ],
  notes: (_s, _p, r) => [`${r.values.filter((v) => v.length > 0).length} series`],
});

describe("the kit's series selection", () => {
  const p = { runs: 2, seed: 9 };
  const at = (series?: RunContext["series"]) =>
    toy.run(p, { runStart: 3, runCount: 2, progress: () => {}, series }) as RunChunk;

  it("a part holds its series alone, no bounds or notes; assembled with the others it is the whole chunk", () => {
    const whole = at();
    const parts = [0, 1, 2].map((k) => at({ run: [k] }));
    for (const [k, part] of parts.entries()) {
      expect(part.seriesIndex).toEqual([k]);
      expect(part.series.map((s) => s.key)).toEqual([`s${k + 1}`]);
      expect(part.bounds).toEqual([]);
      expect(part.notes).toEqual([]);
      expect(part.series[0].values).toEqual(whole.series[k].values);
    }
    const given = parts.map((c, k) => ({ index: k, values: c.series[0].values }));
    const assembled = at({ run: [], given });
    expect(assembled.seriesIndex).toBeUndefined();
    const strip = ({ ms: _ms, ...c }: typeof whole) => c;
    expect(strip(assembled)).toEqual(strip(whole));
    expect(assembled.notes).toEqual(["3 series"]);
  });

  it("a part past the last series computes nothing; an experiment with one step for all refuses a selection", async () => {
    const past = at({ run: [5] });
    expect(past.series).toEqual([]);
    const gd = await loadExperiment("guide/gd");
    const { values } = checkParams(gd, {});
    expect(() => gd.run(values, { runStart: 0, runCount: 1, progress: () => {}, series: { run: [0] } })).toThrow(
      /cannot run apart/,
    );
  });
});
