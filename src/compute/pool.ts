/**
 * A pool of module workers speaking comlink (the protocol is src/compute/protocol.ts). At most `size`
 * chunks run at once (one per core); more wait in a queue. A stale run is cancelled by terminating the
 * workers that run it, so cancellation is immediate whatever the experiment does. Hot spares (idle
 * workers with the experiment's module loaded) let the next run start without waiting for a worker to
 * boot; replacements for terminated workers are spawned a little later, so booting them does not
 * compete with the fresh run.
 *
 * A worker that dies never leaves the page broken. Deaths are seen three ways: an uncaught error in the
 * worker (its `error` event, watched for the worker's whole life, busy or idle); a silent stop
 * (`self.close()`, a worker the browser kills for lack of memory), seen through a Web Lock the worker
 * holds until it goes; and a chunk that sends no progress for `stallMs` (a hung worker, or a death
 * neither of the others saw). A dead idle worker leaves the spares at once and is replaced; a chunk whose
 * worker dies is retried once on a fresh worker, and if that dies too, its run fails with a message in
 * its cell. No chunk waits for ever.
 */
import * as Comlink from "comlink";
import type { RunChunk, SummarizeOptions, Trace, TraceMeta } from "../theory/trace";
import {
  type ChunkJob,
  type ComputeApi,
  type DieMode,
  type GpuReport,
  IDLE_DIE_MODES,
  type ProgressCallback,
} from "./protocol";
import { summarizeSliced } from "./sliced";

interface Slot {
  id: number;
  worker: Worker;
  api: Comlink.Remote<ComputeApi>;
  /** Experiments whose module this worker has loaded. */
  prepared: Set<string>;
  /** Rejects with WorkerLostError when the worker dies or is killed; never resolves. */
  lost: Promise<never>;
  markLost: (e: WorkerLostError) => void;
  dead: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super("run cancelled");
    this.name = "CancelledError";
  }
}

/** The worker under a chunk went: it crashed, stopped, or sent no progress for too long. Retried once. */
export class WorkerLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerLostError";
  }
}

/** A chunk lost its worker twice (the second time a fresh one): the run fails with this in its cell. */
export class ComputationFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Computation failed";
  }
}

export interface PoolOptions {
  /**
   * A chunk whose worker sends neither progress nor its result for this long is given up (its worker
   * is killed, the chunk retried once). Experiments report progress many times a second, so the
   * default is very generous; tests lower it.
   */
  stallMs?: number;
}

export interface PoolStats {
  size: number;
  idle: number;
  busy: number;
  waiting: number;
  /** Workers started so far. */
  spawned: number;
  /** Workers that died on their own (crashed, stopped, stalled), not counting those the pool cancelled. */
  deaths: number;
  /** Chunks retried on a fresh worker after their worker died. */
  retries: number;
}

/** Delay before replacing terminated workers: long enough for the fresh run to get going. */
const RESPAWN_DELAY_MS = 250;
export const DEFAULT_STALL_MS = 60_000;

export class WorkerPool {
  /** See PoolOptions.stallMs; may be changed at any time (tests do), and applies to chunks started later. */
  stallMs: number;
  private idle: Slot[] = [];
  private busy = 0;
  private waiting: { resolve: (slot: Slot) => void; signal: AbortSignal; fresh: boolean }[] = [];
  private preparing = new Set<string>();
  private respawnTimer: ReturnType<typeof setTimeout> | undefined;
  private serial = 0;
  private readonly lockPrefix = `boundlab-worker-${Math.random().toString(36).slice(2)}-`;
  private counts = { spawned: 0, deaths: 0, retries: 0 };
  private testDeath: { mode: DieMode; times: number; delayMs?: number } | undefined;

  constructor(
    private readonly spawn: () => Worker,
    readonly size: number,
    opts: PoolOptions = {},
  ) {
    this.stallMs = opts.stallMs ?? DEFAULT_STALL_MS;
  }

  /**
   * Run one chunk on a worker. Aborting the signal terminates the worker and rejects with
   * CancelledError. A chunk whose worker dies is retried once on a fresh worker.
   */
  async runChunk(job: ChunkJob, onProgress: ProgressCallback, signal: AbortSignal): Promise<RunChunk> {
    const call = (slot: Slot, progress: ProgressCallback) => {
      this.armTestDeath(slot);
      return slot.api.run(job, Comlink.proxy(progress)).then((chunk) => {
        slot.prepared.add(job.experiment);
        return chunk;
      });
    };
    try {
      return await this.attempt(call, onProgress, signal, false);
    } catch (e) {
      if (!(e instanceof WorkerLostError)) throw e;
      this.counts.retries++;
      try {
        return await this.attempt(call, onProgress, signal, true);
      } catch (again) {
        if (!(again instanceof WorkerLostError)) throw again;
        const runs = `runs ${job.runStart + 1}–${job.runStart + job.runCount}`;
        throw new ComputationFailedError(
          `${again.message}, twice (${runs}, the second time on a fresh worker). Reload the page, or try smaller parameters.`,
        );
      }
    }
  }

