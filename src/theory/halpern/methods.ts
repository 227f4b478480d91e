/**
 * Glue between problems and algorithms: which step each method uses on each problem (the released
 * scripts' tuned values on the paper's two instances, theory-based values elsewhere), whether a
 * theorem certifies the curve, and a runner that fills a run-major array of residuals.
 */
import { Rng } from "../common/rng";
import {
  type Alg1Schedule,
  eag,
  extragradient,
  type ForbSnapshot,
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

export const METHOD_KEYS = ["halpern", "halpern-resolvent", "eg", "eag-c", "eag-v", "vr-eg", "alg1", "alg2"] as const;
export type MethodKey = (typeof METHOD_KEYS)[number];

export const METHOD_LABELS: Record<MethodKey, string> = {
  halpern: "Halpern (cocoercive form)",
  "halpern-resolvent": "Halpern (exact resolvent)",
  eg: "EG",
  "eag-c": "EAG-C",
  "eag-v": "EAG-V",
  "vr-eg": "VR-EG",
  alg1: "Alg. 1 (VR-Halpern)",
  alg2: "Alg. 2 (inexact Halpern + VR-FoRB)",
};

export const PROBLEM_KEYS = ["lsq", "quadratic", "bilinear", "rps", "matrix-game", "hard-qp"] as const;
export type ProblemKey = (typeof PROBLEM_KEYS)[number];

export const PROBLEM_LABELS: Record<ProblemKey, string> = {
  lsq: "H3 finite-sum least squares (cocoercive)",
  quadratic: "H1 cocoercive quadratic",
  bilinear: "H2/H4 finite-sum bilinear game",
  rps: "H6 rock–paper–scissors (simplices)",
  "matrix-game": "policeman–burglar matrix game (paper §1.7a)",
  "hard-qp": "Ouyang–Xu hard QP (paper §1.7b)",
};

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

export interface MethodSettings {
  /** Algorithm 1's step as a multiple of its reference step. */
  alg1Step: number;
  /** M_k = ⌊innerCoef · n ln(k+2)⌋. */
  innerCoef: number;
  /** VR-FoRB constant c in γ = c√(p(1−p))/(1 + ηL). */
  forbC: number;
  snapshot: ForbSnapshot;
  /** Use the released scripts' exact constants on the paper's instances (Figure 1). */
  paperConstants?: boolean;
}

export interface MethodPlan {
  key: MethodKey;
  label: string;
  /** Same output for every seed (computed once per chunk). */
  deterministic: boolean;
  /** Why no theorem covers this curve on this problem (undefined: certified). */
  uncertified?: string;
  /** Step sizes, for bounds and labels. */
  steps: Record<string, number>;
  run(ctx: MethodContext): Float64Array;
}

/** Reference constants used to set steps: matrix game → the scripts' ‖A‖_F, others → A3's L. */
function stochasticL(p: Problem): number {
  return p.frobenius ?? p.Lexp;
}

export function planMethod(key: MethodKey, p: Problem, s: MethodSettings): MethodPlan | string {
  const n = p.op.n;
  const isMG = p.key === "matrix-game";
  const isQP = p.key === "hard-qp";
  const label = METHOD_LABELS[key];
  const coco = p.coco && !isConstrained(p) ? p.coco : undefined;
  const notCoco = "F is not cocoercive here: no theorem covers this curve (empirical)";
  switch (key) {
    case "halpern": {
      const step = coco ? 2 / coco.L : 1 / p.LF;
      return {
        key,
        label: coco ? `${label}, step 2/L` : `${label}, step 1/L_F`,
        deterministic: true,
        uncertified: coco ? undefined : notCoco,
        steps: { step },
        run: (c) => halpern(c, step),
      };
    }
    case "halpern-resolvent": {
      if (isConstrained(p)) return "the exact resolvent is implemented for unconstrained problems only";
      if (p.op.dim > 800) return "the exact resolvent is a dense solve; dimension too large";
      const eta = 1 / p.LF;
      const J = exactResolvent(p, eta);
      return {
        key,
        label: `${label}, η = 1/L_F`,
        deterministic: true,
        steps: { eta },
        run: (c) => halpernResolvent(c, J),
      };
    }
    case "eg": {
      const eta = isMG ? 5 / p.LF : isQP ? 0.5 : 0.5 / p.LF;
      return {
        key,
        label: isMG || isQP ? `${label} (script step)` : `${label}, η = 1/(2L_F)`,
        deterministic: true,
        uncertified: "reference slope −1/2 only (constant [M])",
        steps: { eta },
        run: (c) => extragradient(c, eta),
      };
    }
    case "eag-c": {
      const alpha = isMG ? 5 / p.LF : isQP ? 0.3 : 1 / (8 * p.LF);
      const theory = !isMG && !isQP;
      return {
        key,
        label: theory ? `${label}, α = 1/(8L_F)` : `${label} (script step)`,
        deterministic: true,
        uncertified: theory && !isConstrained(p) ? undefined : "step/constraints outside EAG-C's theorem (empirical)",
        steps: { alpha },
        run: (c) => eag(c, { kind: "constant", alpha }),
      };
    }
    case "eag-v":
      return {
        key,
        label: `${label}, α₀ = 0.618/L_F`,
        deterministic: true,
        uncertified: isConstrained(p) ? "constrained: outside EAG-V's theorem (empirical)" : undefined,
        steps: { alpha0: 0.618 / p.LF },
        run: (c) => eag(c, { kind: "varying", L: p.LF }),
      };
    case "vr-eg": {
      const gamma = isMG
        ? (3 * Math.sqrt(1 / n)) / (p.frobenius as number)
        : isQP
          ? 0.01
          : (0.99 * Math.sqrt(1 / n)) / p.Lexp;
      return {
        key,
        label,
        deterministic: false,
        uncertified: "no last-iterate residual bound plotted (empirical)",
        steps: { gamma },
        run: (c) => vrExtragradient(c, gamma),
      };
    }
    case "alg1": {
      const ref = isMG ? 5 / (p.frobenius as number) : isQP ? 0.3 : 1 / (coco ? coco.Lexp : p.Lexp);
      const eta = s.alg1Step * ref;
      const schedule: Alg1Schedule = isQP ? "qp" : "matrix-game";
      return {
        key,
        label: `${label}, η = ${s.alg1Step}×${isMG ? "5/‖A‖_F" : isQP ? "0.3" : "1/L"}`,
        deterministic: false,
        uncertified: coco ? "rate C·LD/k with C unconfirmed [R]" : notCoco,
        steps: { eta },
        run: (c) => vrHalpern(c, eta, schedule),
      };
    }
    case "alg2": {
      const L = stochasticL(p);
      const eta = isQP ? Math.sqrt(n) : Math.sqrt(n) / L;
      const pp = 1 / n;
      const gamma = isQP && s.paperConstants ? 1e-3 : (s.forbC * Math.sqrt(pp * (1 - pp))) / (1 + eta * (isQP ? 1 : L));
      return {
        key,
        label: `${label}${s.snapshot === "released-code" ? ", released-code snapshot w ← u_k" : ""}`,
        deterministic: false,
        uncertified: "rate C·D/(ηk) with C unconfirmed [R]",
        steps: { eta, gamma, innerCoef: s.innerCoef },
        run: (c) =>
          inexactHalpern(c, {
            eta,
            gamma,
            innerCoef: s.innerCoef,
            snapshot: s.snapshot,
            report: s.paperConstants ? "anchor" : "resolvent",
          }),
      };
    }
  }
}

export interface SimulatedSeries {
  key: MethodKey;
  label: string;
  /** runCount × checkpoints residuals, run-major; NaN after a blow-up or an early stop. */
  values: Float64Array;
  /** x of the first checkpoint some run could not fill because it blew up. */
  divergedAt?: number;
  /** Per run: index of the first checkpoint at or below `stopBelow` (-1 if never). */
  reached: Int32Array;
  /** Final output point of the last simulated run. */
  last?: Float64Array;
}

export interface SimulateOptions {
  seed: number;
  runStart: number;
  runCount: number;
  /** x value of checkpoint index i (for divergedAt). */
  xOf: (index: number) => number;
  stopBelow?: number;
  /** Fraction (0..1) of this method's runs done, reported at every checkpoint. */
  onProgress?: (fraction: number) => void;
}

/**
 * Runs one method for runs [runStart, runStart+runCount) and records residuals at `checkpoints`
 * (calls or iterations). Run r uses Rng(seed, r, 1 + method index): adding or removing another
 * method never changes this one's numbers. Deterministic methods run once and are copied.
 */
export function simulate(
  p: Problem,
  plan: MethodPlan,
  checkpoints: ArrayLike<number>,
  measure: "calls" | "iterations",
  o: SimulateOptions,
): SimulatedSeries {
  const m = checkpoints.length;
  const values = new Float64Array(o.runCount * m);
  const reached = new Int32Array(o.runCount).fill(-1);
  let divergedAt: number | undefined;
  let last: Float64Array | undefined;
  const substream = 1 + METHOD_KEYS.indexOf(plan.key);
  for (let r = 0; r < o.runCount; r++) {
    if (plan.deterministic && r > 0) {
      values.copyWithin(r * m, 0, m);
      reached[r] = reached[0];
      o.onProgress?.((r + 1) / o.runCount);
      continue;
    }
    const rec = new Recorder(p, checkpoints, measure, values, r * m, {
      stopBelow: o.stopBelow,
      onCheckpoint: o.onProgress ? (c) => o.onProgress?.((r + c / m) / o.runCount) : undefined,
    });
    const oracle = new Oracle(p.op);
    last = plan.run({ problem: p, oracle, rec, rng: new Rng(o.seed, o.runStart + r, substream) });
    reached[r] = rec.reachedIndex;
    if (rec.divergedIndex >= 0) divergedAt = Math.min(divergedAt ?? Number.POSITIVE_INFINITY, o.xOf(rec.divergedIndex));
    o.onProgress?.((r + 1) / o.runCount);
  }
  return { key: plan.key, label: plan.label, values, divergedAt, reached, last };
}
