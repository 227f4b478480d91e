/**
 * Sparse misspecified linear bandit instances (Dong & Yang, ICML 2023, setting of §1.2 of the spec):
 * k actions with features φ(a) ∈ ℝ^d, ‖φ(a)‖ ≤ 1, an s-sparse θ*, and mean rewards
 * r(a) = ⟨φ(a), θ*⟩ + Δ(a) with |Δ(a)| ≤ ε. A query of a returns r(a) + N(0, σ²).
 */
import type { Rng } from "../common/rng";
import { DESIGN_RIDGE, type Design, gOptimalDesign, informationInverse, leverage } from "./design";
import { dot } from "./linalg";
import type { FeatureFamily, Misspecification } from "./options";

export interface InstanceOptions {
  family: FeatureFamily;
  d: number;
  k: number;
  s: number;
  eps: number;
  /** Standard deviation σ of the Gaussian query noise. */
  sigma: number;
  /** ‖θ*‖ (entries ±‖θ*‖/√s on the support). */
  signal: number;
  misspec: Misspecification;
  /** Design tolerance of the dense learner's G-optimal design (the adversary targets it). */
  gamma: number;
}

/** The ε-independent part of an instance: features, θ*, the dense design, a unit random Δ shape. */
export interface BaseInstance extends Omit<InstanceOptions, "eps"> {
  /** k × d row-major. */
  features: Float64Array;
  theta: Float64Array;
  /** Sorted support of θ*. */
  support: Int32Array;
  /** The dense learner's design on all k features (deterministic given the features). */
  denseDesign: Design;
  /** U[−1, 1] per action: the random misspecification is ε times this. */
  unitDelta: Float64Array;
}

export interface Instance extends BaseInstance {
  eps: number;
  delta: Float64Array;
  /** Mean rewards r(a). */
  reward: Float64Array;
  bestReward: number;
}

/** Features of the chosen family, rows of norm 1. "good" lists e₁…e_d, −e₁…−e_d first. */
export function makeFeatures(family: FeatureFamily, d: number, k: number, rng: Rng): Float64Array {
  const x = new Float64Array(k * d);
  let row = 0;
  if (family === "good") {
    if (k < 2 * d) throw new RangeError(`good features need k ≥ 2d (k = ${k}, d = ${d})`);
    for (let i = 0; i < d; i++) x[row++ * d + i] = 1;
    for (let i = 0; i < d; i++) x[row++ * d + i] = -1;
  }
  const inv = 1 / Math.sqrt(d);
  for (; row < k; row++) {
    const o = row * d;
    if (family === "sphere") {
      let n2 = 0;
      for (let i = 0; i < d; i++) x[o + i] = rng.normal();
      for (let i = 0; i < d; i++) n2 += x[o + i] * x[o + i];
      const s = 1 / Math.sqrt(n2);
      for (let i = 0; i < d; i++) x[o + i] *= s;
    } else {
      for (let i = 0; i < d; i++) x[o + i] = rng.u32() & 1 ? inv : -inv;
    }
  }
  return x;
}

/** A uniformly random s-subset support with entries ±signal/√s (random signs). */
export function makeSparseTheta(d: number, s: number, signal: number, rng: Rng) {
  const perm = Int32Array.from({ length: d }, (_, i) => i);
  for (let i = 0; i < s; i++) {
    const j = i + rng.int(d - i);
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const support = perm.slice(0, s).sort();
  const theta = new Float64Array(d);
  const a = signal / Math.sqrt(s);
  for (const i of support) theta[i] = rng.u32() & 1 ? a : -a;
  return { theta, support };
}

/** ⟨x_a, θ⟩ for the k rows of the k×d matrix x. */
export function linearRewards(x: Float64Array, k: number, d: number, theta: Float64Array): Float64Array {
  return Float64Array.from({ length: k }, (_, a) => dot(x, a * d, theta, 0, d));
}

/** argmax_a ⟨x_a, v⟩ over the k rows of the k×p matrix x (first index on ties). */
export function greedy(x: Float64Array, k: number, p: number, v: Float64Array): number {
  let best = 0;
  let bestVal = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < k; a++) {
    const t = dot(x, a * p, v, 0, p);
    if (t > bestVal) {
      bestVal = t;
      best = a;
    }
  }
  return best;
}

