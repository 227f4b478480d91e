/**
 * A pool of module workers speaking comlink. At most `size` chunks run at once (one per core); more
 * wait in a queue. A stale run is cancelled by terminating the workers that run it, so cancellation
 * is immediate whatever the experiment does. Hot spares (idle workers with the experiment's module
 * loaded) let the next run start without waiting for a worker to boot; replacements for terminated
 * workers are spawned a little later, so booting them does not compete with the fresh run.
 */
import * as Comlink from "comlink";
import type { ChunkJob, ComputeApi } from "../../workers/compute.worker";
import type { RunChunk } from "../theory/trace";

interface Slot {
  worker: Worker;
  api: Comlink.Remote<ComputeApi>;
  /** Experiments whose module this worker has loaded. */
  prepared: Set<string>;
}

export class CancelledError extends Error {
  constructor() {
    super("run cancelled");
    this.name = "CancelledError";
  }
}

/** Delay before replacing terminated workers: long enough for the fresh run to get going. */
const RESPAWN_DELAY_MS = 250;

export class WorkerPool {
  private idle: Slot[] = [];
  private busy = 0;
  private waiting: { resolve: (slot: Slot) => void; signal: AbortSignal }[] = [];
  private preparing = new Set<string>();
  private respawnTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly spawn: () => Worker,
    readonly size: number,
  ) {}

  /** Run one chunk on a worker. Aborting the signal terminates the worker and rejects with CancelledError. */
  async runChunk(
    job: ChunkJob,
    onProgress: (partial: RunChunk | null, fraction: number) => void,
    signal: AbortSignal,
  ): Promise<RunChunk> {
    const slot = await this.acquire(signal);
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        this.kill(slot);
        reject(new CancelledError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const died = new Promise<never>((_, reject) => {
      slot.worker.onerror = (ev) => {
        ev.preventDefault();
        this.kill(slot);
        reject(new Error(`a compute worker crashed: ${ev.message || "unknown error"}`));
      };
    });
    try {
      const result = await Promise.race([slot.api.run(job, Comlink.proxy(onProgress)), aborted, died]);
      slot.prepared.add(job.experiment);
      this.release(slot);
      return result;
    } catch (e) {
      if (e instanceof CancelledError) throw e;
      // The worker threw (bad input, a bug): it may be in any state, so replace it.
      this.kill(slot);
      throw e instanceof Error ? e : new Error(String(e));
    } finally {
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
  async gpuInfo() {
    const slot = await this.acquire(new AbortController().signal);
    try {
      return await slot.api.gpuInfo();
    } finally {
      this.release(slot);
    }
  }

  private acquire(signal: AbortSignal): Promise<Slot> {
    if (signal.aborted) return Promise.reject(new CancelledError());
    if (this.busy < this.size) {
      this.busy++;
      const slot = this.idle.pop() ?? this.create();
      // Replace spares at once: a run that outlives ~100 ms may be cancelled, and its successor
      // should find warm workers. (In steady state, finished workers refill the spares instead.)
      this.fillSpares();
      return Promise.resolve(slot);
    }
    return new Promise((resolve, reject) => {
      const entry = { resolve, signal };
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
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else {
      this.busy--;
      this.idle.push(slot);
    }
  }

  private kill(slot: Slot) {
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    this.busy--;
    const next = this.waiting.shift();
    if (next) {
      this.busy++;
      next.resolve(this.idle.pop() ?? this.create());
    }
    this.scheduleSpares();
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
    const slot: Slot = { worker, api: Comlink.wrap<ComputeApi>(worker), prepared: new Set() };
    for (const id of this.preparing) this.prepareSlot(slot, id);
    return slot;
  }
}
