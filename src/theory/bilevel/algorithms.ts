/**
 * First-order methods for the penalty formulation min_x ψ_σ(x) and two baselines.
 *
 * RECONSTRUCTIONS. The paper's pseudo-code is in an appendix that was not available (spec §1.5):
 * DoubleLoopPenalty (plain and proximal/Moreau-envelope inner loops) and SingleLoopMomentum are
 * reconstructions that match every confirmed fragment (Danskin gradient, σ = Θ(ε), warm-started
 * y- and z-sequences, large batches vs. STORM momentum). The baselines follow their public toy code:
 * V-PBGD (Shen & Chen 2023, V-PBGD/toy/toy.py) and BOME (Liu et al. 2022, toy/toy_convergence.py).
 *
 * Every method reads the problem only through a CountedOracle, so calls to ∇f and ∇g are charged
 * the same way for all of them. One `step()` is one outer iteration.
 */
import type { CountedOracle } from "./oracle";

type Vec = Float64Array;

export interface Method {
  /** The current upper-level iterate. */
  readonly x: Vec;
  step(): void;
}

export type MethodKey = "double" | "prox" | "single" | "vpbgd" | "bome";
export const METHOD_KEYS: readonly MethodKey[] = ["double", "prox", "single", "vpbgd", "bome"];
export const METHOD_LABELS: Record<MethodKey, string> = {
  double: "double-loop penalty (reconstruction)",
  prox: "proximal double loop (reconstruction)",
  single: "single-loop momentum (reconstruction)",
  vpbgd: "V-PBGD baseline",
  bome: "BOME baseline",
};

export interface MethodSettings {
  sigma: number;
  /** Outer step α. */
  alpha: number;
  /** Inner step γ (default rule: 1 / (L_gy + σ L_fy)). */
  gamma: number;
  /** Inner steps M per outer iteration of the double loops. */
  inner: number;
  /** GD steps on g(x, ·) per iteration for the baselines' ŷ (warm-started in V-PBGD). */
  baselineInner: number;
  /** Samples per oracle call site (1 when the oracle is exact). */
  batch: number;
  /** STORM weight β of the single-loop variant. */
  beta: number;
  /** Proximal variant: projected GD steps per prox point. */
  proxSteps: number;
  /** V-PBGD step as a multiple of σ (the PBGD toy: 0.1/γ with γ = 1/σ). */
  vpbgdStep: number;
  /** BOME: η and learning rate. */
  bomeEta: number;
  bomeLr: number;
}

/** The inner step γ = 1/(L_gy + σ L_fy) (spec: 1/(8 + σ) on T3). */
export function defaultInnerStep(oracle: CountedOracle, sigma: number): number {
  const p = oracle.problem;
  return 1 / (p.lipschitzGy + sigma * p.lipschitzFy);
}

/** A method started at x0 with every lower-level sequence (y, z, ŷ) started at y0. */
export function makeMethod(
  key: MethodKey,
  oracle: CountedOracle,
  x0: Vec,
  s: MethodSettings,
  y0: Vec = oracle.problem.y0,
): Method {
  switch (key) {
    case "double":
      return new DoubleLoopPenalty(oracle, x0, y0, s, false);
    case "prox":
      return new DoubleLoopPenalty(oracle, x0, y0, s, true);
    case "single":
      return new SingleLoopMomentum(oracle, x0, y0, s);
    case "vpbgd":
      return new ValuePenaltyBGD(oracle, x0, y0, s);
    case "bome":
      return new Bome(oracle, x0, y0, s);
  }
}

/** Scratch vectors sized for a problem. */
class Buffers {
  readonly fx: Vec;
  readonly fy: Vec;
  readonly gx: Vec;
  readonly gy: Vec;
  readonly gx2: Vec;
  readonly gy2: Vec;
  constructor(dx: number, dy: number) {
    this.fx = new Float64Array(dx);
    this.fy = new Float64Array(dy);
    this.gx = new Float64Array(dx);
    this.gy = new Float64Array(dy);
    this.gx2 = new Float64Array(dx);
    this.gy2 = new Float64Array(dy);
  }
}

