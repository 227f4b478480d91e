/**
 * Bandit throughput: UCB1 arm-pulls per second, 10 arms × 10 000 rounds, single thread in Node,
 * against the C -O3 reference of the same loop on the same Philox streams (bench/ref/bandits_ucb1.c),
 * plus the batched WebGPU kernel on Dawn (SwiftShader here: correctness, not speed) when available.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { regretVsT } from "../src/theory/bandits/experiments";
import { MEAN_PRESETS } from "../src/theory/bandits/options";
import { parseMeans } from "../src/theory/bandits/problems";
import { logGrid } from "../src/theory/common/grid";
import { defaults } from "../src/theory/params";
import type { RunChunk } from "../src/theory/trace";
import type { Metric } from "./report";

const TEN_ARMS = Object.keys(MEAN_PRESETS).find((k) => k.split(",").length === 10)!;
const T = 10_000;
const RUNS = 200;
const SEED = 7;

function cpuUcb1(): { pullsPerSec: number; meanRegret: number } {
  // The experiment itself, UCB1 alone (regret at its default log grid of 100 checkpoints).
  const p = { ...defaults(regretVsT.params), means: TEN_ARMS, T, policies: ["ucb1" as const], seed: SEED };
  const run = (runCount: number) =>
    regretVsT.run({ ...p, runs: runCount }, { runStart: 0, runCount, progress() {} }) as RunChunk;
  run(20); // warm up the JIT
  const t0 = performance.now();
  const chunk = run(RUNS);
  const secs = (performance.now() - t0) / 1000;
  const values = chunk.series[0].values;
  const n = chunk.x.length;
  let total = 0;
  for (let r = 0; r < RUNS; r++) total += values[r * n + n - 1];
  return { pullsPerSec: (RUNS * T) / secs, meanRegret: total / RUNS };
}

function cUcb1(): { pullsPerSec: number; meanRegret: number } {
  mkdirSync("bench/ref/build", { recursive: true });
  execFileSync("cc", ["-O3", "-o", "bench/ref/build/bandits_ucb1", "bench/ref/bandits_ucb1.c", "-lm"]);
  const out = execFileSync(
    "bench/ref/build/bandits_ucb1",
    [String(RUNS), String(T), String(SEED), ...TEN_ARMS.split(",")],
    {
      encoding: "utf8",
    },
  );
  const m = /pulls_per_sec (\S+) mean_regret (\S+)/.exec(out);
  if (!m) throw new Error(`unexpected output from the C reference: ${out}`);
  return { pullsPerSec: Number(m[1]), meanRegret: Number(m[2]) };
}

/** The kernel module imports WGSL with `?raw`, so it is loaded through Vite's SSR loader. */
async function gpuUcb1(): Promise<Metric[]> {
  const { dawnDevice } = await import("../test/gpu/dawn");
  const acq = await dawnDevice();
  if (!acq.ok)
    return [{ metric: "bandits.gpu.ucb1_pulls_per_s", value: Number.NaN, unit: "pulls/s", note: acq.reason }];
  const { createServer } = await import("vite");
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: "silent",
    appType: "custom",
    server: { middlewareMode: true, hmr: false },
  });
  try {
    const mod = (await server.ssrLoadModule("/workers/gpu/bandits.ts")) as typeof import("../workers/gpu/bandits");
    const means = parseMeans(TEN_ARMS);
    const grid = logGrid(T, 100);
    const job = (runCount: number) => ({
      means,
      T,
      checkpoints: grid,
      seed: SEED,
      runStart: 0,
      runCount,
      policy: "ucb1" as const,
      exp3Mode: "anytime" as const,
    });
    await mod.runBanditKernel(acq.device, [job(64)]); // compile the pipeline
    const runs = 1024;
    const t0 = performance.now();
    const [res] = await mod.runBanditKernel(acq.device, [job(runs)]);
    const secs = (performance.now() - t0) / 1000;
    let total = 0;
    for (let r = 0; r < runs; r++) total += res.regret[r * grid.length + grid.length - 1];
    const where = `${acq.info.vendor}/${acq.info.architecture}${acq.info.isFallbackAdapter ? " (software)" : ""}`;
    return [
      {
        metric: "bandits.gpu.ucb1_pulls_per_s",
        value: (runs * T) / secs,
        unit: "pulls/s",
        note: `${runs} runs × ${T} rounds × 10 arms on ${where}, incl. upload and readback; mean R_T ${(total / runs).toFixed(2)}`,
      },
    ];
  } finally {
    await server.close();
    acq.device.destroy();
  }
}

export default async function benchBandits(): Promise<Metric[]> {
  const js = cpuUcb1();
  const c = cUcb1();
  const metrics: Metric[] = [
    {
      metric: "bandits.cpu.ucb1_pulls_per_s",
      value: js.pullsPerSec,
      unit: "pulls/s",
      note: `Node, 1 thread, ${RUNS} runs × ${T} rounds × 10 arms; mean R_T ${js.meanRegret.toFixed(3)}`,
    },
    {
      metric: "bandits.c.ucb1_pulls_per_s",
      value: c.pullsPerSec,
      unit: "pulls/s",
      note: `cc -O3, same loop and streams; mean R_T ${c.meanRegret.toFixed(3)}`,
    },
    {
      metric: "bandits.cpu_over_c",
      value: c.pullsPerSec / js.pullsPerSec,
      unit: "×",
      note: "C pulls/s ÷ TypeScript pulls/s (goal ≤ 2)",
    },
    {
      metric: "bandits.pool_estimate_1000x10000x10",
      value: (1000 * T) / (2 * js.pullsPerSec),
      unit: "s",
      note: "1000 runs × 10 000 rounds × 10 arms split over 2 workers, from the single-thread rate (budget ≤ 3 s)",
    },
  ];
  try {
    metrics.push(...(await gpuUcb1()));
  } catch (e) {
    metrics.push({
      metric: "bandits.gpu.ucb1_pulls_per_s",
      value: Number.NaN,
      unit: "pulls/s",
      note: `skipped: ${(e as Error).message}`,
    });
  }
  return metrics;
}

// `npx tsx bench/bandits.ts` runs it alone
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rows = await benchBandits();
  for (const r of rows)
    console.log(
      `${r.metric}\t${Number.isFinite(r.value) ? r.value.toPrecision(4) : r.value} ${r.unit}\t${r.note ?? ""}`,
    );
  process.exit(0);
}
