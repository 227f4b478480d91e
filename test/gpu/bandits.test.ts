import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regretVsT } from "../../src/theory/bandits/experiments";
import type { PolicyId } from "../../src/theory/bandits/options";
import { makePolicy } from "../../src/theory/bandits/policies";
import { stationaryEnv } from "../../src/theory/bandits/problems";
import { F32Stream } from "../../src/theory/bandits/sampling";
import { recorderFor, simulateRun } from "../../src/theory/bandits/simulate";
import { logGrid } from "../../src/theory/common/grid";
import { Rng } from "../../src/theory/common/rng";
import { defaults } from "../../src/theory/params";
import type { RunChunk } from "../../src/theory/trace";
import { bernoulliThreshold, kernel, runBanditKernel } from "../../workers/gpu/bandits";
import { gpuKernels } from "../../workers/gpu/kernels";
import { dawnDevice } from "./dawn";

let device: GPUDevice | undefined;
beforeAll(async () => {
  const acq = await dawnDevice();
  if (acq.ok) device = acq.device;
});
afterAll(() => device?.destroy());

const MEANS = Float64Array.of(0.9, 0.8, 0.5, 0.45);
const SEED = 2024;

/** The CPU reference on the same streams: final regret and pull counts per run. */
function cpuRuns(policy: PolicyId, T: number, runStart: number, runs: number, grid: Int32Array) {
  const env = stationaryEnv(MEANS, "bernoulli");
  const pol = makePolicy(policy, { K: env.K, model: "bernoulli", sigma: 1, T, epsilon: 0.05, exp3Mode: "anytime" });
  const rec = recorderFor(env, grid);
  const regret = new Float64Array(runs * grid.length);
  const counts = new Float64Array(runs * env.K);
  const c = new Float64Array(env.K);
  for (let r = 0; r < runs; r++) {
    simulateRun(env, pol, new F32Stream(new Rng(SEED, runStart + r)), rec, regret, r * grid.length, c);
    counts.set(c, r * env.K);
  }
  return { regret, counts };
}

function meanAndSe(v: ArrayLike<number>): [number, number] {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < v.length; i++) {
    s += v[i];
    s2 += v[i] * v[i];
  }
  const m = s / v.length;
  return [m, Math.sqrt(Math.max(0, s2 / v.length - m * m) / v.length)];
}

function lastColumn(v: ArrayLike<number>, runs: number, n: number): Float64Array {
  return Float64Array.from({ length: runs }, (_, r) => v[r * n + n - 1]);
}

describe("Bernoulli thresholds", () => {
  it("u < threshold in f32 iff u < μ in f64, for every uniform the stream can produce near μ", () => {
    for (const mu of [0.9, 0.8, 0.5, 0.45, 0.1, 1 / 3, 0.999999, 1e-7, 0, 1]) {
      const thr = Math.fround(bernoulliThreshold(mu));
      expect(thr).toBe(bernoulliThreshold(mu)); // exact in f32
      const x0 = Math.floor(mu * 2 ** 23);
      for (let x = Math.max(0, x0 - 3); x <= Math.min(2 ** 23 - 1, x0 + 3); x++) {
        const u = (x + 0.5) * 2 ** -23;
        expect(u < thr).toBe(u < mu);
      }
    }
  });
});

describe("batched bandit kernel against the CPU on the same Philox streams", () => {
  const T = 400;
  const runs = 192;
  const runStart = 1000;
  const grid = logGrid(T, 30);
  const n = grid.length;

  for (const policy of ["ucb1", "exp3", "ts"] as const) {
    it(`${policy}: identical pull counts for most runs, mean regret within statistical error`, async (ctx) => {
      if (!device) return ctx.skip();
      const [gpu] = await runBanditKernel(device, [
        { means: MEANS, T, checkpoints: grid, seed: SEED, runStart, runCount: runs, policy, exp3Mode: "anytime" },
      ]);
      const cpu = cpuRuns(policy, T, runStart, runs, grid);
      const K = MEANS.length;
      let same = 0;
      for (let r = 0; r < runs; r++) {
        let eq = true;
        for (let k = 0; k < K; k++) eq &&= gpu.counts[r * K + k] === cpu.counts[r * K + k];
        if (eq) {
          same++;
          // same counts ⇒ same pseudo-regret, up to f32 rounding of Σ Δ_k T_k
          expect(Math.abs(gpu.regret[r * n + n - 1] - cpu.regret[r * n + n - 1])).toBeLessThan(1e-3);
        }
        let total = 0;
        for (let k = 0; k < K; k++) total += gpu.counts[r * K + k];
        expect(total).toBe(T);
      }
      const [mg, sg] = meanAndSe(lastColumn(gpu.regret, runs, n));
      const [mc, sc] = meanAndSe(lastColumn(cpu.regret, runs, n));
      console.info(
        `${policy}: ${same}/${runs} runs with identical pull counts; mean R_T gpu ${mg.toFixed(3)} ± ${sg.toFixed(3)}, cpu ${mc.toFixed(3)} ± ${sc.toFixed(3)}`,
      );
      // UCB1 and Exp3 use the same words and differ only on f32 near-ties; Thompson's Gamma draws
      // use f32 log/sin/cos, so an accept/reject decision may flip: ask agreement of most runs only.
      expect(same / runs).toBeGreaterThan(policy === "ts" ? 0.5 : 0.9);
      expect(Math.abs(mg - mc)).toBeLessThan(4 * Math.hypot(sg, sc) + 1e-6);
    });
  }

  it("the registered kernel gives the CPU experiment's RunChunk shape with backend webgpu", async (ctx) => {
    if (!device) return ctx.skip();
    expect(await gpuKernels.get("bandits")?.()).toBe(kernel);
    const p = { ...defaults(regretVsT.params), T: 200, runs: 64 };
    const rc = { runStart: 0, runCount: 64, progress() {} };
    const setup = regretVsT.kit.impl.setup(p);
    const { result, notes } = await kernel.run(device, setup, p, rc);
    const gpu = regretVsT.kit.assemble(setup, p, result, rc, "webgpu", notes);
    const cpu = regretVsT.run(p, rc) as RunChunk;
    expect(gpu.backend).toBe("webgpu");
    expect(Array.from(gpu.x)).toEqual(Array.from(cpu.x));
    expect(gpu.series.map((s) => [s.key, s.label, s.runs, s.values.length])).toEqual(
      cpu.series.map((s) => [s.key, s.label, s.runs, s.values.length]),
    );
    expect(gpu.bounds.map((b) => b.key)).toEqual(cpu.bounds.map((b) => b.key));
    // The CPU's notes, then how WebGPU ran.
    expect(gpu.notes).toEqual([...cpu.notes, "Simulated in f32 on WebGPU (one invocation per run)."]);
    const gaussian = { ...p, env: "gaussian" as const };
    expect(kernel.unsupported?.(regretVsT.kit.impl.setup(gaussian), gaussian)).toMatch(/Bernoulli/);
  });
});
