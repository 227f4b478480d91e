/**
 * A batch worker thread (started by compute.ts through worker-entry.mjs): computes one contiguous
 * part of a range of runs at a time with the experiment's own `run`, or its WebGPU kernel through the
 * same host code as the page's worker (`runOnGpuIfChosen`), and posts the chunk back (buffers transferred).
 */
import { parentPort } from "node:worker_threads";
import { checkParams } from "../../src/theory/experiment";
import { loadExperiment } from "../../src/theory/experiment-registry";
import { type RunChunk, transferablesOf } from "../../src/theory/trace";
import { runOnGpuIfChosen } from "../../workers/gpu/backend";
import { installDawn } from "./gpu";

export interface WorkerJob {
  experiment: string;
  params: Record<string, unknown>;
  runStart: number;
  runCount: number;
}

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
    const e = await loadExperiment(job.experiment);
    const { values, errors } = checkParams(e, job.params, { limits: false }); // see args.ts
    if (errors.length) throw new Error(errors.join("\n"));
    let last = 0;
    const ctx = {
      runStart: job.runStart,
      runCount: job.runCount,
      progress(_partial: RunChunk | null, fraction: number) {
        const now = performance.now();
        if (now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
        post({ type: "progress", part, fraction });
      },
    };
    const wantsGpu = e.gpu !== undefined && (values.backend === "webgpu" || values.backend === "auto");
    if (wantsGpu) await installDawn();
    const chunk = (wantsGpu ? await runOnGpuIfChosen(e, values, ctx) : null) ?? (await e.run(values, ctx));
    post({ type: "done", part, chunk }, transferablesOf(chunk));
  } catch (err) {
    post({ type: "error", part, message: (err as Error).message, stack: (err as Error).stack });
  }
}

// Parts arrive one at a time (the next only after this one's "done"), so they never interleave.
parentPort!.on("message", (m: { part: number; job: WorkerJob }) => void compute(m.part, m.job));
