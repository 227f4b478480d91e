/**
 * Online learners for the SEA experiments. Each plays x_t given a hint M_t, then sees g_t = ∇f_t(x_t).
 *
 *   OptimisticOMD   two-step optimistic OMD, Euclidean regularizer (Chen et al. 2023; spec §1.3a):
 *                     x_t = Π(x̂_t − η_t M_t),  x̂_{t+1} = Π(x̂_t − η_t g_t)
 *                   step rules: Chen's η_t = D/√(δ + 4G² + Σ_{s<t}‖g_s − M_s‖²) [SRC, via arXiv 2510.04685 §2.2],
 *                   strongly convex η_t = 2/(λt) [RECON], fixed η (dynamic regret, §1.3e)
 *   OptimisticHedge negative-entropy OMD on the simplex, fixed η: p_t ∝ exp(−η(Σ_{s<t} g_s + M_t)) [spec §1.3a]
 *   OFTRL           Sachs et al. 2022: x_t = Π(−η_t(Σ_{s<t} g_s + M_t)), η_t = D²/(ν + Σ_{s<t} η_s‖g_s − M_s‖²)
 *   OFTL            Sachs et al. 2022 on surrogates ⟨g_s, x − x_s⟩ + μ/2‖x − x_s‖²:
 *                     x_t = Π(mean_{s<t} x_s − (Σ_{s<t} g_s + M_t)/(μ(t−1)))
 *   OGD             x_{t+1} = Π(x_t − η_t g_t), η_t = D/(G√t) or 1/(λt) (Hazan 2016, Thm 3.1 / 3.3); ignores hints
 */
import { dist2, projectBall, projectSimplex } from "./geometry";

export interface Domain {
  readonly d: number;
  readonly D: number;
  /** Euclidean projection, in place. */
  project(x: Float64Array): void;
  /** The starting point (ball centre, uniform distribution). */
  center(x: Float64Array): void;
}

export function ballDomain(d: number, R: number): Domain {
  return { d, D: 2 * R, project: (x) => projectBall(x, R), center: (x) => x.fill(0) };
}

export function simplexDomain(d: number): Domain {
  const scratch = new Float64Array(d);
  return { d, D: Math.SQRT2, project: (x) => projectSimplex(x, scratch), center: (x) => x.fill(1 / d) };
}

export interface Learner {
  /** Short key for series ("oomd", "ogd", …). */
  readonly key: string;
  readonly label: string;
  /** Back to round 1. */
  reset(): void;
  /** Write x_t given the hint M_t. */
  play(hint: Float64Array, x: Float64Array): void;
  /** Observe g_t (after play). */
  update(g: Float64Array): void;
}

export type StepRule =
  | { kind: "chen"; G: number; delta: number }
  | { kind: "strongly-convex"; lambda: number }
  | { kind: "fixed"; eta: number };

export class OptimisticOMD implements Learner {
  private readonly xhat: Float64Array;
  private readonly hint: Float64Array;
  private t = 1;
  private eta = 0;
  /** Σ_{s<t} ‖g_s − M_s‖² (Chen's V̄_{t−1}). */
  private V = 0;

  constructor(
    readonly key: string,
    readonly label: string,
    private readonly dom: Domain,
    private readonly rule: StepRule,
  ) {
    this.xhat = new Float64Array(dom.d);
    this.hint = new Float64Array(dom.d);
    this.reset();
  }

  reset(): void {
    this.dom.center(this.xhat);
    this.t = 1;
    this.V = 0;
  }

  private step(): number {
    const r = this.rule;
    switch (r.kind) {
      case "chen":
        return this.dom.D / Math.sqrt(r.delta + 4 * r.G * r.G + this.V);
      case "strongly-convex":
        return 2 / (r.lambda * this.t);
      case "fixed":
        return r.eta;
    }
  }

  play(hint: Float64Array, x: Float64Array): void {
    const eta = (this.eta = this.step());
    this.hint.set(hint);
    for (let i = 0; i < x.length; i++) x[i] = this.xhat[i] - eta * hint[i];
    this.dom.project(x);
  }

  update(g: Float64Array): void {
    for (let i = 0; i < g.length; i++) this.xhat[i] -= this.eta * g[i];
    this.dom.project(this.xhat);
    this.V += dist2(g, this.hint);
    this.t++;
  }
}

