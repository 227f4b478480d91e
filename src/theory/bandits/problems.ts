/**
 * Bandit environments: stationary Bernoulli and Gaussian arms, and an oblivious adversarial
 * sequence that switches the best arm in doubling phases (for Exp3). An environment is a list of
 * phases, each a vector of arm means; stationary problems have one phase.
 */

export function parseMeans(preset: string): Float64Array {
  const means = Float64Array.from(preset.split(",").map(Number));
  if (means.length < 2 || means.some((m) => !Number.isFinite(m))) throw new RangeError(`bad means "${preset}"`);
  return means;
}

export type RewardModel = "bernoulli" | "gaussian";

export interface BanditEnv {
  K: number;
  /** Bernoulli: reward 1 with probability μ; Gaussian: μ + σ·N(0, 1). */
  model: RewardModel;
  sigma: number;
  /** phases × K means, row-major. */
  phaseMeans: Float64Array;
  /** Round at which each phase starts (phaseStart[0] = 1), ascending. */
  phaseStart: Int32Array;
  /** True when the means never change: regret is then the pseudo-regret Σ Δ_i T_i(t). */
  stationary: boolean;
  label: string;
}

export function stationaryEnv(means: Float64Array, model: RewardModel, sigma = 1): BanditEnv {
  return {
    K: means.length,
    model,
    sigma,
    phaseMeans: Float64Array.from(means),
    phaseStart: Int32Array.of(1),
    stationary: true,
    label: `${model === "bernoulli" ? "Bernoulli" : `Gaussian (σ = ${sigma})`} arms (${Array.from(means).join(", ")})`,
  };
}

/**
 * An oblivious adversary for Exp3: Bernoulli rewards whose means switch in phases of doubling length
 * (8, 16, 32, … rounds). Arms 0 and 1 take turns at mean 0.9 while the other sits at 0.1; arms
 * 2…K−1 stay at 0.4. Each phase is longer than all earlier ones together, so the leader in
 * hindsight flips every phase: index policies that lock onto the leader pay for it.
 */
export function switchingEnv(K: number, T: number): BanditEnv {
  const starts: number[] = [];
  for (let s = 1, len = 8; s <= T; s += len, len *= 2) starts.push(s);
  const phaseMeans = new Float64Array(starts.length * K);
  for (let j = 0; j < starts.length; j++) {
    for (let k = 0; k < K; k++) phaseMeans[j * K + k] = k === j % 2 ? 0.9 : k < 2 ? 0.1 : 0.4;
  }
  return {
    K,
    model: "bernoulli",
    sigma: 0,
    phaseMeans,
    phaseStart: Int32Array.from(starts),
    stationary: false,
    label: `switching adversary, K = ${K} (best arm flips in doubling phases)`,
  };
}

/** Means of phase 0 (the whole problem when stationary). */
export function firstMeans(env: BanditEnv): Float64Array {
  return env.phaseMeans.subarray(0, env.K);
}

/**
 * max_i Σ_{s ≤ t} μ_i(s) at each checkpoint t: the cumulative mean reward of the best fixed arm in
 * hindsight. Regret against the sequence = this minus the collected mean reward.
 */
export function bestInHindsight(env: BanditEnv, grid: Int32Array): Float64Array {
  const K = env.K;
  const cum = new Float64Array(K);
  const out = new Float64Array(grid.length);
  let phase = 0;
  let t = 0;
  for (let c = 0; c < grid.length; c++) {
    while (t < grid[c]) {
      const nextStart = phase + 1 < env.phaseStart.length ? env.phaseStart[phase + 1] : Number.POSITIVE_INFINITY;
      const until = Math.min(grid[c], nextStart - 1);
      for (let k = 0; k < K; k++) cum[k] += (until - t) * env.phaseMeans[phase * K + k];
      t = until;
      if (t === nextStart - 1) phase++;
    }
    out[c] = Math.max(...cum);
  }
  return out;
}

/** Gaps Δ_i = μ* − μ_i of a stationary problem. */
export function gaps(means: ArrayLike<number>): Float64Array {
  const best = Math.max(...Array.from(means));
  return Float64Array.from(means, (m) => best - m);
}
