import { describe, expect, it } from "vitest";
import { type AnyExperiment, checkParams } from "../../../src/theory/experiment";
import { experiments } from "../../../src/theory/halpern/experiments";
import { defaults } from "../../../src/theory/params";
import { mergeChunks, type RunChunk } from "../../../src/theory/trace";

const byId = (id: string) => experiments.find((e) => e.id === id) as AnyExperiment;

function run(e: AnyExperiment, overrides: Record<string, unknown>, runStart = 0, runCount?: number): RunChunk {
  const p = { ...defaults(e.params), ...overrides };
  const msg = e.validate?.(p);
  if (msg) throw new Error(msg);
  const count = runCount ?? Number(p[e.runsParam as string]);
  return e.run(p, { runStart, runCount: count, progress: () => {} }) as RunChunk;
}

/** Small settings for each experiment so the whole file stays fast. */
const small: Record<string, Record<string, unknown>> = {
  "halpern/residual": {
    n: 60,
    epochs: 40,
    runs: 4,
    methods: ["halpern", "eg", "eag-c", "eag-v", "vr-eg", "alg1", "alg2"],
  },
  "halpern/ratio": { n: 20, K: 200, runs: 4 },
  "halpern/gain": { nMin: 20, nMax: 200, points: 3, runs: 3 },
  "halpern/figure1": { budgetScale: 0.004, runs: 2 },
};

describe("experiments", () => {
  it("ids and schemas", () => {
    expect(experiments.map((e) => e.id)).toEqual([
      "halpern/residual",
      "halpern/ratio",
      "halpern/gain",
      "halpern/figure1",
    ]);
    for (const e of experiments) expect(checkParams(e, {}).errors).toEqual([]);
  });

  for (const e of experiments) {
    it(`${e.id}: identical params and seed give identical chunks; splitting runs changes nothing`, () => {
      const o = small[e.id];
      const a = run(e, o);
      const b = run(e, o);
      expect(a.series.length).toBeGreaterThan(0);
      for (let i = 0; i < a.series.length; i++)
        expect(Array.from(b.series[i].values)).toEqual(Array.from(a.series[i].values));
      const runs = a.series[0].runs;
      const split = mergeChunks([run(e, o, 0, 1), run(e, o, 1, runs - 1)]);
      for (let i = 0; i < a.series.length; i++)
        expect(Array.from(split.series[i].values)).toEqual(Array.from(a.series[i].values));
      // A different seed changes the stochastic curves.
      const c = run(e, { ...o, seed: 99 });
      expect(c.series.some((s, i) => s.values.some((v, j) => v !== a.series[i].values[j]))).toBe(true);
    }, 30_000); // figure1 builds the 500×500 instance five times

    it(`${e.id}: no NaN before a divergence mark; finite positive bounds`, () => {
      const chunk = run(e, small[e.id]);
      const m = chunk.x.length;
      for (const s of chunk.series) {
        for (let r = 0; r < s.runs; r++) {
          for (let j = 0; j < m; j++) {
            const v = s.values[r * m + j];
            if (s.divergedAt === undefined || chunk.x[j] < s.divergedAt) {
              // gain runs that miss the target within the cap are blank by design (noted)
              if (e.id !== "halpern/gain") expect(Number.isFinite(v)).toBe(true);
            }
          }
        }
      }
      for (const b of chunk.bounds) for (const y of b.y) if (!Number.isNaN(y)) expect(y).toBeGreaterThan(0);
    }, 30_000);
  }

  it("residual: a step far above the stable range is marked diverged (NaN only after the mark, with a note)", () => {
    const chunk = run(byId("halpern/residual"), { methods: ["alg1"], alg1Step: 10, runs: 3, n: 100, epochs: 100 });
    const s = chunk.series[0];
    expect(s.divergedAt).toBeDefined();
    const m = chunk.x.length;
    const first = chunk.x.findIndex((x) => x >= (s.divergedAt as number));
    expect(first).toBeGreaterThan(0);
    for (let r = 0; r < s.runs; r++)
      for (let j = 0; j < first; j++) expect(Number.isFinite(s.values[r * m + j])).toBe(true);
    let blank = 0;
    for (let r = 0; r < s.runs; r++) if (Number.isNaN(s.values[r * m + m - 1])) blank++;
    expect(blank).toBeGreaterThan(0);
    expect(chunk.notes.some((n) => n.includes("diverged at epoch"))).toBe(true);
  });

  it("residual: certified bounds hold for the medians of the deterministic methods on H3", () => {
    const chunk = run(byId("halpern/residual"), {
      methods: ["halpern", "eag-c", "eag-v"],
      runs: 1,
      n: 200,
      epochs: 300,
    });
    const m = chunk.x.length;
    for (const b of chunk.bounds.filter((x) => x.kind === "upper")) {
      const s = chunk.series.find((x) => b.appliesTo?.includes(x.key));
      expect(s).toBeDefined();
      for (let j = 0; j < m; j++) if (!Number.isNaN(b.y[j])) expect(s?.values[j]).toBeLessThanOrEqual(b.y[j]);
    }
    expect(chunk.bounds.map((b) => b.key).sort()).toEqual(["eag-c-bound", "eag-v-bound", "halpern-bound"]);
  });

  it("ratio: deterministic references stay ≤ 1 (Lieder) and within EAG's constants", () => {
    const chunk = run(byId("halpern/ratio"), {
      K: 500,
      runs: 1,
      methods: ["halpern", "halpern-resolvent", "eag-c", "eag-v"],
    });
    for (const b of chunk.bounds) {
      for (const key of b.appliesTo ?? []) {
        const s = chunk.series.find((x) => x.key === key);
        s?.values.forEach((v, j) => {
          expect(v).toBeLessThanOrEqual(b.y[j]);
        });
      }
    }
  });

  it("validation refuses bad combinations with a message", () => {
    const res = byId("halpern/residual");
    const v = (o: Record<string, unknown>) => res.validate?.({ ...defaults(res.params), ...o });
    expect(v({ methods: [] })).toMatch(/at least one/);
    expect(v({ problem: "matrix-game", methods: ["halpern-resolvent"] })).toMatch(/unconstrained/);
    expect(v({ problem: "matrix-game", n: 2000 })).toMatch(/n ≤ 1000/);
    expect(v({})).toBeUndefined();
    const fig = byId("halpern/figure1");
    expect(fig.validate?.({ ...defaults(fig.params), budgetScale: 0.0001 })).toMatch(/too small/);
    const gain = byId("halpern/gain");
    expect(gain.validate?.({ ...defaults(gain.params), nMin: 500, nMax: 100 })).toMatch(/below/);
  });

  it("gain: Alg. 1 needs fewer epochs than Halpern at large n (ratio grows with n)", () => {
    const chunk = run(byId("halpern/gain"), { nMin: 100, nMax: 2500, points: 2, runs: 4, alg1Step: 2, eps: 0.003 });
    const s = chunk.series[0];
    const m = chunk.x.length;
    let small = 0;
    let large = 0;
    for (let r = 0; r < s.runs; r++) {
      small += s.values[r * m] / s.runs;
      large += s.values[r * m + m - 1] / s.runs;
    }
    expect(large).toBeGreaterThan(small);
    expect(large).toBeGreaterThan(1);
  });
});
