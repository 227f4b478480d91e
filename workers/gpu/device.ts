/**
 * WebGPU device acquisition, shared by every kernel. Works in a dedicated worker, on the main thread,
 * and in Node (pass Dawn's GPU object). Never throws: a missing or unusable adapter returns the reason,
 * which the plot shows beside "ran on cpu".
 */

export interface GpuInfo {
  vendor: string;
  architecture: string;
  description: string;
  /** True for software adapters (SwiftShader): fine for correctness, slower than the CPU path. */
  isFallbackAdapter: boolean;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

export type GpuAcquisition = { ok: true; device: GPUDevice; info: GpuInfo } | { ok: false; reason: string };

let cached: Promise<GpuAcquisition> | undefined;

/** The device for this realm, acquired once. A lost device is forgotten so the next call retries. */
export function acquireGpu(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GpuAcquisition> {
  cached ??= requestDevice(gpu).then((acq) => {
    if (acq.ok) {
      void acq.device.lost.then(() => {
        cached = undefined;
      });
    } else cached = undefined;
    return acq;
  });
  return cached;
}

async function requestDevice(gpu: GPU | undefined): Promise<GpuAcquisition> {
  if (!gpu) return { ok: false, reason: "this browser has no WebGPU (navigator.gpu is missing)" };
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return { ok: false, reason: "WebGPU is present but no adapter is available" };
    const device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
    const raw = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const legacy = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const info: GpuInfo = {
      vendor: raw.vendor,
      architecture: raw.architecture,
      description: raw.description,
      isFallbackAdapter: Boolean(raw.isFallbackAdapter ?? legacy ?? raw.architecture === "swiftshader"),
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupsPerDimension: adapter.limits.maxComputeWorkgroupsPerDimension,
    };
    return { ok: true, device, info };
  } catch (e) {
    return { ok: false, reason: `WebGPU device request failed: ${(e as Error).message}` };
  }
}

/** Short human name: "google/swiftshader (software)". */
export function describeGpu(info: GpuInfo): string {
  const name = [info.vendor, info.architecture || info.description].filter(Boolean).join("/");
  return `${name || "unknown adapter"}${info.isFallbackAdapter ? " (software)" : ""}`;
}

/**
 * Build pipelines from one WGSL module with its compile errors and validation errors caught. WebGPU
 * reports both only to the console and then runs nothing, which would read as results (SOR counts at
 * the cap, zero regret). `build` runs at once and its value is returned; `ready` settles once the
 * compiler has answered and rejects with its messages, so a kernel awaits it before its first run.
 */
export function compileChecked<T>(
  device: GPUDevice,
  code: string,
  label: string,
  build: (module: GPUShaderModule) => T,
): { value: T; ready: Promise<void> } {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code, label });
  const value = build(module);
  const validation = device.popErrorScope();
  const ready = Promise.all([module.getCompilationInfo(), validation]).then(([info, error]) => {
    const messages = info.messages
      .filter((m) => m.type === "error")
      .map((m) => `line ${m.lineNum}:${m.linePos}: ${m.message}`);
    if (messages.length === 0 && error) messages.push(error.message);
    if (messages.length > 0) throw new Error(`the WebGPU kernel "${label}" failed to build: ${messages.join("; ")}`);
  });
  ready.catch(() => {}); // handled where it is awaited; no unhandled rejection before the first run
  return { value, ready };
}

/** Create a storage buffer initialised from `data`. */
export function storageBuffer(device: GPUDevice, data: ArrayBufferView, extraUsage = 0): GPUBuffer {
  const buffer = device.createBuffer({
    size: Math.max(16, Math.ceil(data.byteLength / 4) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extraUsage,
    mappedAtCreation: true,
  });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

/** Copy a GPU buffer back to the CPU (through a staging buffer) and return its bytes. */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, byteLength = src.size): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size: byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(src, 0, staging, 0, byteLength);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.unmap();
  staging.destroy();
  return copy;
}
