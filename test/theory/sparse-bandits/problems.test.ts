import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { denseLeastSquares } from "../../../src/theory/sparse-bandits/algorithms";
import { FEATURE_FAMILIES, MISSPECIFICATIONS } from "../../../src/theory/sparse-bandits/options";
import { type InstanceOptions, makeInstance, suboptimality } from "../../../src/theory/sparse-bandits/problems";

const base: InstanceOptions = {
  family: "good",
  d: 12,
  k: 100,
  s: 2,
  eps: 0.2,
  sigma: 1,
  signal: 1,
  misspec: "adversarial",
  gamma: 0.1,
};

describe("instances", () => {
  it("have unit features, an s-sparse θ* of the given norm, |Δ| ≤ ε and r = ⟨φ, θ*⟩ + Δ", () => {
    for (const family of FEATURE_FAMILIES) {
      for (const misspec of MISSPECIFICATIONS) {
        for (let seed = 0; seed < 3; seed++) {
          const o = { ...base, family, misspec };
          const inst = makeInstance(o, new Rng(seed, 0));
          for (let a = 0; a < o.k; a++) {
            let n2 = 0;
            let lin = 0;
            for (let i = 0; i < o.d; i++) {
              n2 += inst.features[a * o.d + i] ** 2;
              lin += inst.features[a * o.d + i] * inst.theta[i];
            }
            expect(n2).toBeCloseTo(1, 12);
            expect(Math.abs(inst.delta[a])).toBeLessThanOrEqual(o.eps + 1e-15);
            expect(inst.reward[a]).toBeCloseTo(lin + inst.delta[a], 12);
            if (misspec === "none") expect(inst.delta[a]).toBe(0);
          }
          const nonzero = Array.from(inst.theta).flatMap((v, i) => (v !== 0 ? [i] : []));
          expect(nonzero).toEqual(Array.from(inst.support));
          expect(nonzero.length).toBe(o.s);
          expect(Math.hypot(...inst.theta)).toBeCloseTo(o.signal, 12);
          expect(inst.bestReward).toBe(Math.max(...inst.reward));
        }
      }
    }
  });

  it("are deterministic by seed and differ across seeds", () => {
    const a = makeInstance(base, new Rng(4, 2));
    const b = makeInstance(base, new Rng(4, 2));
    const c = makeInstance(base, new Rng(5, 2));
    expect(Array.from(a.reward)).toEqual(Array.from(b.reward));
    expect(Array.from(a.reward)).not.toEqual(Array.from(c.reward));
  });

  it("adversarial Δ fools the dense learner: noiseless LSW is far from optimal, beyond 2ε", () => {
    // Dense learner with σ → 0 returns the decoy the adversary planned for.
    for (let seed = 0; seed < 10; seed++) {
      const inst = makeInstance({ ...base, d: 20, sigma: 1e-9 }, new Rng(seed, 0));
      const out = denseLeastSquares(inst, 10_000, new Rng(seed, 1));
      expect(suboptimality(inst, out.action)).toBeGreaterThan(4 * base.eps);
    }
  });
});
