/**
 * WebGPU kernel of sor/cost-vs-omega: the whole ω grid of the experiment's setup solved as batches of
 * the mixed-precision red-black kernel (sor.ts, sor.wgsl). It returns the counts only; the kit adds
 * the CPU's bounds and notes. Loaded on demand by workers/gpu/kernels.ts.
 */
import type { CostVsOmegaParams } from "../../src/theory/sor/schema";
import type { GpuKernel } from "./kernel-api";
import { SOR_REFRESH_EVERY, SorKernel } from "./sor";
import sorWgsl from "./sor.wgsl?raw";

/**
 * Grid side from which `auto` runs sor/cost-vs-omega on a hardware adapter. Measured by bench/sor.ts
 * (sor.gpu.crossover_m) only on SwiftShader, where the GPU never wins: 20 sweeps/s at m = 256 (22 per
 * system in a batch of 8) against ~6000 for the CPU sweep, 0.003×. No hardware adapter was available,
 * so this is spec § 5.4's estimate (m ≈ 48–64 for one system); the kernel batches the whole ω grid
 * (≥ 5 systems), so 64 is on the safe side. `auto` never picks a software adapter anyway.
 */
export const SOR_GPU_CROSSOVER_M = 64;

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

/** What the kernel takes of the experiment's setup: the ω grid and b. */
type Setup = { xs: Float64Array; b: Float64Array };

export const kernel: GpuKernel<Setup, CostVsOmegaParams> = {
  unsupported: (_setup, p) =>
    p.ordering === "redblack" ? undefined : "the kernel runs red-black SOR only, not natural ordering",
  worthIt: (_setup, p) => p.ordering === "redblack" && p.m >= SOR_GPU_CROSSOVER_M,
  async run(device, { xs, b }, p, ctx) {
    if (p.ordering !== "redblack") throw new Error("the SOR kernel runs red-black ordering only (see unsupported())");
    const systems = Array.from(xs, (omega) => ({ omega, shift: p.c, b }));
    const limit = Math.min(BATCH_BYTES, device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
    const perBatch = Math.max(1, Math.floor(limit / (4 * (p.m + 2) ** 2)));
    const sor = sorKernelFor(device);
    const counts = new Float64Array(systems.length);
    let refreshes = 0;
    let submissions = 0;
    for (let start = 0; start < systems.length; start += perBatch) {
      const res = await sor.solve(p.m, systems.slice(start, start + perBatch), {
        tol: p.eps,
        cap: p.cap,
        onProgress: (done) => ctx.progress(null, (start + done) / systems.length),
      });
      // Capped ω are blank, as on the CPU.
      res.counts.forEach((k, i) => {
        counts[start + i] = Number.isFinite(k) ? k : Number.NaN;
      });
      refreshes += res.refreshes.reduce((a, r) => a + r, 0);
      submissions += res.submissions;
    }
    const batches = Math.ceil(systems.length / perBatch);
    return {
      result: { values: [counts], divergedAt: [undefined] },
      notes: [
        `WebGPU, red-black SOR in mixed precision: f32 sweeps on the GPU (${systems.length} values of ω in ${batches === 1 ? "one batch" : `${batches} batches`}, ${submissions} submissions); x and r = b − Ax kept in f64 on the CPU and refreshed every ≤ ${SOR_REFRESH_EVERY} sweeps (${refreshes} refreshes), counts decided on the f64 residual.`,
      ],
    };
  },
};
