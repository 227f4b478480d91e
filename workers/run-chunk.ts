/**
 * One chunk of an experiment's runs, the body that the page's compute worker (compute.worker.ts)
 * and a batch worker thread (scripts/batch/worker.ts) share: load the experiment, check the
 * parameters with its schema, run its WebGPU kernel where the backend policy chooses it
 * (gpu/backend.ts), else its CPU step, and report progress at most every `progressIntervalMs`.
 */
import { checkParams, type SeriesSelection } from "../src/theory/experiment";
import { loadExperiment, loadedExperiment } from "../src/theory/experiment-registry";
import type { RunChunk } from "../src/theory/trace";
import { runOnGpuIfChosen } from "./gpu/backend";

export interface ChunkRequest {
  experiment: string;
  params: Record<string, unknown>;
  runStart: number;
  runCount: number;
  series?: SeriesSelection;
}

export interface ChunkOptions {
  /** Progress: the partial chunk so far (the experiment keeps writing into its buffers) and 0…1. */
  onProgress(partial: RunChunk | null, fraction: number): void;
  progressIntervalMs: number;
  /** `false`: skip the cost limits (a batch run's arguments are checked without them, scripts/batch/args.ts). */
  limits?: false;
  /** Called once the experiment is known to want its kernel, before it runs (a batch thread installs Dawn). */
  beforeGpu?(): Promise<void>;
}

export async function runChunk(job: ChunkRequest, o: ChunkOptions): Promise<RunChunk> {
  const e = loadedExperiment(job.experiment) ?? (await loadExperiment(job.experiment));
  const { values, errors } = checkParams(e, job.params, o.limits === false ? { limits: false } : {});
  if (errors.length) throw new Error(errors.join("\n"));
  let lastPost = 0;
  const ctx = {
    runStart: job.runStart,
    runCount: job.runCount,
    series: job.series,
    progress(partial: RunChunk | null, fraction: number) {
      const now = performance.now();
      if (now - lastPost < o.progressIntervalMs) return;
      lastPost = now;
      o.onProgress(partial, fraction);
    },
  };
  // A chunk of some series only (run.ts splits few runs by series) runs on the CPU, as its kernel runs all.
  const wantsGpu =
    job.series === undefined && e.gpu !== undefined && (values.backend === "webgpu" || values.backend === "auto");
  if (wantsGpu) await o.beforeGpu?.();
  return (wantsGpu ? await runOnGpuIfChosen(e, values, ctx) : null) ?? (await e.run(values, ctx));
}
