/**
 * The three learners of the spec (§1.3). All three are RECONSTRUCTIONS: the paper's pseudo-code was
 * not available; they follow the abstract's query shapes and the LSW design subroutine.
 *
 * 1. Dense least squares on a G-optimal design (Lattimore, Szepesvári & Weisz 2020): ignores
 *    sparsity; its error is 2ε + 2ε√((1+γ)d) + statistical error, the ε√d barrier.
 * 2. Support enumeration [RECON]: for each of the C(d,s) supports, least squares on a design of the
 *    projected features, greedy action, then evaluate the distinct greedy actions directly:
 *    O(ε√s) error with C(d,s)·poly(s/ε) queries.
 * 3. ε-net over s-sparse parameters [RECON]: greedy actions of an ε-net of every support's unit ball,
 *    evaluated directly: ≤ 6ε suboptimal w.p. 1 − δ with ≈ C(d,s)(3/ε)^s ε⁻² log queries.
 *
 * Noise: a query returns r(a) + N(0, σ²); the sum of n queries of a is drawn in one step as
 * n·r(a) + σ√n·Z (its exact distribution), so large budgets cost O(#distinct actions).
 */
import type { Rng } from "../common/rng";
import {
  enumerationGuarantee,
  evaluationSamples,
  leastSquaresGuarantee,
  leastSquaresSamples,
  netGuarantee,
} from "./bounds";
import { binomial, type SparseNet, sparseNet, supports } from "./combinatorics";
import { type Design, gOptimalDesign } from "./design";
import { choleskyInPlace, choleskySolve } from "./linalg";
import { type BaseInstance, greedy, type Instance, suboptimality, withMisspecification } from "./problems";

export type Outcome = { action: number; queries: number };

/**
 * Least squares on a design with N samples, n_a = ⌈π_a N⌉ ≥ 1 queries of each a ∈ D (Σ n_a ≤ N + |D|):
 * θ̂ = V⁻¹ Σ x_a Y_a, V = Σ n_a x_a x_aᵀ, Y_a the sum of n_a noisy rewards. Returns θ̂ and the queries.
 */
export function designLeastSquares(inst: Instance, x: Float64Array, p: number, design: Design, n: number, rng: Rng) {
  const v = new Float64Array(p * p);
  const b = new Float64Array(p);
  let queries = 0;
  for (const a of design.support) {
    const na = Math.max(1, Math.ceil(design.weights[a] * n - 1e-9));
    queries += na;
    const y = na * inst.reward[a] + inst.sigma * Math.sqrt(na) * rng.normal();
    const o = a * p;
    for (let i = 0; i < p; i++) {
      b[i] += x[o + i] * y;
      for (let j = 0; j <= i; j++) v[i * p + j] += na * x[o + i] * x[o + j];
    }
  }
  // Rank-deficient projected features: a tiny ridge keeps V invertible on the null space.
  const ridge = design.rank < p ? 1e-9 * n : 0;
  for (let i = 0; i < p; i++) v[i * p + i] += ridge;
  if (!choleskyInPlace(v, p)) throw new Error("designLeastSquares: information matrix is singular");
  choleskySolve(v, p, b, b);
  return { theta: b, queries };
}

/** Evaluate each candidate with m samples (one Gaussian draw per mean) and return the best-looking. */
export function evaluateCandidates(inst: Instance, candidates: Int32Array, m: number, rng: Rng): Outcome {
  let best = candidates[0];
  let bestVal = Number.NEGATIVE_INFINITY;
  const sd = inst.sigma / Math.sqrt(m);
  for (const a of candidates) {
    const est = inst.reward[a] + sd * rng.normal();
    if (est > bestVal) {
      bestVal = est;
      best = a;
    }
  }
  return { action: best, queries: candidates.length * m };
}

// 1. Dense least squares (LSW baseline)

/** Runs the dense learner with N design samples. */
export function denseLeastSquares(inst: Instance, n: number, rng: Rng): Outcome {
  const { theta, queries } = designLeastSquares(inst, inst.features, inst.d, inst.denseDesign, n, rng);
  return { action: greedy(inst.features, inst.k, inst.d, theta), queries };
}

/** Largest N whose design counts fit in a budget of Q queries (Σ⌈π_a N⌉ ≤ N + |D| ≤ Q), or 0. */
export const denseSamplesForBudget = (inst: Instance, budget: number) =>
  Math.max(0, budget - inst.denseDesign.support.length);

/** Calibrated N: prediction error ≤ ε on all k actions w.p. 1 − δ. */
export const denseCalibratedSamples = (inst: Instance, delta: number) =>
  leastSquaresSamples(inst.d, inst.k, inst.eps, delta, inst.sigma, inst.gamma);

// 2. Support enumeration + design [RECON]

export interface Enumeration {
  supports: Int32Array;
  count: number;
  /** k × s projected features per support. */
  projected: Float64Array[];
  designs: Design[];
  maxSupport: number;
  /** Index of θ*'s support among `supports`. */
  truth: number;
}