/**
 * Double-loop penalty method [reconstruction, spec §1.5]. Per outer iteration:
 *   M warm-started projected (S)GD steps y ← Π_Y(y − γ(σ∇_y f + ∇_y g)) toward S_σ(x) and
 *   z ← Π_Y(z − γ∇_y g) toward S(x); then the Danskin step
 *   x ← Π_X(x − α[∇_x f(x, y) + (∇_x g(x, y) − ∇_x g(x, z))/σ]), every call batch-averaged over B.
 * Proximal variant: the M inner steps are grouped into prox points y ≈ prox_{ρh(x,·)+ι_Y}(anchor)
 * (ρ = γ, each solved by `proxSteps` projected GD steps of size γ/2 on h + ‖· − anchor‖²/(2ρ)),
 * the Moreau-envelope construction the reviews attribute to the paper's Appendix B.2.
 */
export class DoubleLoopPenalty implements Method {
  readonly x: Vec;
  readonly y: Vec;
  readonly z: Vec;
  private readonly yAnchor: Vec;
  private readonly zAnchor: Vec;
  private readonly b: Buffers;

  constructor(
    private readonly oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    private readonly s: MethodSettings,
    private readonly proximal: boolean,
  ) {
    const p = oracle.problem;
    this.x = Float64Array.from(x0);
    this.y = Float64Array.from(y0);
    this.z = Float64Array.from(y0);
    this.yAnchor = new Float64Array(p.dy);
    this.zAnchor = new Float64Array(p.dy);
    this.b = new Buffers(p.dx, p.dy);
  }

  step(): void {
    const { oracle, s, x, y, z, b } = this;
    const p = oracle.problem;
    const dy = p.dy;
    const { sigma, gamma, batch } = s;
    const q = Math.max(1, s.proxSteps);
    for (let m = 0; m < s.inner; m++) {
      if (this.proximal && m % q === 0) {
        this.yAnchor.set(y);
        this.zAnchor.set(z);
      }
      oracle.gradF(x, y, b.fx, b.fy, batch);
      oracle.gradG(x, y, b.gx, b.gy, batch);
      oracle.gradG(x, z, b.gx2, b.gy2, batch);
      if (this.proximal) {
        // GD on h(x,·) + ‖· − anchor‖²/(2γ) with step γ/2.
        for (let i = 0; i < dy; i++) {
          y[i] -= 0.5 * gamma * (sigma * b.fy[i] + b.gy[i] + (y[i] - this.yAnchor[i]) / gamma);
          z[i] -= 0.5 * gamma * (b.gy2[i] + (z[i] - this.zAnchor[i]) / gamma);
        }
      } else {
        for (let i = 0; i < dy; i++) {
          y[i] -= gamma * (sigma * b.fy[i] + b.gy[i]);
          z[i] -= gamma * b.gy2[i];
        }
      }
      p.projectY(y);
      p.projectY(z);
    }
    oracle.gradF(x, y, b.fx, b.fy, batch);
    oracle.gradG(x, y, b.gx, b.gy, batch);
    oracle.gradG(x, z, b.gx2, b.gy2, batch);
    for (let i = 0; i < p.dx; i++) x[i] -= s.alpha * (b.fx[i] + (b.gx[i] - b.gx2[i]) / sigma);
    p.projectX(x);
  }
}

/**
 * Single-loop momentum variant [reconstruction, spec §1.5]: one y-, z- and x-step per iteration,
 * each direction a STORM estimate v_k = ∇ℓ(w_k; ξ_k) + (1 − β)(v_{k−1} − ∇ℓ(w_{k−1}; ξ_k)), with
 * O(1) samples per iteration (2 calls of ∇f and 4 of ∇g: the new and the previous point share ξ_k).
 * The estimates start from one batch of B samples.
 */
export class SingleLoopMomentum implements Method {
  readonly x: Vec;
  readonly y: Vec;
  readonly z: Vec;
  private readonly xPrev: Vec;
  private readonly yPrev: Vec;
  private readonly zPrev: Vec;
  /** STORM estimates of ∇_y h_σ(x, y), ∇_y g(x, z) and the Danskin direction. */
  private readonly vy: Vec;
  private readonly vz: Vec;
  private readonly vx: Vec;
  private readonly b: Buffers;
  private readonly old: Buffers;

