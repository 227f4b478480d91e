/**
 * Heavy parameters are refused before they run (issue 14, item 6). Every declaration estimates what a
 * run costs (`cost`, src/theory/kit/cost.ts): `checkParams` — what the page, the workers and the
 * command line call — refuses a run over the limits with a message naming the estimate and the limit.
 * Here: every default and every probe stays allowed; every numeric parameter at its largest value,
 * one at a time and all together, is either allowed within the limits or refused by name, never an
 * exception; and the byte estimate matches the buffers the kit really allocates.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { probeParams } from "../../scripts/fingerprint";
import { type AnySchema, checkParams, costOf, declareExperiment } from "../../src/theory/experiment";
import { paperExperiments } from "../../src/theory/experiment-registry";
import { count, formatBytes, formatDuration, LIMITS, refusals } from "../../src/theory/kit/cost";
import { defaults, int, type Param } from "../../src/theory/params";
import { loadSchema, paperIds, paperSchemas } from "../../src/theory/registry";
import type { RunChunk } from "../../src/theory/trace";

const schemas: AnySchema[] = (await Promise.all(paperIds().map(paperSchemas))).flat();
const REFUSAL =
  /^too (heavy: .+ = \S+ .+, about .+ here; the limit (for this long run )?is .+|much memory: .+, about .+ in all; the limit is .+) \(lower .+\)$/;

/** checkParams at `raw`, and what its messages say about the cost. */
function check(e: AnySchema, raw: Record<string, unknown>) {
  const { values, errors } = checkParams(e, raw);
  const cost = costOf(e, raw);
  return { values, errors, cost, refused: errors.filter((m) => m.startsWith("too ")) };
}

const withinLimits = (c: { bytes: number; seconds: number; long?: boolean }) =>
  c.bytes <= LIMITS.bytes && c.seconds <= (c.long ? LIMITS.longSeconds : LIMITS.seconds);

/** The largest value of every numeric parameter (seeds included), or of `only`. */
function maxima(e: AnySchema, only?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(e.params as Record<string, Param>)) {
    if ((p.kind === "int" || p.kind === "num") && (only === undefined || only === name)) out[name] = p.max;
  }
  return out;
}

/** Either allowed and within the limits, or refused by a message of the cost's shape. */
function expectAllowedOrRefused(e: AnySchema, raw: Record<string, unknown>, what: string) {
  let r: ReturnType<typeof check> | undefined;
  expect(() => (r = check(e, raw)), `${e.id} ${what}`).not.toThrow();
  if (!r) return;
  for (const m of r.refused) expect(m, `${e.id} ${what}`).toMatch(REFUSAL);
  const others = r.errors.filter((m) => !m.startsWith("too "));
  if (others.length) return; // a parameter or cross-check message: nothing to estimate
  expect(r.cost, `${e.id} ${what}: an estimate`).toBeDefined();
  const c = r.cost!;
  expect(Number.isFinite(c.seconds) && Number.isFinite(c.bytes) && c.seconds >= 0 && c.bytes > 0, e.id).toBe(true);
  expect(r.refused.length > 0, `${e.id} ${what}: refused iff over a limit`).toBe(!withinLimits(c));
  expect(r.refused).toEqual(refusals(c));
}