  /**
   * A run's trace from its merged chunks, summarised on a worker (`summarize` in src/theory/trace.ts)
   * where one is free now, so the page's main thread stays free; else here in short slices
   * (src/compute/sliced.ts), since a queued summary would wait behind other runs' chunks. Cancelled
   * like a chunk; a worker lost meanwhile rejects with WorkerLostError (run.ts then summarises itself).
   */
  async summarize(
    chunk: RunChunk,
    meta: Omit<TraceMeta, "notes">,
    opts: SummarizeOptions,
    signal: AbortSignal,
  ): Promise<Trace> {
    if (this.busy >= this.size) {
      const trace = await summarizeSliced(chunk, meta, opts, signal);
      if (!trace) throw new CancelledError();
      return trace;
    }
    return this.attempt(
      (slot) => slot.api.summarize(chunk, meta, opts),
      () => {},
      signal,
      false,
    );
  }

  private async attempt<T>(
    call: (slot: Slot, progress: ProgressCallback) => Promise<T>,
    onProgress: ProgressCallback,
    signal: AbortSignal,
    fresh: boolean,
  ): Promise<T> {
    const slot = await this.acquire(signal, fresh);
    if (signal.aborted) {
      // Cancelled while it waited for this worker: hand the worker on unused.
      this.release(slot);
      throw new CancelledError();
    }
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new CancelledError());
      signal.addEventListener("abort", onAbort, { once: true });
    });
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let rearm = () => {};
    let over = false;
    const stalled = new Promise<never>((_, reject) => {
      const limit = this.stallMs;
      const said = limit >= 1000 ? `${Math.round(limit / 1000)} s` : `${limit} ms`;
      rearm = () => {
        clearTimeout(stallTimer);
        stallTimer = setTimeout(
          () => reject(new WorkerLostError(`a compute worker sent no progress for ${said}`)),
          limit,
        );
      };
    });
    rearm();
    const progress: ProgressCallback = (partial, fraction) => {
      if (over) return; // a late message from an attempt already given up
      rearm();
      onProgress(partial, fraction);
    };
    try {
      const result = await Promise.race([call(slot, progress), slot.lost, aborted, stalled]);
      this.release(slot);
      return result;
    } catch (e) {
      if (e instanceof WorkerLostError && !slot.dead) this.counts.deaths++; // stalled: the pool gives up on it
      // Cancelled, lost, or the worker threw (bad input, a bug): it may be in any state, so replace it.
      this.retire(slot, e instanceof Error ? e.message : String(e));
      if (e instanceof CancelledError || e instanceof WorkerLostError) throw e;
      throw e instanceof Error ? e : new Error(String(e));
    } finally {
      over = true;
      clearTimeout(stallTimer);
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** Load an experiment's module in the idle workers now, and in every worker spawned later. */
  prepare(experimentId: string): void {
    if (!this.preparing.has(experimentId)) {
      this.preparing.add(experimentId);
      this.fillSpares();
    }
    for (const slot of this.idle) this.prepareSlot(slot, experimentId);
  }

  /** Ask a worker which WebGPU adapter it sees (for the backend readout and tests). */
  async gpuInfo(): Promise<GpuReport> {
    const slot = await this.acquire(new AbortController().signal, false);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WorkerLostError("a compute worker did not answer")), this.stallMs);
    });
    try {
      const report = await Promise.race([slot.api.gpuInfo(), slot.lost, stalled]);
      this.release(slot);
      return report;
    } catch (e) {
      this.retire(slot, String(e));
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Counts for tests and the console. */
  stats(): PoolStats {
    return { size: this.size, idle: this.idle.length, busy: this.busy, waiting: this.waiting.length, ...this.counts };
  }

  /**
   * Test only (test/browser/worker-death.test.ts calls it through `boundlab.pool`; the site never
   * does): make workers die, as described at DieMode. An idle mode ("throw-now", "throw-later",
   * "close") goes to every idle worker now; a run mode ("…-in-run") to the workers of the next `times`
   * chunk attempts (Infinity: until `__testDie(null)`). Returns how many workers or attempts it armed.
   */
  __testDie(mode: DieMode | null, times = 1, delayMs?: number): number {
    this.testDeath = undefined;
    if (mode === null) return 0;
    if (IDLE_DIE_MODES.includes(mode)) {
      for (const slot of this.idle) slot.api.__testDie(mode, delayMs).catch(() => {});
      return this.idle.length;
    }
    this.testDeath = { mode, times, delayMs };
    return times;
  }

  private armTestDeath(slot: Slot) {
    const t = this.testDeath;
    if (!t) return;
    slot.api.__testDie(t.mode, t.delayMs).catch(() => {}); // sent before run(): the worker sees it first
    if (--t.times <= 0) this.testDeath = undefined;
  }

  private acquire(signal: AbortSignal, fresh: boolean): Promise<Slot> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    if (this.busy < this.size) {
      this.busy++;
      const slot = fresh ? this.create() : (this.idle.pop() ?? this.create());
      // Replace spares at once: a run that outlives ~100 ms may be cancelled, and its successor
      // should find warm workers. (In steady state, finished workers refill the spares instead.)
      this.fillSpares();
      return Promise.resolve(slot);
    }
    return new Promise((resolve, reject) => {
      const entry = { resolve, signal, fresh };
      this.waiting.push(entry);
      signal.addEventListener(
        "abort",
        () => {
          this.waiting = this.waiting.filter((w) => w !== entry);
          reject(new CancelledError());
        },
        { once: true },
      );
    });
  }

  /** A finished worker goes to the next waiting chunk, or back to the idle spares. */
  private release(slot: Slot) {
    if (slot.dead) return this.retire(slot, "");
    const next = this.waiting.shift();
    if (!next) {
      this.busy--;
      this.idle.push(slot);
    } else if (next.fresh) {
      this.idle.push(slot);
      next.resolve(this.create());
    } else next.resolve(slot);
  }

  /** A busy worker is done with (cancelled, lost, or it threw): kill it and pass its place on. */
  private retire(slot: Slot, reason: string) {
    this.destroy(slot, reason);
    this.busy--;
    const next = this.waiting.shift();
    if (next) {
      this.busy++;
      next.resolve(next.fresh ? this.create() : (this.idle.pop() ?? this.create()));
    }
    this.scheduleSpares();
  }

  /** The worker died on its own, busy or idle: out of the spares, and its chunk (if any) learns through `lost`. */
  private onDeath(slot: Slot, reason: string) {
    if (slot.dead) return;
    this.counts.deaths++;
    const wasIdle = this.idle.includes(slot);
    this.destroy(slot, reason);
    if (wasIdle) this.scheduleSpares();
  }

  private destroy(slot: Slot, reason: string) {
    this.idle = this.idle.filter((s) => s !== slot);
    if (slot.dead) return;
    slot.dead = true;
    slot.markLost(new WorkerLostError(reason || "a compute worker was stopped"));
    try {
      slot.api[Comlink.releaseProxy]();
    } catch {}
    slot.worker.terminate();
  }

  private scheduleSpares() {
    clearTimeout(this.respawnTimer);
    this.respawnTimer = setTimeout(() => this.fillSpares(), RESPAWN_DELAY_MS);
  }

  /** Keep `size` idle workers ready, with the modules of the experiments in use already loaded. */
  private fillSpares() {
    while (this.idle.length < this.size) this.idle.push(this.create());
  }

  private prepareSlot(slot: Slot, experimentId: string) {
    if (slot.prepared.has(experimentId)) return;
    slot.prepared.add(experimentId);
    slot.api.prepare(experimentId).catch(() => slot.prepared.delete(experimentId));
  }

  private create(): Slot {
    const worker = this.spawn();
    this.counts.spawned++;
    let markLost: (e: WorkerLostError) => void = () => {};
    const lost = new Promise<never>((_, reject) => {
      markLost = reject;
    });
    lost.catch(() => {}); // observed by the chunk that holds the worker, if any
    const slot: Slot = {
      id: ++this.serial,
      worker,
      api: Comlink.wrap<ComputeApi>(worker),
      prepared: new Set(),
      lost,
      markLost,
      dead: false,
    };
    // For the worker's whole life, not only while it runs a chunk: an idle worker can die too.
    worker.addEventListener("error", (ev) => {
      ev.preventDefault();
      this.onDeath(slot, `a compute worker crashed (${ev.message || "unknown error"})`);
    });
    this.watchLock(slot);
    for (const id of this.preparing) this.prepareSlot(slot, id);
    return slot;
  }

  /** A silent stop fires no event; the Web Lock the worker holds until it goes is released then. */
  private watchLock(slot: Slot) {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return;
    const name = `${this.lockPrefix}${slot.id}`;
    slot.api.holdLock(name).then(
      (held) => {
        if (!held || slot.dead) return;
        locks
          .request(name, () => this.onDeath(slot, "a compute worker stopped (the browser may have run out of memory)"))
          .catch(() => {});
      },
      () => {},
    );
  }
}
