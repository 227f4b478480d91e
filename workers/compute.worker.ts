/**
 * The compute worker: runs one chunk of an experiment's runs and streams progress back. Exposed with
 * comlink; it implements src/compute/protocol.ts. Cancellation is by termination (the pool kills a
 * busy worker whose run went stale), so the experiment code needs no cancellation checks in its inner loops.
 */
import * as Comlink from "comlink";
import type { ChunkJob, ComputeApi, DieMode, GpuReport, ProgressCallback } from "../src/compute/protocol";
import { loadExperiment } from "../src/theory/experiment-registry";
import {
  type RunChunk,
  type SummarizeOptions,
  summarize,
  type Trace,
  type TraceMeta,
  transferablesOf,
} from "../src/theory/trace";
import { acquireGpu } from "./gpu/device";
import { runChunk } from "./run-chunk";

/** Minimum time between two progress messages from one worker. */
const PROGRESS_INTERVAL_MS = 80;

/** Test only: how the next run dies (armed by `__testDie` with a "…-in-run" mode). */
let dieInNextRun: { mode: DieMode; delayMs: number } | undefined;

const crash = (mode: string) => {
  throw new Error(`simulated worker crash (${mode}, for tests)`);
};

const api = {
  async prepare(experimentId: string): Promise<void> {
    await loadExperiment(experimentId);
  },

  async run(job: ChunkJob, onProgress: ProgressCallback): Promise<RunChunk> {
    if (dieInNextRun) return dieInRun(dieInNextRun, onProgress);
    const startedAt = performance.timeOrigin + performance.now();
    // Partials are cloned, not transferred: the experiment keeps writing into its buffers.
    const run = await runChunk(job, { onProgress, progressIntervalMs: PROGRESS_INTERVAL_MS });
    const chunk = { ...run, startedAt };
    return Comlink.transfer(chunk, transferablesOf(chunk));
  },

  async summarize(chunk: RunChunk, meta: Omit<TraceMeta, "notes">, opts: SummarizeOptions): Promise<Trace> {
    const trace = summarize(chunk, meta, opts);
    const buffers = trace.series.flatMap((s) => [s.median, s.lo, s.hi, s.mean, s.last].map((a) => a.buffer));
    return Comlink.transfer(trace, [...new Set(buffers)] as ArrayBuffer[]);
  },

  async gpuInfo(): Promise<GpuReport> {
    const acq = await acquireGpu();
    return acq.ok ? { ok: true, info: acq.info } : acq;
  },

  async holdLock(name: string): Promise<boolean> {
    const locks = (self.navigator as Navigator | undefined)?.locks;
    if (!locks) return false;
    return new Promise<boolean>((held) => {
      void locks.request(name, () => {
        held(true);
        return new Promise<never>(() => {}); // never released while the worker lives
      });
    });
  },

  /**
   * Test only (test/browser/worker-death.test.ts, through `boundlab.pool.__testDie`): makes this worker
   * die in one of the ways of DieMode. Never called by the site.
   */
  __testDie(mode: DieMode, delayMs = 100): void {
    if (mode === "throw-now") setTimeout(() => crash(mode), 0);
    else if (mode === "throw-later") setTimeout(() => crash(mode), delayMs);
    else if (mode === "close") setTimeout(() => self.close(), 0);
    else dieInNextRun = { mode, delayMs };
  },
} satisfies ComputeApi;

/** An armed run: some progress, so the page shows the run under way, then the death it was armed with. */
function dieInRun({ mode, delayMs }: { mode: DieMode; delayMs: number }, onProgress: ProgressCallback): Promise<never> {
  onProgress(null, 0.75);
  if (mode === "throw-in-run") setTimeout(() => crash(mode), delayMs);
  else if (mode === "close-in-run") setTimeout(() => self.close(), delayMs);
  return new Promise<never>(() => {}); // "hang-in-run": no answer, no more progress
}

Comlink.expose(api);
