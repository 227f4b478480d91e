import { describe, expect, it } from "vitest";
import { regretSweep, regretVsT } from "../../../src/theory/bandits/experiments";
import { makePolicy, type Ucb1 } from "../../../src/theory/bandits/policies";
import { type BanditEnv, stationaryEnv, switchingEnv } from "../../../src/theory/bandits/problems";
import { F32Stream } from "../../../src/theory/bandits/sampling";
import { recorderFor, simulateRun } from "../../../src/theory/bandits/simulate";
import { ucb1RunWasm, ucb1UsesWasm } from "../../../src/theory/bandits/ucb1-fast";
import { logGrid } from "../../../src/theory/common/grid";
import { Rng } from "../../../src/theory/common/rng";
import { defaults } from "../../../src/theory/params";
import type { RunChunk } from "../../../src/theory/trace";

/** The bits of every entry, so −0, NaN payloads and the last ulp all count. */
const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length));

/** Means on a coarse grid of 1/8 (Bernoulli) so that equal means, hence exact ties, are common. */
function means(K: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: K }, () => (1 + rng.int(7)) / 8);
}

function envs(K: number, T: number): BanditEnv[] {
  const rng = new Rng(99, K);
  const gaussianMeans = Float64Array.from({ length: K }, () => 2 * rng.uniform() - 1);
  return [
    stationaryEnv(means(K, rng), "bernoulli"),
    stationaryEnv(new Float64Array(K).fill(0.5), "bernoulli"), // all arms tied
    stationaryEnv(gaussianMeans, "gaussian", 0.5),
    stationaryEnv(gaussianMeans, "gaussian", 0), // σ = 0: zero width, deterministic rewards
    switchingEnv(K, T),
  ];
}

/** simulateRun with policies.ts's Ucb1: the generic path the kernel must match bit for bit. */
function generic(env: BanditEnv, T: number, rng: Rng, grid: Int32Array) {
  const policy = makePolicy("ucb1", {
    K: env.K,
    model: env.model,
    sigma: env.sigma,
    T,
    epsilon: 0,
    exp3Mode: "anytime",
  });
  const out = new Float64Array(grid.length);
  const counts = new Float64Array(env.K);
  simulateRun(env, policy, new F32Stream(rng), recorderFor(env, grid), out, 0, counts);
  return { out, counts, width: (policy as Ucb1).width };
}

describe("UCB1 on the WebAssembly kernel", () => {
  it("loads here, so the comparisons below are not vacuous", () => {
    expect(ucb1UsesWasm()).toBe(true);
  });

  it("matches the generic loop bitwise: K = 2, 3, 10, 17; Bernoulli, Gaussian, switching; many streams", () => {
    const T = 1500;
    const grid = logGrid(T, 40);
    for (const K of [2, 3, 10, 17]) {
      for (const env of envs(K, T)) {
        const rec = recorderFor(env, grid);
        for (const [seed, stream, substream] of [
          [0, 0, 0],
          [7, 1, 0],
          [7, 12, 3],
          [2 ** 40 + 12345, 5, 1],
          [123456789, 0xffffffff, 0],
        ]) {
          const want = generic(env, T, new Rng(seed, stream, substream), grid);
          const out = new Float64Array(grid.length + 3).fill(Number.NaN);
          const counts = new Float64Array(K).fill(-1);
          expect(ucb1RunWasm(env, rec, want.width, { seed, stream, substream }, out, 2, counts)).toBe(true);
          const where = `K = ${K}, ${env.label} (${env.model}, σ = ${env.sigma}), stream (${seed}, ${stream}, ${substream})`;
          expect(bits(out.subarray(2, 2 + grid.length)), where).toEqual(bits(want.out));
          expect(bits(counts), where).toEqual(bits(want.counts));
          expect(Number.isNaN(out[0]) && Number.isNaN(out[1]) && Number.isNaN(out[grid.length + 2]), where).toBe(true);
        }
      }
    }
  });

  it("matches at horizons shorter than K and at T = K + 1 (the first indexed round)", () => {
    const env = stationaryEnv(Float64Array.of(0.3, 0.6, 0.6, 0.1, 0.9), "bernoulli");
    for (const T of [1, 2, 4, 5, 6, 7]) {
      const grid = logGrid(T, 10);
      const want = generic(env, T, new Rng(3, 4), grid);
      const out = new Float64Array(grid.length);
      const counts = new Float64Array(env.K);
      ucb1RunWasm(env, recorderFor(env, grid), want.width, { seed: 3, stream: 4, substream: 0 }, out, 0, counts);
      expect(bits(out), `T = ${T}`).toEqual(bits(want.out));
      expect(bits(counts), `T = ${T}`).toEqual(bits(want.counts));
    }
  });

  it("gives the experiments the generic loop's chunks: odd run counts, offsets, UCB1 beside KL-UCB", () => {
    const T = 700;
    const p = { ...defaults(regretVsT.params), means: "0.9,0.8,0.5", T, policies: ["ucb1" as const, "klucb" as const] };
    for (const [runStart, runCount] of [
      [0, 1],
      [3, 7],
      [10, 13],
    ]) {
      const chunk = regretVsT.run({ ...p, runs: 30 }, { runStart, runCount, progress() {} }) as RunChunk;
      const env = stationaryEnv(Float64Array.of(0.9, 0.8, 0.5), "bernoulli");
      const grid = Int32Array.from(chunk.x);
      const n = grid.length;
      for (let r = 0; r < runCount; r++) {
        const want = generic(env, T, new Rng(p.seed, runStart + r), grid);
        const got = chunk.series[0].values.subarray(r * n, (r + 1) * n);
        expect(bits(Float64Array.from(got)), `run ${runStart + r}`).toEqual(bits(want.out));
      }
    }
  });

  it("keeps a horizon sweep's runs apart (each swept T on its own substream)", () => {
    const p = { ...defaults(regretSweep.params), sweep: "horizon" as const, means: "0.9,0.8,0.5", T: 400, points: 4 };
    const chunk = regretSweep.run(
      { ...p, policies: ["ucb1"], runs: 10 },
      { runStart: 2, runCount: 3, progress() {} },
    ) as RunChunk;
    const env = stationaryEnv(Float64Array.of(0.9, 0.8, 0.5), "bernoulli");
    const xs = chunk.x;
    for (let r = 0; r < 3; r++) {
      for (let j = 0; j < xs.length; j++) {
        const want = generic(env, xs[j], new Rng(p.seed, 2 + r, j), Int32Array.of(xs[j]));
        expect(chunk.series[0].values[r * xs.length + j], `run ${2 + r}, T = ${xs[j]}`).toBe(want.out[0]);
      }
    }
  });
});
