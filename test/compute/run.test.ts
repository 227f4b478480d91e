/**
 * run(): however a run ends — done, failed, cancelled — nothing is left on screen saying it is running
 * (the page's status line), and a failed run stops its other chunks. A fake chunk runner and clock.
 */
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/compute/pool";
import type { ChunkJob, ProgressCallback } from "../../src/compute/protocol";
import { type ChunkRunner, type ProgressReporter, runExperiment } from "../../src/compute/run";
import type { RunChunk } from "../../src/theory/trace";

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
