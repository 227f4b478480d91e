/** What the page needs of the Halpern notebook's experiments: their declarations (no algorithm code). */
import { declareExperiment } from "../experiment";
import { count, estimate, type Factor } from "../kit/cost";
import { choice, int, multi, num, seed } from "../params";

// The notebook's method and problem names and the paper's Figure 1 budgets (the runs use them too).
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

/** The released scripts' budgets (spec §1.7): epochs, and n. */
export const FIGURE1 = {
  "matrix-game": { n: 500, epochs: 5000 },
  "hard-qp": { n: 200, epochs: 1_000_000 },
} as const;

const runs = (d: number, label = "runs") => int({ min: 1, max: 64, default: d, label, aliases: ["seeds"] });
const conditioning = (label = "conditioning") => choice({ options: ["well", "ill"] as const, default: "well", label });
const methods = <const T extends MethodKey>(options: readonly T[], selected: readonly T[]) =>
  multi({ options, default: selected, label: "methods", optionLabels: METHOD_LABELS });
const snapshotLabels = { standard: "standard $w\\leftarrow v$", "released-code": "released code $w\\leftarrow u_k$" };

export const methodParams = {
  alg1Step: num({
    min: 0.1,
    max: 10,
    default: 1,
    scale: "log",
    label: "Alg. 1 step η, × reference ($1/L$ on H1/H3, $5/\\|A\\|_F$ matrix game, $0.3$ QP)",
  }),
  innerCoef: num({
    min: 0.01,
    max: 0.5,
    default: 0.05,
    scale: "log",
    label: "Alg. 2 inner budget $M_k=\\lfloor c\\,n\\ln(k+2)\\rfloor$, $c$",
  }),
  forbC: num({
    min: 0.05,
    max: 10,
    default: 0.5,
    scale: "log",
    label: "VR-FoRB constant $c$ in $\\gamma=c\\sqrt{p(1-p)}/(1+\\eta L)$ (code: 5)",
  }),
  snapshot: choice({
    options: ["standard", "released-code"] as const,
    default: "standard",
    label: "VR-FoRB snapshot",
    optionLabels: snapshotLabels,
  }),
};

function sizeCheck(problem: string, n: number): string | undefined {
  if (n <= 1000) return undefined;
  if (problem === "matrix-game" || problem === "hard-qp") {
    return `n = ${n}: the ${problem} instance is limited to n ≤ 1000 here (dense ${2 * n}-dimensional operator)`;
  }
  const H = problem === "quadratic" ? "H1" : problem === "bilinear" ? "H4" : undefined;
  return H && `${H} stores a dense 20×20 matrix per component: use n ≤ 1000`;
}

/**
 * CPU cost of one component call F_i, in ns, by problem and method (full passes of the deterministic
 * methods share work, the stochastic ones pay per component), and the problem's setup in seconds.
 * Timed here with one method at a time (residual, n = 1000–2500, 10⁵–10⁷ calls, setup taken out by
 * a 5-epoch run; Figure 1 at 1% and 0.5% of its budget): e.g. the matrix game 8·n ns a call (EG) and
 * 42·n (VR-EG), the hard QP 0.5·n (EG) and 8.5·n (VR-EG), least squares 80 ns (Halpern) and 200 ns
 * (VR-EG). Figure 1 (a) at full budget is then ~100 s a run (measured 84 s), (b) ~10 min (the notebook
 * says 5–10). Rounded up; the iteration-axis ratio plot comes out 1–4× under these.
 */
type CallClass = "det" | "halpern-resolvent" | "vr-eg" | "alg1" | "alg2";
const CALL_NS: Record<ProblemKey, (n: number) => Record<CallClass, number>> = {
  lsq: () => ({ det: 80, "halpern-resolvent": 20, "vr-eg": 200, alg1: 100, alg2: 150 }),
  quadratic: () => ({ det: 60, "halpern-resolvent": 150, "vr-eg": 950, alg1: 550, alg2: 550 }),
  bilinear: () => ({ det: 220, "halpern-resolvent": 710, "vr-eg": 1600, alg1: 600, alg2: 1200 }),
  rps: () => ({ det: 10, "halpern-resolvent": 10, "vr-eg": 320, alg1: 70, alg2: 140 }),
  "matrix-game": (n) => ({ det: 8 * n, "halpern-resolvent": 8 * n, "vr-eg": 42 * n, alg1: 10 * n, alg2: 16 * n }),
  "hard-qp": (n) => ({ det: 0.5 * n, "halpern-resolvent": 12 * n, "vr-eg": 8.5 * n, alg1: n, alg2: 5 * n }),
};
/** Building the problem, its constants (power iterations) and a resolvent's factorisation, in seconds. */
const SETUP_S: Record<ProblemKey, (n: number) => number> = {
  lsq: () => 0.1,
  quadratic: () => 0.1,
  bilinear: (n) => 0.05 + 0.3e-3 * n,
  rps: () => 0.15,
  "matrix-game": (n) => 0.2 + 0.9e-6 * n * n,
  "hard-qp": (n) => 0.6 + 2.5e-6 * n * n,
};
/** Deterministic methods run once per chunk of runs, not once per run: about this many chunks. */
const CHUNKS = 4;
/** The methods that draw random numbers; the others give the same output in every run. */
export const STOCHASTIC: readonly MethodKey[] = ["vr-eg", "alg1", "alg2"];
const callClass = (m: MethodKey): CallClass =>
  m === "vr-eg" || m === "alg1" || m === "alg2" || m === "halpern-resolvent" ? m : "det";

