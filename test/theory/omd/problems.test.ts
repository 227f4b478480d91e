import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import {
  ballBase,
  cumulativeStats,
  itemMoments,
  makeProblem,
  meanSchedule,
  Realization,
  romItems,
  rotatingSchedule,
  rotPathLength,
  roundStats,
  type ScheduleKind,
} from "../../../src/theory/omd/problems";

const sched = (
  kind: ScheduleKind,
  T: number,
  d: number,
  o: Partial<{ a: number; B: number; C: number; rho: number }> = {},
) => meanSchedule({ kind, T, d, base: ballBase(d), a: 0.4, B: 10, C: 0, rho: 0.5, ...o });

describe("schedules", () => {
  it("the corrupted schedule spends exactly its budget, spread evenly", () => {
    for (const [T, C] of [
      [4000, 100],
      [4000, 1000],
      [1000, 3000],
    ]) {
      const d = 3;
      const m = sched("corrupted", T, d, { C });
      const base = sched("iid", T, d);
      let spent = 0;
      let rounds = 0;
      for (let t = 0; t < T; t++) {
        const c = Math.hypot(...Array.from({ length: d }, (_, i) => m[t * d + i] - base[t * d + i]));
        spent += c;
        if (c > 0) rounds++;
      }
      expect(spent).toBeCloseTo(C, 9);
      expect(rounds).toBe(Math.min(T, C));
    }
  });
  it("piecewise flips the mean every B rounds; alternating and the SEA knob move e_2 only", () => {
    const m = sched("piecewise", 40, 2, { B: 10 });
    expect([m[0], m[18], m[20], m[38], m[40], m[78]]).toEqual([-0.5, -0.5, 0.5, 0.5, -0.5, 0.5]);
    const a = sched("alternating", 4, 2);
    expect([...a]).toEqual([-0.5, -0.4, -0.5, 0.4, -0.5, -0.4, -0.5, 0.4]);
    const r = sched("interpolated", 2, 2, { rho: 0.5 });
    expect(r[1]).toBeCloseTo(-0.2, 15);
  });
  it("ROT path length matches the closed form", () => {
    const T = 500;
    const m = rotatingSchedule(T, 2, 0.7, 0.03);
    let P = 0;
    for (let t = 1; t < T; t++) P += Math.hypot(m[2 * t] - m[2 * t - 2], m[2 * t + 1] - m[2 * t - 1]);
    expect(P).toBeCloseTo(rotPathLength(T, 0.7, 0.03), 10);
  });
});

describe("noise", () => {
  it("‖s ε_t/√d‖ = s exactly in every round", () => {
    const T = 300;
    for (const d of [2, 5]) {
      const m = sched("alternating", T, d);
      const p = makeProblem({ env: "LIN", T, d, s: 0.37, m });
      const real = new Realization(p).draw(new Rng(3, 1));
      for (let t = 0; t < T; t++) {
        let n2 = 0;
        for (let i = 0; i < d; i++) n2 += (real.xi[t * d + i] - m[t * d + i]) ** 2;
        expect(Math.sqrt(n2)).toBeCloseTo(0.37, 14);
      }
    }
  });
});

