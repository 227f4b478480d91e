/** The guide's experiment: gradient descent on a quadratic, from a random start on the unit sphere. */
import { logGrid } from "../common/grid";
import { curve } from "../kit/bound";
import { defineExperiment } from "../kit/define";
import { gradientDescent, spectrum } from "./algorithms";
import { contraction, contractionFactor, type GdInstance, linear, sublinear } from "./bounds";
import { gdSchema } from "./schema";

const L = 1;

export const gdQuadratic = defineExperiment(gdSchema, {
  setup(p) {
    const mu = L / p.kappa;
    const eta = p.stepL / L;
    const instance: GdInstance = { eta, mu, L, R: 1 };
    return { instance, lam: spectrum(p.d, mu, L), grid: logGrid(p.K, 160), x: new Float64Array(p.d) };
  },
  x: (s) => s.grid,
  series: (_s, p) => [{ key: "gd", label: `GD, η = ${p.stepL}/L` }],
  step({ rng, row, diverged }, { lam, grid, x, instance }) {
    // x_0 uniform on the unit sphere around x* = 0, so R = ‖x_0 − x*‖ = 1 in every run.
    let norm = 0;
    for (let i = 0; i < x.length; i++) {
      x[i] = rng.normal();
      norm += x[i] * x[i];
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < x.length; i++) x[i] /= norm;
    const blewUp = gradientDescent(lam, x, instance.eta, grid, row);
    if (blewUp >= 0) diverged(0, blewUp);
  },
  bounds({ instance: g }, _p, xs) {
    if (g.eta <= 1 / L) return [curve(linear, xs, g), curve(sublinear, xs, g)];
    return contractionFactor(g.eta, g.mu, g.L) < 1 ? [curve(contraction, xs, g)] : [];
  },
  notes({ instance: g }, p) {
    if (g.eta <= 1 / L) return [];
    const q = contractionFactor(g.eta, g.mu, g.L);
    return [
      q < 1
        ? `η = ${p.stepL}/L > 1/L: the textbook bounds need η ≤ 1/L; shown is the exact quadratic contraction q^{2k}, q = ${q.toPrecision(4)}.`
        : `η = ${p.stepL}/L ≥ 2/L: gradient descent diverges on the top eigenvector (|1 − ηL| = ${q.toPrecision(4)} ≥ 1).`,
    ];
  },
});

export const experiments = [gdQuadratic];
