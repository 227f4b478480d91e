/**
 * Counted (optionally stochastic) first-order oracles for f and g: the only way algorithms see
 * the problem, so every method is charged identically. One call of ∇f returns both partials
 * (∇_x f, ∇_y f) and counts 1 in `nF`; likewise `nG` for g. A minibatch of b samples counts b.
 *
 * Noise model: additive Gaussian, ∇ℓ(w; ξ) = ∇ℓ(w) + s·ξ with ξ ~ N(0, I) (unbiased, variance s²
 * per coordinate). The mean of b samples is then exactly ∇ℓ(w) + (s/√b)·ξ, which is how a batch is
 * drawn (one normal per coordinate, b calls charged). The same sample at two points cancels in
 * differences, so the model is mean-squared smooth (needed by the single-loop variant).
 */
import type { Rng } from "../common/rng";
import type { BilevelProblem } from "./problems";

type Vec = Float64Array;

export class CountedOracle {
  nF = 0;
  nG = 0;

  constructor(
    readonly problem: BilevelProblem,
    /** Per-sample noise standard deviation s (0 = exact gradients). */
    readonly noise: number,
    private readonly rng: Rng,
  ) {}

  get total(): number {
    return this.nF + this.nG;
  }

  /** ∇f(x, y) averaged over `batch` samples. */
  gradF(x: Vec, y: Vec, gx: Vec, gy: Vec, batch = 1): void {
    this.problem.gradF(x, y, gx, gy);
    this.nF += batch;
    this.perturb(gx, gy, batch);
  }

  /** ∇g(x, y) averaged over `batch` samples. */
  gradG(x: Vec, y: Vec, gx: Vec, gy: Vec, batch = 1): void {
    this.problem.gradG(x, y, gx, gy);
    this.nG += batch;
    this.perturb(gx, gy, batch);
  }

  /** ∇f at two points with one shared sample (2 calls): the STORM correction's pair. */
  gradFPair(x1: Vec, y1: Vec, gx1: Vec, gy1: Vec, x0: Vec, y0: Vec, gx0: Vec, gy0: Vec): void {
    this.problem.gradF(x1, y1, gx1, gy1);
    this.problem.gradF(x0, y0, gx0, gy0);
    this.nF += 2;
    this.perturb(gx1, gy1, 1, gx0, gy0);
  }

  gradGPair(x1: Vec, y1: Vec, gx1: Vec, gy1: Vec, x0: Vec, y0: Vec, gx0: Vec, gy0: Vec): void {
    this.problem.gradG(x1, y1, gx1, gy1);
    this.problem.gradG(x0, y0, gx0, gy0);
    this.nG += 2;
    this.perturb(gx1, gy1, 1, gx0, gy0);
  }

  /** Adds one draw of (s/√batch)·ξ to (gx, gy), and the same draw to (gx0, gy0) when given. */
  private perturb(gx: Vec, gy: Vec, batch: number, gx0?: Vec, gy0?: Vec): void {
    if (this.noise === 0) return;
    const s = this.noise / Math.sqrt(batch);
    for (const [g, g0] of [
      [gx, gx0],
      [gy, gy0],
    ] as const) {
      for (let i = 0; i < g.length; i++) {
        const e = s * this.rng.normal();
        g[i] += e;
        if (g0) g0[i] += e;
      }
    }
  }
}
