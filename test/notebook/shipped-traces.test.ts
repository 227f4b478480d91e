/**
 * The default traces a built page ships (scripts/prerender.ts: computed on the build's threads or read
 * from its cache) are exactly what a live run at the defaults gives: every number of x, of each series'
 * median, band, mean and last values, of each bound, and the readouts, bit for bit. So nothing shipped
 * can drift from the code: a stale cache entry (a key that missed a code change) fails here.
 */
import { describe, expect, it } from "vitest";
import { prerenderSite } from "../../scripts/prerender";
import { inProcessRunner } from "../../src/compute/in-process";
import { runExperiment } from "../../src/compute/run";
import type { ShippedTrace } from "../../src/stdlib";
import { fromExactJson } from "../../src/stdlib/export";
import { checkParams } from "../../src/theory/experiment";
import { loadSchema } from "../../src/theory/registry";
import type { Trace } from "../../src/theory/trace";

// What the build ships, through its own code and cache (computed here when the cache is cold).
const manifest = await prerenderSite({ tracesOnly: true, totalBudgetMs: 30 * 60_000 });
const shipped = manifest.notebooks.flatMap((nb) =>
  nb.traces.map((t) => ({ notebook: nb.name, ...t, decoded: fromExactJson<ShippedTrace>(t.json) })),
);

const bytes = (a: Float64Array | undefined) =>
  a === undefined ? undefined : Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

/** Every number of a trace, as bytes or Object.is-comparable values (NaN equals NaN, −0 is not 0). */
function numbers(t: Trace) {
  return {
    x: bytes(t.x),
    band: t.band,
    series: t.series.map((s) => ({
      key: s.key,
      label: s.label,
      runs: s.runs,
      divergedAt: s.divergedAt === undefined ? "none" : bytes(new Float64Array([s.divergedAt])),
      slope: s.slope === undefined ? "none" : bytes(new Float64Array([s.slope])),
      median: bytes(s.median),
      lo: bytes(s.lo),
      hi: bytes(s.hi),
      mean: bytes(s.mean),
      last: bytes(s.last),
    })),
    bounds: t.bounds.map((b) => ({ key: b.key, kind: b.kind, tex: b.tex, y: bytes(b.y), x: bytes(b.x) })),
    ratios: t.ratios.map((r) => ({
      ...r,
      maxRatio: bytes(new Float64Array([r.maxRatio])),
      atX: bytes(new Float64Array([r.atX])),
    })),
  };
}

async function liveRun(id: string, params: Record<string, unknown>): Promise<Trace> {
  let last: Trace | undefined;
  for await (const t of runExperiment(id, params, { pool: inProcessRunner })) last = t;
  if (!last?.meta.complete) throw new Error(`${id}: the live run did not complete`);
  return last;
}

describe("shipped default traces", () => {
  it("the build ships default traces for the notebooks' runs", () => {
    expect(shipped.length).toBeGreaterThan(10);
    expect(shipped.map((s) => s.experiment)).toContain("guide/gd");
  });

  it.each(shipped.map((s) => [`${s.notebook}: ${s.experiment}`, s] as const))(
    "%s equals a live run at the defaults, bit for bit",
    async (_name, s) => {
      const { experiment, params, trace } = s.decoded;
      expect(experiment).toBe(s.experiment);
      // Made at the defaults: the validated values of an empty query.
      const { values, errors } = checkParams(await loadSchema(experiment), {});
      expect(errors).toEqual([]);
      expect(params).toEqual(values);
      expect(trace.meta.params).toEqual(values);
      expect(trace.meta.complete).toBe(true);
      const live = await liveRun(experiment, values);
      expect(numbers(trace)).toEqual(numbers(live));
    },
    300_000,
  );
});
