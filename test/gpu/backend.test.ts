import { describe, expect, it, vi } from "vitest";
import type { AnyExperiment } from "../../src/theory/experiment";
import type { RunChunk } from "../../src/theory/trace";

// A hardware adapter that is always there, so the backend's choice is the only thing under test.
vi.mock("../../workers/gpu/device", () => ({
  acquireGpu: async () => ({
    ok: true,
    device: {},
    info: { vendor: "test", architecture: "gpu", description: "", isFallbackAdapter: false },
  }),
  describeGpu: () => "test/gpu",
}));

const { runOnGpuIfChosen } = await import("../../workers/gpu/backend");
const { gpuKernels } = await import("../../workers/gpu/kernels");

const cpuChunk = (): RunChunk => ({
  x: Float64Array.of(1),
  series: [{ key: "y", label: "y", values: Float64Array.of(2), runs: 1 }],
  bounds: [],
  runStart: 0,
  backend: "cpu",
  notes: [],
});
const experiment = { id: "test/kernel", run: async () => cpuChunk() } as unknown as AnyExperiment;
const ctx = { runStart: 0, runCount: 1, backend: "cpu" as const, progress: () => {} };

describe("backend choice when the WebGPU kernel fails", () => {
  it("runs the CPU and says why, for `webgpu` and `auto` alike", async () => {
    gpuKernels["test/kernel"] = {
      run: async () => {
        throw new Error('the WebGPU kernel "test" failed to build: line 3:1: expected ")"');
      },
      worthIt: () => true,
    };
    try {
      for (const backend of ["webgpu", "auto"]) {
        const chunk = await runOnGpuIfChosen(experiment, { backend }, ctx);
        expect(chunk?.backend).toBe("cpu");
        expect(chunk?.series[0].values).toEqual(Float64Array.of(2));
        expect(chunk?.notes).toEqual([
          'WebGPU failed, ran on the CPU: the WebGPU kernel "test" failed to build: line 3:1: expected ")"',
        ]);
      }
      // Asked for the CPU: the kernel is not consulted (null: the caller runs the experiment).
      expect(await runOnGpuIfChosen(experiment, { backend: "cpu" }, ctx)).toBeNull();
    } finally {
      delete gpuKernels["test/kernel"];
    }
  });

  it("a kernel that works keeps its result and names the adapter", async () => {
    gpuKernels["test/kernel"] = { run: async () => ({ ...cpuChunk(), backend: "webgpu" }), worthIt: () => true };
    try {
      const chunk = await runOnGpuIfChosen(experiment, { backend: "webgpu" }, ctx);
      expect(chunk?.backend).toBe("webgpu");
      expect(chunk?.notes).toEqual(["WebGPU on test/gpu"]);
    } finally {
      delete gpuKernels["test/kernel"];
    }
  });
});
