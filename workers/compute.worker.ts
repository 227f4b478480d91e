/**
 * The compute worker: runs one chunk of an experiment's runs and streams progress back. Exposed with
 * comlink. Cancellation is by termination (the pool kills a busy worker whose run went stale), so the
 * experiment code needs no cancellation checks in its inner loops.
 */
import * as Comlink from "comlink";
import { checkParams } from "../src/theory/experiment";
import { loadExperiment, loadedExperiment } from "../src/theory/registry";
import { type RunChunk, transferablesOf } from "../src/theory/trace";
import { runOnGpuIfChosen } from "./gpu/backend";
import { acquireGpu, type GpuInfo } from "./gpu/device";

export interface ChunkJob {
  experiment: string;
  params: Record<string, unknown>;
  runStart: number;
  runCount: number;
}

/** Minimum time between two progress messages from one worker. */
const PROGRESS_INTERVAL_MS = 80;

const api = {
  /** Loads an experiment's module ahead of time, so the first run after a page load starts at once. */
  async prepare(experimentId: string): Promise<void> {
    await loadExperiment(experimentId);
  },

  async run(job: ChunkJob, onProgress: (partial: RunChunk | null, fraction: number) => void): Promise<RunChunk> {
    const startedAt = performance.timeOrigin + performance.now();
    const e = loadedExperiment(job.experiment) ?? (await loadExperiment(job.experiment));
    const { values, errors } = checkParams(e, job.params);
    if (errors.length) throw new Error(errors.join("\n"));
    let lastPost = 0;
    const ctx = {
      runStart: job.runStart,
      runCount: job.runCount,
      progress(partial: RunChunk | null, fraction: number) {
        const now = performance.now();
        if (now - lastPost < PROGRESS_INTERVAL_MS) return;
        lastPost = now;
        // Partials are cloned, not transferred: the experiment keeps writing into its buffers.
        onProgress(partial, fraction);
      },
    };
    const chunk = { ...((await runOnGpuIfChosen(e, values, ctx)) ?? (await e.run(values, ctx))), startedAt };
    return Comlink.transfer(chunk, transferablesOf(chunk));
  },

  /** The WebGPU adapter this worker would use, or why there is none. */
  async gpuInfo(): Promise<{ ok: true; info: GpuInfo } | { ok: false; reason: string }> {
    const acq = await acquireGpu();
    return acq.ok ? { ok: true, info: acq.info } : acq;
  },
};

export type ComputeApi = typeof api;
Comlink.expose(api);
