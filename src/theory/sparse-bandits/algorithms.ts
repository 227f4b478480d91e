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
import { designCounts, evaluationSamples, leastSquaresSamples } from "./budgets";
import { binomial, type SparseNet, supports } from "./combinatorics";
import { type Design, gOptimalDesign } from "./design";
import { choleskyInPlace, choleskySolve } from "./linalg";
import { type BaseInstance, greedy, type Instance } from "./problems";

export interface Outcome {
  action: number;
  queries: number;
}

/** Least squares on a design: V = Σ n_a x_a x_aᵀ, θ̂ = V⁻¹ Σ x_a Y_a, Y_a the sum of n_a noisy rewards. */
export class DesignLeastSquares {
  private readonly v: Float64Array;
  private readonly b: Float64Array;
  private readonly counts: Float64Array;
  readonly theta: Float64Array;

  constructor(
    readonly p: number,
    maxSupport: number,
  ) {
    this.v = new Float64Array(p * p);
    this.b = new Float64Array(p);
    this.theta = new Float64Array(p);
    this.counts = new Float64Array(maxSupport);
  }

  /** Queries the design with N samples (n_a = ⌈π_a N⌉); returns the number of queries made. */
  fit(x: Float64Array, design: Design, n: number, reward: Float64Array, sigma: number, rng: Rng): number {
    const { p, v, b, counts } = this;
    const supp = design.support;
    const total = designCounts(design.weights, supp, n, counts);
    v.fill(0);
    b.fill(0);
    for (let t = 0; t < supp.length; t++) {
      const a = supp[t];
      const na = counts[t];
      const y = na * reward[a] + sigma * Math.sqrt(na) * rng.normal();
      const o = a * p;
      for (let i = 0; i < p; i++) {
        b[i] += x[o + i] * y;
        for (let j = 0; j <= i; j++) v[i * p + j] += na * x[o + i] * x[o + j];
      }
    }
    // Rank-deficient projected features: a tiny ridge keeps V invertible on the null space.
    const ridge = design.rank < p ? 1e-9 * n : 0;
    for (let i = 0; i < p; i++) v[i * p + i] += ridge;
    if (!choleskyInPlace(v, p)) throw new Error("DesignLeastSquares: information matrix is singular");
    choleskySolve(v, p, b, this.theta);
    return total;
  }
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

// ---------------------------------------------------------------------------------------------
// 1. Dense least squares (LSW baseline)

/** Runs the dense learner with N design samples. */
export function denseLeastSquares(inst: Instance, n: number, rng: Rng, ls?: DesignLeastSquares): Outcome {
  const solver = ls ?? new DesignLeastSquares(inst.d, inst.denseDesign.support.length);
  const queries = solver.fit(inst.features, inst.denseDesign, n, inst.reward, inst.sigma, rng);
  return { action: greedy(inst.features, inst.k, inst.d, solver.theta), queries };
}

/** Largest N whose design counts fit in a budget of Q queries (Σ⌈π_a N⌉ ≤ N + |D| ≤ Q), or 0. */
export function denseSamplesForBudget(inst: Instance, budget: number): number {
  return Math.max(0, budget - inst.denseDesign.support.length);
}

export function denseCalibratedSamples(inst: Instance, delta: number): number {
  return leastSquaresSamples(inst.d, inst.k, inst.eps, delta, inst.sigma, inst.gamma);
}

// ---------------------------------------------------------------------------------------------
// 2. Support enumeration + design [RECON]

export interface Enumeration {
  supports: Int32Array;
  count: number;
  /** k × s projected features per support. */
  projected: Float64Array[];
  designs: Design[];
  maxSupport: number;
}

/** Projects the features onto every s-subset of coordinates and designs on each (budget-free). */
export function prepareEnumeration(inst: BaseInstance): Enumeration {
  const { d, k, s, features } = inst;
  const subsets = supports(d, s);
  const count = binomial(d, s);
  const projected: Float64Array[] = [];
  const designs: Design[] = [];
  let maxSupport = 0;
  for (let c = 0; c < count; c++) {
    const xs = new Float64Array(k * s);
    for (let a = 0; a < k; a++) for (let j = 0; j < s; j++) xs[a * s + j] = features[a * d + subsets[c * s + j]];
    const design = gOptimalDesign(xs, k, s, inst.gamma);
    projected.push(xs);
    designs.push(design);
    maxSupport = Math.max(maxSupport, design.support.length);
  }
  return { supports: subsets, count, projected, designs, maxSupport };
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
  const ls = new DesignLeastSquares(inst.s, en.maxSupport);
  const mark = new Uint8Array(inst.k);
  const picked: number[] = [];
  let queries = 0;
  for (let c = 0; c < en.count; c++) {
    queries += ls.fit(en.projected[c], en.designs[c], n, inst.reward, inst.sigma, rng);
    const a = greedy(en.projected[c], inst.k, inst.s, ls.theta);
    if (!mark[a]) {
      mark[a] = 1;
      picked.push(a);
    }
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
export function enumerationCalibratedSamples(inst: Instance, delta: number): number {
  return leastSquaresSamples(inst.s, inst.k, inst.eps, delta / 2, inst.sigma, inst.gamma);
}

// ---------------------------------------------------------------------------------------------
// 3. ε-net over sparse parameters [RECON]

/**
 * Distinct greedy actions argmax_a ⟨φ_S(a), u⟩ over every support S and every net direction u
 * (on the projected features of `en`). At most min{k, C(d,s)·|net|} of them.
 */
export function netCandidates(inst: BaseInstance, en: Enumeration, net: SparseNet): Int32Array {
  const { k, s } = inst;
  const mark = new Uint8Array(k);
  const picked: number[] = [];
  const dirs = net.directions;
  for (let c = 0; c < en.count; c++) {
    const xs = en.projected[c];
    for (let u = 0; u < net.count; u++) {
      const uo = u * s;
      let best = 0;
      let bestVal = Number.NEGATIVE_INFINITY;
      if (s === 1) {
        const u0 = dirs[uo];
        for (let a = 0; a < k; a++) {
          const t = xs[a] * u0;
          if (t > bestVal) {
            bestVal = t;
            best = a;
          }
        }
      } else if (s === 2) {
        const u0 = dirs[uo];
        const u1 = dirs[uo + 1];
        for (let a = 0; a < k; a++) {
          const t = xs[2 * a] * u0 + xs[2 * a + 1] * u1;
          if (t > bestVal) {
            bestVal = t;
            best = a;
          }
        }
      } else {
        for (let a = 0; a < k; a++) {
          let t = 0;
          for (let j = 0; j < s; j++) t += xs[a * s + j] * dirs[uo + j];
          if (t > bestVal) {
            bestVal = t;
            best = a;
          }
        }
      }
      if (!mark[best]) {
        mark[best] = 1;
        picked.push(best);
      }
    }
  }
  return Int32Array.from(picked);
}

/** Calibrated samples per candidate: every mean within ε w.p. 1 − δ, giving the 6ε guarantee. */
export function netCalibratedSamples(inst: Instance, candidates: number, delta: number): number {
  return evaluationSamples(candidates, inst.eps, delta, inst.sigma);
}

/** Samples per candidate for the enumeration's evaluation stage (accuracy ε, probability δ/2). */
export function enumerationEvaluationSamples(inst: Instance, candidates: number, delta: number): number {
  return evaluationSamples(candidates, inst.eps, delta / 2, inst.sigma);
}