/**
 * The cost of running `methods` on one problem, `calls(m)` component calls each (checkpoints
 * included): method runs (a stochastic method once per run, a deterministic one once per chunk).
 */
function methodsCost(o: {
  problem: ProblemKey;
  n: number;
  methods: readonly MethodKey[];
  runs: number;
  calls: (m: MethodKey) => number;
  /** The factors of `calls` when every method makes the same calls (shown in a refusal). */
  shown?: readonly Factor[];
  x: number;
  lower: string;
  long?: boolean;
}) {
  const ns = CALL_NS[o.problem](o.n);
  const runsOf = (m: MethodKey) => (STOCHASTIC.includes(m) ? o.runs : Math.min(o.runs, CHUNKS));
  const methodRuns = o.methods.reduce((s, m) => s + runsOf(m), 0);
  const calls = o.methods.reduce((s, m) => s + runsOf(m) * o.calls(m), 0);
  const seconds = o.methods.reduce((s, m) => s + runsOf(m) * o.calls(m) * ns[callClass(m)], 0) * 1e-9;
  const dim = o.problem === "lsq" ? 10 : o.problem === "quadratic" || o.problem === "bilinear" ? 20 : 2 * o.n;
  const dense =
    o.problem === "matrix-game"
      ? 8 * o.n * o.n
      : o.problem === "quadratic" || o.problem === "bilinear"
        ? 8 * o.n * 400
        : 0;
  const resolvent = o.methods.includes("halpern-resolvent") ? 16 * dim * dim : 0;
  return estimate({
    work: o.shown
      ? [["method runs", methodRuns], ...o.shown]
      : {
          value: calls,
          what: `method runs × calls per method run = ${methodRuns} × ${count(calls / Math.max(1, methodRuns))}`,
        },
    unit: "component calls",
    ns: calls > 0 ? (seconds * 1e9) / calls : 0,
    setupSeconds: SETUP_S[o.problem](o.n),
    buffers: { runs: o.runs, x: o.x, series: o.methods.length },
    extra: [
      ["the problem's matrices", dense],
      ["the resolvent's dense factors", resolvent],
    ],
    lower: o.lower,
    long: o.long,
  });
}

/**
 * Each series' CPU cost, in the series' order (planAll's: METHOD_KEYS'), for splitting few runs by
 * series (run.ts starts the longest first).
 */
function methodSeriesCosts(
  problem: ProblemKey,
  n: number,
  methods: readonly MethodKey[],
  calls: (m: MethodKey) => number = () => 1,
): number[] {
  const ns = CALL_NS[problem](n);
  return METHOD_KEYS.filter((m) => methods.includes(m)).map((m) => ns[callClass(m)] * calls(m));
}

/** Every method runs to the same calls: epochs·n, plus one full pass per checkpoint (at most `checkpoints`). */
function epochCalls(epochs: number, n: number, checkpoints: number) {
  const x = Math.min(checkpoints, epochs);
  const shown: Factor[] = [
    ["(epochs + checkpoints)", epochs + x],
    ["n", n],
  ];
  return { calls: () => (epochs + x) * n, shown, x };
}

