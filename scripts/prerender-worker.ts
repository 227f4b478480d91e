/**
 * A compute thread of the build's prerender (scripts/prerender-pool.ts): runs one chunk of an
 * experiment on the CPU, exactly as the in-process runner of `npm run figure` does, and sends the chunk
 * back (its buffers transferred). Also renders PNGs with resvg, so the main thread keeps drawing.
 */
import { readlinkSync } from "node:fs";
import { type MessagePort, parentPort } from "node:worker_threads";
import type { ChunkJob } from "../src/compute/protocol";
import { checkParams } from "../src/theory/experiment";
import { loadExperiment } from "../src/theory/experiment-registry";
import { type RunChunk, transferablesOf } from "../src/theory/trace";
import { svgToPng } from "./png";
import { threadCpuMs } from "./prerender-pool";

export type WorkerRequest = { id: number; chunk: ChunkJob } | { id: number; png: { svg: string; scale: number } };
export type WorkerReply =
  | { id: number; started: true }
  | { id: number; chunk: RunChunk; ms: number; cpuMs?: number }
  | { id: number; png: Uint8Array }
  | { id: number; error: string };

/** As a worker thread: answer the pool's requests. */
if (parentPort) serve(parentPort);

function serve(port: MessagePort) {
  /** This thread's id for /proc (Linux), so the pool can read its CPU time while it computes. */
  const threadId = (() => {
    try {
      return Number(readlinkSync("/proc/thread-self").split("/").pop());
    } catch {
      return undefined;
    }
  })();
  port.postMessage({ hello: threadId });

  port.on("message", async (req: WorkerRequest) => {
    try {
      if ("png" in req) {
        const png = new Uint8Array(svgToPng(req.png.svg, req.png.scale));
        port.postMessage({ id: req.id, png } satisfies WorkerReply, [png.buffer as ArrayBuffer]);
        return;
      }
      const job = req.chunk;
      const e = await loadExperiment(job.experiment);
      const { values, errors } = checkParams(e, job.params);
      if (errors.length) throw new Error(errors.join("\n"));
      // Loading (and compiling) the paper's modules is not the run's time: its budget starts now.
      port.postMessage({ id: req.id, started: true } satisfies WorkerReply);
      const t0 = performance.now();
      const c0 = threadCpuMs(threadId);
      const chunk = await e.run(values, {
        runStart: job.runStart,
        runCount: job.runCount,
        series: job.series,
        progress: () => {},
      });
      const c1 = threadCpuMs(threadId);
      const cpuMs = c0 !== undefined && c1 !== undefined ? c1 - c0 : undefined;
      const reply: WorkerReply = { id: req.id, chunk, ms: performance.now() - t0, cpuMs };
      port.postMessage(reply, transferablesOf(chunk));
    } catch (e) {
      port.postMessage({ id: req.id, error: (e as Error).stack ?? String(e) } satisfies WorkerReply);
    }
  });
}
