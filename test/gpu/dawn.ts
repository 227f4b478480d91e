/**
 * One WebGPU device for the Node GPU tests, through Dawn (`webgpu` package) on Chromium's
 * SwiftShader ICD (see stack.md § 3). The `create()` result is kept in a module variable: if it is
 * collected while a device lives, Dawn aborts the test worker. With REQUIRE_WEBGPU=1 a missing
 * adapter throws, so CI cannot pass by skipping every GPU test.
 */
import { existsSync } from "node:fs";
import { acquireGpu, type GpuAcquisition } from "../../workers/gpu/device";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
let dawnGpu: GPU | undefined; // keep alive: see above

export async function dawnDevice(): Promise<GpuAcquisition> {
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  let acq: GpuAcquisition;
  try {
    const webgpu = await import("webgpu");
    Object.assign(globalThis, webgpu.globals);
    dawnGpu ??= webgpu.create([]) as GPU;
    acq = await acquireGpu(dawnGpu);
  } catch (e) {
    acq = { ok: false, reason: `Dawn failed to load: ${(e as Error).message}` };
  }
  if (!acq.ok && process.env.REQUIRE_WEBGPU === "1") {
    throw new Error(`REQUIRE_WEBGPU=1 but no WebGPU adapter in Node: ${acq.reason}`);
  }
  return acq;
}
