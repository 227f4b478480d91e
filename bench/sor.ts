/**
 * SOR benchmarks (issue 5 budgets): the CPU red-black sweep (fused sweep + residual, Float64Array) in
 * ns per grid point at m = 64, 256, 1024 against the C -O3 reference of the same sweep
 * (bench/ref/sor_rb.c, compiled here), measured in one run; GPU sweeps per second of the batched
 * red-black kernel on whatever adapter Dawn finds (SwiftShader on the CI machine) and the crossover
 * size; with SOR_BENCH_MP=1 also the mixed-precision count at m = 256 against the f64 count.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { onesRhs } from "../src/theory/sor/problems";
import { Stencil } from "../src/theory/sor/solver";
import { laplacianBeta, omegaStar } from "../src/theory/sor/young";
import { dawnDevice } from "../test/gpu/dawn";
import { SorKernel } from "../workers/gpu/sor";

type Metric = { metric: string; value: number; unit: string; note?: string };

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** About 2^25 point-sweeps per timing (≈ 0.1 s), best of `repeats`. */
const sweepsFor = (m: number) => Math.max(4, Math.round(2 ** 25 / (m * m)));

function cpuNsPerPoint(m: number, repeats = 3): number {
  const S = new Stencil(m);
  const b = onesRhs(m);
  const omega = omegaStar(laplacianBeta(m));
  const hist = new Float64Array(sweepsFor(m));
  S.sorResiduals(b, omega, "redblack", hist.subarray(0, Math.min(hist.length, 50)), 0); // warm-up
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    S.sorResiduals(b, omega, "redblack", hist, 0);
    best = Math.min(best, ((performance.now() - t0) * 1e6) / (hist.length * m * m));
  }
  return best;
}

function cNsPerPoint(binary: string, m: number): number {
  const out = execFileSync(binary, [String(m), String(sweepsFor(m)), "3"], { encoding: "utf8" });
  const match = /ns_per_point ([\d.]+)/.exec(out);
  if (!match) throw new Error(`unexpected output from sor_rb: ${out}`);
  return Number(match[1]);
}

export default async function (): Promise<Metric[]> {
  const out: Metric[] = [];
  // ── CPU vs C ──
  const binary = here("./ref/build/sor_rb");
  let haveC = true;
  try {
    mkdirSync(here("./ref/build"), { recursive: true });
    execFileSync("cc", ["-O3", "-o", binary, here("./ref/sor_rb.c"), "-lm"]);
  } catch (e) {
    haveC = false;
    out.push({ metric: "sor.c_reference", value: Number.NaN, unit: "", note: `cc failed: ${(e as Error).message}` });
  }
  const cpuPerSweep = new Map<number, number>();
  for (const m of [64, 256, 1024]) {
    const ts = cpuNsPerPoint(m);
    cpuPerSweep.set(m, ts * m * m);
    out.push({
      metric: `sor.cpu.redblack.m${m}`,
      value: ts,
      unit: "ns/point",
      note: "TypeScript fused red-black sweep + residual",
    });
    if (haveC) {
      const c = cNsPerPoint(binary, m);
      out.push({ metric: `sor.c.redblack.m${m}`, value: c, unit: "ns/point", note: "cc -O3, same sweep" });
      out.push({ metric: `sor.cpu_over_c.m${m}`, value: ts / c, unit: "×", note: "goal ≤ 1.5" });
    }
  }
  // ── GPU ──
  const acq = await dawnDevice();
  if (!acq.ok) {
    out.push({ metric: "sor.gpu", value: Number.NaN, unit: "", note: `no WebGPU adapter: ${acq.reason}` });
    return out;
  }
  const kernel = new SorKernel(acq.device, readFileSync(here("../workers/gpu/sor.wgsl"), "utf8"));
  const adapter = `${acq.info.vendor}/${acq.info.architecture}${acq.info.isFallbackAdapter ? " (software)" : ""}`;
  let crossover = Number.NaN;
  for (const m of [16, 32, 64, 128, 256]) {
    const sweeps = m <= 64 ? 60 : 30;
    const b = onesRhs(m);
    const omega = omegaStar(laplacianBeta(m));
    await kernel.solve(m, [{ omega, shift: 0, b }], { tol: 0, cap: 4 }); // warm-up (pipeline caches)
    const t0 = performance.now();
    await kernel.solve(m, [{ omega, shift: 0, b }], { tol: 0, cap: sweeps });
    const msPerSweep = (performance.now() - t0) / sweeps;
    out.push({
      metric: `sor.gpu.sweeps_per_s.m${m}`,
      value: 1000 / msPerSweep,
      unit: "sweeps/s",
      note: `${adapter}, 1 system, incl. readbacks`,
    });
    const cpuMs = (cpuPerSweep.get(m) ?? cpuNsPerPoint(m, 1) * m * m) / 1e6;
    out.push({
      metric: `sor.gpu_speedup.m${m}`,
      value: cpuMs / msPerSweep,
      unit: "×",
      note: "CPU ms per sweep / GPU ms per sweep",
    });
    if (Number.isNaN(crossover) && msPerSweep < cpuMs) crossover = m;
  }
  out.push({
    metric: "sor.gpu.crossover_m",
    value: crossover,
    unit: "m",
    note: Number.isNaN(crossover)
      ? `GPU never faster up to m = 256 on ${adapter}`
      : `first m where the GPU sweep beats the CPU on ${adapter}`,
  });
  if (process.env.SOR_BENCH_MP === "1") {
    for (const m of [256]) {
      const b = onesRhs(m);
      const omega = omegaStar(laplacianBeta(m));
      const t0 = performance.now();
      const gpu = await kernel.solve(m, [{ omega, shift: 0, b }]);
      const ms = performance.now() - t0;
      const f64 = new Stencil(m).sorCount(b, omega, { ordering: "redblack", tol: 1e-8, cap: 100000 });
      out.push({
        metric: `sor.gpu.mixed_precision_count_diff.m${m}`,
        value: gpu.counts[0] - f64,
        unit: "sweeps",
        note: `mixed precision ${gpu.counts[0]} vs f64 ${f64} at ω*, rf = 0.1, ${(ms / 1000).toFixed(1)} s`,
      });
    }
  }
  acq.device.destroy();
  return out;
}