describe("the limits and their messages", () => {
  it("numbers, bytes and durations read as the message says", () => {
    expect([count(48000), count(3e9), count(1.23e10), count(999_999), count(2.5)]).toEqual([
      "48000",
      "3·10⁹",
      "1.2·10¹⁰",
      "1·10⁶",
      "2.5",
    ]);
    expect([formatBytes(800), formatBytes(2.4e7), formatBytes(1.5e9)]).toEqual(["800 B", "24 MB", "1.5 GB"]);
    expect([formatDuration(0.2), formatDuration(40), formatDuration(720), formatDuration(3 * 3600)]).toEqual([
      "0.2 s",
      "40 s",
      "12 min",
      "3 h",
    ]);
  });

  const toy = declareExperiment({
    id: "test/heavy",
    title: "t",
    params: {
      runs: int({ min: 1, max: 5000, default: 10, label: "runs" }),
      T: int({ min: 1, max: 100_000, default: 100, label: "T" }),
    },
    plot: { xLabel: "x", yLabel: "y" },
    validate: (p) => (p.T === 7 ? "T must not be 7" : undefined),
    cost: (p) => ({
      work: p.runs * p.T * 6,
      workWhat: `runs × T × policies = ${p.runs} × ${p.T} × 6`,
      unit: "rounds",
      seconds: (p.runs * p.T * 6 * 240e-9) / 1,
      bytes: p.runs * 100 * 6 * 8,
      bufferBytes: p.runs * 100 * 6 * 8,
      bytesWhat: "runs × checkpoints × series × 8 B",
      lower: "runs or T",
    }),
  });

  it("checkParams refuses an estimate over a limit, after the parameters' own messages", () => {
    expect(checkParams(toy, {}).errors).toEqual([]);
    expect(checkParams(toy, { runs: 5000, T: 100_000 }).errors).toEqual([
      "too heavy: runs × T × policies = 5000 × 100000 × 6 = 3·10⁹ rounds, about 12 min here; the limit is 2 min (lower runs or T)",
    ]);
    expect(checkParams(toy, { runs: 5000, T: 7 }).errors).toEqual(["T must not be 7"]);
    expect(checkParams(toy, { runs: 9999 }).errors[0]).toMatch(/^runs = "?9999"? is not valid/);
    // The command line (a cluster) may lift or change the limits.
    expect(checkParams(toy, { runs: 5000, T: 100_000 }, { limits: false }).errors).toEqual([]);
    expect(checkParams(toy, { runs: 5000, T: 1000 }, { limits: { ...LIMITS, seconds: 1 } }).errors[0]).toMatch(
      /^too heavy: .* about 7 s here; the limit is 1 s \(lower runs or T\)$/,
    );
  });

  it("a run over the memory limit names its buffers", () => {
    const big = { ...toy, cost: () => ({ ...toy.cost!({ runs: 1, T: 1 }), bytes: 3e9, bytesWhat: "runs × … = 3 GB" }) };
    expect(checkParams(big, {}).errors).toEqual([
      "too much memory: runs × … = 3 GB, about 3 GB in all; the limit is 1.5 GB (lower runs or T)",
    ]);
  });
});

describe("every experiment declares its cost", () => {
  it.each(schemas.map((e) => [e.id, e] as const))("%s", (_id, e) => {
    expect(typeof e.cost).toBe("function");
  });
});

describe("what the notebooks and the probes run stays allowed", () => {
  it.each(schemas.map((e) => [e.id, e] as const))("%s: its defaults (the notebooks' controls)", (_id, e) => {
    const r = check(e, { ...defaults(e.params) });
    expect(r.errors).toEqual([]);
    expect(withinLimits(r.cost!)).toBe(true);
  });

  it.each(schemas.map((e) => [e.id, e] as const))("%s: the conformance probe set", (_id, e) => {
    expect(check(e, probeParams(e as never)).errors).toEqual([]);
    expect(check(e, probeParams(e as never, 3)).errors).toEqual([]);
  });

  it("every experiment a notebook runs is among them", async () => {
    const dir = new URL("../../notebooks/", import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
      const text = readFileSync(new URL(file, dir), "utf8");
      for (const [, id] of text.matchAll(/\b(?:run|controls)\(\s*"([^"]+)"/g)) {
        const e = await loadSchema(id);
        expect(checkParams(e, { ...defaults(e.params) }).errors, `${file}: ${id}`).toEqual([]);
      }
    }
  });

  // Parameter sets other suites run through checkParams (batch shards, the CLI, the halpern suite).
  it.each([
    ["guide/gd", { K: 200, d: 10, runs: 10, seed: 3 }],
    ["guide/gd", { runs: 7, K: 300, d: 8, seed: 11 }],
    ["bandits/regret", { T: 100, runs: 10, backend: "cpu" }],
    ["halpern/ratio", { K: 100, n: 20, runs: 10 }],
    ["halpern/figure1", { budgetScale: 0.004, runs: 2 }],
    ["sparse-bandits/suboptimality", { d: 4, s: 3, eps: 0.05 }],
  ] as const)("%s %j", async (id, p) => {
    expect(checkParams(await loadSchema(id), p).errors).toEqual([]);
  });
});

