import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/theory/common/rng";
import { onesRhs, sampleTruncatedGaussian } from "../../src/theory/sor/problems";
import { norm2, paddedSize, Stencil } from "../../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../../src/theory/sor/young";
import { type GpuSorSystem, SorKernel } from "../../workers/gpu/sor";
import sorWgsl from "../../workers/gpu/sor.wgsl?raw";
import { dawnDevice } from "./dawn";

let device: GPUDevice | undefined;
let kernel: SorKernel | undefined;
beforeAll(async () => {
  const acq = await dawnDevice();
  if (acq.ok) {
    device = acq.device;
    kernel = new SorKernel(device, sorWgsl);
  }
});
afterAll(() => device?.destroy());

/** CPU f64 red-black counts and solutions for the same systems. */
function cpuReference(m: number, systems: GpuSorSystem[]) {
  const S = new Stencil(m);
  return systems.map((s) => {
    S.shift(s.shift);
    const count = S.sorCount(s.b, s.omega, { ordering: "redblack", tol: 1e-8, cap: 100000 });
    return { count, x: Float64Array.from(S.x) };
  });
}

function relativeError(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

describe("red-black SOR kernel (mixed precision) against the f64 CPU solver", () => {
  it("m = 10: a batch of ω and shifts, Gaussian and all-ones b, counts identical and solutions at tolerance", async (ctx) => {
    if (!kernel) return ctx.skip();
    const m = 10;
    const rng = new Rng(12, 0);
    const systems: GpuSorSystem[] = [];
    for (const [omega, shift] of [
      [1, 0],
      [1.3, 0.2],
      [1.5, -0.1],
      [omegaStar(laplacianBeta(10)), 0],
      [1.75, 0.45],
      [1.95, 0],
    ]) {
      const b = new Float64Array(paddedSize(m));
      sampleTruncatedGaussian(rng, m, b);
      systems.push({ omega, shift, b });
    }
    systems.push({ omega: 1.6, shift: 0, b: onesRhs(m) });
    const gpu = await kernel.solve(m, systems);
    const cpu = cpuReference(m, systems);
    expect(gpu.counts).toEqual(cpu.map((c) => c.count));
    const S = new Stencil(m);
    systems.forEach((s, i) => {
      S.shift(s.shift);
      // The batch may run a few sweeps past a system's count, so the GPU answer is at least as accurate.
      expect(S.residualNorm(s.b, gpu.solutions[i]) / norm2(s.b)).toBeLessThan(2e-8);
      expect(relativeError(gpu.solutions[i], cpu[i].x)).toBeLessThan(1e-6);
    });
  });

  const sizes: [number, string[]][] = [
    [16, ["below", "star", "above"]],
    [32, ["below", "star", "above"]],
    [64, ["star", "above"]],
    [128, ["star"]],
  ];
  it.each(sizes)(
    "m = %i, b = ones: counts identical to f64 at ω ∈ %j (ω* and ω* ± a step)",
    async (m, which) => {
      if (!kernel) return;
      const star = omegaStar(laplacianBeta(m));
      const pick = { below: 1 + 0.9 * (star - 1), star, above: Math.min(1.99, star + 0.02) } as Record<string, number>;
      const systems = which.map((w) => ({ omega: pick[w], shift: 0, b: onesRhs(m) }));
      const gpu = await kernel.solve(m, systems); // rf = 0.01, and 0.1 from m = 128
      const cpu = cpuReference(m, systems);
      expect(gpu.counts).toEqual(cpu.map((c) => c.count));
      gpu.solutions.forEach((x, i) => {
        expect(relativeError(x, cpu[i].x)).toBeLessThan(1e-5);
      });
    },
    120_000,
  );
});