  constructor(
    private readonly oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    private readonly s: MethodSettings,
  ) {
    const p = oracle.problem;
    this.x = Float64Array.from(x0);
    this.y = Float64Array.from(y0);
    this.z = Float64Array.from(y0);
    this.xPrev = new Float64Array(p.dx);
    this.yPrev = new Float64Array(p.dy);
    this.zPrev = new Float64Array(p.dy);
    this.vy = new Float64Array(p.dy);
    this.vz = new Float64Array(p.dy);
    this.vx = new Float64Array(p.dx);
    this.b = new Buffers(p.dx, p.dy);
    this.old = new Buffers(p.dx, p.dy);
    const { b } = this;
    oracle.gradF(this.x, this.y, b.fx, b.fy, s.batch);
    oracle.gradG(this.x, this.y, b.gx, b.gy, s.batch);
    oracle.gradG(this.x, this.z, b.gx2, b.gy2, s.batch);
    for (let i = 0; i < p.dy; i++) {
      this.vy[i] = s.sigma * b.fy[i] + b.gy[i];
      this.vz[i] = b.gy2[i];
    }
    for (let i = 0; i < p.dx; i++) this.vx[i] = b.fx[i] + (b.gx[i] - b.gx2[i]) / s.sigma;
  }

  step(): void {
    const { oracle, s, x, y, z, b, old, vx, vy, vz } = this;
    const p = oracle.problem;
    const { sigma, beta } = s;
    this.xPrev.set(x);
    this.yPrev.set(y);
    this.zPrev.set(z);
    for (let i = 0; i < p.dy; i++) {
      y[i] -= s.gamma * vy[i];
      z[i] -= s.gamma * vz[i];
    }
    p.projectY(y);
    p.projectY(z);
    for (let i = 0; i < p.dx; i++) x[i] -= s.alpha * vx[i];
    p.projectX(x);
    oracle.gradFPair(x, y, b.fx, b.fy, this.xPrev, this.yPrev, old.fx, old.fy);
    oracle.gradGPair(x, y, b.gx, b.gy, this.xPrev, this.yPrev, old.gx, old.gy);
    oracle.gradGPair(x, z, b.gx2, b.gy2, this.xPrev, this.zPrev, old.gx2, old.gy2);
    const keep = 1 - beta;
    for (let i = 0; i < p.dy; i++) {
      vy[i] = sigma * b.fy[i] + b.gy[i] + keep * (vy[i] - (sigma * old.fy[i] + old.gy[i]));
      vz[i] = b.gy2[i] + keep * (vz[i] - old.gy2[i]);
    }
    for (let i = 0; i < p.dx; i++) {
      const dNew = b.fx[i] + (b.gx[i] - b.gx2[i]) / sigma;
      const dOld = old.fx[i] + (old.gx[i] - old.gx2[i]) / sigma;
      vx[i] = dNew + keep * (vx[i] - dOld);
    }
  }
}

/**
 * V-PBGD baseline (Shen & Chen, ICML 2023): T warm-started GD steps on g(x, ·) give ŷ ≈ argmin g,
 * so v(x) = g(x, ŷ); then one joint projected step on f + λ(g(x, y) − v(x)) with λ = 1/σ and step
 * `vpbgdStep`/λ (the toy's 0.1/γ). On T5 ∇_x g(x, ŷ) ≈ 0 and this is exactly toy.py's iteration.
 */
export class ValuePenaltyBGD implements Method {
  readonly x: Vec;
  readonly y: Vec;
  readonly yHat: Vec;
  private readonly xOld: Vec;
  private readonly yOld: Vec;
  private readonly b: Buffers;
  /** The last joint step's (x, y) displacement over the step: the projected-gradient mapping. */
  lastMapping = Number.POSITIVE_INFINITY;

  constructor(
    private readonly oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    private readonly s: MethodSettings,
  ) {
    const p = oracle.problem;
    this.x = Float64Array.from(x0);
    this.y = Float64Array.from(y0);
    this.yHat = Float64Array.from(y0);
    this.xOld = new Float64Array(p.dx);
    this.yOld = new Float64Array(p.dy);
    this.b = new Buffers(p.dx, p.dy);
  }

