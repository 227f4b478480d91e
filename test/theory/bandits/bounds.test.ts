import { describe, expect, it } from "vitest";
import {
  exp3AnytimeBound,
  exp3FixedBound,
  exp3OriginalBound,
  klBern,
  klGauss,
  klUcbBern,
  laiRobbinsConstant,
  lsUcbBound,
  minimaxLowerBound,
  minimaxLowerBoundLS,
  tallyingCurve,
  ucb1Bound,
} from "../../../src/theory/bandits/bounds";

const SPEC = [0.9, 0.8, 0.5];

describe("KL divergences (SMPyBandits kullback.py doctests)", () => {
  it("klBern matches the reference values", () => {
    // the spec quotes the doctests truncated ("1.757779…"): compare the first six decimals
    expect(Math.floor(klBern(0.1, 0.9) * 1e6) / 1e6).toBe(1.757779);
    expect(Math.floor(klBern(0.4, 0.5) * 1e6) / 1e6).toBe(0.020135);
    expect(klBern(0.3, 0.3)).toBe(0);
    expect(Number.isFinite(klBern(0, 1))).toBe(true); // clipped, not infinite
  });
  it("klGauss is (x−y)²/(2σ²)", () => {
    expect(klGauss(1, 0.5, 0.25)).toBeCloseTo(0.5, 12);
  });
  it("the KL-UCB index solves kl(p̂, q) = level", () => {
    const q = klUcbBern(0.4, 0.1);
    expect(q).toBeGreaterThan(0.4);
    expect(klBern(0.4, q)).toBeCloseTo(0.1, 5);
    expect(klUcbBern(0.4, 0)).toBeCloseTo(0.4, 5);
  });
});

describe("bound functions against the spec's reference values (Bernoulli (0.9, 0.8, 0.5), T = 1000)", () => {
  it("UCB1 bound 692.92", () => expect(ucb1Bound(SPEC, 1000)).toBeCloseTo(692.92, 2));
  it("Lattimore–Szepesvári Thm 7.1 bound 1383.05", () => expect(lsUcbBound(SPEC, 1000)).toBeCloseTo(1383.05, 2));
  it("Lai–Robbins C(μ) = 3.0351 and C(μ) ln T = 20.97", () => {
    expect(laiRobbinsConstant(SPEC)).toBeCloseTo(3.0351, 4);
    expect(laiRobbinsConstant(SPEC) * Math.log(1000)).toBeCloseTo(20.97, 2);
  });
  it("UCB1 bound at T = 10², 10⁴ is 463 and 923 (spec § 1.1)", () => {
    expect(ucb1Bound(SPEC, 100)).toBeCloseTo(462.6, 0);
    expect(ucb1Bound(SPEC, 10_000)).toBeCloseTo(923.2, 0);
  });
  it("Gaussian Lai–Robbins constant is Σ 2σ²/Δᵢ", () => {
    expect(laiRobbinsConstant([1, 0.5, 0], "gaussian", 0.5)).toBeCloseTo(2 * 0.25 * (1 / 0.5 + 1), 12);
  });
});

describe("Exp3 and minimax bounds (K = 5, n = 10⁴)", () => {
  it("√(2nK ln K) = 401.18, 2√(nK ln K) = 567.35, 2√(e−1)√(nK ln K) = 743.70", () => {
    expect(exp3FixedBound(10_000, 5)).toBeCloseTo(401.18, 2);
    expect(exp3AnytimeBound(10_000, 5)).toBeCloseTo(567.35, 2);
    expect(exp3OriginalBound(10_000, 5)).toBeCloseTo(743.7, 1);
  });
  it("minimax lower bounds √(nK)/20 and √((K−1)n)/27, only where they apply", () => {
    expect(minimaxLowerBound(10_000, 5)).toBeCloseTo(Math.sqrt(50_000) / 20, 12);
    expect(minimaxLowerBound(3, 5)).toBeNaN();
    expect(minimaxLowerBoundLS(10_000, 5)).toBeCloseTo(200 / 27, 12);
  });
  it("tallying curve is c₁√(KT ln KT) + (m+M)K", () => {
    expect(tallyingCurve(0, 5, 1000, 3, 7)).toBe(50);
    expect(tallyingCurve(2, 5, 1000, 0, 0)).toBeCloseTo(2 * Math.sqrt(5000 * Math.log(5000)), 10);
  });
});