describe("the largest values each schema allows", () => {
  for (const e of schemas) {
    describe(e.id, () => {
      const numeric = Object.keys(maxima(e));
      it.each(numeric)("%s at its maximum: allowed within the limits, or refused by name", (name) => {
        expectAllowedOrRefused(e, { ...defaults(e.params), ...maxima(e, name) }, `${name} = max`);
      });

      it("every numeric parameter at its maximum at once, with every option of each multi-choice", () => {
        const all: Record<string, unknown> = { ...defaults(e.params), ...maxima(e) };
        expectAllowedOrRefused(e, all, "all at max");
        for (const [name, p] of Object.entries(e.params as Record<string, Param>)) {
          if (p.kind === "multi") all[name] = [...p.options];
        }
        expectAllowedOrRefused(e, all, "all at max, all options");
      });
    });
  }
});

/**
 * The byte estimate against what the kit allocates: the chunk's buffers (runs × x × series doubles)
 * at the probe set, and at allowed settings with many runs or series kept cheap enough to run here.
 */
const HEAVY_BUFFERS: [string, Record<string, unknown>][] = [
  ["bandits/regret", { runs: 5000, T: 100, policies: ["ucb1", "egreedy", "se"], backend: "cpu" }],
  ["bandits/sweep", { runs: 2000, T: 100, points: 16, policies: ["ucb1", "se"] }],
  ["guide/gd", { runs: 256, K: 100, d: 2 }],
  ["bilevel/basins", { runs: 2000, maxIter: 100 }],
  ["bilevel/landscape-1d", { points: 2000, sigmas: ["1", "0.3", "0.1", "0.03", "0.01", "0.001"] }],
  ["halpern/residual", { runs: 64, n: 10, epochs: 5, methods: ["vr-eg", "alg1", "alg2"] }],
  ["omd/regret", { runs: 200, T: 100, env: "QUAD" }],
  ["omd/bridge", { runs: 2, cells: 24, T: 100, d: 2 }],
  ["sor/choices", { runs: 8, T: 5000, m: 4 }],
  ["sparse-bandits/success", { runs: 200, d: 6, s: 1, k: 20, points: 12 }],
];

describe("byte estimates match the kit's buffers", async () => {
  const experiments = new Map(
    (await Promise.all(paperIds().map(paperExperiments))).flat().map((e) => [e.id, e] as const),
  );
  const cases: [string, Record<string, unknown>][] = [
    ...schemas.map((e) => [e.id, probeParams(e as never)] as [string, Record<string, unknown>]),
    ...HEAVY_BUFFERS,
  ];
  it.each(cases)(
    "%s %j",
    async (id, raw) => {
      const e = experiments.get(id)!;
      const { values, errors } = checkParams(e, { ...defaults(e.params), ...raw });
      expect(errors).toEqual([]);
      const runs = e.runsParam ? Number(values[e.runsParam]) : 1;
      const chunk = (await e.run(values, { runStart: 0, runCount: runs, progress: () => {} })) as RunChunk;
      const real = chunk.series.reduce((s, x) => s + x.values.byteLength, 0);
      const est = e.cost!(values);
      expect(est.bufferBytes, `${id}: estimate ${est.bufferBytes} B, chunk ${real} B`).toBeGreaterThanOrEqual(
        real / 10,
      );
      expect(est.bufferBytes, `${id}: estimate ${est.bufferBytes} B, chunk ${real} B`).toBeLessThanOrEqual(real * 10);
      expect(est.bytes).toBeGreaterThanOrEqual(est.bufferBytes);
    },
    60_000,
  );
});
