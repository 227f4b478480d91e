/**
 * Weighted tallying bandits (Malik, Igoe, Li & Singh, ICML 2023) — RECONSTRUCTION. Only the
 * abstract was available (spec § 3, [RECON]): the loss model, the weights, the REO condition and the
 * blocked successive elimination below follow the spec's reconstruction, not the paper's text.
 *
 * Model: the loss of action a at round t depends on its weighted tally over the last m rounds,
 *   y_{a,t} = Σ_{i=1..m} w_i 1{a_{t−i} = a},  w_i = γ^{i−1},  W = Σ_i w_i,
 *   ℓ_t = b_a − g_a · y_{a,t}/W + σ·N(0, 1).
 * Repeated Exposure Optimality holds when the arm a* of least b − g (its loss when saturated) is no
 * worse than any arm at any tally: b_{a*} − g_{a*} ≤ min_a min_y ℓ_a(y).
 */
import type { Rng } from "../common/rng";
import type { LossPreset } from "./options";

export interface TallyingProblem {
  K: number;
  /** True memory m (unknown to the learner) and the known upper bound M ≥ m. */
  m: number;
  M: number;
  gamma: number;
  b: Float64Array;
  g: Float64Array;
  noise: number;
}

export function tallyingProblem(
  preset: LossPreset,
  K: number,
  m: number,
  M: number,
  gamma: number,
  noise: number,
): TallyingProblem {
  const b = new Float64Array(K);
  const g = new Float64Array(K);
  for (let a = 0; a < K; a++) {
    if (preset === "trap") {
      [b[a], g[a]] = a === 0 ? [0.8, 0.6] : a === 1 ? [0.4, 0] : [0.5 + 0.05 * (a - 2), 0.1];
    } else {
      [b[a], g[a]] = a === 0 ? [0.6, 0.4] : [0.65 + 0.05 * a, 0.3];
    }
  }
  return { K, m, M, gamma, b, g, noise };
}

export function tallyWeights(m: number, gamma: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => gamma ** i);
}

/** The REO arm (least saturated loss b − g) and that loss ℓ_{a*}(W). */
export function reoArm(p: TallyingProblem): { arm: number; loss: number } {
  let arm = 0;
  for (let a = 1; a < p.K; a++) if (p.b[a] - p.g[a] < p.b[arm] - p.g[arm]) arm = a;
  return { arm, loss: p.b[arm] - p.g[arm] };
}

/** Whether REO holds: ℓ_a(y) is affine in y ∈ [0, W], so min_y ℓ_a = b_a − max(g_a, 0). */
export function satisfiesReo(p: TallyingProblem): boolean {
  const { loss } = reoArm(p);
  for (let a = 0; a < p.K; a++) if (p.b[a] - Math.max(p.g[a], 0) < loss - 1e-12) return false;
  return true;
}

/** How successive elimination samples under tallying: warm-up rounds per block, then samples per block. */
export interface BlockSchedule {
  /** Plays at the start of each block whose losses are discarded (M saturates the tally, as M ≥ m). */
  warmup: number;
  /** Samples kept per block: 1 in every phase, or 2^j in phase j (doubling: O(K log T) switches). */
  doubling: boolean;
}

/** The spec's reconstruction: blocks of M + 1, keep the last loss. */
export const specSchedule = (M: number): BlockSchedule => ({ warmup: M, doubling: false });
/** Doubling blocks: M warm-up plays then 2^j saturated samples, so switching costs Õ((m+M)K) in total. */
export const doublingSchedule = (M: number): BlockSchedule => ({ warmup: M, doubling: true });
/** Plain successive elimination: one play per arm per phase, blind to the tally. */
export const plainSchedule: BlockSchedule = { warmup: 0, doubling: false };

/**
 * Successive elimination on losses, by phases. In phase j every surviving arm is played for one
 * block of consecutive rounds: `warmup` plays, then s_j = 1 (or 2^j) plays whose noisy losses are
 * kept as samples. With warmup = M ≥ m the kept losses are at the saturated tally W; with warmup = 0
 * (plain SE) they are taken at whatever tally the arm has, and a trap can fool it. After each phase
 * (n samples per arm) drop a when μ̂_a − r_n > min_b μ̂_b + r_n, r_n = σ√(2 ln(2KTn²)/n). Once one
 * arm survives it is played to the end.
 *
 * Records the complete-policy-regret proxy Σ_{s≤t} ℓ̄_s − t·ℓ_{a*}(W) (ℓ̄: noise-free loss) at the
 * checkpoints; valid up to an O(m) warm-up (spec § 3).
 */
export function runTallyingSE(
  p: TallyingProblem,
  schedule: BlockSchedule,
  T: number,
  grid: Int32Array,
  rng: Rng,
  out: Float64Array,
  offset: number,
): void {
  const { K, m } = p;
  const w = tallyWeights(m, p.gamma);
  const W = w.reduce((sum, x) => sum + x, 0);
  const best = reoArm(p).loss;
  const hist = new Int32Array(m).fill(-1); // ring buffer of the last m actions
  let head = 0; // hist[(head − i) mod m] is a_{t−i}, i = 1…m
  const active = Int32Array.from({ length: K }, (_, a) => a);
  let alive = K;
  const sums = new Float64Array(K);
  let samples = 0; // samples per surviving arm so far
  let perBlock = 1; // s_j
  let slot = 0; // index of the current arm in `active`
  let pos = 0; // play index inside the current block
  let cum = 0;
  let c = 0;
  const sigma = Math.max(p.noise, 1e-9);
  for (let t = 1; t <= T; t++) {
    const a = active[alive === 1 ? 0 : slot];
    let y = 0;
    for (let i = 1; i <= m; i++) if (hist[(head - i + m) % m] === a) y += w[i - 1];
    const mean = p.b[a] - (p.g[a] * y) / W;
    cum += mean;
    hist[head] = a;
    head = (head + 1) % m;
    if (alive > 1) {
      if (pos >= schedule.warmup) sums[a] += mean + p.noise * rng.normal();
      if (++pos === schedule.warmup + perBlock) {
        pos = 0;
        if (++slot === alive) {
          slot = 0;
          samples += perBlock;
          if (schedule.doubling) perBlock *= 2;
          const r = sigma * Math.sqrt((2 * Math.log(2 * K * T * samples * samples)) / samples);
          let minMean = Number.POSITIVE_INFINITY;
          for (let j = 0; j < alive; j++) minMean = Math.min(minMean, sums[active[j]] / samples);
          let kept = 0;
          for (let j = 0; j < alive; j++) {
            const arm = active[j];
            if (sums[arm] / samples - r <= minMean + r) active[kept++] = arm;
          }
          alive = kept;
        }
      }
    }
    if (t === grid[c]) out[offset + c++] = cum - t * best;
  }
}
