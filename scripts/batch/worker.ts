/**
 * A batch worker thread (started by compute.ts through worker-entry.mjs): computes one contiguous
 * range of runs with the experiment's own `run`, or its WebGPU kernel through the same host code as
 * the page's worker (`runOnGpuIfChosen`), and posts the chunk back (buffers transferred).
 */
import { parentPort, workerData } from "node:worker_threads";
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

export type WorkerMessage =
  | { type: "progress"; fraction: number }
  | { type: "done"; chunk: RunChunk }
  | { type: "error"; message: string; stack?: string };

const PROGRESS_INTERVAL_MS = 100;

const job = workerData as WorkerJob;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

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
      post({ type: "progress", fraction });
    },
  };
  const wantsGpu = e.gpu !== undefined && (values.backend === "webgpu" || values.backend === "auto");
  if (wantsGpu) await installDawn();
  const chunk = (wantsGpu ? await runOnGpuIfChosen(e, values, ctx) : null) ?? (await e.run(values, ctx));
  post({ type: "done", chunk }, transferablesOf(chunk));
} catch (err) {
  post({ type: "error", message: (err as Error).message, stack: (err as Error).stack });
}
