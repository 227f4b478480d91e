/**
 * Backend choice for experiments whose declaration names a WebGPU kernel (`gpu: "<name>"`).
 * `backend` is an ordinary experiment parameter (auto | cpu | webgpu). `auto` uses WebGPU only on a
 * hardware adapter and only above the kernel's measured crossover; `webgpu` forces it (a software
 * adapter is slower than the CPU path, but useful for checking). One policy for every paper: when
 * WebGPU was asked for and cannot run — no adapter, parameters the kernel declines, a kernel that
 * fails — the CPU runs and the plot says why.
 */
import type { AnyExperiment, RunContext } from "../../src/theory/experiment";
import type { KitExperiment } from "../../src/theory/kit/define";
import type { ParamSchema, ParamValues } from "../../src/theory/params";
import type { RunChunk } from "../../src/theory/trace";
import { acquireGpu, describeGpu } from "./device";
import { gpuKernels } from "./kernels";

export async function runOnGpuIfChosen(
  e: AnyExperiment,
  values: Record<string, unknown>,
  ctx: RunContext,
): Promise<RunChunk | null> {
  const p = values as ParamValues<ParamSchema>; // validated by the caller (checkParams)
  const load = e.gpu ? gpuKernels.get(e.gpu) : undefined;
  const wanted = p.backend;
  const kit = (e as Partial<KitExperiment>).kit;
  if (!load || !kit || (wanted !== "webgpu" && wanted !== "auto")) return null;
  const cpu = async (note: string) => (wanted === "webgpu" ? withNote(await e.run(p, ctx), note) : null);
  const kernel = await load();
  const setup = kit.impl.setup(p);
  const unsupported = kernel.unsupported?.(setup, p);
  if (unsupported) return cpu(`WebGPU asked for, but ${unsupported}: ran on the CPU.`);
  const acq = await acquireGpu();
  if (!acq.ok) return cpu(`WebGPU unavailable, ran on the CPU: ${acq.reason}`);
  if (wanted === "auto") {
    if (acq.info.isFallbackAdapter) return null; // software adapters are slower than the CPU path
    if (!kernel.worthIt(setup, p)) return null;
  }
  try {
    const t0 = performance.now();
    const { result, notes = [] } = await kernel.run(acq.device, setup, p, ctx);
    const chunk = kit.assemble(setup, p, result, ctx, "webgpu", [...notes, `WebGPU on ${describeGpu(acq.info)}`]);
    chunk.ms = performance.now() - t0;
    return chunk;
  } catch (err) {
    // A shader this browser cannot build, a lost device, a buffer over its limits: the CPU result,
    // and the reason where the reader sees it.
    return withNote(await e.run(p, ctx), `WebGPU failed, ran on the CPU: ${(err as Error).message}`);
  }
}

function withNote(chunk: RunChunk, note: string): RunChunk {
  return { ...chunk, notes: [...chunk.notes, note] };
}
