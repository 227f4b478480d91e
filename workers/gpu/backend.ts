/**
 * Backend choice for experiments that have a WebGPU kernel. `backend` is an ordinary experiment
 * parameter (auto | cpu | webgpu). `auto` uses WebGPU only on a hardware adapter and only above the
 * kernel's measured crossover; `webgpu` forces it (a software adapter is slower than the CPU path,
 * but useful for checking). When WebGPU was asked for and cannot run, or its kernel fails, the CPU
 * runs and says why.
 */
import type { AnyExperiment, RunContext } from "../../src/theory/experiment";
import type { RunChunk } from "../../src/theory/trace";
import { acquireGpu, describeGpu } from "./device";
import { gpuKernels } from "./kernels";

export async function runOnGpuIfChosen(
  e: AnyExperiment,
  p: Record<string, unknown>,
  ctx: RunContext,
): Promise<RunChunk | null> {
  const kernel = gpuKernels[e.id];
  const wanted = p.backend;
  if (!kernel || (wanted !== "webgpu" && wanted !== "auto")) return null;
  const unsupported = kernel.unsupported?.(p);
  if (unsupported) return wanted === "webgpu" ? withNote(await e.run(p, ctx), unsupported) : null;
  const acq = await acquireGpu();
  if (!acq.ok) {
    return wanted === "webgpu"
      ? withNote(await e.run(p, ctx), `WebGPU unavailable, ran on the CPU: ${acq.reason}`)
      : null;
  }
  if (wanted === "auto") {
    if (acq.info.isFallbackAdapter) return null; // software adapters are slower than the CPU path
    if (!kernel.worthIt(p)) return null;
  }
  let chunk: RunChunk;
  try {
    chunk = await kernel.run(acq.device, p, { ...ctx, backend: "webgpu" });
  } catch (err) {
    // A shader this browser cannot build, a lost device, a buffer over its limits: the CPU result,
    // and the reason where the reader sees it.
    return withNote(await e.run(p, ctx), `WebGPU failed, ran on the CPU: ${(err as Error).message}`);
  }
  return withNote(chunk, `WebGPU on ${describeGpu(acq.info)}`);
}

function withNote(chunk: RunChunk, note: string): RunChunk {
  return { ...chunk, notes: [...chunk.notes, note] };
}