/**
 * [RECON] An ε-misspecification that fools the dense least-squares learner (LSW) and hides the best
 * action. The learner only queries its design support D, so Δ on D decides what it estimates:
 * for a decoy action b, Δ(a) = ε·sign⟨φ(b), V⁻¹φ(a)⟩ on D inflates the predicted reward of b by
 * ε Σ_a π_a |⟨φ(b), V⁻¹φ(a)⟩|, which reaches ε√d (the Kiefer–Wolfowitz bound is tight here).
 * Off D, the action the fooled learner returns gets −ε and every other action +ε. The decoy is
 * the one (over all k actions) that maximises the noiseless learner's suboptimality.
 */
export function adversarialMisspecification(base: BaseInstance, eps: number): Float64Array {
  const { features: x, k, d, theta, denseDesign: design } = base;
  const { support: supp, weights: w } = design;
  const m = supp.length;
  // V(π)⁻¹ φ(a) for a ∈ D, via the same information matrix the design used.
  const vinv = new Float64Array(d * d);
  informationInverse(x, d, w, design.rank < d ? DESIGN_RIDGE : 0, vinv);
  const wv = new Float64Array(m * d);
  for (let t = 0; t < m; t++) leverage(vinv, d, x, supp[t] * d, wv.subarray(t * d, (t + 1) * d));
  const mu = linearRewards(x, k, d, theta);
  // Δ for a decoy's signs on D and the fooled learner's pick off D, and the pick's suboptimality under it.
  const deltaFor = (signs: Float64Array, pick: number, out = new Float64Array(k)) => {
    out.fill(eps);
    out[pick] = -eps;
    for (let t = 0; t < m; t++) out[supp[t]] = signs[t];
    return out;
  };
  const signs = new Float64Array(m);
  const bestSigns = new Float64Array(m);
  const thetaHat = new Float64Array(d);
  const trial = new Float64Array(k);
  let bestLoss = Number.NEGATIVE_INFINITY;
  let bestPick = 0;
  for (let b = 0; b < k; b++) {
    thetaHat.set(theta);
    for (let t = 0; t < m; t++) {
      signs[t] = dot(x, b * d, wv, t * d, d) >= 0 ? eps : -eps;
      const coef = w[supp[t]] * signs[t];
      for (let i = 0; i < d; i++) thetaHat[i] += coef * wv[t * d + i];
    }
    const pick = greedy(x, k, d, thetaHat);
    deltaFor(signs, pick, trial);
    let max = Number.NEGATIVE_INFINITY;
    for (let a = 0; a < k; a++) max = Math.max(max, mu[a] + trial[a]);
    const loss = max - (mu[pick] + trial[pick]);
    if (loss > bestLoss) {
      bestLoss = loss;
      bestPick = pick;
      bestSigns.set(signs);
    }
  }
  return deltaFor(bestSigns, bestPick);
}

/** Draws features, θ* and the random Δ shape from `rng`; designs for the dense learner. */
export function makeBaseInstance(o: Omit<InstanceOptions, "eps">, rng: Rng): BaseInstance {
  const features = makeFeatures(o.family, o.d, o.k, rng);
  const { theta, support } = makeSparseTheta(o.d, o.s, o.signal, rng);
  const unitDelta = new Float64Array(o.k);
  for (let a = 0; a < o.k; a++) unitDelta[a] = 2 * rng.uniform() - 1;
  const denseDesign = gOptimalDesign(features, o.k, o.d, o.gamma);
  return { ...o, features, theta, support, denseDesign, unitDelta };
}

/** Adds a misspecification of size ε (adversarial Δ is recomputed for each ε). */
export function withMisspecification(base: BaseInstance, eps: number): Instance {
  const { features, k, d, theta } = base;
  const delta =
    base.misspec === "adversarial"
      ? adversarialMisspecification(base, eps)
      : base.misspec === "random"
        ? base.unitDelta.map((u) => eps * u)
        : new Float64Array(k);
  const reward = linearRewards(features, k, d, theta).map((r, a) => r + delta[a]);
  return { ...base, eps, delta, reward, bestReward: Math.max(...reward) };
}

export function makeInstance(o: InstanceOptions, rng: Rng): Instance {
  return withMisspecification(makeBaseInstance(o, rng), o.eps);
}

/** max_a r(a) − r(â). */
export function suboptimality(inst: Instance, action: number): number {
  return inst.bestReward - inst.reward[action];
}