export const residualSchema = declareExperiment({
  id: "halpern/residual",
  title: "Operator residual against epochs",
  params: {
    problem: choice({ options: PROBLEM_KEYS, default: "lsq", label: "problem", optionLabels: PROBLEM_LABELS }),
    methods: methods(METHOD_KEYS, ["halpern", "eg", "eag-c", "alg1", "alg2"]),
    n: int({ min: 10, max: 2500, default: 200, scale: "log", label: "components $n$ (matrix size for the games/QP)" }),
    epochs: int({ min: 5, max: 20000, default: 150, scale: "log", label: "budget (epochs = calls / $n$)" }),
    conditioning: conditioning("conditioning (H1, H3, H4)"),
    ...methodParams,
    grid: choice({ options: ["log", "linear"] as const, default: "log", label: "checkpoint spacing" }),
    runs: runs(10),
    seed: seed(),
  },
  independentSeries: (p) => methodSeriesCosts(p.problem, p.n, p.methods),
  reach: { level: () => 1e-3, label: () => "‖F(u)‖ ≤ 10⁻³" },
  plot: {
    xLabel: "epochs (component calls / n)",
    yLabel: "residual ‖F(u)‖ (natural residual on simplices)",
    xScale: "log",
    yScale: "log",
    theoryExponent: -1,
  },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    const size = sizeCheck(p.problem, p.n);
    if (size) return size;
    if (p.methods.includes("halpern-resolvent") && (p.problem === "rps" || p.problem === "matrix-game")) {
      return "the exact-resolvent Halpern method is available on unconstrained problems only (not on simplices)";
    }
    if (p.methods.includes("halpern-resolvent") && p.problem === "hard-qp" && p.n > 400) {
      return "the exact resolvent of the QP is a dense solve: use n ≤ 400 with it";
    }
    return undefined;
  },
  cost: (p) => methodsCost({ ...p, ...epochCalls(p.epochs, p.n, 80), lower: "runs, the budget, n or the methods" }),
});

/**
 * Calls of K iterations (bounds.ts: Alg. 1 ≈ 6√n a call after its burn-in, Alg. 2 n + 3⌊c·n ln(k+2)⌋),
 * plus one full pass per checkpoint (120).
 */
const ratioCalls =
  ({ K, n, innerCoef }: { K: number; n: number; innerCoef: number }) =>
  (m: MethodKey) => {
    const perIteration =
      m === "eag-c" || m === "eag-v"
        ? 2 * n
        : m === "alg1"
          ? 6 * Math.sqrt(n) + (20 * n) / K
          : m === "alg2"
            ? n * (1 + 3 * innerCoef * Math.log(K + 2))
            : n;
    return K * perIteration + Math.min(120, K) * n;
  };

export const ratioSchema = declareExperiment({
  id: "halpern/ratio",
  title: "Residual over its bound, Res_k / bound_k, against iterations",
  params: {
    problem: choice({
      options: ["quadratic", "lsq", "bilinear"] as const,
      default: "quadratic",
      label: "problem",
      optionLabels: { quadratic: PROBLEM_LABELS.quadratic, lsq: PROBLEM_LABELS.lsq, bilinear: PROBLEM_LABELS.bilinear },
    }),
    methods: methods(
      ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1", "alg2"],
      ["halpern", "halpern-resolvent", "eag-c", "eag-v", "alg1"],
    ),
    n: int({ min: 10, max: 1000, default: 50, scale: "log", label: "components $n$" }),
    K: int({ min: 10, max: 100000, default: 600, scale: "log", label: "iterations $K$" }),
    conditioning: conditioning(),
    ...methodParams,
    runs: runs(10),
    seed: seed(),
  },
  independentSeries: (p) => methodSeriesCosts(p.problem, p.n, p.methods, ratioCalls(p)),
  plot: { xLabel: "iteration k", yLabel: "Res_k / bound_k", xScale: "log", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    if (p.problem === "bilinear" && p.methods.every((m) => m === "halpern" || m === "alg1")) {
      return "the bilinear game is not cocoercive: Halpern's cocoercive form and Alg. 1 have no bound there; add a resolvent, EAG or Alg. 2 curve";
    }
    return undefined;
  },
  cost: (p) =>
    methodsCost({
      ...p,
      calls: ratioCalls(p),
      x: Math.min(120, p.K),
      lower: "runs, K, n or the methods",
    }),
});

