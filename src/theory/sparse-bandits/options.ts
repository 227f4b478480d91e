/** Option lists of the instance parameters: shared by the page's controls and the problem generator. */
export const FEATURE_FAMILIES = ["good", "sphere", "hypercube"] as const;
export type FeatureFamily = (typeof FEATURE_FAMILIES)[number];
export const FAMILY_LABELS: Record<FeatureFamily, string> = {
  good: "coordinate actions ±eᵢ + hypercube",
  sphere: "uniform on the sphere",
  hypercube: "hypercube vertices ±1/√d",
};

export const MISSPECIFICATIONS = ["adversarial", "random", "none"] as const;
export type Misspecification = (typeof MISSPECIFICATIONS)[number];
export const MISSPEC_LABELS: Record<Misspecification, string> = {
  adversarial: "adversarial (fools LSW, hides the best action)",
  random: "uniform on [−ε, ε]",
  none: "none",
};
