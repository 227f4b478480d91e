/** The SOR experiments of one instance (cost against ω, Young's curve) and the heat equation. */
import { Rng } from "../common/rng";
import { curve, curveOf } from "../kit/bound";
import { defineExperiment } from "../kit/define";
import { HEAT_HORIZON, HeatSimulation, heatCoefficient } from "./heat";
import { choices, learning, paper, regret } from "./learning-experiments";
import { HEAT_LABELS, HEAT_METHODS, ORDERING_LABELS, ORDERINGS } from "./options";
import { CODE_GRID, centreRhs, onesRhs, sampleTruncatedGaussian } from "./problems";
import { costVsOmegaSchema, heatSchema, youngSchema } from "./schema";
import { makeLearner } from "./simulate";
import { DIVERGENCE_GROWTH, lowerPartRho, paddedSize, Stencil } from "./solver";
import {
  asymptotic,
  energy,
  laplacianBeta,
  laplacianEigenRange,
  laplacianLambdaMin,
  omegaStar,
  omegaStarLine,
  type SorInstance,
  surrogate,
  surrogateU,
  youngRho,
} from "./young";

export { choices, learning, paper, regret };

/** ω grid 1, 1.01, …, 1.99 with ω* inserted (scripts/asymptotic.m's omega_grid). */
function omegaGridWith(star: number): Float64Array {
  const xs: number[] = [];
  for (let i = 0; i <= 99; i++) xs.push(1 + i / 100);
  if (!xs.some((w) => Math.abs(w - star) < 1e-12)) xs.push(star);
  return Float64Array.from(xs.sort((a, b) => a - b));
}

/**
 * Why A + cI is not positive definite, when it is not (c ≤ −λ_min(A), closed form): SOR then cannot
 * converge for any ω ∈ (0, 2) (Ostrowski–Reich), and the solver stops each run as diverged.
 */
function indefiniteNote(m: number, c: number): string[] {
  if (laplacianEigenRange(m, c).min > 0) return [];
  const lam = laplacianLambdaMin(m);
  return [
    `A + cI is not positive definite at m = ${m}: c = ${c} ≤ −λ_min(A) = −8 sin²(π/(2(m+1))) = −${lam.toFixed(4)}, so SOR diverges for every ω in (0, 2) (Ostrowski–Reich) and Young's formulas do not apply. Positive definite for c > −${lam.toFixed(4)}.`,
  ];
}

function rhsFor(kind: "gaussian" | "ones" | "centre", m: number, seedValue: number): Float64Array {
  if (kind === "ones") return onesRhs(m);
  if (kind === "centre") return centreRhs(m);
  const b = new Float64Array(paddedSize(m));
  sampleTruncatedGaussian(new Rng(seedValue, 0, 0), m, b);
  return b;
}

/**
 * (a) [P] Fig. 1 left: SOR count against ω for one instance (blank where the cap is hit), with Young's
 * estimate, U(ω), the energy bound and ω*. The WebGPU kernel (workers/gpu/sor-cost.ts) gets this setup.
 * A run that diverges (only where A + cI is indefinite: c ≤ −λ_min, possible for m > 10) ends the
 * sweep over ω: the series is marked diverged there (SOR then diverges at every ω in (0, 2)).
 */
export const costVsOmega = defineExperiment(costVsOmegaSchema, {
  setup(p) {
    const beta = laplacianBeta(p.m, p.c);
    const star = omegaStar(beta);
    const xs = omegaGridWith(star).filter((w) => w >= p.omegaFrom - 1e-9);
    return { beta, star, xs, b: rhsFor(p.rhs, p.m, p.seed) };
  },
  x: (s) => s.xs,
  series: (_s, p) => [{ key: "count", label: `SOR count (${ORDERING_LABELS[p.ordering]})` }],
  step({ row, progress, diverged }, { xs, b }, p) {
    const S = new Stencil(p.m).shift(p.c);
    for (let i = 0; i < xs.length; i++) {
      const k = S.sorCount(b, xs[i], { ordering: p.ordering, tol: p.eps, cap: p.cap });
      if (Number.isNaN(k)) {
        diverged(0, i);
        break;
      }
      row[i] = Number.isFinite(k) ? k : Number.NaN;
      if ((i & 15) === 15) progress(i / xs.length);
    }
  },
  bounds({ beta, star }, p, xs, { values: [counts] }) {
    const { min, max } = laplacianEigenRange(p.m, p.c);
    if (!(min > 0)) return []; // indefinite: no Young's theory, no energy norm
    // ρ(D⁻¹LD⁻¹Lᵀ): β² in red-black order; natural order needs a power iteration (300 stencil passes).
    const rhoLL = p.ordering === "redblack" ? beta * beta : lowerPartRho(p.m, 4 + p.c, 1);
    const a: SorInstance = { beta, eps: p.eps, tau: p.tau, rhoLL, kappa: max / min };
    const yMax = Math.max(...counts.filter(Number.isFinite)) * 1.5;
    const line = curveOf(omegaStarLine, Float64Array.of(1, yMax), a, { x: Float64Array.of(star, star) });
    return [curve(asymptotic, xs, a), curve(surrogate, xs, a), curve(energy, xs, a), line];
  },
  notes({ beta, star, xs }, p, { values: [counts], divergedAt: [divergedAt] }) {
    const notes: string[] = indefiniteNote(p.m, p.c);
    const cut = divergedAt === undefined ? xs.length : xs.findIndex((w) => w >= divergedAt);
    if (cut < xs.length)
      notes.push(
        `SOR diverged at ω = ${xs[cut].toFixed(2)} (residual past ${DIVERGENCE_GROWTH}‖b‖): stopped there, and the larger ω were not run.`,
      );
    if (notes.length) return notes;
    const capped = counts.filter(Number.isNaN).length;
    const aboveU = xs.filter((w, i) => counts[i] >= surrogateU(w, beta, p.eps, p.tau)).length;
    if (capped) notes.push(`${capped} values of ω hit the cap of ${p.cap} sweeps (left blank).`);
    if (aboveU)
      notes.push(
        `At ${aboveU} values of ω the count reaches U(ω): Assumption 2.1 fails for τ = ${p.tau} on this b; raise τ.`,
      );
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (counts[i] < counts[best] || Number.isNaN(counts[best])) best = i;
    notes.push(
      `β = ${beta.toFixed(6)}, Young's ω* = ${star.toFixed(6)}, ρ(C_ω*) = ${(star - 1).toFixed(6)}; fewest sweeps ${counts[best]} at ω = ${xs[best].toFixed(2)} (${ORDERING_LABELS[p.ordering]} ordering).`,
    );
    return notes;
  },
});

