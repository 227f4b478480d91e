/**
 * Bandit policies in the SMPyBandits shape (reset / select / update), with uniformly random
 * tie-breaking among maximal indices. Each policy's random draws are listed in simulate.ts
 * (DRAW ORDER), which the WebGPU kernel mirrors word for word.
 */
import { klUcbBern } from "./bounds";
import type { PolicyId } from "./options";
import type { RewardModel } from "./problems";
import type { F32Stream } from "./sampling";

export interface PolicyConfig {
  K: number;
  model: RewardModel;
  /** Gaussian noise level (ignored for Bernoulli rewards). */
  sigma: number;
  /** Horizon: used only by policies tuned for it (fixed-η Exp3, successive elimination's δ). */
  T: number;
  epsilon: number;
  exp3Mode: "anytime" | "fixed";
}

export interface Policy {
  reset(): void;
  /** The arm to play at round t (1-based), drawing its words from `s` in the documented order. */
  select(t: number, s: F32Stream): number;
  update(arm: number, reward: number): void;
}

/**
 * Index of the maximal entry, ties broken uniformly at random by one uniform u ∈ (0, 1): the
 * ⌊u·m⌋-th of the m maximal entries in arm order. +∞ entries (unplayed arms) tie with each other.
 */
export function argmaxRandom(values: Float64Array, u: number): number {
  let best = Number.NEGATIVE_INFINITY;
  let ties = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v > best) {
      best = v;
      ties = 1;
    } else if (v === best) ties++;
  }
  let pick = Math.floor(u * ties);
  for (let k = 0; k < values.length; k++) {
    if (values[k] === best && pick-- === 0) return k;
  }
  return values.length - 1; // unreachable for finite or +∞ entries
}

/** Counts and reward sums, shared by every index policy. */
abstract class Tally implements Policy {
  protected readonly n: Float64Array;
  protected readonly sum: Float64Array;
  protected readonly index: Float64Array;
  constructor(protected readonly cfg: PolicyConfig) {
    this.n = new Float64Array(cfg.K);
    this.sum = new Float64Array(cfg.K);
    this.index = new Float64Array(cfg.K);
  }
  reset(): void {
    this.n.fill(0);
    this.sum.fill(0);
  }
  update(arm: number, reward: number): void {
    this.n[arm]++;
    this.sum[arm] += reward;
  }
  abstract select(t: number, s: F32Stream): number;
}

/**
 * Rewards in [0, 1] are ½-subgaussian; σ-Gaussian ones are σ-subgaussian. Confidence widths written
 * for [0, 1] are multiplied by this factor so one formula serves both.
 */
function widthScale(cfg: PolicyConfig): number {
  return cfg.model === "gaussian" ? 2 * cfg.sigma : 1;
}

/** UCB1 (Auer, Cesa-Bianchi & Fischer 2002): x̄_j + √(2 ln t / n_j); each arm once first (index +∞). */
export class Ucb1 extends Tally {
  /** Public for the WebAssembly twin of the run loop (ucb1-fast.ts). */
  readonly width = widthScale(this.cfg);
  select(t: number, s: F32Stream): number {
    const u = s.uniform();
    const twoLogT = 2 * Math.log(t);
    for (let k = 0; k < this.cfg.K; k++) {
      const n = this.n[k];
      this.index[k] = n === 0 ? Number.POSITIVE_INFINITY : this.sum[k] / n + this.width * Math.sqrt(twoLogT / n);
    }
    return argmaxRandom(this.index, u);
  }
}

/** KL-UCB (Garivier & Cappé 2011) with exploration level ln t (c = 0). Gaussian: the closed form. */
export class KlUcb extends Tally {
  select(t: number, s: F32Stream): number {
    const u = s.uniform();
    const logT = Math.log(t);
    const gaussian = this.cfg.model === "gaussian";
    for (let k = 0; k < this.cfg.K; k++) {
      const n = this.n[k];
      if (n === 0) this.index[k] = Number.POSITIVE_INFINITY;
      else if (gaussian) this.index[k] = this.sum[k] / n + this.cfg.sigma * Math.sqrt((2 * logT) / n);
      else this.index[k] = klUcbBern(Math.min(1, Math.max(0, this.sum[k] / n)), logT / n);
    }
    return argmaxRandom(this.index, u);
  }
}

/**
 * Thompson sampling. Bernoulli: Beta(1, 1) prior, θ_k ~ Beta(S_k + 1, F_k + 1) drawn as a ratio of
 * two Gamma variates. Gaussian: the Gaussian-prior form θ_k ~ N(S_k/(n_k+1), σ²/(n_k+1))
 * (Agrawal & Goyal 2013). Continuous θ makes ties a probability-zero event: the first maximum wins.
 */
export class Thompson extends Tally {
  select(_t: number, s: F32Stream): number {
    let best = 0;
    let bestTheta = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.cfg.K; k++) {
      const n = this.n[k];
      const theta =
        this.cfg.model === "gaussian"
          ? this.sum[k] / (n + 1) + (this.cfg.sigma / Math.sqrt(n + 1)) * s.normal()
          : s.beta(this.sum[k] + 1, n - this.sum[k] + 1);
      if (theta > bestTheta) {
        bestTheta = theta;
        best = k;
      }
    }
    return best;
  }
}

