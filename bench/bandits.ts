/**
 * Bandit throughput: UCB1 arm-pulls per second of CPU time, 10 arms × 10 000 rounds, single thread in
 * Node, measured side by side (alternated TS / numpy / C, median of the pairs' ratios) against
 *  - the numpy-vectorised UCB1 over 1000 runs a Python user would write (bench/ref/bandits_ucb1_numpy.py,
 *    its own Generator: the statistics agree, not the bits), budget TS ≥ 1.5× numpy (issue 19);
 *  - the C -O3 reference of the same loop on the same Philox streams (bench/ref/bandits_ucb1.c);
 * plus the batched WebGPU kernel on Dawn (SwiftShader here: correctness, not speed) when available.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { regretVsT } from "../src/theory/bandits/experiments";
import { MEAN_PRESETS } from "../src/theory/bandits/options";
import { parseMeans } from "../src/theory/bandits/problems";
import { ucb1UsesWasm } from "../src/theory/bandits/ucb1-fast";
import { logGrid } from "../src/theory/common/grid";
import { defaults } from "../src/theory/params";
import type { RunChunk } from "../src/theory/trace";
import { type Metric, median, metricLog } from "./report";

const TEN_ARMS = Object.keys(MEAN_PRESETS).find((k) => k.split(",").length === 10)!;
const T = 10_000;
const RUNS = 200;
const NUMPY_RUNS = 1000;
const SEED = 7;
/** TS / numpy / C triples, alternated so that the box's load drifts over all three alike. */
const PAIRS = 5;

interface Rate {
  pullsPerSec: number;
  meanRegret: number;
  /** Standard error of the mean final regret. */
  se: number;
}

const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

const regretRuns = (p: ReturnType<typeof ucb1Params>, runCount: number) =>
  regretVsT.run({ ...p, runs: runCount }, { runStart: 0, runCount, progress() {} }) as RunChunk;

function ucb1Params() {
  // The experiment itself, UCB1 alone (regret at its default log grid of 100 checkpoints).
  return { ...defaults(regretVsT.params), means: TEN_ARMS, T, policies: ["ucb1" as const], seed: SEED };
}

function cpuUcb1(): Rate {
  const p = ucb1Params();
  regretRuns(p, 20); // warm up the JIT
  const t0 = process.cpuUsage();
  const chunk = regretRuns(p, RUNS);
  const secs = cpuSeconds(t0);
  const values = chunk.series[0].values;
  const n = chunk.x.length;
  let s = 0;
  let s2 = 0;
  for (let r = 0; r < RUNS; r++) {
    const v = values[r * n + n - 1];
    s += v;
    s2 += v * v;
  }
  const mean = s / RUNS;
  const sd = Math.sqrt((s2 - RUNS * mean * mean) / (RUNS - 1));
  return { pullsPerSec: (RUNS * T) / secs, meanRegret: mean, se: sd / Math.sqrt(RUNS) };
}

const refArgs = (runs: number) => [String(runs), String(T), String(SEED), ...TEN_ARMS.split(",")];

function parseRef(what: string, out: string, runs: number): Rate {
  const m = /pulls_per_sec (\S+) mean_regret (\S+)(?: sd_regret (\S+))?/.exec(out);
  if (!m) throw new Error(`unexpected output from the ${what} reference: ${out}`);
  const sd = m[3] === undefined ? Number.NaN : Number(m[3]);
  return { pullsPerSec: Number(m[1]), meanRegret: Number(m[2]), se: sd / Math.sqrt(runs) };
}

function buildC(): void {
  mkdirSync("bench/ref/build", { recursive: true });
  execFileSync("cc", ["-O3", "-o", "bench/ref/build/bandits_ucb1", "bench/ref/bandits_ucb1.c", "-lm"]);
}

const cUcb1 = (): Rate =>
  parseRef("C", execFileSync("bench/ref/build/bandits_ucb1", refArgs(RUNS), { encoding: "utf8" }), RUNS);

/** The numpy reference, or why it cannot run here (no python3, or no numpy). */
function numpyUcb1(): Rate | string {
  try {
    execFileSync("python3", ["-c", "import numpy"], { stdio: "ignore" });
  } catch {
    return "skipped: python3 with numpy not found";
  }
  const out = execFileSync("python3", ["bench/ref/bandits_ucb1_numpy.py", ...refArgs(NUMPY_RUNS)], {
    encoding: "utf8",
  });
  return parseRef("numpy", out, NUMPY_RUNS);
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
  buildC();
  const ts: Rate[] = [];
  const np: Rate[] = [];
  const c: Rate[] = [];
  let numpySkipped = "";
  for (let i = 0; i < PAIRS; i++) {
    ts.push(cpuUcb1());
    if (!numpySkipped) {
      const r = numpyUcb1();
      if (typeof r === "string") numpySkipped = r;
      else np.push(r);
    }
    c.push(cUcb1());
  }
  const rate = (xs: Rate[]) => median(xs.map((x) => x.pullsPerSec));
  const ratio = (num: Rate[], den: Rate[]) => median(num.map((x, i) => x.pullsPerSec / den[i].pullsPerSec));
  const js = { ...ts[0], pullsPerSec: rate(ts) };
  const fmt = (r: Rate) => `mean R_T ${r.meanRegret.toFixed(2)} ± ${r.se.toFixed(2)}`;
  const path = ucb1UsesWasm() ? "WebAssembly kernel (ucb1-fast.ts)" : "generic loop (no WebAssembly)";
  const metrics: Metric[] = [
    {
      metric: "bandits.cpu.ucb1_pulls_per_s",
      value: js.pullsPerSec,
      unit: "pulls/s",
      note: `Node, 1 thread, CPU time, ${path}, ${RUNS} runs × ${T} rounds × 10 arms, median of ${PAIRS}; ${fmt(js)}`,
    },
    {
      metric: "bandits.c.ucb1_pulls_per_s",
      value: rate(c),
      unit: "pulls/s",
      note: `cc -O3, same loop and streams, CPU time, median of ${PAIRS}; ${fmt(c[0])}`,
    },
    {
      metric: "bandits.cpu_over_c",
      value: ratio(c, ts),
      unit: "×",
      note: "C pulls/s ÷ TypeScript pulls/s, median of the alternated pairs (goal ≤ 2)",
    },
  ];
  if (np.length) {
    const z = (np[0].meanRegret - js.meanRegret) / Math.hypot(np[0].se, js.se);
    metrics.push(
      {
        metric: "bandits.numpy.ucb1_pulls_per_s",
        value: rate(np),
        unit: "pulls/s",
        note: `numpy vectorised over ${NUMPY_RUNS} runs, CPU time, median of ${PAIRS}; ${fmt(np[0])} (z = ${z.toFixed(1)} against TypeScript's)`,
      },
      {
        metric: "bandits.numpy_over_cpu",
        value: ratio(np, ts),
        unit: "×",
        budget: 0.667,
        note: "numpy pulls/s ÷ TypeScript pulls/s, median of the alternated pairs (TypeScript ≥ 1.5× numpy)",
      },
    );
  } else
    metrics.push({ metric: "bandits.numpy.ucb1_pulls_per_s", value: Number.NaN, unit: "pulls/s", note: numpySkipped });
  metrics.push({
    metric: "bandits.pool_estimate_1000x10000x10",
    value: (1000 * T) / (2 * js.pullsPerSec),
    unit: "s",
    note: "1000 runs × 10 000 rounds × 10 arms split over 2 workers, from the single-thread rate (budget ≤ 3 s)",
  });
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
  const { record } = metricLog();
  for (const m of await benchBandits()) record(m);
  process.exit(0);
}
