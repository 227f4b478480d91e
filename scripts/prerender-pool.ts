/**
 * The build's chunk runner: worker threads (scripts/prerender-worker.ts) that run chunks on the CPU
 * like the page's worker pool, with a time budget. A trace whose chunks have computed for longer than
 * `traceBudgetMs` in all (finished chunks plus the running ones so far; CPU time of their threads, read
 * from /proc on Linux, so that a busy machine does not make a run long) is a long run: its threads are
 * terminated and its chunks fail with LongRunError, so the build never waits for it. Past `deadline`
 * (the whole prerender's budget), every chunk still running or waiting fails with BuildBudgetError.
 */
import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { ChunkJob, ProgressCallback } from "../src/compute/protocol";
import type { ChunkRunner } from "../src/compute/run";
import { paramsKey } from "../src/stdlib/export";
import type { RunChunk } from "../src/theory/trace";
import type { WorkerReply, WorkerRequest } from "./prerender-worker";

export class LongRunError extends Error {
  constructor(
    readonly experiment: string,
    readonly ms: number,
    readonly budgetMs: number,
  ) {
    super(`${experiment} is a long run: over ${Math.round(budgetMs / 1000)} s of CPU at build time`);
    this.name = "Long run";
  }
}

export class BuildBudgetError extends Error {
  constructor(readonly experiment: string) {
    super(`${experiment} was not computed: the build's time budget for default figures ran out`);
    this.name = "Build budget";
  }
}

export class CancelledChunkError extends Error {
  constructor() {
    super("run cancelled");
    this.name = "CancelledError";
  }
}

interface Thread {
  worker: Worker;
  /** Its Linux thread id (for its CPU time in /proc), once it has said hello. */
  tid?: number;
  task?: Task;
}

interface Task {
  id: number;
  request: WorkerRequest;
  key?: string;
  experiment?: string;
  startedAt?: number;
  /** The thread's CPU time when the chunk started (ms), where /proc has it. */
  cpuAtStart?: number;
  resolve: (v: WorkerReply) => void;
  reject: (e: Error) => void;
}

interface TraceBudget {
  doneMs: number;
  long?: LongRunError;
}

export interface ThreadRunnerOptions {
  threads: number;
  traceBudgetMs: number;
  /** performance.now() after which nothing more is computed (the prerender moves it per notebook). */
  deadline: number;
  /** Traces known to be long (from the cache): their chunks fail at once. */
  knownLong?: (key: string) => LongRunError | undefined;
}

export const traceKeyOf = (experiment: string, params: Record<string, unknown>) => `${experiment} ${paramsKey(params)}`;

/** CPU time of a thread of this process in ms (utime + stime from /proc), or undefined off Linux. */
export function threadCpuMs(tid: number | undefined): number | undefined {
  if (tid === undefined || Number.isNaN(tid)) return undefined;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks, USER_HZ = 100 on Linux
  } catch {
    return undefined;
  }
}

const WORKER_URL = new URL("./prerender-worker.ts", import.meta.url).href;
/** tsx's loader, registered in the thread itself (a thread does not inherit `--import tsx`). */
const BOOT = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

export class ThreadRunner implements ChunkRunner {
  readonly size: number;
  private threads: Thread[] = [];
  private queue: Task[] = [];
  private serial = 0;
  private budgets = new Map<string, TraceBudget>();
  private timer: ReturnType<typeof setInterval>;
  private closed = false;
  /** performance.now() after which nothing more is computed. */
  deadline: number;
  /** Chunks computed, their threads' time, and the traces found long: for the build's report. */
  readonly stats = { chunks: 0, computeMs: 0 };

  constructor(private readonly opts: ThreadRunnerOptions) {
    this.size = opts.threads;
    this.deadline = opts.deadline;
    for (let i = 0; i < opts.threads; i++) this.threads.push(this.spawn());
    this.timer = setInterval(() => this.watch(), 50);
    this.timer.unref?.();
  }

  prepare(): void {}

  /** No chunk running or waiting. */
  idle(): boolean {
    return this.queue.length === 0 && this.threads.every((t) => !t.task);
  }

  /** The time a trace's finished chunks took (CPU ms where /proc tells it), if it ran here. */
  costOf(traceKey: string): number | undefined {
    const b = this.budgets.get(traceKey);
    return b && !b.long && b.doneMs > 0 ? b.doneMs : undefined;
  }

  /** The traces that went over their budget, by trace key. */
  longRuns(): Map<string, LongRunError> {
    return new Map([...this.budgets].flatMap(([k, b]) => (b.long ? [[k, b.long] as const] : [])));
  }

