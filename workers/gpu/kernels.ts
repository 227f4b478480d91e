/**
 * WebGPU kernels, by name. An experiment plugs one in with `gpu: "<name>"` in its declaration; the
 * kernel file exports `kernel: GpuKernel` and gets one line here. A kernel receives the same setup
 * the CPU step gets and returns the same series, and the kit assembles the chunk (bounds, notes) as
 * for the CPU, so no experiment exports internals for its kernel. Each kernel has a parity test in
 * test/gpu/. Kernel modules load on demand, only in workers whose run asks for them.
 */
import type { GpuKernel } from "./kernel-api";

export type { GpuKernel };

export const gpuKernels = new Map<string, () => Promise<GpuKernel>>([
  ["bandits", async () => (await import("./bandits")).kernel],
  ["sor-cost", async () => (await import("./sor-cost")).kernel],
]);
