/** What a WebGPU kernel implements (see kernels.ts for how one plugs in). */
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
