/**
 * Issue 5's report item: mixed-precision GPU red-black SOR counts against the f64 CPU solver at
 * m = 256 and 512 (too slow on a software adapter for the test suite; minutes each on SwiftShader).
 * Run: `npx tsx bench/sor-gpu-parity.ts [m …]`.
 */
import { readFileSync } from "node:fs";
import { onesRhs } from "../src/theory/sor/problems";
import { Stencil } from "../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../src/theory/sor/young";
import { dawnDevice } from "../test/gpu/dawn";
import { SorKernel } from "../workers/gpu/sor";

const sizes = process.argv.slice(2).map(Number);
const acq = await dawnDevice();
if (!acq.ok) throw new Error(acq.reason);
const kernel = new SorKernel(acq.device, readFileSync("workers/gpu/sor.wgsl", "utf8"));
for (const m of sizes.length ? sizes : [256, 512]) {
  const omega = omegaStar(laplacianBeta(m));
  const b = onesRhs(m);
  const S = new Stencil(m);
  S.shift(0);
  const cpu = S.sorCount(b, omega, { ordering: "redblack", tol: 1e-8, cap: 100000 });
  const t0 = performance.now();
  const gpu = await kernel.solve(m, [{ omega, shift: 0, b }]);
  const s = (performance.now() - t0) / 1000;
  console.log(
    `m = ${m}, ω* = ${omega.toFixed(6)}: CPU f64 ${cpu} sweeps, GPU mixed ${gpu.counts[0]} sweeps, difference ${gpu.counts[0] - cpu} (${s.toFixed(0)} s on the adapter)`,
  );
}
acq.device.destroy();
process.exit(0);
