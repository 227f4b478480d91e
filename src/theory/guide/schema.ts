/** What the page needs of the guide's experiment: its declaration (no algorithm code). */
import { declareExperiment } from "../experiment";
import { int, num, seed } from "../params";

export const gdSchema = declareExperiment({
  id: "guide/gd",
  title: "Gradient descent on a quadratic",
  params: {
    kappa: num({ min: 1, max: 1e6, default: 1000, scale: "log", label: "condition number $\\kappa = L/\\mu$" }),
    stepL: num({ min: 0.01, max: 2.5, default: 1, label: "step size $\\eta L$", step: 0.01 }),
    d: int({ min: 1, max: 2000, default: 50, scale: "log", label: "dimension $d$" }),
    K: int({ min: 10, max: 1_000_000, default: 10_000, scale: "log", label: "iterations $K$" }),
    runs: int({ min: 1, max: 256, default: 24, scale: "log", label: "runs (random $x_0$)" }),
    seed: seed(),
  },
  plot: { xLabel: "iteration k", yLabel: "f(xₖ) − f*", xScale: "log", yScale: "log" },
});

export const schemas = [gdSchema];
