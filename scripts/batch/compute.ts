/**
 * Runs a contiguous range of an experiment's runs on worker threads: the range is cut with the
 * page's rule (src/compute/run.ts `splitRuns`), each thread computes one contiguous part with
 * `experiment.run(values, { runStart, runCount, progress })`, and the parts are merged with
 * `mergeChunks`. Run r depends only on (params, r), so the result does not depend on the number of
 * threads (nor on sharding, which cuts the whole range first with the same rule).
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { splitRuns } from "../../src/compute/run";
import { mergeChunks, type RunChunk } from "../../src/theory/trace";
import type { WorkerMessage } from "./worker";
import { workerEntry } from "./worker-bundle";

export interface ComputeOptions {
  experiment: string;
  /** Validated parameters. */
  params: Record<string, unknown>;
  runStart: number;
  runCount: number;
  threads: number;
  /** Fraction of this range done, 0…1. */
  onProgress?(fraction: number): void;
}

export interface ComputeResult {
  chunk: RunChunk;
  /** Compute time summed over threads (each chunk's `ms`). */
  computeMs: number;
  threads: number;
}

/** Threads to use by default: a Slurm task's CPUs where Slurm says, else every core of the machine. */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const slurm = Number(env.SLURM_CPUS_PER_TASK);
  return Number.isInteger(slurm) && slurm > 0 ? slurm : availableParallelism();
}

/** Shard `index` (1-based) of `count`: the same contiguous split as the page's workers; empty when count > total. */
export function shardRange(total: number, index: number, count: number): [number, number] {
  const ranges = splitRuns(total, count);
  return ranges[index - 1] ?? [total, 0];
}

/**
 * Parts per thread on the CPU: threads take the next part as they finish one, so a thread slowed by
 * another process on a shared machine does not hold the whole range (the page's pool does the same).
 * A GPU run is one part per thread: its kernel takes the whole part at once.
 */
const PARTS_PER_THREAD = 4;

export async function computeRange(o: ComputeOptions): Promise<ComputeResult> {
  const gpu = o.params.backend === "webgpu" || o.params.backend === "auto";
  const threads = Math.max(1, o.threads);
  const parts = splitRuns(o.runCount, gpu ? threads : threads * PARTS_PER_THREAD)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => [o.runStart + s, n] as const);
  const fractions = new Float64Array(parts.length);
  const report = () => {
    let done = 0;
    parts.forEach(([, n], i) => {
      done += n * fractions[i];
    });
    o.onProgress?.(done / o.runCount);
  };
  const chunks: RunChunk[] = new Array(parts.length);
  let next = 0;
  const workers: Worker[] = [];
  const entry = await workerEntry();
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const give = (w: Worker) => {
        if (next >= parts.length) return;
        const part = next++;
        const [runStart, runCount] = parts[part];
        w.postMessage({ part, job: { experiment: o.experiment, params: o.params, runStart, runCount } });
      };
      const fail = (e: Error) => reject(e);
      for (let t = 0; t < Math.min(threads, parts.length); t++) {
        const w = new Worker(entry);
        workers.push(w);
        w.on("message", (m: WorkerMessage) => {
          if (m.type === "progress") {
            fractions[m.part] = m.fraction;
            report();
          } else if (m.type === "done") {
            chunks[m.part] = m.chunk;
            fractions[m.part] = 1;
            report();
            if (++finished === parts.length) resolve();
            else give(w);
          } else {
            const err = new Error(m.message);
            err.stack = m.stack;
            fail(err);
          }
        });
        w.on("error", fail);
        w.on("exit", (code) => {
          if (finished < parts.length)
            fail(new Error(`a worker thread exited with code ${code} before its runs were done`));
        });
        give(w);
      }
      if (parts.length === 0) resolve();
    });
  } finally {
    for (const w of workers) {
      w.removeAllListeners("exit");
      void w.terminate();
    }
  }
  const computeMs = chunks.reduce((t, c) => t + (c.ms ?? 0), 0);
  return { chunk: mergeChunks(chunks), computeMs, threads: workers.length };
}
