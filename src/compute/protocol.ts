/**
 * What the page's worker pool (src/compute/pool.ts) and the compute worker (workers/compute.worker.ts)
 * say to each other over comlink. The worker implements `ComputeApi`; the types live here, in src/, so
 * that nothing in src/ imports from workers/.
 */
import type { SeriesSelection } from "../theory/experiment";
import type { RunChunk, SummarizeOptions, Trace, TraceMeta } from "../theory/trace";

/** One chunk of an experiment: runs runStart … runStart + runCount − 1 with validated parameters. */
export interface ChunkJob {
  experiment: string;
  params: Record<string, unknown>;
  runStart: number;
  runCount: number;
  /** Only some of its series (run.ts splits few runs by series): see SeriesSelection. */
  series?: SeriesSelection;
}

/** Progress of a chunk: an optional partial result and the fraction done (0…1). */
export type ProgressCallback = (partial: RunChunk | null, fraction: number) => void;

/** What the backend readout and the tests learn about a worker's WebGPU adapter. */
export interface GpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

export type GpuReport = { ok: true; info: GpuAdapterSummary } | { ok: false; reason: string };

/**
 * Ways to make a worker die, for test/browser/worker-death.test.ts only (nothing in the site calls
 * them; a reader who calls `boundlab.pool.__testDie(…)` from the console only restarts their own workers):
 * - "throw-now": an uncaught error at once;
 * - "throw-later": an uncaught error `delayMs` later, while the worker sits idle;
 * - "close": `self.close()` — the worker stops without any event the page can see;
 * - "throw-in-run": the next run reports some progress, then the worker throws an uncaught error while busy;
 * - "close-in-run": the next run reports some progress, then the worker stops silently mid-run (how a
 *   worker the browser kills for running out of memory looks from the page);
 * - "hang-in-run": the next run reports some progress, then never answers again (a stuck worker).
 */
export type DieMode = "throw-now" | "throw-later" | "close" | "throw-in-run" | "close-in-run" | "hang-in-run";
export const IDLE_DIE_MODES: readonly DieMode[] = ["throw-now", "throw-later", "close"];

export interface ComputeApi {
  /** Loads an experiment's module ahead of time, so the first run after a page load starts at once. */
  prepare(experimentId: string): Promise<void>;
  /** Runs one chunk, reporting progress (at most every ~80 ms) through `onProgress`. */
  run(job: ChunkJob, onProgress: ProgressCallback): Promise<RunChunk>;
  /**
   * `summarize` (src/theory/trace.ts) of a run's merged chunks, so that the quantiles over every run, the
   * costliest thing a run asks of the page, are computed off its main thread.
   */
  summarize(chunk: RunChunk, meta: Omit<TraceMeta, "notes">, opts: SummarizeOptions): Promise<Trace>;
  /** The WebGPU adapter this worker would use, or why there is none. */
  gpuInfo(): Promise<GpuReport>;
  /**
   * Takes the Web Lock `name` and holds it for the worker's whole life; resolves true once it is held
   * (false where Web Locks are missing). The browser releases it when the worker goes, however it goes,
   * so the pool, queued on the same lock, learns of deaths that fire no event (self.close(), a kill).
   */
  holdLock(name: string): Promise<boolean>;
  /** Test only: see DieMode. */
  __testDie(mode: DieMode, delayMs?: number): void;
}
