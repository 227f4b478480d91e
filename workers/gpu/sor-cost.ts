/**
 * WebGPU path of sor/cost-vs-omega: the whole ω grid solved as batches of the mixed-precision
 * red-black kernel (sor.ts, sor.wgsl), returning the same RunChunk as the CPU run (shared setup,
 * notes and bounds from src/theory/sor/experiments.ts). Loaded on demand by workers/gpu/kernels.ts.
 */
import type { RunContext } from "../../src/theory/experiment";
import { type CostVsOmegaParams, costVsOmegaChunk, costVsOmegaSetup } from "../../src/theory/sor/experiments";
import type { RunChunk } from "../../src/theory/trace";
import { SOR_REFRESH_EVERY, SorKernel } from "./sor";
import sorWgsl from "./sor.wgsl?raw";

/** Bytes of one per-system buffer (r̂, e, its backup, its readback) a batch may take. */
const BATCH_BYTES = 64 * 2 ** 20;

const kernels = new WeakMap<GPUDevice, SorKernel>();

/** The compiled SOR pipelines of a device (compiled once per device). */
export function sorKernelFor(device: GPUDevice): SorKernel {
  let k = kernels.get(device);
  if (!k) {
    k = new SorKernel(device, sorWgsl);
    kernels.set(device, k);
  }
  return k;
}

export async function runCostVsOmegaGpu(device: GPUDevice, p: CostVsOmegaParams, ctx: RunContext): Promise<RunChunk> {
  if (p.ordering !== "redblack") throw new Error("the SOR kernel runs red-black ordering only (see unsupported())");
  const setup = costVsOmegaSetup(p);
  const systems = Array.from(setup.xs, (omega) => ({ omega, shift: p.c, b: setup.b }));
  const limit = Math.min(BATCH_BYTES, device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  const perBatch = Math.max(1, Math.floor(limit / (4 * (p.m + 2) ** 2)));
  const kernel = sorKernelFor(device);
  const counts: number[] = [];
  let refreshes = 0;
  let submissions = 0;
  for (let start = 0; start < systems.length; start += perBatch) {
    const batch = systems.slice(start, start + perBatch);
    const res = await kernel.solve(p.m, batch, {
      tol: p.eps,
      cap: p.cap,
      onProgress: (done) => ctx.progress(null, (start + done) / systems.length),
    });
    counts.push(...res.counts);
    refreshes += res.refreshes.reduce((a, b) => a + b, 0);
    submissions += res.submissions;
  }
  const batches = Math.ceil(systems.length / perBatch);
  return costVsOmegaChunk(p, setup, counts, ctx.runStart, "webgpu", [
    `WebGPU, red-black SOR in mixed precision: f32 sweeps on the GPU (${systems.length} values of ω in ${batches === 1 ? "one batch" : `${batches} batches`}, ${submissions} submissions); x and r = b − Ax kept in f64 on the CPU and refreshed every ≤ ${SOR_REFRESH_EVERY} sweeps (${refreshes} refreshes), counts decided on the f64 residual.`,
  ]);
}
