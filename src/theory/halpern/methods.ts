/**
 * Glue between problems and algorithms: which step each method uses on each problem (the released
 * scripts' tuned values on the paper's two instances, theory-based values elsewhere), whether a
 * theorem certifies the curve, and the runner of one method's run.
 */
import { Rng } from "../common/rng";
import type { RunScope } from "../kit/define";
import type { ParamValues } from "../params";
import {
  eag,
  extragradient,
  halpern,
  halpernResolvent,
  inexactHalpern,
  type MethodContext,
  vrExtragradient,
  vrHalpern,
} from "./algorithms";
import { Oracle } from "./operators";

import {
  bilinearGame,
  cocoerciveQuadratic,
  exactResolvent,
  hardQP,
  isConstrained,
  leastSquares,
  type Problem,
  policemanBurglar,
  rockPaperScissors,
} from "./problems";
import { Recorder } from "./recorder";
import { METHOD_KEYS, METHOD_LABELS, type MethodKey, type methodParams, type ProblemKey, STOCHASTIC } from "./schema";

export interface ProblemSettings {
  problem: ProblemKey;
  n: number;
  conditioning: "well" | "ill";
  /** Seed of the instance (shared by all runs). */
  seed: number;
}

/** Instances are drawn from stream 2³¹ of the experiment seed, which no run uses. */
export function instanceRng(seed: number): Rng {
  return new Rng(seed, 2 ** 31, 0);
}

export function buildProblem(s: ProblemSettings): Problem {
  const rng = instanceRng(s.seed);
  const ill = s.conditioning === "ill";
  switch (s.problem) {
    case "lsq":
      return leastSquares(s.n, 10, ill ? 0.01 : 1, rng);
    case "quadratic":
      return cocoerciveQuadratic(s.n, 20, ill ? 1e-4 : 0.5, 1, rng);
    case "bilinear":
      return bilinearGame(s.n, 10, ill ? 0.02 : 0.5, 0.3, rng);
    case "rps":
      return rockPaperScissors(s.n, 0.3, rng);
    case "matrix-game":
      return policemanBurglar(s.n, 0.8, rng);
    case "hard-qp":
      return hardQP(s.n);
  }
}

/**
 * The schema's method parameters, and `paperConstants`: use the released scripts' exact constants
 * on the paper's instances (Figure 1).
 */
export type MethodSettings = ParamValues<typeof methodParams> & { paperConstants?: boolean };

export interface MethodPlan {
  key: MethodKey;
  label: string;
  /** Same output in every run (computed once per chunk). */
  deterministic: boolean;
  /** Why no theorem covers this curve on this problem (undefined: certified). */
  uncertified?: string;
  /** Step sizes, for bounds and labels. */
  steps: Record<string, number>;
  run(ctx: MethodContext): Float64Array;
}