  step(): void {
    const { oracle, s, x, y, yHat, b } = this;
    const p = oracle.problem;
    const innerStep = 1 / p.lipschitzGy;
    for (let t = 0; t < s.baselineInner; t++) {
      oracle.gradG(x, yHat, b.gx2, b.gy2, s.batch);
      for (let i = 0; i < p.dy; i++) yHat[i] -= innerStep * b.gy2[i];
      p.projectY(yHat);
    }
    const lambda = 1 / s.sigma;
    const eta = s.vpbgdStep * s.sigma;
    oracle.gradF(x, y, b.fx, b.fy, s.batch);
    oracle.gradG(x, y, b.gx, b.gy, s.batch);
    oracle.gradG(x, yHat, b.gx2, b.gy2, s.batch);
    this.xOld.set(x);
    this.yOld.set(y);
    for (let i = 0; i < p.dx; i++) x[i] -= eta * (b.fx[i] + lambda * (b.gx[i] - b.gx2[i]));
    for (let i = 0; i < p.dy; i++) y[i] -= eta * (b.fy[i] + lambda * b.gy[i]);
    p.projectX(x);
    p.projectY(y);
    let moved = 0;
    for (let i = 0; i < p.dx; i++) moved += (x[i] - this.xOld[i]) ** 2;
    for (let i = 0; i < p.dy; i++) moved += (y[i] - this.yOld[i]) ** 2;
    this.lastMapping = Math.sqrt(moved) / eta;
  }
}

/**
 * BOME baseline (Liu, Ye, Wright, Stone & Liu, NeurIPS 2022): ŷ from T GD steps on g(x, ·) started
 * at y; q(x, y) = g(x, y) − g(x, ŷ); direction d = ∇f + λ∇q with λ = max(η − ⟨∇f, ∇q⟩/‖∇q‖², 0);
 * joint step (x, y) ← Π(x − ξ d_x, y − ξ d_y). It targets ψ itself, not ψ_σ.
 */
export class Bome implements Method {
  readonly x: Vec;
  readonly y: Vec;
  private readonly yHat: Vec;
  private readonly b: Buffers;

  constructor(
    private readonly oracle: CountedOracle,
    x0: Vec,
    y0: Vec,
    private readonly s: MethodSettings,
  ) {
    const p = oracle.problem;
    this.x = Float64Array.from(x0);
    this.y = Float64Array.from(y0);
    this.yHat = new Float64Array(p.dy);
    this.b = new Buffers(p.dx, p.dy);
  }

  step(): void {
    const { oracle, s, x, y, yHat, b } = this;
    const p = oracle.problem;
    const innerStep = 1 / p.lipschitzGy;
    yHat.set(y);
    for (let t = 0; t < s.baselineInner; t++) {
      oracle.gradG(x, yHat, b.gx2, b.gy2, s.batch);
      for (let i = 0; i < p.dy; i++) yHat[i] -= innerStep * b.gy2[i];
      p.projectY(yHat);
    }
    oracle.gradF(x, y, b.fx, b.fy, s.batch);
    oracle.gradG(x, y, b.gx, b.gy, s.batch);
    oracle.gradG(x, yHat, b.gx2, b.gy2, s.batch);
    // ∇q = (∇_x g(x, y) − ∇_x g(x, ŷ), ∇_y g(x, y)), stored in (gx, gy).
    let inner = 0;
    let qq = 0;
    for (let i = 0; i < p.dx; i++) {
      b.gx[i] -= b.gx2[i];
      inner += b.fx[i] * b.gx[i];
      qq += b.gx[i] * b.gx[i];
    }
    for (let i = 0; i < p.dy; i++) {
      inner += b.fy[i] * b.gy[i];
      qq += b.gy[i] * b.gy[i];
    }
    const lambda = qq > 0 ? Math.max(s.bomeEta - inner / qq, 0) : 0;
    for (let i = 0; i < p.dx; i++) x[i] -= s.bomeLr * (b.fx[i] + lambda * b.gx[i]);
    for (let i = 0; i < p.dy; i++) y[i] -= s.bomeLr * (b.fy[i] + lambda * b.gy[i]);
    p.projectX(x);
    p.projectY(y);
  }
}
