/**
 * The registered WebGPU kernel of sor/cost-vs-omega (workers/gpu/kernels.ts → sor-cost.ts) against the
 * CPU experiment: same x grid, same counts, identical bounds, notes saying which backend ran.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/theory/experiment";
import { defaults } from "../../src/theory/params";
import { type CostVsOmegaParams, costVsOmega } from "../../src/theory/sor/experiments";
import { gpuKernels } from "../../workers/gpu/kernels";
import { dawnDevice } from "./dawn";

let device: GPUDevice | undefined;
beforeAll(async () => {
  const acq = await dawnDevice();
  if (acq.ok) device = acq.device;
});
afterAll(() => device?.destroy());

const ctx: RunContext = { runStart: 0, runCount: 1, backend: "cpu", progress: () => {} };
const params = (over: Partial<CostVsOmegaParams>): CostVsOmegaParams => ({
  ...(defaults(costVsOmega.params) as CostVsOmegaParams),
  ordering: "redblack",
  ...over,
});

describe("sor/cost-vs-omega on WebGPU against the CPU run", () => {
  // Caps keep the batch short: its tail is the slowest ω (≈ 1900 sweeps at ω = 1.99 uncapped), and
  // SwiftShader spends ~5 ms on an iteration's five dispatches even for a 12 × 12 grid.
  const settings: [string, Partial<CostVsOmegaParams>][] = [
    ["m = 12, Gaussian b, ω from 1.5, cap 300", { m: 12, omegaFrom: 1.5, cap: 300 }],
    [
      "m = 16, b = ones, c = 0.2, ε = 1e-6, ω from 1.7, cap 500",
      { m: 16, rhs: "ones", c: 0.2, eps: 1e-6, omegaFrom: 1.7, cap: 500 },
    ],
    [
      "m = 20, point load, ε = 1e-6, ω from 1.8, cap 150",
      { m: 20, rhs: "centre", eps: 1e-6, cap: 150, omegaFrom: 1.8 },
    ],
  ];
  it.each(settings)(
    "%s: counts equal, bounds identical",
    async (_, over) => {
      if (!device) return;
      const p = params({ ...over, backend: "webgpu" });
      const gpu = await gpuKernels["sor/cost-vs-omega"].run(device, p, { ...ctx, backend: "webgpu" });
      const cpu = await costVsOmega.run(p, ctx);
      expect(gpu.backend).toBe("webgpu");
      expect(cpu.backend).toBe("cpu");
      expect(gpu.x).toEqual(cpu.x);
      expect(gpu.series[0].values).toEqual(cpu.series[0].values);
      expect(gpu.bounds).toEqual(cpu.bounds);
      // The CPU notes, then one saying how WebGPU ran.
      expect(gpu.notes.slice(0, -1)).toEqual(cpu.notes);
      expect(gpu.notes.at(-1)).toMatch(/^WebGPU, red-black SOR in mixed precision/);
      expect(cpu.notes[0]).toMatch(/hit the cap of \d+ sweeps/); // capped ω are blank on both
    },
    60_000,
  );

  it("natural ordering: the kernel declines it with a note (workers/gpu/backend.ts then runs the CPU)", () => {
    const k = gpuKernels["sor/cost-vs-omega"];
    expect(k.unsupported?.(params({ m: 8, ordering: "natural", backend: "webgpu" }))).toMatch(
      /red-black SOR only: natural ordering ran on the CPU/,
    );
    expect(k.unsupported?.(params({ m: 8, ordering: "redblack", backend: "webgpu" }))).toBeUndefined();
  });

  it("auto picks the kernel only for red-black from the crossover on", () => {
    const k = gpuKernels["sor/cost-vs-omega"];
    expect(k.worthIt(params({ m: 10 }))).toBe(false);
    expect(k.worthIt(params({ m: 256 }))).toBe(true);
    expect(k.worthIt(params({ m: 256, ordering: "natural" }))).toBe(false);
  });
});
