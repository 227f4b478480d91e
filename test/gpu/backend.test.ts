import { describe, expect, it, vi } from "vitest";
import { declareExperiment } from "../../src/theory/experiment";
import { defineExperiment } from "../../src/theory/kit/define";
import { backend } from "../../src/theory/params";
import type { GpuKernel } from "../../workers/gpu/kernels";

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

// One series, one point: 2 on the CPU; the fake kernels below answer 3.
const experiment = defineExperiment(
  declareExperiment({
    id: "test/kernel",
    title: "a kernel under test",
    params: { backend: backend({ auto: "auto", webgpu: "WebGPU" }) },
    plot: { xLabel: "x", yLabel: "y" },
    gpu: "test-kernel",
  }),
  {
    setup: () => ({}),
    x: () => Float64Array.of(1),
    series: () => [{ key: "y", label: "y", run: ({ row }) => row.fill(2) }],
  },
);
const ctx = { runStart: 0, runCount: 1, progress: () => {} };
const gpuResult = { result: { values: [Float64Array.of(3)], divergedAt: [undefined] } };

/** Runs `body` with `kernel` registered under the experiment's kernel name. */
async function withKernel(kernel: GpuKernel, body: () => Promise<void>): Promise<void> {
  gpuKernels.set("test-kernel", async () => kernel);
  try {
    await body();
  } finally {
    gpuKernels.delete("test-kernel");
  }
}

describe("backend choice when the WebGPU kernel fails", () => {
  it("runs the CPU and says why, for `webgpu` and `auto` alike", async () => {
    const failing: GpuKernel = {
      run: async () => {
        throw new Error('the WebGPU kernel "test" failed to build: line 3:1: expected ")"');
      },
      worthIt: () => true,
    };
    await withKernel(failing, async () => {
      for (const backend of ["webgpu", "auto"] as const) {
        const chunk = await runOnGpuIfChosen(experiment, { backend }, ctx);
        expect(chunk?.backend).toBe("cpu");
        expect(chunk?.series[0].values).toEqual(Float64Array.of(2));
        expect(chunk?.notes).toEqual([
          'WebGPU failed, ran on the CPU: the WebGPU kernel "test" failed to build: line 3:1: expected ")"',
        ]);
      }
      // Asked for the CPU: the kernel is not consulted (null: the caller runs the experiment).
      expect(await runOnGpuIfChosen(experiment, { backend: "cpu" }, ctx)).toBeNull();
    });
  });

  it("a kernel that works keeps its result and names the adapter", async () => {
    await withKernel({ run: async () => gpuResult, worthIt: () => true }, async () => {
      const chunk = await runOnGpuIfChosen(experiment, { backend: "webgpu" }, ctx);
      expect(chunk?.backend).toBe("webgpu");
      expect(chunk?.series[0].values).toEqual(Float64Array.of(3));
      expect(chunk?.notes).toEqual(["WebGPU on test/gpu"]);
    });
  });

  it("parameters the kernel declines run on the CPU with its reason (webgpu), or quietly (auto)", async () => {
    const declining: GpuKernel = {
      unsupported: () => "it takes no such thing",
      run: async () => gpuResult,
      worthIt: () => true,
    };
    await withKernel(declining, async () => {
      const chunk = await runOnGpuIfChosen(experiment, { backend: "webgpu" }, ctx);
      expect(chunk?.backend).toBe("cpu");
      expect(chunk?.series[0].values).toEqual(Float64Array.of(2));
      expect(chunk?.notes).toEqual(["WebGPU asked for, but it takes no such thing: ran on the CPU."]);
      expect(await runOnGpuIfChosen(experiment, { backend: "auto" }, ctx)).toBeNull();
    });
  });
});
