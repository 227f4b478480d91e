import { describe, expect, it } from "vitest";
import {
  dynamicBound,
  dynamicStep,
  harmonic,
  hedgeBound,
  hedgeStep,
  ogdBound,
  ogdStronglyConvexBound,
  oomdConvexBound,
  oomdConvexBoundNoHint,
  oomdConvexBoundOracle,
  oomdStronglyConvexBound,
  oomdStronglyConvexBoundNoHint,
  oomdStronglyConvexBoundOracle,
  sachsNu,
  sachsOftlBound,
  sachsOftrlBound,
} from "../../../src/theory/omd/bounds";

// Hand computations (D = 2, G = 1, L = 0 or 1, δ = 1) written out term by term.
describe("bound functions against hand-computed values", () => {
  it("derived OOMD convex bound reproduces the spec's table (LIN i.i.d., s = 0.5, d = 5)", () => {
    // 5√(1 + 5 + 8·0.25·T + 4·0.25): T = 250 → 5√507 = 112.58; T = 16000 → 5√32007 = 894.5.
    expect(oomdConvexBound(2, 1, 0, 1, 0.25 * 250, 0.25)).toBeCloseTo(5 * Math.sqrt(507), 12);
    expect(oomdConvexBound(2, 1, 0, 1, 0.25 * 250, 0.25)).toBeCloseTo(112.58, 2);
    expect(oomdConvexBound(2, 1, 0, 1, 0.25 * 16000, 0.25)).toBeCloseTo(894.525, 2);
    // L = 1: + 25·8·1/√(1+4) = 200/√5 = 89.443.
    expect(oomdConvexBound(2, 1, 1, 1, 0, 0) - 5 * Math.sqrt(6)).toBeCloseTo(200 / Math.sqrt(5), 12);
  });
  it("hint variants of the convex bound", () => {
    expect(oomdConvexBoundNoHint(2, 1, 1, 100)).toBeCloseTo(5 * Math.sqrt(105), 12);
    expect(oomdConvexBoundOracle(2, 1, 1, 1, 10)).toBeCloseTo(5 * Math.sqrt(25) + 100 / Math.sqrt(5), 12);
  });
  it("derived strongly convex bound reproduces the spec's QUAD range 102–120", () => {
    // G = 2, L = λ = 1, D = 2, σ²max = 0.25, Σ²max = 0: 8 + 4 ln T + 32 ln 11.
    const at = (T: number) => oomdStronglyConvexBound(2, 1, 2, 1, 0.25, 0, T);
    expect(at(100)).toBeCloseTo(8 + 4 * Math.log(100) + 32 * Math.log(11), 12);
    expect(at(100)).toBeCloseTo(103.15, 2);
    expect(at(10000)).toBeCloseTo(121.57, 2);
    expect(oomdStronglyConvexBoundNoHint(2, 1, 100)).toBeCloseTo(8 * (1 + Math.log(100)), 12);
    expect(oomdStronglyConvexBoundOracle(1, 2, 1, 0.25, 100)).toBeCloseTo(
      1 + Math.log(100) + 16 * (1 + Math.log(8)) + 1,
      12,
    );
  });
  it("Sachs et al. Theorem 5 with ν = LD² + DG", () => {
    const nu = sachsNu(2, 1, 1);
    expect(nu).toBe(6);
    // 6·2·√4 + 3√2·2·√9 + 1.5√2·2 + 6 + (16 + 9·16)/6
    const want = 24 + 18 * Math.SQRT2 + 3 * Math.SQRT2 + 6 + 160 / 6;
    expect(sachsOftrlBound(2, 1, 1, 4, 9, nu)).toBeCloseTo(want, 12);
  });
  it("Sachs et al. Theorem 7 in sum form", () => {
    // μ = 1, G = 2, D = 2, L = 1, σ²max = 0.25, Σ Σ_t²/t = 3, T = 4: (8·0.25·H_4 + 12) + 16 ln 17 + 4.
    const H4 = 1 + 1 / 2 + 1 / 3 + 1 / 4;
    expect(sachsOftlBound(1, 2, 2, 1, 0.25, 3, 4)).toBeCloseTo(2 * H4 + 12 + 16 * Math.log(17) + 4, 12);
  });
  it("OGD baselines", () => {
    expect(ogdBound(1, 2, 10000)).toBe(300);
    expect(ogdStronglyConvexBound(2, 1, Math.E)).toBeCloseTo(4, 12);
  });
  it("dynamic bound: the tuned step attains √(2(D²+2DP)V) + … and is optimal among fixed steps", () => {
    const [D, P, G, s2, S2] = [2, 10, 1.8, 360, 9];
    const V = G * G + 8 * s2 + 4 * S2;
    const eta = dynamicStep(D, P, G, 0, s2, S2);
    expect(dynamicBound(D, P, G, s2, S2, eta)).toBeCloseTo(Math.sqrt(2 * (D * D + 2 * D * P) * V), 9);
    expect(dynamicBound(D, P, G, s2, S2, eta * 1.1)).toBeGreaterThan(dynamicBound(D, P, G, s2, S2, eta));
    expect(dynamicStep(D, 1e6, G, 1, 0, 0)).toBe(0.25); // capped at 1/(4L)
  });
  it("Hedge: tuned η gives √(2 A ln N)", () => {
    const eta = hedgeStep(8, 50);
    expect(hedgeBound(8, eta, 50)).toBeCloseTo(Math.sqrt(2 * 50 * Math.log(8)), 12);
  });
  it("harmonic numbers, exact and asymptotic", () => {
    expect(harmonic(4)).toBeCloseTo(25 / 12, 15);
    let h = 0;
    for (let t = 1; t <= 20000; t++) h += 1 / t;
    expect(harmonic(20000)).toBeCloseTo(h, 11);
  });
});