/** Optimistic Hedge = negative-entropy optimistic OMD on the simplex with a fixed step (FTRL form). */
export class OptimisticHedge implements Learner {
  private readonly cum: Float64Array;

  constructor(
    readonly key: string,
    readonly label: string,
    d: number,
    private readonly eta: number,
  ) {
    this.cum = new Float64Array(d);
  }

  reset(): void {
    this.cum.fill(0);
  }

  play(hint: Float64Array, x: Float64Array): void {
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < x.length; i++) lo = Math.min(lo, this.cum[i] + hint[i]);
    let z = 0;
    for (let i = 0; i < x.length; i++) z += x[i] = Math.exp(-this.eta * (this.cum[i] + hint[i] - lo));
    for (let i = 0; i < x.length; i++) x[i] /= z;
  }

  update(g: Float64Array): void {
    for (let i = 0; i < g.length; i++) this.cum[i] += g[i];
  }
}

/** Sachs et al. (2022) optimistic FTRL with the adaptive step of their Theorem 5 (ball centred at 0). */
export class OptimisticFTRL implements Learner {
  private readonly sum: Float64Array;
  private readonly hint: Float64Array;
  private sumEtaA = 0;
  private eta = 0;

  constructor(
    readonly key: string,
    readonly label: string,
    private readonly dom: Domain,
    private readonly nu: number,
  ) {
    this.sum = new Float64Array(dom.d);
    this.hint = new Float64Array(dom.d);
  }

  reset(): void {
    this.sum.fill(0);
    this.sumEtaA = 0;
  }

  play(hint: Float64Array, x: Float64Array): void {
    const eta = (this.eta = (this.dom.D * this.dom.D) / (this.nu + this.sumEtaA));
    this.hint.set(hint);
    for (let i = 0; i < x.length; i++) x[i] = -eta * (this.sum[i] + hint[i]);
    this.dom.project(x);
  }

  update(g: Float64Array): void {
    for (let i = 0; i < g.length; i++) this.sum[i] += g[i];
    this.sumEtaA += this.eta * dist2(g, this.hint);
  }
}

/** Sachs et al. (2022) optimistic follow-the-leader on strongly convex surrogates (their Theorem 7). */
export class OptimisticFTL implements Learner {
  private readonly sumG: Float64Array;
  private readonly sumX: Float64Array;
  private readonly last: Float64Array;
  private t = 1;

  constructor(
    readonly key: string,
    readonly label: string,
    private readonly dom: Domain,
    private readonly mu: number,
  ) {
    this.sumG = new Float64Array(dom.d);
    this.sumX = new Float64Array(dom.d);
    this.last = new Float64Array(dom.d);
  }

  reset(): void {
    this.sumG.fill(0);
    this.sumX.fill(0);
    this.t = 1;
  }

  play(hint: Float64Array, x: Float64Array): void {
    if (this.t === 1) this.dom.center(x);
    else {
      const n = this.t - 1;
      for (let i = 0; i < x.length; i++) x[i] = this.sumX[i] / n - (this.sumG[i] + hint[i]) / (this.mu * n);
      this.dom.project(x);
    }
    this.last.set(x);
  }

  update(g: Float64Array): void {
    for (let i = 0; i < g.length; i++) {
      this.sumG[i] += g[i];
      this.sumX[i] += this.last[i];
    }
    this.t++;
  }
}

export type OgdRule = { kind: "convex"; G: number } | { kind: "strongly-convex"; lambda: number };

/** Projected online gradient descent; hints are ignored. */
export class OnlineGradientDescent implements Learner {
  private readonly x: Float64Array;
  private t = 1;

  constructor(
    readonly key: string,
    readonly label: string,
    private readonly dom: Domain,
    private readonly rule: OgdRule,
  ) {
    this.x = new Float64Array(dom.d);
    this.reset();
  }

  reset(): void {
    this.dom.center(this.x);
    this.t = 1;
  }

  play(_hint: Float64Array, x: Float64Array): void {
    x.set(this.x);
  }

  update(g: Float64Array): void {
    const r = this.rule;
    const eta = r.kind === "convex" ? this.dom.D / (r.G * Math.sqrt(this.t)) : 1 / (r.lambda * this.t);
    for (let i = 0; i < g.length; i++) this.x[i] -= eta * g[i];
    this.dom.project(this.x);
    this.t++;
  }
}