export function planMethod(key: MethodKey, p: Problem, s: MethodSettings): MethodPlan | string {
  const n = p.op.n;
  const isMG = p.key === "matrix-game";
  const isQP = p.key === "hard-qp";
  // The released scripts' value on the matrix game, on the hard QP, and the theory-based one elsewhere.
  const script = <T>(mg: T, qp: T, theory: T) => (isMG ? mg : isQP ? qp : theory);
  const label = METHOD_LABELS[key];
  const coco = p.coco && !isConstrained(p) ? p.coco : undefined;
  const notCoco = "F is not cocoercive here: no theorem covers this curve (empirical)";
  const plan = (
    label: string,
    steps: Record<string, number>,
    run: (c: MethodContext) => Float64Array,
    uncertified?: string,
  ): MethodPlan => ({ key, label, deterministic: !STOCHASTIC.includes(key), uncertified, steps, run });
  switch (key) {
    case "halpern": {
      const step = coco ? 2 / coco.L : 1 / p.LF;
      const name = coco ? `${label}, step 2/L` : `${label}, step 1/L_F`;
      return plan(name, { step }, (c) => halpern(c, step), coco ? undefined : notCoco);
    }
    case "halpern-resolvent": {
      if (isConstrained(p)) return "the exact resolvent is implemented for unconstrained problems only";
      if (p.op.dim > 800) return "the exact resolvent is a dense solve; dimension too large";
      const eta = 1 / p.LF;
      const J = exactResolvent(p, eta);
      return plan(`${label}, η = 1/L_F`, { eta }, (c) => halpernResolvent(c, J));
    }
    case "eg": {
      const eta = script(5 / p.LF, 0.5, 0.5 / p.LF);
      const name = isMG || isQP ? `${label} (script step)` : `${label}, η = 1/(2L_F)`;
      return plan(name, { eta }, (c) => extragradient(c, eta), "reference slope −1/2 only (constant [M])");
    }
    case "eag-c": {
      const alpha = script(5 / p.LF, 0.3, 1 / (8 * p.LF));
      const theory = !isMG && !isQP;
      const name = theory ? `${label}, α = 1/(8L_F)` : `${label} (script step)`;
      const outside = theory && !isConstrained(p) ? undefined : "step/constraints outside EAG-C's theorem (empirical)";
      return plan(name, { alpha }, (c) => eag(c, { kind: "constant", alpha }), outside);
    }
    case "eag-v": {
      const outside = isConstrained(p) ? "constrained: outside EAG-V's theorem (empirical)" : undefined;
      const run = (c: MethodContext) => eag(c, { kind: "varying", L: p.LF });
      return plan(`${label}, α₀ = 0.618/L_F`, { alpha0: 0.618 / p.LF }, run, outside);
    }
    case "vr-eg": {
      const gamma = script((3 * Math.sqrt(1 / n)) / (p.frobenius as number), 0.01, (0.99 * Math.sqrt(1 / n)) / p.Lexp);
      const run = (c: MethodContext) => vrExtragradient(c, gamma);
      return plan(label, { gamma }, run, "no last-iterate residual bound plotted (empirical)");
    }
    case "alg1": {
      const eta = s.alg1Step * script(5 / (p.frobenius as number), 0.3, 1 / (coco ? coco.Lexp : p.Lexp));
      const name = `${label}, η = ${s.alg1Step}×${script("5/‖A‖_F", "0.3", "1/L")}`;
      return plan(name, { eta }, (c) => vrHalpern(c, eta), coco ? "rate C·LD/k with C unconfirmed [R]" : notCoco);
    }
    case "alg2": {
      // Reference constant: the scripts' ‖A‖_F on the matrix game, A3's L elsewhere.
      const L = p.frobenius ?? p.Lexp;
      const eta = isQP ? Math.sqrt(n) : Math.sqrt(n) / L;
      const pp = 1 / n;
      const gamma = isQP && s.paperConstants ? 1e-3 : (s.forbC * Math.sqrt(pp * (1 - pp))) / (1 + eta * (isQP ? 1 : L));
      const { innerCoef, snapshot } = s;
      const report = s.paperConstants ? "anchor" : "resolvent";
      const run = (c: MethodContext) => inexactHalpern(c, { eta, gamma, innerCoef, snapshot, report });
      const name = `${label}${snapshot === "released-code" ? ", released-code snapshot w ← u_k" : ""}`;
      return plan(name, { eta, gamma, innerCoef }, run, "rate C·D/(ηk) with C unconfirmed [R]");
    }
  }
}

/** Plans for the selected methods, in METHOD_KEYS order; unavailable ones become notes. */
export function planAll(
  keys: readonly MethodKey[],
  problem: Problem,
  s: MethodSettings,
  notes: string[],
): MethodPlan[] {
  const plans: MethodPlan[] = [];
  for (const key of METHOD_KEYS) {
    if (!keys.includes(key)) continue;
    const plan = planMethod(key, problem, s);
    if (typeof plan === "string") notes.push(`${METHOD_LABELS[key]} skipped: ${plan}.`);
    else {
      plans.push(plan);
      if (plan.uncertified) notes.push(`${plan.label}: ${plan.uncertified}.`);
    }
  }
  return plans;
}

/** How a run ended: the first checkpoint it could not fill (blow-up) and the first at or below `stopBelow` (-1: none). */
export interface Outcome {
  diverged: number;
  reached: number;
}

/**
 * Runs methods into rows of residuals at `checkpoints` (calls or iterations), one run at a time. A
 * method draws from stream 1 + its index in METHOD_KEYS, so adding or removing another method never
 * changes its numbers; a deterministic method runs once (per chunk) and is copied.
 */
export class MethodRuns {
  private readonly once = new Map<MethodPlan, { row: Float64Array; outcome: Outcome }>();

  constructor(
    readonly problem: Problem,
    readonly checkpoints: ArrayLike<number>,
    readonly measure: "calls" | "iterations",
    readonly stopBelow?: number,
  ) {}

  run(plan: MethodPlan, scope: RunScope, row = scope.row, progress?: (fraction: number) => void): Outcome {
    const memo = this.once.get(plan);
    if (memo) {
      row.set(memo.row);
      return memo.outcome;
    }
    const { problem, checkpoints: cps } = this;
    const rec = new Recorder(problem, cps, this.measure, row, {
      stopBelow: this.stopBelow,
      onCheckpoint: progress && ((c) => progress(c / cps.length)),
    });
    const rng = scope.stream(1 + METHOD_KEYS.indexOf(plan.key));
    plan.run({ problem, oracle: new Oracle(problem.op), rec, rng });
    const outcome = { diverged: rec.divergedIndex, reached: rec.reachedIndex };
    if (plan.deterministic) this.once.set(plan, { row: Float64Array.from(row), outcome });
    return outcome;
  }
}
