/**
 * The bench inside the GPU bundle (`npm run bench:gpu-bundle`, scripts/batch/gpu-bundle.ts): each
 * experiment with a WebGPU kernel, once on the CPU (`experiment.run`) and once on WebGPU through Dawn
 * with the page's own host code (`runOnGpuIfChosen`, backend=webgpu), in this one thread. Prints the
 * adapter, both times, the speed-up, and how far the GPU's medians are from the CPU's (the kernels
 * compute in f32). Exit 3 when no adapter ran the kernels (the reason is printed).
 *
 *   ./run.sh [--quick] [--json]        (in the bundle; or: npx tsx scripts/batch/gpu-bench.ts --quick)
 */
import { checkParams } from "../../src/theory/experiment";
import { loadExperiment } from "../../src/theory/experiment-registry";
import { type RunChunk, summarize } from "../../src/theory/trace";
import { runOnGpuIfChosen } from "../../workers/gpu/backend";
import { installDawn } from "./gpu";

const CASES: { id: string; full: Record<string, unknown>; quick: Record<string, unknown> }[] = [
  { id: "bandits/regret", full: { T: 10_000, runs: 1000 }, quick: { T: 200, runs: 16, policies: "ucb1,ts" } },
  {
    id: "sor/cost-vs-omega",
    full: { m: 128, omegaFrom: 1.5, ordering: "redblack" },
    quick: { m: 8, omegaFrom: 1.5, cap: 200, ordering: "redblack" },
  },
];

interface Row {
  experiment: string;
  params: Record<string, unknown>;
  cpuMs: number;
  gpuMs: number;
  backend: string;
  adapter?: string;
  speedup: number;
  /** Largest |median_gpu − median_cpu| / max(|median_cpu|, 1e-12) over every series and x. */
  maxRelMedianDiff: number;
}

function medianGap(a: RunChunk, b: RunChunk): number {
  const meta = {
    experiment: "",
    params: {},
    backend: "cpu" as const,
    ms: 0,
    runsDone: 0,
    runsTotal: 0,
    complete: true,
  };
  const [sa, sb] = [summarize(a, meta), summarize(b, meta)];
  let worst = 0;
  sa.series.forEach((s, i) => {
    for (let j = 0; j < s.median.length; j++) {
      const x = s.median[j];
      const y = sb.series[i]?.median[j];
      if (!Number.isFinite(x) || y === undefined || !Number.isFinite(y)) continue;
      worst = Math.max(worst, Math.abs(y - x) / Math.max(Math.abs(x), 1e-12));
    }
  });
  return worst;
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const json = argv.includes("--json");
  await installDawn();
  const rows: Row[] = [];
  let failure: string | undefined;
  for (const c of CASES) {
    const e = await loadExperiment(c.id);
    const raw = quick ? c.quick : c.full;
    const cpuP = checkParams(e, { ...raw, backend: "cpu" });
    const gpuP = checkParams(e, { ...raw, backend: "webgpu" });
    if (cpuP.errors.length || gpuP.errors.length) throw new Error([...cpuP.errors, ...gpuP.errors].join("\n"));
    const runCount = e.runsParam ? Number(cpuP.values[e.runsParam]) : 1;
    const ctx = { runStart: 0, runCount, progress: () => {} };
    let t = performance.now();
    const cpu = await e.run(cpuP.values, ctx);
    const cpuMs = performance.now() - t;
    // The first GPU run pays for the pipeline build; time the second.
    await runOnGpuIfChosen(e, gpuP.values, ctx);
    t = performance.now();
    const gpu = (await runOnGpuIfChosen(e, gpuP.values, ctx))!;
    const gpuMs = performance.now() - t;
    const adapter = gpu.notes.find((n) => n.startsWith("WebGPU on "))?.slice("WebGPU on ".length);
    if (gpu.backend !== "webgpu") failure = gpu.notes.find((n) => /WebGPU/.test(n)) ?? "the kernel did not run";
    rows.push({
      experiment: c.id,
      params: raw,
      cpuMs,
      gpuMs,
      backend: gpu.backend,
      adapter,
      speedup: cpuMs / gpuMs,
      maxRelMedianDiff: medianGap(cpu, gpu),
    });
  }
  if (json) process.stdout.write(`${JSON.stringify({ node: process.version, rows, failure }, null, 2)}\n`);
  else {
    console.log(`BoundLab GPU bench (${quick ? "quick" : "full"}), Node ${process.version}`);
    for (const r of rows) {
      console.log(
        `${r.experiment.padEnd(20)} cpu ${r.cpuMs.toFixed(0).padStart(7)} ms   ${r.backend} ${r.gpuMs.toFixed(0).padStart(7)} ms   ×${r.speedup.toFixed(2)}   max rel. median gap ${r.maxRelMedianDiff.toExponential(1)}   ${r.adapter ?? ""}`,
      );
    }
    if (failure) console.log(`WebGPU did not run: ${failure}`);
  }
  return failure ? 3 : 0;
}

process.exitCode = await main(process.argv.slice(2));
// Dawn keeps the event loop alive while a device lives.
process.exit();
