/**
 * Experiments with a WebGPU implementation, by experiment id. Each kernel takes the same parameters
 * and returns the same RunChunk shape as the experiment's CPU `run`, and has a parity test in test/gpu/.
 */
import type { RunContext } from "../../src/theory/experiment";
import type { RunChunk } from "../../src/theory/trace";
import { banditsGpuKernel } from "./bandits";

export interface GpuKernel {
  run(device: GPUDevice, p: Record<string, unknown>, ctx: RunContext): Promise<RunChunk>;
  /** Whether this much work is above the kernel's measured CPU/GPU crossover on a hardware adapter. */
  worthIt(p: Record<string, unknown>): boolean;
}

export const gpuKernels: Record<string, GpuKernel> = {
  "bandits/regret": banditsGpuKernel,
};
