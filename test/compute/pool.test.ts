/**
 * The worker pool when workers die (src/compute/pool.ts), on fake workers: a comlink endpoint over a
 * Node MessageChannel that can crash (an `error` event), stop silently (no event, no answer) or hang.
 * The browser suite (test/browser/worker-death.test.ts) does the same with real workers on a real page.
 */
import * as Comlink from "comlink";
import { afterEach, describe, expect, it } from "vitest";
import { CancelledError, ComputationFailedError, WorkerPool } from "../../src/compute/pool";
import type { ChunkJob, ComputeApi, DieMode, ProgressCallback } from "../../src/compute/protocol";
import { type RunChunk, summarize, type Trace } from "../../src/theory/trace";

type Behaviour = (job: ChunkJob, onProgress: ProgressCallback, worker: FakeWorker) => Promise<RunChunk>;

const chunk = (job: ChunkJob, worker: FakeWorker): RunChunk => ({
  x: new Float64Array([1]),
  series: [],
  bounds: [],
  runStart: job.runStart,
  backend: "cpu",
  notes: [`worker ${worker.id}`],
});

const quick: Behaviour = async (job, onProgress, w) => {
  onProgress(null, 1);
  return chunk(job, w);
};

let serial = 0;
const all: FakeWorker[] = [];

/** What the pool sees of a Worker: postMessage, message and error events, terminate(). */
class FakeWorker extends EventTarget {
  readonly id = ++serial;
  private readonly channel = new MessageChannel();
  terminated = false;
  /** Stopped on its own: answers nothing any more, fires no event. */
  silent = false;

  /** How this worker summarises: the real `summarize`, unless a test makes it die first. */
  behaviourOfSummary: () => (...a: Parameters<typeof summarize>) => Trace | Promise<Trace> = () => summarize;

  constructor(private readonly behaviour: () => Behaviour) {
    super();
    all.push(this);
    const api: ComputeApi = {
      prepare: async () => {},
      run: (job, onProgress) => this.behaviour()(job, onProgress, this),
      summarize: async (c, meta, opts) => this.behaviourOfSummary()(c, meta, opts),
      gpuInfo: async () => ({ ok: false, reason: "fake worker" }),
      holdLock: async () => false, // no Web Locks in Node: silent deaths are the watchdog's
      __testDie: (mode: DieMode) => {
        if (mode === "throw-now" || mode === "throw-later") setTimeout(() => this.crash(`simulated ${mode}`), 1);
        if (mode === "close") setTimeout(() => this.stop(), 1);
      },
    };
    Comlink.expose(api, this.channel.port2 as unknown as Comlink.Endpoint);
    this.channel.port1.start();
  }

  postMessage(message: unknown, transfer?: Transferable[]) {
    if (!this.terminated && !this.silent) this.channel.port1.postMessage(message, (transfer ?? []) as never);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === "message") this.channel.port1.addEventListener("message", listener as EventListener);
    else super.addEventListener(type, listener);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === "message") this.channel.port1.removeEventListener("message", listener as EventListener);
    else super.removeEventListener(type, listener);
  }

  /** An uncaught error inside the worker. */
  crash(message: string) {
    if (this.terminated || this.silent) return;
    this.dispatchEvent(Object.assign(new Event("error", { cancelable: true }), { message }));
  }

  /** self.close(), or a kill for lack of memory: nothing more comes out. */
  stop() {
    this.silent = true;
    this.channel.port2.close();
  }

  terminate() {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }
}

function makePool(behaviour: () => Behaviour, size = 2, stallMs = 300) {
  const pool = new WorkerPool(() => new FakeWorker(behaviour) as unknown as Worker, size, { stallMs });
  return pool;
}

const job = (runStart = 0): ChunkJob => ({ experiment: "fake/x", params: {}, runStart, runCount: 4 });
const signal = () => new AbortController().signal;
const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 5));
  }
};
const alive = () => all.filter((w) => !w.terminated && !w.silent);

