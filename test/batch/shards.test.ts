/**
 * Sharding never changes a result: for three experiments with small parameters, the merge of
 * 1, 3, 7 (uneven) and 12 (more shards than runs) shards is byte-identical, but for `timing`, to one
 * unsharded run on several threads, and its Float64Arrays are bitwise the in-process experiment's.
 * And a merge refuses shards that are not the pieces of one computation, naming the files.
 */
import { describe, expect, it } from "vitest";
import { mergeShards } from "../../scripts/batch/merge";
import { encodeTraceFile, identityOf, parseTraceFile, type TraceFile } from "../../scripts/batch/trace-file";
import { checkParams } from "../../src/theory/experiment";
import { loadExperiment } from "../../src/theory/experiment-registry";
import type { RunChunk } from "../../src/theory/trace";
import { batchFile } from "./helpers";

const CASES: [string, Record<string, unknown>][] = [
  ["guide/gd", { K: 200, d: 10, runs: 10, seed: 3 }],
  ["bandits/regret", { T: 100, runs: 10, backend: "cpu" }],
  ["halpern/ratio", { K: 100, n: 20, runs: 10 }],
];

const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function expectBitwise(a: RunChunk, b: RunChunk): void {
  expect(bytes(a.x).equals(bytes(b.x))).toBe(true);
  expect(a.series.map((s) => [s.key, s.runs, s.divergedAt])).toEqual(
    b.series.map((s) => [s.key, s.runs, s.divergedAt]),
  );
  a.series.forEach((s, i) => {
    expect(
      bytes(s.values.subarray(0, s.runs * a.x.length)).equals(
        bytes(b.series[i].values.subarray(0, s.runs * a.x.length)),
      ),
      s.key,
    ).toBe(true);
  });
  for (const [i, bd] of a.bounds.entries()) expect(bytes(bd.y).equals(bytes(b.bounds[i].y)), bd.key).toBe(true);
}

async function shardsOf(id: string, p: Record<string, unknown>, n: number) {
  const out = [];
  for (let i = 1; i <= n; i++) {
    const { text } = await batchFile(id, p, { shard: { index: i, count: n }, threads: 1 });
    out.push({ path: `shard-${i}-of-${n}.json`, file: parseTraceFile(text, `shard-${i}-of-${n}.json`) });
  }
  return out;
}

describe.each(CASES)("%s: shards merge to the unsharded trace, bitwise", (id, params) => {
  it("1, 3, 7 and 12 shards of 10 runs", async () => {
    const whole = await batchFile(id, params, { threads: 2 });
    expect(whole.file.timing.threads).toBe(2);
    // The unsharded file holds exactly what the experiment computes in one call, in this process.
    const e = await loadExperiment(id);
    const direct = await e.run(checkParams(e, params).values, { runStart: 0, runCount: 10, progress: () => {} });
    expectBitwise(whole.file.chunk!, direct);

    for (const n of id === "guide/gd" ? [1, 3, 7, 12] : [1, 3, 7]) {
      const shards = await shardsOf(id, params, n);
      expect(shards.map((s) => s.file.runCount)).toEqual(
        n === 3 ? [4, 3, 3] : n === 7 ? [2, 2, 2, 1, 1, 1, 1] : n === 12 ? [...Array(10).fill(1), 0, 0] : [10],
      );
      const merged = encodeTraceFile(mergeShards(shards.reverse()));
      expect(identityOf(merged), `${n} shards`).toBe(identityOf(whole.text));
      expectBitwise(parseTraceFile(merged, "merged").chunk!, direct);
    }
  });
});

describe("merge refuses what is not one computation, naming the files", async () => {
  const p = { K: 100, d: 5, runs: 6 };
  const three = await shardsOf("guide/gd", p, 3);
  const [s1, s2, s3] = three;
  const clone = (
    s: { path: string; file: TraceFile },
    path: string,
    change: (f: TraceFile) => TraceFile = (f) => f,
  ) => ({
    path,
    file: change(parseTraceFile(encodeTraceFile(s.file), path)),
  });

  it("accepts the three, in any order", () => {
    expect(mergeShards([s3, s1, s2]).runCount).toBe(6);
  });

  it("different experiments", async () => {
    const [other] = await shardsOf("halpern/ratio", { K: 100, n: 20, runs: 6 }, 3);
    const other1 = { ...other, path: "ratio-1.json" };
    expect(() => mergeShards([s1, s2, s3, other1])).toThrow(
      /shards of different experiments:\n {2}shard-1-of-3\.json, shard-2-of-3\.json, shard-3-of-3\.json: guide\/gd\n {2}ratio-1\.json: halpern\/ratio/,
    );
  });

  it("different parameters, naming the parameter", async () => {
    const [, seeded] = await shardsOf("guide/gd", { ...p, seed: 2 }, 3);
    const bad = { ...seeded, path: "seed2-shard-2.json" };
    expect(() => mergeShards([s1, bad, s3])).toThrow(
      /shards of different parameters:[\s\S]*seed2-shard-2\.json: seed=2 \(not 1\)/,
    );
  });

  it("different versions (the code changed between shards)", () => {
    const changed = clone(s3, "after-edit-3.json", (f) => ({ ...f, version: "0.1.0+0000000000000000" }));
    expect(() => mergeShards([s1, s2, changed])).toThrow(
      /shards of different versions[\s\S]*after-edit-3\.json: 0\.1\.0\+0000000000000000/,
    );
  });

  it("a missing shard", () => {
    expect(() => mergeShards([s1, s3])).toThrow(
      "missing shard 2/3 (runs 2–3); have 1, 3 of 3 from shard-1-of-3.json, shard-3-of-3.json",
    );
  });

  it("overlapping shards", () => {
    const again = clone(s2, "copy-of-shard-2.json");
    expect(() => mergeShards([s1, s2, again, s3])).toThrow(
      "overlapping shards:\n  shard-2-of-3.json, copy-of-shard-2.json are both shard 2/3 (runs 2–3)",
    );
  });

  it("a shard whose runs are not its index's share", () => {
    const moved = clone(s2, "moved.json", (f) => ({ ...f, runStart: 1 }));
    expect(() => mergeShards([s1, moved, s3])).toThrow(
      "moved.json says it is shard 2/3 but holds runs 1–2; that shard is runs 2–3",
    );
  });

  it("shards of different splits, and whole traces", async () => {
    const [half] = await shardsOf("guide/gd", p, 2);
    expect(() => mergeShards([s1, s2, s3, { ...half, path: "half-1.json" }])).toThrow(
      /shards of different shard counts:[\s\S]*half-1\.json: of 2 shards/,
    );
    const whole = await batchFile("guide/gd", p, { threads: 1 });
    expect(() => mergeShards([{ path: "whole.json", file: whole.file }])).toThrow(
      "whole.json is a whole trace, not a shard (written without --shard i/n): nothing to merge",
    );
  });
});
