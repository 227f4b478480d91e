/**
 * Experiments with a WebGPU implementation, by experiment id. Each kernel takes the same parameters
 * and returns the same RunChunk shape as the experiment's CPU `run`, and has a parity test in test/gpu/.
 */
import type { RunContext } from "../../src/theory/experiment";
import type { CostVsOmegaParams } from "../../src/theory/sor/experiments";
import type { RunChunk } from "../../src/theory/trace";
import { banditsGpuKernel } from "./bandits";

export interface GpuKernel {
  run(device: GPUDevice, p: Record<string, unknown>, ctx: RunContext): Promise<RunChunk>;
  /** Whether this much work is above the kernel's measured CPU/GPU crossover on a hardware adapter. */
  worthIt(p: Record<string, unknown>): boolean;
  /** A note saying why the kernel cannot run these parameters (the CPU runs them), or undefined when it can. */
  unsupported?(p: Record<string, unknown>): string | undefined;
}

/**
 * Grid side from which `auto` runs sor/cost-vs-omega on a hardware adapter. Measured by bench/sor.ts
 * (sor.gpu.crossover_m) only on SwiftShader, where the GPU never wins: 20 sweeps/s at m = 256 (22 per
 * system in a batch of 8) against ~6000 for the CPU sweep, 0.003×. No hardware adapter was available,
 * so this is spec § 5.4's estimate (m ≈ 48–64 for one system); the kernel batches the whole ω grid
 * (≥ 5 systems), so 64 is on the safe side. `auto` never picks a software adapter anyway.
 */
export const SOR_GPU_CROSSOVER_M = 64;

/** sor/cost-vs-omega: the kernel module, and the SOR experiments it shares code with, load when it runs. */
export const sorCostGpuKernel: GpuKernel = {
  run: async (device, p, ctx) =>
    (await import("./sor-cost")).runCostVsOmegaGpu(device, p as unknown as CostVsOmegaParams, ctx),
  worthIt: (p) => p.ordering === "redblack" && Number(p.m) >= SOR_GPU_CROSSOVER_M,
  unsupported: (p) =>
    p.ordering === "redblack"
      ? undefined
      : "WebGPU asked for, but the kernel runs red-black SOR only: natural ordering ran on the CPU.",
};

export const gpuKernels: Record<string, GpuKernel> = {
  "bandits/regret": banditsGpuKernel,
  "sor/cost-vs-omega": sorCostGpuKernel,
};
