/** The notebook's method and problem names and the paper's Figure 1 budgets: constants the page needs too. */

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
