/** Option lists and labels shared by the declarations (schema.ts) and the runs: constants only. */

export const PAPER = "Khodak et al. (ICLR 2024)";

export const ORDERINGS = ["natural", "redblack"] as const;
export const ORDERING_LABELS = { natural: "natural (lexicographic)", redblack: "red-black" } as const;

/** The methods of a learning trial; the order fixes each one's random substream (simulate.ts). */
export const METHODS = ["tsallis", "tsallis-cb", "chebcb", "fixed", "gauss-seidel", "instance-optimal"] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABELS: Record<Method, string> = {
  tsallis: "Tsallis-INF",
  "tsallis-cb": "Tsallis-INF-CB",
  chebcb: "ChebCB",
  fixed: "fixed ω",
  "gauss-seidel": "ω = 1 (Gauss–Seidel)",
  "instance-optimal": "instance-optimal (Young ω*(c_t))",
};

export const LEARNERS = ["tsallis", "tsallis-cb", "chebcb"] as const;
export const FIXED_OPTIONS = ["paper", "1.2", "1.4", "1.6", "1.8"] as const;

export const HEAT_METHODS = ["cg", "ssor-1", "ssor-1.5", "ssor-1.75", "tsallis", "tsallis-cb", "chebcb"] as const;
export type HeatMethod = (typeof HEAT_METHODS)[number];
export const HEAT_LABELS: Record<HeatMethod, string> = {
  cg: "vanilla CG",
  "ssor-1": "SSOR-PCG, ω = 1",
  "ssor-1.5": "SSOR-PCG, ω = 1.5",
  "ssor-1.75": "SSOR-PCG, ω = 1.75",
  tsallis: "Tsallis-INF (SSOR-PCG)",
  "tsallis-cb": "Tsallis-INF-CB (SSOR-PCG)",
  chebcb: "ChebCB (SSOR-PCG)",
};