afterEach(() => {
  for (const w of all.splice(0)) w.terminate();
});

describe("the worker pool when workers die", () => {
  it("an idle worker that throws is removed and replaced; the next run succeeds", async () => {
    const pool = makePool(() => quick);
    await pool.runChunk(job(), () => {}, signal());
    const told = pool.__testDie("throw-later", 1, 1);
    expect(told).toBeGreaterThanOrEqual(2);
    await until(() => pool.stats().deaths === told);
    const crashed = all.filter((w) => w.terminated).map((w) => `worker ${w.id}`);
    expect(crashed.length).toBe(told); // killed and dropped from the spares
    const result = await pool.runChunk(job(), () => {}, signal());
    expect(crashed).not.toContain(result.notes[0]);
    await until(() => pool.stats().idle >= 2); // spares refilled
    expect(pool.stats()).toMatchObject({ busy: 0, retries: 0 });
  });

  it("an idle worker that stops silently costs one watchdog period, then its chunk runs on a fresh worker", async () => {
    const pool = makePool(() => quick, 1, 200);
    await pool.runChunk(job(), () => {}, signal());
    pool.__testDie("close");
    await until(() => all.some((w) => w.silent));
    const t0 = Date.now();
    const result = await pool.runChunk(job(), () => {}, signal());
    expect(result.notes[0]).not.toBe(`worker ${all.find((w) => w.silent)!.id}`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    expect(pool.stats()).toMatchObject({ retries: 1, deaths: 1, busy: 0 });
  });

  it("a worker that throws while busy: its chunk is retried once on a fresh worker and succeeds", async () => {
    let attempts = 0;
    const crashOnce: Behaviour = async (j, onProgress, w) => {
      if (attempts++ > 0) return quick(j, onProgress, w);
      onProgress(null, 0.75);
      setTimeout(() => w.crash("out of cheese"), 5);
      return new Promise<never>(() => {});
    };
    const pool = makePool(() => crashOnce);
    const progress: number[] = [];
    const result = await pool.runChunk(job(), (_, f) => progress.push(f), signal());
    expect(result.runStart).toBe(0);
    expect(attempts).toBe(2);
    expect(progress.at(-1)).toBe(1); // the fresh attempt's progress; the dead one's may or may not arrive first
    expect(pool.stats()).toMatchObject({ retries: 1, deaths: 1, busy: 0 });
  });

  it("a chunk whose worker dies twice fails with a message, after exactly one retry", async () => {
    let attempts = 0;
    const alwaysCrash: Behaviour = async (_j, _p, w) => {
      attempts++;
      setTimeout(() => w.crash("out of cheese"), 5);
      return new Promise<never>(() => {});
    };
    const pool = makePool(() => alwaysCrash);
    const failure = pool.runChunk(job(8), () => {}, signal());
    await expect(failure).rejects.toBeInstanceOf(ComputationFailedError);
    await expect(failure).rejects.toThrow(
      /a compute worker crashed \(out of cheese\), twice \(runs 9–12, the second time on a fresh worker\)/,
    );
    expect(attempts).toBe(2);
    expect(pool.stats().busy).toBe(0);
  });

  it("a worker that stops silently mid-chunk is caught by the watchdog and the chunk retried", async () => {
    let attempts = 0;
    const stopOnce: Behaviour = async (j, onProgress, w) => {
      if (attempts++ > 0) return quick(j, onProgress, w);
      onProgress(null, 0.5);
      setTimeout(() => w.stop(), 5);
      return new Promise<never>(() => {});
    };
    const pool = makePool(() => stopOnce, 2, 150);
    const result = await pool.runChunk(job(), () => {}, signal());
    expect(result.runStart).toBe(0);
    expect(pool.stats()).toMatchObject({ retries: 1, busy: 0 });
  });

  it("a hung worker fails its run after two watchdog periods, never waits for ever", async () => {
    const hang: Behaviour = () => new Promise<never>(() => {});
    const pool = makePool(() => hang, 2, 100);
    await expect(pool.runChunk(job(), () => {}, signal())).rejects.toThrow(
      /a compute worker sent no progress for 100 ms, twice/,
    );
    expect(pool.stats()).toMatchObject({ retries: 1, deaths: 2, busy: 0 });
  });

  it("progress keeps a long chunk alive past the watchdog period", async () => {
    // Progress every 20 ms for 1.3 s against a 1 s limit: a 50× margin, so a loaded machine does not kill it.
    const slow: Behaviour = async (j, onProgress, w) => {
      const t0 = Date.now();
      while (Date.now() - t0 < 1300) {
        await new Promise((r) => setTimeout(r, 20));
        onProgress(null, Math.min(1, (Date.now() - t0) / 1300));
      }
      return chunk(j, w);
    };
    const pool = makePool(() => slow, 1, 1000);
    await pool.runChunk(job(), () => {}, signal());
    expect(pool.stats()).toMatchObject({ retries: 0, deaths: 0 });
  });

  it("a chunk that throws (bad input) is not retried: its error goes to the run, the worker is replaced", async () => {
    let attempts = 0;
    const reject: Behaviour = async () => {
      attempts++;
      throw new Error("K = -5 is not valid");
    };
    const pool = makePool(() => reject);
    await expect(pool.runChunk(job(), () => {}, signal())).rejects.toThrow("K = -5 is not valid");
    expect(attempts).toBe(1);
    expect(pool.stats()).toMatchObject({ retries: 0, busy: 0 });
  });

  it("cancelling still kills the worker at once and is not retried", async () => {
    const hang: Behaviour = (_j, onProgress) => {
      onProgress(null, 0.1);
      return new Promise<never>(() => {});
    };
    const pool = makePool(() => hang, 1, 10_000);
    const controller = new AbortController();
    const run = pool.runChunk(job(), () => {}, controller.signal);
    await until(() => all.length > 0 && pool.stats().busy === 1);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(pool.stats()).toMatchObject({ retries: 0, deaths: 0, busy: 0 });
  });

  it("a chunk waiting for a worker that gets cancelled does not run", async () => {
    let runs = 0;
    const slow: Behaviour = async (j, onProgress, w) => {
      runs++;
      await new Promise((r) => setTimeout(r, 50));
      return quick(j, onProgress, w);
    };
    const pool = makePool(() => slow, 1);
    const first = pool.runChunk(job(), () => {}, signal());
    const controller = new AbortController();
    const second = pool.runChunk(job(4), () => {}, controller.signal);
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    await first;
    expect(runs).toBe(1);
    expect(alive().length).toBeGreaterThan(0);
  });

  it("summarize: a run's trace computed on a worker, the same as here; the worker goes back to the spares", async () => {
    const pool = makePool(() => quick);
    const c: RunChunk = {
      x: Float64Array.of(1, 2, 3),
      series: [{ key: "s", label: "S", values: Float64Array.of(1, 2, 3, 3, 1, 2, 2, 3, 1), runs: 3 }],
      bounds: [],
      runStart: 0,
      backend: "cpu",
      notes: ["n"],
    };
    const meta = {
      experiment: "fake/x",
      params: {},
      backend: "cpu" as const,
      ms: 1,
      runsDone: 3,
      runsTotal: 3,
      complete: true,
    };
    const there = await pool.summarize(c, meta, {}, signal());
    expect(there).toEqual(summarize(c, meta, {}));
    expect(pool.stats()).toMatchObject({ busy: 0 });
    // A worker that stops silently while summarising: the watchdog gives up on it, as on a chunk.
    pool.stallMs = 100;
    for (const w of alive())
      w.behaviourOfSummary = () => () => {
        w.stop();
        return new Promise<never>(() => {});
      };
    await expect(pool.summarize(c, meta, {}, signal())).rejects.toThrow(/no progress/);
    expect(pool.stats()).toMatchObject({ busy: 0 });
  });
});
