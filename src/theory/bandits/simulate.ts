/**
 * The simulation loop: one run of one policy on one environment, recording regret at checkpoints.
 *
 * DRAW ORDER (cited by workers/gpu/bandits.wgsl and, for UCB1, by the WebAssembly kernel
 * wasm/ucb1.as.ts, which must consume the same words in the same order). Run r of an experiment uses the stream `new Rng(seed, r)` (on the GPU
 * `philox_stream(seed_lo, seed_hi, r, 0)`), and every policy on the same run sees the same stream.
 * Round t = 1, 2, …, T draws, in this order:
 *   1. the policy's selection words (all Rng.uniformF32 / philox_uniform, one Philox word each):
 *      - UCB1, KL-UCB: one u. Among the m arms with maximal index (unplayed arms have index +∞, so
 *        each arm is played once first, in random order), play the ⌊u·m⌋-th in arm order. The word is
 *        drawn even when m = 1, so round t always starts at word 2(t − 1) for Bernoulli arms.
 *      - ε-greedy: u₁ (explore if u₁ < ε), then u₂ (arm ⌊u₂K⌋ when exploring, else the tie-break).
 *      - Exp3: one u; play the first k with u < P₁ + … + P_k (K − 1 when rounding leaves u above).
 *      - Thompson (Bernoulli): for k = 0 … K − 1: X ~ Gamma(S_k + 1) then Y ~ Gamma(F_k + 1),
 *        θ_k = X/(X + Y); each Gamma by Marsaglia–Tsang: per try a normal (Box–Muller on two words,
 *        the second normal cached for the next call) then one uniform (sampling.ts, F32Stream).
 *        The first maximal θ_k is played. Gaussian: θ_k = S_k/(n_k+1) + σ/√(n_k+1)·normal.
 *      - successive elimination: no draw (round-robin over the surviving arms).
 *   2. the reward: Bernoulli: one u, reward 1 iff u < μ_a (the GPU compares u with the f32 value
 *      ⌈μ·2²³ − ½⌉·2⁻²³, which orders every possible u exactly as μ does);
 *      Gaussian: μ_a + σ·normal from the same F32Stream.
 */

import type { Policy } from "./policies";
import { type BanditEnv, bestInHindsight, firstMeans, gaps } from "./problems";
import type { F32Stream } from "./sampling";

export interface RunRecorder {
  /** Checkpoint rounds (ascending, last = horizon). */
  grid: Int32Array;
  /** Per-arm gaps μ* − μ_i (stationary environments): regret = Σ Δ_i T_i(t). */
  gaps: Float64Array;
  /** max_i Σ_{s≤t} μ_i(s) at each checkpoint (non-stationary environments). */
  best: Float64Array | null;
}

export function recorderFor(env: BanditEnv, grid: Int32Array): RunRecorder {
  return { grid, gaps: gaps(firstMeans(env)), best: env.stationary ? null : bestInHindsight(env, grid) };
}

/**
 * Plays one run, writing regret at each checkpoint into out[offset …]. Stationary problems record
 * the pseudo-regret Σ_i Δ_i T_i(t) (from counts: non-decreasing, SMPyBandits' "more accurate"
 * estimate); switching problems record max_i Σ μ_i(s) − Σ μ_{I_s}(s), regret against the best
 * fixed arm in hindsight for the sequence of means. `counts` receives the final pull counts.
 */
export function simulateRun(
  env: BanditEnv,
  policy: Policy,
  stream: F32Stream,
  rec: RunRecorder,
  out: Float64Array,
  offset: number,
  counts: Float64Array,
): void {
  const K = env.K;
  const T = rec.grid[rec.grid.length - 1];
  const bernoulli = env.model === "bernoulli";
  policy.reset();
  counts.fill(0);
  let phase = 0;
  let mu = env.phaseMeans.subarray(0, K);
  let nextStart = env.phaseStart.length > 1 ? env.phaseStart[1] : T + 1;
  let collected = 0;
  let c = 0;
  for (let t = 1; t <= T; t++) {
    if (t === nextStart) {
      phase++;
      mu = env.phaseMeans.subarray(phase * K, phase * K + K);
      nextStart = phase + 1 < env.phaseStart.length ? env.phaseStart[phase + 1] : T + 1;
    }
    const a = policy.select(t, stream);
    const reward = bernoulli ? (stream.uniform() < mu[a] ? 1 : 0) : mu[a] + env.sigma * stream.normal();
    policy.update(a, reward);
    counts[a]++;
    collected += mu[a];
    if (t === rec.grid[c]) {
      if (rec.best) out[offset + c] = rec.best[c] - collected;
      else {
        let r = 0;
        for (let k = 0; k < K; k++) r += rec.gaps[k] * counts[k];
        out[offset + c] = r;
      }
      c++;
    }
  }
}
