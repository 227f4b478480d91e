/**
 * WebGPU kernels, by name. An experiment plugs one in with `gpu: "<name>"` in its declaration; the
 * kernel file exports `kernel: GpuKernel` and gets one line here. A kernel receives the same setup
 * the CPU step gets and returns the same series, and the kit assembles the chunk (bounds, notes) as
 * for the CPU, so no experiment exports internals for its kernel. Each kernel has a parity test in
 * test/gpu/. Kernel modules load on demand, only in workers whose run asks for them.
 */
import type { RunContext } from "../../src/theory/experiment";
import type { SeriesResult } from "../../src/theory/kit/define";

// biome-ignore lint/suspicious/noExplicitAny: each kernel has its experiment's setup and parameters
export interface GpuKernel<Setup = any, P = any> {
  /** Why the kernel cannot take these parameters (the CPU runs them, and the plot says why). */
  unsupported?(setup: Setup, p: P): string | undefined;
  /** Whether this much work is above the kernel's measured CPU/GPU crossover on a hardware adapter. */
  worthIt(setup: Setup, p: P): boolean;
  run(device: GPUDevice, setup: Setup, p: P, ctx: RunContext): Promise<{ result: SeriesResult; notes?: string[] }>;
}

export const gpuKernels = new Map<string, () => Promise<GpuKernel>>([
  ["bandits", async () => (await import("./bandits")).kernel],
  ["sor-cost", async () => (await import("./sor-cost")).kernel],
]);
