/**
 * A pool of module workers speaking comlink. A stale run is cancelled by terminating the workers
 * that run it, so cancellation is immediate whatever the experiment does. Hot spares keep the next
 * run from waiting for a worker to boot: the pool holds `size` idle workers whenever it can.
 */
import * as Comlink from "comlink";
import type { RunChunk } from "../theory/trace";
import type { ChunkJob, ComputeApi } from "../../workers/compute.worker";

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

export class WorkerPool {
  private idle: Slot[] = [];
  private preparing = new Set<string>();

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
    if (signal.aborted) throw new CancelledError();
    const slot = this.take();
    this.refill(job.experiment);
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
      this.idle.push(slot);
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

  /** Load an experiment's module in every idle worker (call when a page shows its controls). */
  prepare(experimentId: string): void {
    if (this.preparing.has(experimentId)) return;
    this.preparing.add(experimentId);
    this.refill(experimentId);
    for (const slot of this.idle) this.prepareSlot(slot, experimentId);
  }

  private prepareSlot(slot: Slot, experimentId: string) {
    if (slot.prepared.has(experimentId)) return;
    slot.prepared.add(experimentId);
    slot.api.prepare(experimentId).catch(() => slot.prepared.delete(experimentId));
  }

  private take(): Slot {
    return this.idle.pop() ?? this.create();
  }

  /** Keep `size` idle workers ready, with the experiment's module already loaded. */
  private refill(experimentId?: string) {
    while (this.idle.length < this.size) {
      const slot = this.create();
      this.idle.push(slot);
      for (const id of this.preparing) this.prepareSlot(slot, id);
      if (experimentId) this.prepareSlot(slot, experimentId);
    }
  }

  private create(): Slot {
    const worker = this.spawn();
    return { worker, api: Comlink.wrap<ComputeApi>(worker), prepared: new Set() };
  }

  private kill(slot: Slot) {
    slot.api[Comlink.releaseProxy]();
    slot.worker.terminate();
    this.idle = this.idle.filter((s) => s !== slot);
    this.refill();
  }
}
