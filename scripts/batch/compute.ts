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
import type { WorkerJob, WorkerMessage } from "./worker";

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

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);

function runThread(job: WorkerJob, onFraction: (f: number) => void): Promise<RunChunk> {
  return new Promise((resolve, reject) => {
    const w = new Worker(ENTRY, { workerData: job });
    let settled = false;
    w.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") onFraction(m.fraction);
      else if (m.type === "done") {
        settled = true;
        resolve(m.chunk);
        void w.terminate();
      } else {
        settled = true;
        const err = new Error(m.message);
        err.stack = m.stack;
        reject(err);
        void w.terminate();
      }
    });
    w.on("error", (e) => {
      if (!settled) reject(e);
      settled = true;
    });
    w.on("exit", (code) => {
      if (!settled) reject(new Error(`worker thread for runs ${job.runStart}… exited with code ${code}`));
      settled = true;
    });
  });
}

export async function computeRange(o: ComputeOptions): Promise<ComputeResult> {
  const parts = splitRuns(o.runCount, Math.max(1, o.threads)).map(([s, n]) => [o.runStart + s, n] as const);
  const fractions = new Float64Array(parts.length);
  const report = () => {
    let done = 0;
    parts.forEach(([, n], i) => {
      done += n * fractions[i];
    });
    o.onProgress?.(done / o.runCount);
  };
  const chunks = await Promise.all(
    parts.map(([runStart, runCount], i) =>
      runThread({ experiment: o.experiment, params: o.params, runStart, runCount }, (f) => {
        fractions[i] = f;
        report();
      }).then((c) => {
        fractions[i] = 1;
        report();
        return c;
      }),
    ),
  );
  const computeMs = chunks.reduce((t, c) => t + (c.ms ?? 0), 0);
  return { chunk: mergeChunks(chunks), computeMs, threads: parts.length };
}
