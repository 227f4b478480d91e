/** Option lists, labels and presets the page needs (constants only: schema.ts loads no algorithm code). */

export const POLICY_IDS = ["ucb1", "klucb", "ts", "egreedy", "exp3", "se"] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

export const POLICY_LABELS: Record<PolicyId, string> = {
  ucb1: "UCB1",
  klucb: "KL-UCB",
  ts: "Thompson sampling",
  egreedy: "ε-greedy",
  exp3: "Exp3",
  se: "successive elimination",
};

/** Mean presets (Bernoulli or Gaussian). The first is the spec's default instance. */
export const MEAN_PRESETS = {
  "0.9,0.8,0.5": "(0.9, 0.8, 0.5): the spec's instance",
  "0.5,0.45": "(0.5, 0.45): two close arms",
  "0.6,0.5,0.5,0.5,0.5": "(0.6, 0.5 ×4): one good arm among five",
  "0.1,0.05,0.05,0.02": "(0.1, 0.05, 0.05, 0.02): low means (KL-UCB's regime)",
  "0.9,0.85,0.8,0.7,0.6,0.5,0.4,0.3,0.2,0.1": "10 arms from 0.9 to 0.1",
} as const;

export const LOSS_PRESETS = {
  trap: "trap: a* starts at loss 0.8 and falls to 0.2 when saturated; a constant arm sits at 0.4",
  gentle: "gentle: every arm improves with exposure; a* saturates lowest",
} as const;
export type LossPreset = keyof typeof LOSS_PRESETS;