/** ε-greedy with a fixed ε: explores forever, so its regret grows linearly (a baseline). */
export class EpsilonGreedy extends Tally {
  select(_t: number, s: F32Stream): number {
    const explore = s.uniform() < this.cfg.epsilon;
    const u = s.uniform();
    if (explore) return Math.min(this.cfg.K - 1, Math.floor(u * this.cfg.K));
    for (let k = 0; k < this.cfg.K; k++) {
      this.index[k] = this.n[k] === 0 ? Number.POSITIVE_INFINITY : this.sum[k] / this.n[k];
    }
    return argmaxRandom(this.index, u);
  }
}

/**
 * Exp3 in its standard loss form (Bubeck & Cesa-Bianchi 2012, §3.1): P_t(i) ∝ exp(−η_t L̂_{t−1,i}),
 * L̂_{t,i} = L̂_{t−1,i} + ℓ_{t,i}·1{I_t = i}/P_t(i), loss ℓ = 1 − reward (clipped to [0, 1]).
 * Anytime: η_t = √(ln K/(tK)); fixed: η = √(2 ln K/(nK)) tuned for the horizon n = T.
 * No γ-mixing and no per-step reward scaling: this is not SMPyBandits' Exp3 variant.
 */
export class Exp3 implements Policy {
  private readonly lossEst: Float64Array;
  private readonly prob: Float64Array;
  constructor(private readonly cfg: PolicyConfig) {
    this.lossEst = new Float64Array(cfg.K);
    this.prob = new Float64Array(cfg.K);
  }
  reset(): void {
    this.lossEst.fill(0);
  }
  select(t: number, s: F32Stream): number {
    const K = this.cfg.K;
    const u = s.uniform();
    const eta =
      this.cfg.exp3Mode === "anytime"
        ? Math.sqrt(Math.log(K) / (t * K))
        : Math.sqrt((2 * Math.log(K)) / (this.cfg.T * K));
    let minLoss = Number.POSITIVE_INFINITY;
    for (let k = 0; k < K; k++) minLoss = Math.min(minLoss, this.lossEst[k]);
    let total = 0;
    for (let k = 0; k < K; k++) {
      const w = Math.exp(-eta * (this.lossEst[k] - minLoss)); // shifted by the minimum: no overflow
      this.prob[k] = w;
      total += w;
    }
    let acc = 0;
    let arm = K - 1;
    for (let k = 0; k < K; k++) {
      this.prob[k] /= total;
      acc += this.prob[k];
      if (u < acc && arm === K - 1 && k < K - 1) arm = k;
    }
    return arm;
  }
  update(arm: number, reward: number): void {
    const loss = 1 - Math.min(1, Math.max(0, reward));
    this.lossEst[arm] += loss / this.prob[arm];
  }
}

/**
 * Successive elimination (Even-Dar, Mannor & Mansour 2006): sample the surviving arms round-robin;
 * after each sweep (all survivors at n pulls) drop arm i if x̄_i + r_n < max_j x̄_j − r_n, with the
 * Hoeffding radius r_n = √(ln(2KTn²)/(2n)) (a union bound over arms, sweeps and the horizon T).
 */
export class SuccessiveElimination extends Tally {
  private readonly active: Int32Array;
  private alive = 0;
  private pos = 0;
  private readonly width = widthScale(this.cfg);
  constructor(cfg: PolicyConfig) {
    super(cfg);
    this.active = new Int32Array(cfg.K);
  }
  reset(): void {
    super.reset();
    for (let k = 0; k < this.cfg.K; k++) this.active[k] = k;
    this.alive = this.cfg.K;
    this.pos = 0;
  }
  select(): number {
    return this.active[this.pos];
  }
  update(arm: number, reward: number): void {
    super.update(arm, reward);
    if (++this.pos < this.alive) return;
    this.pos = 0;
    if (this.alive === 1) return;
    const n = this.n[this.active[0]];
    const radius = this.width * Math.sqrt(Math.log(2 * this.cfg.K * this.cfg.T * n * n) / (2 * n));
    let bestMean = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < this.alive; j++) bestMean = Math.max(bestMean, this.sum[this.active[j]] / n);
    let kept = 0;
    for (let j = 0; j < this.alive; j++) {
      const k = this.active[j];
      if (this.sum[k] / n + radius >= bestMean - radius) this.active[kept++] = k;
    }
    this.alive = kept;
  }
}

const POLICIES: Record<PolicyId, new (cfg: PolicyConfig) => Policy> = {
  ucb1: Ucb1,
  klucb: KlUcb,
  ts: Thompson,
  egreedy: EpsilonGreedy,
  exp3: Exp3,
  se: SuccessiveElimination,
};

export const makePolicy = (id: PolicyId, cfg: PolicyConfig): Policy => new POLICIES[id](cfg);
