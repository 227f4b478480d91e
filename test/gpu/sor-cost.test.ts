/**
 * The registered WebGPU kernel of sor/cost-vs-omega (its `gpu` name in workers/gpu/kernels.ts →
 * sor-cost.ts), assembled by the kit as workers/gpu/backend.ts does, against the CPU experiment: same
 * x grid, same counts, identical bounds, notes saying which backend ran.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/theory/experiment";
import { defaults } from "../../src/theory/params";
import { costVsOmega } from "../../src/theory/sor/experiments";
import type { CostVsOmegaParams } from "../../src/theory/sor/schema";
import { runOnGpuIfChosen } from "../../workers/gpu/backend";
import { gpuKernels } from "../../workers/gpu/kernels";
import { dawnDevice } from "./dawn";

let device: GPUDevice | undefined;
beforeAll(async () => {
  const acq = await dawnDevice();
  if (acq.ok) device = acq.device;
});
afterAll(() => device?.destroy());

const ctx: RunContext = { runStart: 0, runCount: 1, progress: () => {} };
const sorCost = () => gpuKernels.get(costVsOmega.gpu ?? "")!();
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
      const setup = costVsOmega.kit.impl.setup(p);
      const { result, notes } = await (await sorCost()).run(device, setup, p, ctx);
      const gpu = costVsOmega.kit.assemble(setup, p, result, ctx, "webgpu", notes);
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

  it("natural ordering: the kernel declines it with a note (workers/gpu/backend.ts then runs the CPU)", async () => {
    const k = await sorCost();
    const declined = (over: Partial<CostVsOmegaParams>) => {
      const p = params({ m: 8, backend: "webgpu", ...over });
      return k.unsupported?.(costVsOmega.kit.impl.setup(p), p);
    };
    expect(declined({ ordering: "natural" })).toBeDefined();
    expect(declined({ ordering: "redblack" })).toBeUndefined();
    const chunk = await runOnGpuIfChosen(costVsOmega, params({ m: 8, ordering: "natural", backend: "webgpu" }), ctx);
    expect(chunk?.backend).toBe("cpu");
    expect(chunk?.notes.at(-1)).toMatch(/red-black SOR only, not natural ordering: ran on the CPU/);
  });

  it("auto picks the kernel only for red-black from the crossover on", async () => {
    const k = await sorCost();
    const worthIt = (p: CostVsOmegaParams) => k.worthIt(costVsOmega.kit.impl.setup(p), p);
    expect(worthIt(params({ m: 10 }))).toBe(false);
    expect(worthIt(params({ m: 256 }))).toBe(true);
    expect(worthIt(params({ m: 256, ordering: "natural" }))).toBe(false);
  });
});
