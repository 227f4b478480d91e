/**
 * Issue 5's report item: mixed-precision GPU red-black SOR counts against the f64 CPU solver at
 * m = 256 and 512 (too slow on a software adapter for the test suite: about 1 and 7 minutes on
 * SwiftShader). `--emulate` runs the same schedule on the f32 CPU emulator of sor.wgsl instead
 * (seconds). Run: `npx tsx bench/sor-gpu-parity.ts [--emulate] [m …]`.
 */
import { readFileSync } from "node:fs";
import { onesRhs } from "../src/theory/sor/problems";
import { Stencil } from "../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../src/theory/sor/young";
import { dawnDevice } from "../test/gpu/dawn";
import { type GpuSorResult, type GpuSorSystem, SorKernel } from "../workers/gpu/sor";
import { emulateSor } from "../workers/gpu/sor-emulator";

const emulate = process.argv.includes("--emulate");
const sizes = process.argv
  .slice(2)
  .filter((a) => a !== "--emulate")
  .map(Number);
let solve: (m: number, systems: GpuSorSystem[]) => Promise<GpuSorResult>;
let where = "f32 CPU emulator";
let device: GPUDevice | undefined;
if (emulate) solve = (m, systems) => emulateSor(m, systems, { cap: 100000 });
else {
  const acq = await dawnDevice();
  if (!acq.ok) throw new Error(acq.reason);
  device = acq.device;
  where = `${acq.info.vendor}/${acq.info.architecture}`;
  const kernel = new SorKernel(acq.device, readFileSync("workers/gpu/sor.wgsl", "utf8"));
  solve = (m, systems) => kernel.solve(m, systems, { cap: 100000 });
}
for (const m of sizes.length ? sizes : [256, 512]) {
  const omega = omegaStar(laplacianBeta(m));
  const b = onesRhs(m);
  const cpu = new Stencil(m).sorCount(b, omega, { ordering: "redblack", tol: 1e-8, cap: 100000 });
  const t0 = performance.now();
  const gpu = await solve(m, [{ omega, shift: 0, b }]);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `m = ${m}, ω* = ${omega.toFixed(6)}: CPU f64 ${cpu} sweeps, mixed precision ${gpu.counts[0]} sweeps, difference ${gpu.counts[0] - cpu}; ${gpu.refreshes[0]} refreshes, ${gpu.submissions} submissions, ${gpu.wasted[0]} sweeps rolled back (${s.toFixed(0)} s on ${where})`,
  );
}
device?.destroy();
process.exit(0);