/** (‖r_k‖/‖r_{k/2}‖)^{1/(k − k/2)} at the last finite k of a residual history. */
export function measuredFactor(hist: Float64Array): number {
  let k = hist.length - 1;
  while (k > 0 && !Number.isFinite(hist[k])) k--;
  const j = k >> 1;
  if (k - j < 4) return Number.NaN;
  return (hist[k] / hist[j]) ** (1 / (k - j));
}

/** Young's curve ρ(C_ω), measured from residual decay in both orderings against the formula. */
export const youngCurve = defineExperiment(youngSchema, {
  setup(p) {
    const beta = laplacianBeta(p.m, p.c);
    const xs = omegaGridWith(omegaStar(beta));
    return {
      beta,
      xs,
      S: new Stencil(p.m).shift(p.c),
      b: rhsFor("gaussian", p.m, p.seed),
      hist: new Float64Array(p.sweeps),
    };
  },
  x: (s) => s.xs,
  series: () => ORDERINGS.map((o) => ({ key: o, label: `measured, ${ORDERING_LABELS[o]}` })),
  step({ rows, progress }, { xs, S, b, hist }) {
    ORDERINGS.forEach((ordering, j) => {
      for (let i = 0; i < xs.length; i++) {
        S.sorResiduals(b, xs[i], ordering, hist);
        rows[j][i] = measuredFactor(hist);
      }
      progress((j + 1) / ORDERINGS.length);
    });
  },
  bounds: ({ beta }, _p, xs) => [curve(youngRho, xs, beta)],
  notes: (_s, p) => [
    "Measured factor: (‖r_k‖/‖r_{k/2}‖)^{2/k} at the last sweep k before the residual reaches 1e-13‖b‖ (rounding). Near ω* the Jordan block makes the decay k·ρ^k, so the estimate sits slightly above ρ there.",
    ...indefiniteNote(p.m, p.c).map(
      (n) => `${n} The measured factor is then the growth per sweep, up to where the residual passes 1000‖b‖.`,
    ),
  ],
});

/** [P] Fig. 2 center-right: total (SSOR-P)CG iterations over a heat-equation run against n = (n_x − 1)². */
export const heat = defineExperiment(heatSchema, {
  setup(p) {
    const nxs: number[] = [];
    for (let nx = 5; nx <= Number(p.nxMax); nx *= 2) nxs.push(nx);
    // Solves that hit the cap in this chunk's runs (for the note).
    return {
      nxs,
      methods: HEAT_METHODS.filter((k) => p.methods.includes(k)),
      dt: HEAT_HORIZON / p.T,
      tally: { capped: 0 },
    };
  },
  x: (s) => Float64Array.from(s.nxs, (nx) => (nx - 1) ** 2),
  series: (s) => s.methods.map((k) => ({ key: k, label: HEAT_LABELS[k] })),
  step({ rows, stream, progress }, { nxs, methods, dt, tally }, p) {
    const work = nxs.reduce((a, nx) => a + nx * nx, 0) * methods.length;
    let done = 0;
    nxs.forEach((nx, g) => {
      methods.forEach((method, j) => {
        const sim = new HeatSimulation(nx, dt);
        const rng = stream(1 + j);
        // The contextual learners see κ ∈ [0, 10]; Tsallis-INF-CB with 6 bins.
        const learner = makeLearner(method, CODE_GRID.length, p.T, { bins: 6, terms: 6, lo: 0, hi: 10 });
        let total = 0;
        for (let t = 0; t < p.T; t++) {
          const context = heatCoefficient(sim.t); // κ at the step's start (the code's context)
          sim.system();
          const S = sim.stencil;
          const omega = learner ? CODE_GRID[learner.predict(rng, context)] : Number(method.slice(5));
          let k = method === "cg" ? S.cgCount(sim.b, 1e-8, sim.u) : S.ssorPcgCount(sim.b, omega, 1e-8, sim.u);
          if (!Number.isFinite(k)) {
            tally.capped++;
            k = 10000;
          }
          learner?.update(k);
          total += k;
          sim.advance(S.x);
        }
        rows[j][g] = total;
        progress((done += nx * nx) / work);
      });
    });
  },
  notes: ({ dt, tally }) => [
    `Crank–Nicolson with the code's κ(t) = max(0.1 sin 2πt, −10 sin 2πt), Δt = ${dt.toPrecision(3)} (horizon 5 kept; the paper uses T = 5000, Δt = 1e-3). Warm-started solves, relative tolerance 1e-8. Learners play linspace(1, 1.95, 20); the contextual ones see κ at the step start, on [0, 10].`,
    ...(tally.capped ? [`${tally.capped} solves hit the 10000-iteration cap.`] : []),
  ],
});

export const experiments = [costVsOmega, youngCurve, learning, choices, regret, paper, heat];