/** Projects the features onto every s-subset of coordinates and designs on each (budget-free). */
export function prepareEnumeration(inst: BaseInstance): Enumeration {
  const { d, k, s, features } = inst;
  const subsets = supports(d, s);
  const count = binomial(d, s);
  const projected: Float64Array[] = [];
  const designs: Design[] = [];
  let maxSupport = 0;
  let truth = -1;
  for (let c = 0; c < count; c++) {
    if (inst.support.every((v, j) => subsets[c * s + j] === v)) truth = c;
    const xs = new Float64Array(k * s);
    for (let a = 0; a < k; a++) for (let j = 0; j < s; j++) xs[a * s + j] = features[a * d + subsets[c * s + j]];
    const design = gOptimalDesign(xs, k, s, inst.gamma);
    projected.push(xs);
    designs.push(design);
    maxSupport = Math.max(maxSupport, design.support.length);
  }
  return { supports: subsets, count, projected, designs, maxSupport, truth };
}

/**
 * Fits every support with N samples, collects the distinct greedy actions a_S, evaluates each with
 * m samples. Returns the outcome and the number of candidates.
 */
export function supportEnumeration(
  inst: Instance,
  en: Enumeration,
  n: number,
  m: number | ((candidates: number, fitQueries: number) => number),
  rng: Rng,
): Outcome & { candidates: number } {
  const picked = new Set<number>();
  let queries = 0;
  for (let c = 0; c < en.count; c++) {
    const fit = designLeastSquares(inst, en.projected[c], inst.s, en.designs[c], n, rng);
    queries += fit.queries;
    picked.add(greedy(en.projected[c], inst.k, inst.s, fit.theta));
  }
  const candidates = Int32Array.from(picked);
  const samples = typeof m === "number" ? m : m(candidates.length, queries);
  const out = evaluateCandidates(inst, candidates, samples, rng);
  return { action: out.action, queries: queries + out.queries, candidates: candidates.length };
}

/** Per-support N for the fitting half of a budget Q (the other half evaluates), or 0 if too small. */
export function enumerationSamplesForBudget(en: Enumeration, budget: number): number {
  const perSupport = Math.floor(budget / 2 / en.count);
  return Math.max(0, perSupport - en.maxSupport);
}

/** Calibrated per-support N: prediction error ≤ ε on the true support w.p. 1 − δ/2. */
export const enumerationCalibratedSamples = (inst: Instance, delta: number) =>
  leastSquaresSamples(inst.s, inst.k, inst.eps, delta / 2, inst.sigma, inst.gamma);

// 3. ε-net over sparse parameters [RECON]

/**
 * Distinct greedy actions argmax_a ⟨φ_S(a), u⟩ over every support S and every net direction u
 * (on the projected features of `en`). At most min{k, C(d,s)·|net|} of them.
 */
export function netCandidates(inst: BaseInstance, en: Enumeration, net: SparseNet): Int32Array {
  const { k, s } = inst;
  const picked = new Set<number>();
  for (let c = 0; c < en.count; c++) {
    for (let u = 0; u < net.count; u++)
      picked.add(greedy(en.projected[c], k, s, net.directions.subarray(u * s, (u + 1) * s)));
  }
  return Int32Array.from(picked);
}

/** Calibrated samples per candidate: every mean within ε w.p. 1 − δ, giving the 6ε guarantee. */
export const netCalibratedSamples = (inst: Instance, candidates: number, delta: number) =>
  evaluationSamples(candidates, inst.eps, delta, inst.sigma);

/** Samples per candidate for the enumeration's evaluation stage (accuracy ε, probability δ/2). */
export const enumerationEvaluationSamples = (inst: Instance, candidates: number, delta: number) =>
  evaluationSamples(candidates, inst.eps, delta / 2, inst.sigma);

// The ε-dependent part of an instance, and every learner at its calibrated budget

export type Prepared = { inst: Instance; en: Enumeration; candidates: Int32Array };

/** The ε-dependent part: misspecification, ε-net and its candidate actions. */
export function prepareEpsilon(base: BaseInstance, en: Enumeration, eps: number): Prepared {
  const inst = withMisspecification(base, eps);
  return { inst, en, candidates: netCandidates(base, en, sparseNet(base.s, eps)) };
}

/** Each learner with the sample sizes that certify its guarantee; its suboptimality and that guarantee. */
export function calibratedRun({ inst, en, candidates }: Prepared, delta: number, rng: (learner: number) => Rng) {
  const nDense = denseCalibratedSamples(inst, delta);
  const dense = denseLeastSquares(inst, nDense, rng(0));
  const nEnum = enumerationCalibratedSamples(inst, delta);
  const evalSamples = (c: number) => enumerationEvaluationSamples(inst, c, delta);
  const enumeration = supportEnumeration(inst, en, nEnum, evalSamples, rng(1));
  const net = evaluateCandidates(inst, candidates, netCalibratedSamples(inst, candidates.length, delta), rng(2));
  const trueDesign = en.designs[en.truth];
  const { eps, d, s, gamma } = inst;
  return {
    subopt: [dense, enumeration, net].map((o) => suboptimality(inst, o.action)),
    guarantee: [
      leastSquaresGuarantee(eps, d, gamma, inst.denseDesign.support.length, nDense, eps),
      enumerationGuarantee(eps, s, gamma, trueDesign.support.length, nEnum, eps, eps),
      netGuarantee(eps),
    ],
  };
}
