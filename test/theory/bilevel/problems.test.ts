import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { landscapeSigma } from "../../../src/theory/bilevel/experiments";
import { makeProblem } from "../../../src/theory/bilevel/problems";
import { PROBLEM_KEYS } from "../../../src/theory/bilevel/schema";
import { matVec, pseudoInverseSymmetric } from "../../../src/theory/common/linalg";
import { logLogSlope } from "../../../src/theory/common/stats";
import { defaults } from "../../../src/theory/params";

const ctx = { runStart: 0, runCount: 1, backend: "cpu" as const, progress() {} };

/** A random x inside the problem's picture range (T1: a box around 0). */
const xArb = (key: string, dx: number) =>
  key === "T1"
    ? fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: dx, maxLength: dx })
    : fc
        .double({ min: makeProblem(key as "T2").xRange[0], max: makeProblem(key as "T2").xRange[1], noNaN: true })
        .map((v) => [v]);

describe("identities of §1.2 as properties over random x and σ", () => {
  for (const key of PROBLEM_KEYS) {
    const p = makeProblem(key);
    it(`${key}: 0 ≤ ψ − ψ_σ, and ψ_σ is non-increasing in σ`, () => {
      fc.assert(
        fc.property(
          xArb(key, p.dx),
          fc.double({ min: 1e-4, max: 1, noNaN: true }),
          fc.double({ min: 1e-4, max: 1, noNaN: true }),
          (xs, s1, s2) => {
            const x = Float64Array.from(xs);
            const [big, small] = s1 > s2 ? [s1, s2] : [s2, s1];
            const tol = 1e-12 * (1 + Math.abs(p.psi(x)));
            const psi = p.psi(x);
            const psiSmall = p.psiSigma(x, small);
            const psiBig = p.psiSigma(x, big);
            return psi - psiSmall >= -tol && psiSmall - psiBig >= -tol;
          },
        ),
        { numRuns: 60 },
      );
    });
    it(`${key}: the Danskin gradient equals central differences of ψ_σ`, () => {
      const g = new Float64Array(p.dx);
      const x = new Float64Array(p.dx);
      const h = 1e-6;
      fc.assert(
        fc.property(xArb(key, p.dx), fc.double({ min: 1e-3, max: 0.5, noNaN: true }), (xs, sigma) => {
          x.set(xs);
          // T4's ψ_σ is C¹ but ∇ψ_σ has kinks where y* or y_σ meets the box: keep the stencil off them.
          if (key === "T4") fc.pre([-sigma * 0.5, 0, 1, 1 + sigma * 0.5].every((k) => Math.abs(xs[0] - k) > 1e-4));
          p.gradPsiSigma(x, sigma, g);
          for (let i = 0; i < p.dx; i++) {
            const xi = x[i];
            x[i] = xi + h;
            const up = p.psiSigma(x, sigma);
            x[i] = xi - h;
            const down = p.psiSigma(x, sigma);
            x[i] = xi;
            const fd = (up - down) / (2 * h);
            if (Math.abs(fd - g[i]) > 1e-5 * (1 + Math.abs(g[i]))) return false;
          }
          return true;
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe("T1: strongly convex quadratic, every closed form", () => {
  const p = makeProblem("T1", { dx: 3, dy: 5, rho: 0.1 });
  it("ψ_σ, ∇ψ_σ (Danskin), ∇ψ (hypergradient) agree with the closed forms to 1e-10", () => {
    const g1 = new Float64Array(3);
    const g2 = new Float64Array(3);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        (xs, sigma) => {
          const x = Float64Array.from(xs);
          expect(p.psiSigma(x, sigma)).toBeCloseTo(p.psiSigmaClosed!(x, sigma), 10);
          p.gradPsiSigma(x, sigma, g1);
          p.gradPsiSigmaClosed!(x, sigma, g2);
          for (let i = 0; i < 3; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-10);
          p.hypergradient(x, g1);
          p.gradPsi(x, g2);
          for (let i = 0; i < 3; i++) expect(Math.abs(g1[i] - g2[i])).toBeLessThan(1e-10);
          // value gap in closed form: σ/(2(1+σ))‖Bx − c‖² = σ/(1+σ) · (ψ − ρ/2‖x‖²)
          const rest = p.psi(x) - 0.05 * (x[0] ** 2 + x[1] ** 2 + x[2] ** 2);
          expect(p.psi(x) - p.psiSigma(x, sigma)).toBeCloseTo((sigma / (1 + sigma)) * rest, 10);
        },
      ),
      { numRuns: 30 },
    );
  });
  it("x* and x*_σ are stationary points of ψ and ψ_σ", () => {
    const g = new Float64Array(3);
    p.gradPsi(p.xStar(), g);
    expect(Math.hypot(...g)).toBeLessThan(1e-10);
    for (const sigma of [0.1, 0.01, 0.001]) {
      p.gradPsiSigma(p.xStarSigma(sigma), sigma, g);
      expect(Math.hypot(...g)).toBeLessThan(1e-10);
    }
  });
  it("y_σ solves σ∇_y f + ∇_y g = 0", () => {
    const x = Float64Array.of(0.3, -1, 2);
    const y = new Float64Array(5);
    const fx = new Float64Array(3);
    const fy = new Float64Array(5);
    const gx = new Float64Array(3);
    const gy = new Float64Array(5);
    p.penaltySolution(x, 0.05, y);
    p.gradF(x, y, fx, fy);
    p.gradG(x, y, gx, gy);
    for (let i = 0; i < 5; i++) expect(Math.abs(0.05 * fy[i] + gy[i])).toBeLessThan(1e-12);
  });
});

describe("T2: a line of lower-level solutions", () => {
  const p = makeProblem("T2");
  it("the pseudo-inverse hypergradient returns x − 1", () => {
    const g = new Float64Array(1);
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (v) => {
        p.hypergradient(Float64Array.of(v), g);
        return Math.abs(g[0] - (v - 1)) < 1e-12;
      }),
    );
  });
  it("[∇²_yy g]^† = diag(1, 0), and ψ_σ = (x − 1)²/(2(1 + σ)) from the definition", () => {
    const pinv = pseudoInverseSymmetric(Float64Array.of(1, 0, 0, 0), 2);
    expect(Array.from(pinv)).toEqual([1, 0, 0, 0]);
    for (const [x, s] of [
      [0, 0.1],
      [3, 0.01],
      [-2, 0.5],
    ]) {
      expect(p.psiSigma(Float64Array.of(x), s)).toBeCloseTo((x - 1) ** 2 / (2 * (1 + s)), 12);
    }
  });
});

describe("T3: nonconvex PL lower level (spec reference numbers)", () => {
  const p = makeProblem("T3");
  const half = Float64Array.of(0.5);
  it.each([
    [0.1, 1.54e-3],
    [0.01, 1.56e-4],
    [0.001, 1.56e-5],
  ])("ψ(½) − ψ_σ(½) at σ = %f is %f to 2%%", (sigma, gap) => {
    const got = p.psi(half) - p.psiSigma(half, sigma);
    expect(Math.abs(got - gap) / gap).toBeLessThan(0.02);
  });
  it("argmin ψ_σ ≈ 0.4969 (σ = 0.1) and 0.49969 (σ = 0.01)", () => {
    expect(p.xStarSigma(0.1)[0]).toBeCloseTo(0.4969, 4);
    expect(p.xStarSigma(0.01)[0]).toBeCloseTo(0.49969, 5);
  });
  it("the hypergradient formula with ∇²_yy g = φ''(0) = 8 gives 2x − 1", () => {
    const g = new Float64Array(1);
    p.hypergradient(Float64Array.of(0.9), g);
    expect(g[0]).toBeCloseTo(0.8, 12);
  });
});

describe("T4: box-constrained lower level", () => {
  const p = makeProblem("T4", { a: 0.5, b: 2 });
  it("x* = 2 with ψ* = 0.125, and x*_σ = x* exactly", () => {
    expect(p.xStar()[0]).toBe(2);
    expect(p.psi(p.xStar())).toBeCloseTo(0.125, 14);
    for (const sigma of [0.1, 0.01, 0.001]) expect(Math.abs(p.xStarSigma(sigma)[0] - 2)).toBeLessThan(1e-9);
  });
  it("ψ_σ = ψ exactly once (σa + x)/(1 + σ) ≥ 1, and the interior gap is σ(x − a)²/(2(1 + σ))", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (sigma, t) => {
          const x = Float64Array.of(1 + sigma * 0.5 + t);
          return Math.abs(p.psi(x) - p.psiSigma(x, sigma)) < 1e-12;
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (sigma, xv) => {
          const x = Float64Array.of(xv);
          return Math.abs(p.psi(x) - p.psiSigma(x, sigma) - (sigma * (xv - 0.5) ** 2) / (2 * (1 + sigma))) < 1e-12;
        },
      ),
    );
  });
  it("ψ_σ loses smoothness like 1/σ at the active-set change (ℓ_σ closed form)", () => {
    expect(p.smoothness(0.01)).toBeCloseTo(1 / (0.01 * 1.01) - 1, 10);
  });
});

describe("T5: the PBGD toy", () => {
  const p = makeProblem("T5");
  it("the hypergradient formula equals d/dx f(x, −x)", () => {
    const g1 = new Float64Array(1);
    const g2 = new Float64Array(1);
    for (const v of [0.1, 0.8, 1.7, 2.9]) {
      p.hypergradient(Float64Array.of(v), g1);
      const h = 1e-6;
      const fd = (p.psi(Float64Array.of(v + h)) - p.psi(Float64Array.of(v - h))) / (2 * h);
      p.gradPsi(Float64Array.of(v), g2);
      expect(g1[0]).toBeCloseTo(g2[0], 12);
      expect(g1[0]).toBeCloseTo(fd, 6);
    }
  });
  it("ψ has at least three local minima on [0, 3]", () => {
    let minima = 0;
    const psi = (t: number) => p.psi(Float64Array.of(t));
    for (let i = 1; i < 600; i++) {
      const t = (3 * i) / 600;
      if (psi(t) < psi(t - 0.005) && psi(t) < psi(t + 0.005)) minima++;
    }
    expect(minima).toBeGreaterThanOrEqual(3);
  });
});

describe("landscape gaps have slope +1 in σ", () => {
  for (const key of PROBLEM_KEYS) {
    it(key, () => {
      const params = { ...defaults(landscapeSigma.params), problem: key };
      const out = landscapeSigma.run(params, ctx) as ReturnType<typeof landscapeSigma.run> & { x: Float64Array };
      const c = out as unknown as { x: Float64Array; series: { key: string; values: Float64Array }[] };
      expect(c.series.length).toBeGreaterThanOrEqual(2);
      for (const s of c.series) {
        const fit = logLogSlope(c.x, s.values);
        expect(fit.n).toBe(c.x.length);
        expect(fit.slope).toBeGreaterThan(0.95);
        expect(fit.slope).toBeLessThan(1.05);
      }
    });
  }
});

describe("linear algebra", () => {
  it("the pseudo-inverse of a singular symmetric matrix satisfies A A⁺ A = A", () => {
    // A = v vᵀ + w wᵀ in R⁴ (rank 2)
    const v = [1, 2, 0, -1];
    const w = [0, 1, 1, 1];
    const A = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) A[i * 4 + j] = v[i] * v[j] + w[i] * w[j];
    const P = pseudoInverseSymmetric(A, 4);
    const col = new Float64Array(4);
    const tmp = new Float64Array(4);
    const back = new Float64Array(4);
    for (let j = 0; j < 4; j++) {
      for (let i = 0; i < 4; i++) col[i] = A[i * 4 + j];
      matVec(P, 4, 4, col, tmp);
      matVec(A, 4, 4, tmp, back);
      for (let i = 0; i < 4; i++) expect(back[i]).toBeCloseTo(col[i], 10);
    }
  });
});
