/**
 * run(): however a run ends — done, failed, cancelled — nothing is left on screen saying it is running
 * (the page's status line), and a failed run stops its other chunks. A fake chunk runner and clock.
 */
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/compute/pool";
import type { ChunkJob, ProgressCallback } from "../../src/compute/protocol";
import { type ChunkRunner, type ProgressReporter, runExperiment } from "../../src/compute/run";
import { type RunChunk, summarize } from "../../src/theory/trace";

const fakeChunk = (job: ChunkJob): RunChunk => ({
  x: Float64Array.from([1, 2]),
  series: [{ key: "gd", label: "gd", values: new Float64Array(job.runCount * 2).fill(1), runs: job.runCount }],
  bounds: [],
  runStart: job.runStart,
  backend: "cpu",
  notes: [],
});

/** A status line that remembers which runs it still shows. */
function statusLine() {
  const shown = new Set<object>();
  let updates = 0;
  const reporter: ProgressReporter = {
    update(key) {
      updates++;
      shown.add(key);
    },
    done(key) {
      shown.delete(key);
    },
  };
  return { reporter, shown, updates: () => updates };
}

describe("run() and the status line", () => {
  it("a long run that completes leaves no status line (the last emit does not bring it back)", async () => {
    let clock = 0;
    const pool: ChunkRunner = {
      size: 2,
      prepare() {},
      async runChunk(job: ChunkJob, onProgress: ProgressCallback) {
        clock += 1000; // every chunk takes a second: the run is long enough to show its line
        onProgress(null, 0.5);
        await new Promise((r) => setTimeout(r, 1));
        clock += 1000;
        return fakeChunk(job);
      },
    };
    const line = statusLine();
    const traces = [];
    for await (const t of runExperiment("guide/gd", { runs: 8 }, { pool, progress: line.reporter, now: () => clock }))
      traces.push(t);
    expect(traces.at(-1)?.meta.complete).toBe(true);
    expect(line.updates()).toBeGreaterThan(0);
    expect(line.shown.size).toBe(0);
  });

  it("a failed run shows its error, stops its other chunks and leaves no status line", async () => {
    let clock = 0;
    const aborted: boolean[] = [];
    const pool: ChunkRunner = {
      size: 2,
      prepare() {},
      runChunk(job: ChunkJob, onProgress: ProgressCallback, signal: AbortSignal) {
        clock += 1000;
        onProgress(null, 0.75);
        if (job.runStart === 0)
          return new Promise<RunChunk>((_, reject) => setTimeout(() => reject(new Error("worker lost twice")), 5));
        return new Promise<RunChunk>((_, reject) =>
          signal.addEventListener("abort", () => {
            aborted.push(true);
            reject(new CancelledError());
          }),
        );
      },
    };
    const line = statusLine();
    const ch = runExperiment("guide/gd", { runs: 8 }, { pool, progress: line.reporter, now: () => clock });
    await expect(ch.next()).rejects.toThrow("worker lost twice");
    expect(aborted.length).toBe(3); // the other three chunks were cancelled
    expect(line.updates()).toBeGreaterThan(0);
    expect(line.shown.size).toBe(0);
  });
});

describe("run() and a run expected to be long", () => {
  it("shows its status line at once when the kit's estimate says it is long, and not when short", async () => {
    const cases: [Record<string, unknown>, boolean][] = [
      [{ runs: 64, K: 100_000, d: 200 }, true], // about 5 s of one core
      [{}, false], // the defaults: about 50 ms
    ];
    for (const [params, long] of cases) {
      let release = () => {};
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const pool: ChunkRunner = {
        size: 2,
        prepare() {},
        async runChunk(job: ChunkJob) {
          await gate;
          return fakeChunk(job);
        },
      };
      const line = statusLine();
      const ch = runExperiment("guide/gd", params, { pool, progress: line.reporter, now: () => 1000 });
      const first = ch.next();
      await new Promise((r) => setTimeout(r, 20)); // no chunk is back, and the clock has not moved
      expect(line.updates() > 0, JSON.stringify(params)).toBe(long);
      release();
      await first;
      for await (const _ of ch);
      expect(line.shown.size).toBe(0);
    }
  });
});

describe("run() and traces summarised on the page", () => {
  /** Many runs over many checkpoints: summarising them takes several slices of the main thread. */
  const bigChunk = (job: ChunkJob): RunChunk => {
    const n = 1000;
    const runs = 1500;
    const values = new Float64Array(runs * n);
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.37 + job.runStart);
    return {
      ...fakeChunk(job),
      x: Float64Array.from({ length: n }, (_, j) => j + 1),
      series: [{ key: "gd", label: "gd", values, runs }],
    };
  };

  it("a partial trace still being summarised when the final one is out is dropped, never delivered after it", async () => {
    let clock = 0;
    const pool: ChunkRunner = {
      size: 2,
      prepare() {},
      async runChunk(job: ChunkJob) {
        // The first two chunks at once (two partial traces begin, the first overtaken by the second),
        // the last two while the second is still being summarised.
        if (job.runStart > 0) await new Promise((r) => setTimeout(r, job.runStart < 4 ? 1 : 300));
        clock += 1000; // a second per chunk: long enough for partial traces
        return bigChunk(job);
      },
      // A worker that summarises at once (and drops the series: this test reads only the order).
      summarize: async (chunk, meta, opts) => summarize({ ...chunk, series: [] }, meta, opts),
    };
    // A slow reader (a cell still drawing): the final trace waits unread while the partial finishes.
    const traces = [];
    for await (const t of runExperiment("guide/gd", { runs: 8 }, { pool, now: () => clock })) {
      traces.push(t);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(traces.at(-1)?.meta.complete).toBe(true);
  });
});
