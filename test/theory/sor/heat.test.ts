import { describe, expect, it } from "vitest";
import { defaults } from "../../../src/theory/params";
import { heat } from "../../../src/theory/sor/experiments";
import { HeatSimulation, heatCoefficient } from "../../../src/theory/sor/heat";
import { norm2 } from "../../../src/theory/sor/solver";
import { omegaStar } from "../../../src/theory/sor/young";
import type { RunChunk } from "../../../src/theory/trace";

describe("heat-equation sequence (spec § 4.3)", () => {
  it("κ(t) = max(0.1 sin 2πt, −10 sin 2πt) ∈ [0, 10]", () => {
    expect(heatCoefficient(0.25)).toBeCloseTo(0.1, 12);
    expect(heatCoefficient(0.75)).toBeCloseTo(10, 12);
    for (let t = 0; t < 5; t += 0.01) {
      expect(heatCoefficient(t)).toBeGreaterThanOrEqual(0);
      expect(heatCoefficient(t)).toBeLessThanOrEqual(10 + 1e-12);
    }
  });
  it("Crank–Nicolson matrix: d = 1 + 4s, s = κΔt/(2Δx²); SOR's ω*(κ) at n_x = 100, Δt = 1e-3 is 1.146 / 1.531 / 1.811", () => {
    const want: [number, number][] = [
      [0.1, 1.146],
      [1, 1.531],
      [10, 1.811],
    ];
    for (const [kappa, star] of want) {
      const sim = new HeatSimulation(100, 1e-3);
      // Pick a midpoint time with that κ on the rising half-period where κ = 0.1 sin or the falling one.
      sim.t = kappa <= 0.1 ? 0.25 - 0.5e-3 : 0.5 + Math.asin(kappa / 10) / (2 * Math.PI) - 0.5e-3;
      sim.system();
      const s = sim.stencil.s;
      expect(s).toBeCloseTo(5 * kappa, 9);
      expect(sim.stencil.d).toBeCloseTo(1 + 4 * s, 12);
      const beta = (4 * s * Math.cos(Math.PI / 100)) / (1 + 4 * s);
      expect(omegaStar(beta)).toBeCloseTo(star, 3);
    }
  });
  it("each step's SSOR-PCG solve meets the tolerance and the temperature stays bounded", () => {
    const sim = new HeatSimulation(16, 0.01);
    for (let t = 0; t < 60; t++) {
      sim.system();
      const k = sim.stencil.ssorPcgCount(sim.b, 1.5, 1e-8, sim.u);
      expect(Number.isFinite(k)).toBe(true);
      expect(sim.stencil.residualNorm(sim.b, sim.stencil.x)).toBeLessThanOrEqual(1.0001e-8 * norm2(sim.b));
      sim.advance(sim.stencil.x);
      expect(Math.max(...sim.u)).toBeLessThan(10);
    }
  });
  it("the experiment: SSOR-PCG at a good ω beats vanilla CG at the largest grid, deterministically", () => {
    const p = { ...defaults(heat.params), T: 40 };
    const ctx = { runStart: 0, runCount: 1, backend: "cpu" as const, progress() {} };
    const a = heat.run(p, ctx) as RunChunk;
    const b = heat.run(p, ctx) as RunChunk;
    const last = (key: string) => a.series.find((s) => s.key === key)!.values[a.x.length - 1];
    expect(last("ssor-1.5")).toBeLessThan(last("cg"));
    a.series.forEach((s, i) => {
      expect(Array.from(s.values)).toEqual(Array.from(b.series[i].values));
    });
  });
});
