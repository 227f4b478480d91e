/**
 * One conformance test over every registered experiment: its declaration is the one the page loads,
 * its defaults are valid, a seed reproduces it bitwise, splitting its runs across 1, 2 or 3 workers
 * never changes the merged trace, its numbers match the golden fingerprints recorded before the
 * experiment kit (test/theory/fingerprints.json), its bounds' TeX parses, and every experiment id a
 * notebook names exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import katex from "katex";
import { describe, expect, it } from "vitest";
import { fingerprintChunk, probeParams } from "../../scripts/fingerprint";
import { type AnyExperiment, checkParams } from "../../src/theory/experiment";
import { paperExperiments } from "../../src/theory/experiment-registry";
import { defaults } from "../../src/theory/params";
import { loadSchema, paperIds, paperSchemas } from "../../src/theory/registry";
import { mergeChunks, type RunChunk } from "../../src/theory/trace";

const golden: Record<string, { probe: { numbers: string } }> = JSON.parse(
  readFileSync(new URL("./fingerprints.json", import.meta.url), "utf8"),
);

async function chunkOf(e: AnyExperiment, p: Record<string, unknown>, runStart: number, runCount: number) {
  const { values, errors } = checkParams(e, p);
  expect(errors).toEqual([]);
  return (await e.run(values, { runStart, runCount, progress: () => {} })) as RunChunk;
}

const runsOf = (e: AnyExperiment, p: Record<string, unknown>) => (e.runsParam ? Number(p[e.runsParam]) : 1);

for (const paper of paperIds()) {
  describe(`conformance: ${paper}`, async () => {
    const experiments = await paperExperiments(paper);
    const schemas = await paperSchemas(paper);

    it("the page's declarations are the workers' experiments, in one order", () => {
      expect(schemas.map((s) => s.id)).toEqual(experiments.map((e) => e.id));
      for (const [i, s] of schemas.entries()) expect(experiments[i].params).toBe(s.params);
    });

    for (const e of experiments) {
      describe(e.id, () => {
        it("defaults are valid; repetitions are called runs", () => {
          expect(checkParams(e, { ...defaults(e.params) }).errors).toEqual([]);
          for (const name of ["seeds", "trials", "starts"]) expect(Object.hasOwn(e.params, name)).toBe(false);
        });

        it("numbers match the golden fingerprint; the same seed gives the same chunk bitwise", async () => {
          const p = probeParams(e);
          const a = fingerprintChunk(await chunkOf(e, p, 0, runsOf(e, p)));
          const b = fingerprintChunk(await chunkOf(e, p, 0, runsOf(e, p)));
          expect(b).toEqual(a);
          expect(a.numbers).toBe(golden[e.id]?.probe.numbers);
        }, 300_000);

        it.runIf(e.runsParam)(
          "runs split across 1, 2 and 3 workers merge to the same trace",
          async () => {
            const p = probeParams(e, 3);
            const whole = fingerprintChunk(await chunkOf(e, p, 0, 3));
            const two = mergeChunks([await chunkOf(e, p, 2, 1), await chunkOf(e, p, 0, 2)]);
            const three = mergeChunks(await Promise.all([0, 1, 2].map((r) => chunkOf(e, p, r, 1))));
            expect(fingerprintChunk(two).numbers).toBe(whole.numbers);
            expect(fingerprintChunk(three).numbers).toBe(whole.numbers);
          },
          60_000,
        );

        it("every bound's TeX parses, and every bound names real series", async () => {
          const p = probeParams(e);
          const c = await chunkOf(e, p, 0, runsOf(e, p));
          const keys = new Set(c.series.map((s) => s.key));
          for (const b of c.bounds) {
            expect(() => katex.renderToString(b.tex, { throwOnError: true, strict: "ignore" }), b.key).not.toThrow();
            for (const k of b.appliesTo ?? []) expect(keys.has(k), `${b.key} applies to ${k}`).toBe(true);
            expect(b.label.length, b.key).toBeGreaterThan(0);
            expect(b.cite.length, b.key).toBeGreaterThan(0);
          }
        }, 300_000);
      });
    }
  });
}

describe("notebooks name only registered experiments", () => {
  const dir = new URL("../../notebooks/", import.meta.url);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    it(file, async () => {
      const text = readFileSync(new URL(file, dir), "utf8");
      const ids = [...text.matchAll(/\b(?:run|controls)\(\s*"([^"]+)"/g)].map((m) => m[1]);
      for (const id of new Set(ids)) await expect(loadSchema(id), id).resolves.toMatchObject({ id });
    });
  }
});

/**
 * The page loads schema.ts (registry.ts), so a declaration — its cost estimate included — may reach
 * only other declarations and constants: never an algorithm, a problem or the kit's runner. Type-only
 * imports vanish at build time and are not followed.
 */
describe("declarations load no algorithm code", () => {
  const theory = new URL("../../src/theory/", import.meta.url);
  const PAGE_SAFE = /^(experiment|params|kit\/cost|[a-z-]+\/(schema|options)|sparse-bandits\/combinatorics)\.ts$/;

  /** Modules under src/theory/ that `file` reaches through value imports. */
  function reached(file: string, seen = new Set<string>()): Set<string> {
    if (seen.has(file)) return seen;
    seen.add(file);
    const text = readFileSync(new URL(file, theory), "utf8");
    for (const m of text.matchAll(/^(?:import|export)\s+([^;]*?)\s+from\s+"(\.[^"]+)";/gms)) {
      const [, what, spec] = m;
      const typeOnly =
        /^type\s/.test(what) ||
        (/^\{[^}]*\}$/.test(what) &&
          what
            .slice(1, -1)
            .split(",")
            .every((s) => /^\s*(type\s|$)/.test(s)));
      if (typeOnly) continue;
      const target = new URL(`${spec}.ts`, new URL(file, theory)).href.slice(theory.href.length);
      reached(target, seen);
    }
    return seen;
  }

  for (const paper of paperIds()) {
    it(`${paper}/schema.ts`, () => {
      const bad = [...reached(`${paper}/schema.ts`)].filter((f) => !PAGE_SAFE.test(f));
      expect(bad).toEqual([]);
    });
  }

  it("the check sees algorithm code where there is some", () => {
    expect([...reached("guide/experiments.ts")]).toEqual(
      expect.arrayContaining(["guide/algorithms.ts", "kit/define.ts"]),
    );
    expect([...reached("sparse-bandits/schema.ts")]).toEqual(expect.arrayContaining(["kit/cost.ts", "params.ts"]));
  });
});