export const gainSchema = declareExperiment({
  id: "halpern/gain",
  title: "Gain of Algorithm 1 over deterministic Halpern as n grows (least squares)",
  params: {
    nMin: int({ min: 10, max: 5000, default: 40, scale: "log", label: "smallest $n$" }),
    nMax: int({ min: 20, max: 20000, default: 640, scale: "log", label: "largest $n$" }),
    points: int({ min: 2, max: 12, default: 5, label: "values of $n$" }),
    eps: num({
      min: 1e-6,
      max: 0.5,
      default: 0.01,
      scale: "log",
      label: "target $\\varepsilon$ (relative: Res ≤ ε·Res($u_0$))",
    }),
    alg1Step: num({ min: 0.1, max: 10, default: 2, scale: "log", label: "Alg. 1 step $\\eta$, × $1/L$" }),
    conditioning: conditioning(),
    maxEpochs: int({ min: 10, max: 100000, default: 5000, scale: "log", label: "epoch cap" }),
    show: choice({
      options: ["gain", "epochs"] as const,
      default: "gain",
      label: "plot",
      optionLabels: { gain: "gain = epochs(Halpern)/epochs(Alg. 1)", epochs: "epochs of each method" },
    }),
    runs: runs(10),
    seed: seed(),
  },
  plot: { xLabel: "n (components)", yLabel: "gain in epochs to ε", xScale: "log", yScale: "log", theoryExponent: 0.5 },
  validate: (p) => (p.nMin >= p.nMax ? "the smallest n must be below the largest" : undefined),
  // Both methods stop at the target: within ~4/ε epochs here (ε = 10⁻², 10⁻³: Halpern 70–120 and
  // 700–900 epochs, Alg. 1 100–360 and 1000–3650, fewer as n grows), at most the cap.
  cost(p) {
    const ns = Array.from(
      new Set(
        Array.from({ length: p.points }, (_, i) => Math.round(p.nMin * (p.nMax / p.nMin) ** (i / (p.points - 1)))),
      ),
    );
    const epochs = Math.min(p.maxEpochs, Math.ceil(4 / p.eps));
    const sumN = ns.reduce((a, b) => a + b, 0);
    const runsDet = Math.min(p.runs, CHUNKS);
    const perCall = CALL_NS.lsq(0);
    return estimate({
      work: [
        ["method runs", p.runs + runsDet],
        ["epochs to ε (≤ the cap)", epochs],
        ["n summed over its values", sumN],
      ],
      unit: "component calls",
      ns: (p.runs * perCall.alg1 + runsDet * perCall.det) / (p.runs + runsDet),
      setupSeconds: ns.length * SETUP_S.lsq(0),
      buffers: { runs: p.runs, x: ns.length, series: 2 },
      lower: "runs, n, the values of n, the epoch cap, or raise ε",
    });
  },
});

export const figure1Schema = declareExperiment({
  id: "halpern/figure1",
  title: "Reproduce Figure 1: the paper's two experiments (long)",
  params: {
    panel: choice({
      options: ["matrix-game", "hard-qp"] as const,
      default: "matrix-game",
      label: "panel",
      optionLabels: { "matrix-game": "(a) policeman–burglar, n = 500", "hard-qp": "(b) hard QP, n = 200" },
    }),
    methods: methods(["eg", "vr-eg", "eag-c", "alg1", "alg2"], ["eg", "vr-eg", "eag-c", "alg1", "alg2"]),
    budgetScale: num({
      min: 1e-4,
      max: 1,
      default: 1,
      scale: "log",
      label: "fraction of the paper's budget (5000 epochs (a), 10⁶ epochs (b))",
    }),
    snapshot: choice({
      options: ["released-code", "standard"] as const,
      default: "released-code",
      label: "VR-FoRB snapshot (the paper ran the released code's)",
      optionLabels: snapshotLabels,
    }),
    runs: runs(1, "runs (the paper shows one)"),
    seed: seed(),
  },
  independentSeries: (p) => methodSeriesCosts(p.panel, FIGURE1[p.panel].n, p.methods),
  plot: { xLabel: "epochs", yLabel: "operator norm (natural residual on simplices)", xScale: "linear", yScale: "log" },
  validate(p) {
    if (p.methods.length === 0) return "choose at least one method";
    const epochs = Math.round(FIGURE1[p.panel].epochs * p.budgetScale);
    if (epochs < 10) return `budget of ${epochs} epochs is too small to show anything: raise the fraction`;
    return undefined;
  },
  // Behind the notebook's "run Figure 1" switch, documented there as long: the long limit applies.
  cost(p) {
    const { n } = FIGURE1[p.panel];
    const epochs = Math.round(FIGURE1[p.panel].epochs * p.budgetScale);
    return methodsCost({
      problem: p.panel,
      n,
      methods: p.methods,
      runs: p.runs,
      ...epochCalls(epochs, n, 200),
      lower: "the budget fraction, runs or the methods",
      long: true,
    });
  },
});

export const schemas = [residualSchema, ratioSchema, gainSchema, figure1Schema];
