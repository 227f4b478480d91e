/**
 * One batch computation as a function: an experiment (or one shard of it) with checked parameters,
 * computed on worker threads, as a TraceFile. The command (cli.ts), the tests and the bench call it.
 */
import { mkdirSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { type AnySchema, runCountOf } from "../../src/theory/experiment";
import { computeRange, defaultThreads, shardRange } from "./compute";
import { FORMAT, type ShardInfo, type TraceFile } from "./trace-file";
import { experimentVersion } from "./version";

export interface BatchOptions {
  schema: AnySchema;
  /** Validated parameters (args.ts `checkRunParams`, or `checkParams`). */
  values: Record<string, unknown>;
  shard?: ShardInfo;
  /**
   * Worker threads; by default every core (SLURM_CPUS_PER_TASK in a Slurm task), and 1 for
   * `--backend=webgpu` (one device does the work; more threads would only share it).
   */
  threads?: number;
  onStart?(info: { runStart: number; runCount: number; threads: number }): void;
  onProgress?(fraction: number): void;
}

export async function runBatch(o: BatchOptions): Promise<TraceFile> {
  const t0 = performance.now();
  const e = o.schema;
  const total = runCountOf(e, o.values);
  const [runStart, runCount] = o.shard ? shardRange(total, o.shard.index, o.shard.count) : [0, total];
  const gpuForced = e.gpu !== undefined && o.values.backend === "webgpu";
  const threads = Math.max(1, Math.min(o.threads ?? (gpuForced ? 1 : defaultThreads()), runCount));
  const head = {
    format: FORMAT as typeof FORMAT,
    kind: o.shard ? ("shard" as const) : ("trace" as const),
    experiment: e.id,
    title: e.title,
    version: experimentVersion(e.id, e.gpu !== undefined),
    params: o.values,
    seed: Object.hasOwn(o.values, "seed") ? Number(o.values.seed) : null,
    runsTotal: total,
    runStart,
    runCount,
    ...(o.shard ? { shard: o.shard } : {}),
    plot: e.plot,
  };
  const timing = (computeMs: number, used: number) => ({
    computeMs,
    wallMs: performance.now() - t0,
    threads: used,
    host: hostname(),
    node: process.version,
    finishedAt: new Date().toISOString(),
  });
  if (runCount === 0) return { ...head, backend: "cpu", chunk: null, timing: timing(0, 0) };
  if (e.gpu !== undefined && o.values.backend !== "cpu") ensureRuntimeDir();
  o.onStart?.({ runStart, runCount, threads });
  const result = await computeRange({
    experiment: e.id,
    params: o.values,
    runStart,
    runCount,
    threads,
    onProgress: o.onProgress,
  });
  const { ms: _ms, startedAt: _startedAt, ...chunk } = result.chunk;
  return { ...head, backend: chunk.backend, chunk, timing: timing(result.computeMs, result.threads) };
}

/**
 * Dawn's Vulkan loader complains on stderr, once per thread, when XDG_RUNTIME_DIR is unset (batch
 * jobs and containers): give it a private one. Set here, in the main thread, before the worker
 * threads start, so the native code in every thread sees it.
 */
function ensureRuntimeDir(): void {
  if (process.env.XDG_RUNTIME_DIR) return;
  const dir = join(tmpdir(), `boundlab-runtime-${process.getuid?.() ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.XDG_RUNTIME_DIR = dir;
}
