import { logGrid } from "../common/grid";
import { Rng } from "../common/rng";
import { experiment } from "../experiment";
import { int, num, seed } from "../params";
import type { BoundCurve } from "../trace";
import { gradientDescent, spectrum } from "./algorithms";
import { contractionFactor, linearBound, sublinearBound } from "./bounds";

const L = 1;

export const gdQuadratic = experiment({
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
  runsParam: "runs",
  plot: { xLabel: "iteration k", yLabel: "f(xₖ) − f*", xScale: "log", yScale: "log" },
  run(p, ctx) {
    const mu = L / p.kappa;
    const eta = p.stepL / L;
    const lam = spectrum(p.d, mu, L);
    const grid = logGrid(p.K, 160);
    const n = grid.length;
    const values = new Float64Array(ctx.runCount * n).fill(Number.NaN);
    const x = new Float64Array(p.d);
    let divergedAt: number | undefined;
    for (let r = 0; r < ctx.runCount; r++) {
      // x_0 uniform on the unit sphere around x* = 0, so R = ‖x_0 − x*‖ = 1 in every run.
      const rng = new Rng(p.seed, ctx.runStart + r);
      let norm = 0;
      for (let i = 0; i < p.d; i++) {
        x[i] = rng.normal();
        norm += x[i] * x[i];
      }
      norm = Math.sqrt(norm);
      for (let i = 0; i < p.d; i++) x[i] /= norm;
      const blewUp = gradientDescent(lam, x, eta, grid, values, r * n);
      if (blewUp >= 0) divergedAt = Math.min(divergedAt ?? Number.POSITIVE_INFINITY, grid[blewUp]);
      ctx.progress(null, (r + 1) / ctx.runCount);
    }
    const xs = Float64Array.from(grid);
    const bounds: BoundCurve[] = [];
    const notes: string[] = [];
    if (eta <= 1 / L) {
      bounds.push(
        {
          key: "linear",
          label: "(1 − ημ)^k · L/2 · R²",
          tex: "(1-\\eta\\mu)^k\\,\\tfrac{L}{2}\\|x_0-x^\\star\\|^2",
          cite: "Nesterov (2018), Thm 2.1.15",
          kind: "upper",
          y: xs.map((k) => linearBound(k, eta, mu, L, 1)),
        },
        {
          key: "sublinear",
          label: "R² / (2ηk)",
          tex: "\\frac{\\|x_0-x^\\star\\|^2}{2\\eta k}",
          cite: "Nesterov (2018), Thm 2.1.14",
          kind: "upper",
          exponent: -1,
          y: xs.map((k) => sublinearBound(k, eta, 1)),
        },
      );
    } else {
      const q = contractionFactor(eta, mu, L);
      notes.push(
        q < 1
          ? `η = ${p.stepL}/L > 1/L: the textbook bounds need η ≤ 1/L; shown is the exact quadratic contraction q^{2k}, q = ${q.toPrecision(4)}.`
          : `η = ${p.stepL}/L ≥ 2/L: gradient descent diverges on the top eigenvector (|1 − ηL| = ${q.toPrecision(4)} ≥ 1).`,
      );
      if (q < 1) {
        bounds.push({
          key: "contraction",
          label: "q^{2k} · L/2 · R², q = max|1 − ηλ|",
          tex: "q^{2k}\\,\\tfrac{L}{2}\\|x_0-x^\\star\\|^2,\\ q=\\max(|1-\\eta\\mu|,|1-\\eta L|)",
          cite: "spectral argument for quadratics",
          kind: "upper",
          y: xs.map((k) => q ** (2 * k) * 0.5 * L),
        });
      }
    }
    return {
      x: xs,
      series: [{ key: "gd", label: `GD, η = ${p.stepL}/L`, values, runs: ctx.runCount, divergedAt }],
      bounds,
      runStart: ctx.runStart,
      backend: "cpu",
      notes,
    };
  },
});

export const experiments = [gdQuadratic];