  runChunk(job: ChunkJob, _onProgress: ProgressCallback, signal: AbortSignal): Promise<RunChunk> {
    const key = traceKeyOf(job.experiment, job.params);
    const known = this.opts.knownLong?.(key);
    if (known) {
      this.budget(key).long = known;
      return Promise.reject(known);
    }
    const long = this.budget(key).long;
    if (long) return Promise.reject(long);
    if (performance.now() > this.deadline) return Promise.reject(new BuildBudgetError(job.experiment));
    return new Promise<WorkerReply>((resolve, reject) => {
      const task: Task = {
        id: ++this.serial,
        request: { id: this.serial, chunk: job },
        key,
        experiment: job.experiment,
        resolve,
        reject,
      };
      signal.addEventListener("abort", () => this.cancel(task, new CancelledChunkError()), { once: true });
      this.queue.push(task);
      this.dispatch();
    }).then((reply) => {
      if ("error" in reply) throw new Error(reply.error);
      if (!("chunk" in reply)) throw new Error("a compute thread answered a chunk with something else");
      // Budgets count CPU time where Linux tells it (a busy machine does not make a run long), else wall time.
      this.budget(key).doneMs += reply.cpuMs ?? reply.ms;
      this.stats.chunks++;
      this.stats.computeMs += reply.ms;
      return reply.chunk;
    });
  }

  /** A PNG of an SVG document, rendered on a compute thread (resvg, as `npm run figure` renders it). */
  png(svg: string, scale: number): Promise<Uint8Array> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.queue.push({ id: ++this.serial, request: { id: this.serial, png: { svg, scale } }, resolve, reject });
      this.dispatch();
    }).then((reply) => {
      if ("error" in reply) throw new Error(reply.error);
      if (!("png" in reply)) throw new Error("a compute thread answered a PNG with something else");
      return reply.png;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const t of this.queue.splice(0)) t.reject(new CancelledChunkError());
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private budget(key: string): TraceBudget {
    let b = this.budgets.get(key);
    if (!b) this.budgets.set(key, (b = { doneMs: 0 }));
    return b;
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(BOOT, { eval: true }) };
    thread.worker.on("message", (message: WorkerReply | { hello?: number }) => {
      if ("hello" in message) {
        thread.tid = message.hello;
        return;
      }
      const reply = message as WorkerReply;
      const task = thread.task;
      if (!task || task.id !== reply.id) return;
      if ("started" in reply) {
        task.startedAt = performance.now();
        task.cpuAtStart = threadCpuMs(thread.tid);
        return;
      }
      thread.task = undefined;
      task.resolve(reply);
      this.dispatch();
    });
    thread.worker.on("error", (e) => {
      const task = thread.task;
      thread.task = undefined;
      task?.reject(e);
      this.replace(thread);
    });
    return thread;
  }

  /** A thread killed mid-chunk (over budget, cancelled) or crashed: a fresh one takes its place. */
  private replace(thread: Thread) {
    void thread.worker.terminate();
    const i = this.threads.indexOf(thread);
    if (i >= 0 && !this.closed) this.threads[i] = this.spawn();
    this.dispatch();
  }

  private dispatch() {
    if (this.closed) return;
    for (const thread of this.threads) {
      if (thread.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      thread.task = task;
      thread.worker.postMessage(task.request);
    }
  }

  private cancel(task: Task, error: Error) {
    const q = this.queue.indexOf(task);
    if (q >= 0) {
      this.queue.splice(q, 1);
      task.reject(error);
      return;
    }
    const thread = this.threads.find((t) => t.task === task);
    if (!thread) return;
    thread.task = undefined;
    task.reject(error);
    this.replace(thread);
  }

  /** Every 50 ms: traces over their budget, and the build's deadline. */
  private watch() {
    const now = performance.now();
    const pastDeadline = now > this.deadline;
    const running = new Map<string, number>();
    for (const t of this.threads) {
      const task = t.task;
      if (!task?.key || task.startedAt === undefined) continue;
      const cpu = task.cpuAtStart !== undefined ? threadCpuMs(t.tid) : undefined;
      const ms = cpu !== undefined && task.cpuAtStart !== undefined ? cpu - task.cpuAtStart : now - task.startedAt;
      running.set(task.key, (running.get(task.key) ?? 0) + ms);
    }
    for (const [key, runningMs] of running) {
      const b = this.budget(key);
      const total = b.doneMs + runningMs;
      if (!b.long && total > this.opts.traceBudgetMs) {
        const experiment = key.slice(0, key.indexOf(" "));
        b.long = new LongRunError(experiment, total, this.opts.traceBudgetMs);
      }
    }
    for (const task of [...this.queue, ...this.threads.flatMap((t) => (t.task ? [t.task] : []))]) {
      if (!task.key) continue;
      const long = this.budget(task.key).long;
      if (long) this.cancel(task, long);
      else if (pastDeadline) this.cancel(task, new BuildBudgetError(task.experiment ?? ""));
    }
  }
}