/** Monte Carlo estimate of sup_x E‖∇f(x, ξ) − ∇F(x)‖² over random boundary/interior points. */
describe("closed-form σ², Σ² against Monte Carlo", () => {
  const T = 200;
  const d = 3;
  const rng = new Rng(11, 0);
  const draws = 400;

  it("LIN and NCVX: σ_t² = s² and s² + k²R² (sup attained on the sphere)", () => {
    for (const env of ["LIN", "NCVX"] as const) {
      const m = sched("alternating", T, d);
      const p = makeProblem({ env, T, d, s: 0.5, k: 0.8, m });
      const stats = roundStats(p);
      // E‖g − ∇F‖² at x on the unit sphere, over `draws` realizations, round t = 7.
      const x = Float64Array.of(0.6, 0, 0.8);
      let acc = 0;
      for (let r = 0; r < draws; r++) {
        const real = new Realization(p).draw(new Rng(5, r));
        const t = 6;
        const k = env === "NCVX" ? real.kappa[t] : 0;
        let e2 = 0;
        for (let i = 0; i < d; i++) e2 += (real.xi[t * d + i] + k * x[i] - m[t * d + i]) ** 2;
        acc += e2 / draws;
      }
      // LIN is exact; NCVX has a cross term of mean 0 and variance 4s²k²/d·⟨ε, x⟩ → tolerance 5 SE.
      expect(Math.abs(acc - stats.sigma2[6])).toBeLessThan(
        env === "LIN" ? 1e-12 : (5 * 2 * 0.5 * 0.8) / Math.sqrt(draws),
      );
    }
  });

  it("QUAD: Σ_1² = λ²(R + ‖m_1‖)² and Σ_t² = λ²‖m_t − m_{t−1}‖² (random search for the sup)", () => {
    const lambda = 1.7;
    const m = sched("alternating", T, d);
    const p = makeProblem({ env: "QUAD", T, d, s: 0.2, lambda, m });
    const st = roundStats(p);
    let best1 = 0;
    for (let r = 0; r < 20000; r++) {
      const u = [rng.normal(), rng.normal(), rng.normal()];
      const n = Math.hypot(...u);
      const x = u.map((v) => v / n); // the sup of a convex function is on the sphere
      best1 = Math.max(best1, lambda ** 2 * ((x[0] - m[0]) ** 2 + (x[1] - m[1]) ** 2 + (x[2] - m[2]) ** 2));
    }
    expect(best1).toBeLessThanOrEqual(st.Sigma2[0] + 1e-12);
    expect(best1).toBeGreaterThan(st.Sigma2[0] * 0.999);
    expect(st.Sigma2[5]).toBeCloseTo(lambda ** 2 * 0.8 ** 2, 12);
    expect(st.sigma2[5]).toBeCloseTo(lambda ** 2 * 0.04, 12);
  });

  it("EXPC: Σ_t² = (R + √(m_{t,i}² + m_{t−1,j}²))² by random search over the sphere", () => {
    const m = sched("alternating", T, d);
    const p = makeProblem({ env: "EXPC", T, d, s: 0.3, m });
    const st = roundStats(p);
    for (const t of [1, 2, 5]) {
      const i = (t - 1) % d;
      const j = (t - 2 + d) % d;
      let best = 0;
      for (let r = 0; r < 20000; r++) {
        const u = [rng.normal(), rng.normal(), rng.normal()];
        const n = Math.hypot(...u);
        const x = u.map((v) => v / n);
        const gi = x[i] - m[(t - 1) * d + i];
        const gj = t > 1 ? x[j] - m[(t - 2) * d + j] : 0;
        best = Math.max(best, t > 1 ? gi * gi + gj * gj : gi * gi);
      }
      expect(best).toBeLessThanOrEqual(st.Sigma2[t - 1] + 1e-12);
      expect(best).toBeGreaterThan(st.Sigma2[t - 1] * 0.995);
    }
  });

  it("ROM: E σ²_{1:T} and E Σ²_{1:T} = ‖z̄‖² + (2P − 1)V match simulated permutations", () => {
    const n = 24;
    const P = 3;
    const items = romItems(n, d, ballBase(d), 0.4, 0.5);
    const p = makeProblem({ env: "ROM", T: n * P, d, s: 0.5, items, passes: P });
    const c = cumulativeStats(roundStats(p));
    const { mean, V } = itemMoments(items, d);
    expect(c.Sigma2[n * P - 1]).toBeCloseTo(mean.reduce((s, v) => s + v * v, 0) + (2 * P - 1) * V, 10);
    const real = new Realization(p);
    const runs = 3000;
    let sig = 0;
    let Sig = 0;
    let Sig2 = 0;
    for (let r = 0; r < runs; r++) {
      real.draw(new Rng(9, r));
      let s1 = 0;
      let s2 = 0;
      for (let t = 0; t < n * P; t++) {
        // σ_t²: within-remaining spread = E‖ξ_t − m_t‖² given the past; estimate by the realized ‖ξ_t − m_t‖².
        for (let i = 0; i < d; i++) s1 += (real.xi[t * d + i] - real.m[t * d + i]) ** 2;
        for (let i = 0; i < d; i++) s2 += (real.m[t * d + i] - (t > 0 ? real.m[(t - 1) * d + i] : 0)) ** 2;
      }
      sig += s1 / runs;
      Sig += s2 / runs;
      Sig2 += (s2 * s2) / runs;
    }
    const se = Math.sqrt((Sig2 - Sig * Sig) / runs);
    expect(Math.abs(Sig - c.Sigma2[n * P - 1])).toBeLessThan(5 * se);
    expect(Math.abs(sig - c.sigma2[n * P - 1]) / c.sigma2[n * P - 1]).toBeLessThan(0.03);
  });
});
