/**
 * A batch worker thread, started by compute.ts from its esbuild bundle (worker-bundle.ts) or, where
 * that cannot be built, through tsx (worker-entry.mjs): computes one contiguous part of a range of
 * runs at a time with the experiment's own `run`, or its WebGPU kernel through the same host code as
 * the page's worker (`runOnGpuIfChosen`), and posts the chunk back (buffers transferred).
 */
import { parentPort } from "node:worker_threads";
import { type RunChunk, transferablesOf } from "../../src/theory/trace";
import { type ChunkRequest, runChunk } from "../../workers/run-chunk";
import { installDawn } from "./gpu";

/** One part of a range of runs (the page worker's chunk request). */
export type WorkerJob = ChunkRequest;

/** Each message names the part (`part`: its index in the range's queue) it is about. */
export type WorkerMessage =
  | { type: "progress"; part: number; fraction: number }
  | { type: "done"; part: number; chunk: RunChunk }
  | { type: "error"; part: number; message: string; stack?: string };

const PROGRESS_INTERVAL_MS = 100;

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

/** One part of the range; the thread then waits for the next (it stays up: start-up is paid once). */
async function compute(part: number, job: WorkerJob): Promise<void> {
  try {
    const chunk = await runChunk(job, {
      onProgress: (_partial, fraction) => post({ type: "progress", part, fraction }),
      progressIntervalMs: PROGRESS_INTERVAL_MS,
      limits: false, // see args.ts
      beforeGpu: installDawn,
    });
    post({ type: "done", part, chunk }, transferablesOf(chunk));
  } catch (err) {
    post({ type: "error", part, message: (err as Error).message, stack: (err as Error).stack });
  }
}

// Parts arrive one at a time (the next only after this one's "done"), so they never interleave.
parentPort!.on("message", (m: { part: number; job: WorkerJob }) => void compute(m.part, m.job));
