/**
 * WebGPU in a batch worker thread, through Dawn (the `webgpu` package), for experiments whose
 * declaration names a kernel. `installDawn` gives the thread a `navigator.gpu`, so the page's own
 * device code (workers/gpu/device.ts) and backend policy (workers/gpu/backend.ts `runOnGpuIfChosen`)
 * run unchanged: `--backend=webgpu` forces the kernel (on any adapter, software included), `auto`
 * uses it only on a hardware adapter above the kernel's crossover, and where it cannot run the CPU
 * does and the trace's notes say why.
 *
 * Dawn finds adapters through the Vulkan loader; VK_ICD_FILENAMES picks a driver (e.g. Chromium's
 * SwiftShader, /usr/lib/chromium/vk_swiftshader_icd.json, for a software adapter in CI).
 */

let dawnGpu: GPU | undefined; // kept alive for the thread's life: Dawn aborts if it is collected under a device
let failure: string | undefined;

export async function installDawn(): Promise<void> {
  if (dawnGpu || failure) return;
  try {
    const webgpu = await import("webgpu");
    Object.assign(globalThis, webgpu.globals);
    dawnGpu = webgpu.create([]) as GPU;
  } catch (e) {
    failure = `Dawn (the webgpu package) failed to load: ${(e as Error).message}`;
  }
  const reason = failure;
  const gpu =
    dawnGpu ??
    ({
      requestAdapter: () => Promise.reject(new Error(reason)),
    } as unknown as GPU);
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav) Object.defineProperty(nav, "gpu", { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
}
