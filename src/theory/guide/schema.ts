/** What the page needs of the guide's experiment: its declaration (no algorithm code). */
import { declareExperiment } from "../experiment";
import { estimate } from "../kit/cost";
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
  reach: { level: () => 1e-6, label: () => "f(xₖ) − f* ≤ 10⁻⁶" },
  // One GD step updates d coordinates: ~3.7 ns each here (d = 2000, K = 10⁵, 4 runs: 2.9 s), plus
  // ~2 coordinates' worth per step for the loop (d = 10: 4.5 ns a coordinate).
  cost: (p) =>
    estimate({
      work: [
        ["runs", p.runs],
        ["K", p.K],
        ["d", p.d],
      ],
      unit: "coordinate updates",
      ns: 4 * (1 + 2 / p.d),
      buffers: { runs: p.runs, x: 160, series: 1 },
      lower: "runs, K or d",
    }),
});

export const schemas = [gdSchema];
