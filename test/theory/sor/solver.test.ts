import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import { measuredFactor } from "../../../src/theory/sor/experiments";
import { CODE_GRID, centreRhs, onesRhs, sampleTruncatedGaussian } from "../../../src/theory/sor/problems";
import { lowerPartRho, norm2, type Ordering, paddedSize, Stencil } from "../../../src/theory/sor/solver";
import { laplacianBeta, omegaStar, sorSpectralRadius, surrogateU } from "../../../src/theory/sor/young";

const opts = (ordering: Ordering, cap = 100000) => ({ ordering, tol: 1e-8, cap });
const star10 = omegaStar(laplacianBeta(10));

describe("SOR iteration counts (spec § 6.2, b = ones, ε = 1e-8, strict <)", () => {
  const nat10 = [223, 201, 181, 162, 145, 130, 115, 101, 88, 75, 62, 46, 43, 48, 58, 70, 89, 122, 187, 383];
  const rb10 = [226, 204, 184, 166, 149, 133, 118, 104, 91, 77, 64, 47, 42, 48, 55, 69, 89, 120, 179, 370];
  it("m = 10, natural ordering, the whole grid linspace(1, 1.95, 20) and ω* (41)", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    expect(Array.from(CODE_GRID, (w) => S.sorCount(b, w, opts("natural")))).toEqual(nat10);
    expect(S.sorCount(b, star10, opts("natural"))).toBe(41);
  });
  it("m = 10, red-black ordering, the whole grid and ω* (41)", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    expect(Array.from(CODE_GRID, (w) => S.sorCount(b, w, opts("redblack")))).toEqual(rb10);
    expect(S.sorCount(b, star10, opts("redblack"))).toBe(41);
  });
  it("m = 32 and m = 64, both orderings", () => {
    const cases: [number, Ordering, number[], number[]][] = [
      [32, "natural", [1, 1.5, 1.8, 1.85, 1.9, 1.95], [2011, 661, 181, 132, 198, 396]],
      [32, "redblack", [1, 1.5, 1.8, 1.85, 1.9, 1.95], [2048, 701, 197, 125, 196, 393]],
      [64, "natural", [1, 1.9, 1.95], [7801, 313, 396]],
      [64, "redblack", [1, 1.9, 1.95], [7948, 348, 417]],
    ];
    for (const [m, ordering, ws, want] of cases) {
      const S = new Stencil(m);
      const b = onesRhs(m);
      expect(ws.map((w) => S.sorCount(b, w, opts(ordering)))).toEqual(want);
      expect(S.sorCount(b, omegaStar(laplacianBeta(m)), opts(ordering))).toBe(
        { 32: { natural: 124, redblack: 129 }, 64: { natural: 248, redblack: 261 } }[m as 32 | 64][ordering],
      );
    }
  });
  it("red-black at ω*: m = 128 → 532, m = 256 → 1088", () => {
    for (const [m, want] of [
      [128, 532],
      [256, 1088],
    ]) {
      expect(new Stencil(m).sorCount(onesRhs(m), omegaStar(laplacianBeta(m)), opts("redblack"))).toBe(want);
    }
  });
  it("shifted systems at m = 10 (natural): counts at ω* and ω = 1", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    for (const [c, atStar, atOne] of [
      [-0.15, 147, 2927],
      [0, 41, 223],
      [0.45, 23, 64],
    ]) {
      S.shift(c);
      expect(S.sorCount(b, omegaStar(laplacianBeta(10, c)), opts("natural"))).toBe(atStar);
      expect(S.sorCount(b, 1, opts("natural"))).toBe(atOne);
    }
  });
  it("point load at the centre: 204 / 39 / 38 at ω = 1 / 1.6 / ω*", () => {
    const S = new Stencil(10);
    expect([1, 1.6, star10].map((w) => S.sorCount(centreRhs(10), w, opts("natural")))).toEqual([204, 39, 38]);
  });
  it("diagonal matrix oracle: residual (1 − ω)^k b gives 1 / 27 / 360 sweeps", () => {
    const S = new Stencil(10, 1, 0);
    expect([1, 1.5, 1.95].map((w) => S.sorCount(onesRhs(10), w, opts("natural")))).toEqual([1, 27, 360]);
    expect([1, 1.5, 1.95].map((w) => S.sorCount(onesRhs(10), w, opts("redblack")))).toEqual([1, 27, 360]);
    // Closed form: the smallest k with |1 − ω|^k < ε.
    for (const w of [1.3, 1.7, 1.9])
      expect(S.sorCount(onesRhs(10), w)).toBe(Math.floor(Math.log(1e-8) / Math.log(w - 1)) + 1);
  });
  it("the cap: a run that does not converge returns +∞; one whose residual grows returns NaN (diverged)", () => {
    expect(new Stencil(10).sorCount(onesRhs(10), 1, { ordering: "natural", tol: 1e-8, cap: 100 })).toBe(
      Number.POSITIVE_INFINITY,
    );
    for (const ordering of ["natural", "redblack"] as const) {
      expect(new Stencil(10).sorCount(onesRhs(10), 2.5, opts(ordering))).toBeNaN();
      expect(new Stencil(10).sorCountReference(onesRhs(10), 2.5, opts(ordering))).toBeNaN();
      expect(new Stencil(16).shift(-0.15).sorCount(onesRhs(16), 1.6, opts(ordering))).toBeNaN();
    }
    expect(new Stencil(16).shift(-0.15).ssorCount(onesRhs(16), 1.5, 1e-6)).toBeNaN();
  });
});

describe("fast fused sweep against the literal x ← x + (D/ω + L)⁻¹r, r ← b − Ax", () => {
  it("identical counts on random instances, both orderings", () => {
    const rng = new Rng(7, 0);
    for (const m of [5, 10, 17]) {
      const S = new Stencil(m);
      const b = new Float64Array(paddedSize(m));
      for (let trial = 0; trial < 6; trial++) {
        // SPD needs c > −λ_min(A) = −(4 − 4cos(π/(m+1))).
        const cMin = Math.max(-0.15, -0.9 * (4 - 4 * Math.cos(Math.PI / (m + 1))));
        S.shift(cMin + (0.45 - cMin) * rng.uniform());
        sampleTruncatedGaussian(rng, m, b);
        for (const w of [1, 1.3, 1.55, 1.75, 1.95]) {
          for (const ordering of ["natural", "redblack"] as const) {
            const fast = S.sorCount(b, w, opts(ordering));
            const xFast = Float64Array.from(S.x);
            expect(S.sorCountReference(b, w, opts(ordering))).toBe(fast);
            for (let i = 0; i < xFast.length; i++)
              expect(Math.abs(xFast[i] - S.x[i])).toBeLessThan(1e-9 * (1 + Math.abs(S.x[i])));
          }
        }
      }
    }
  });
  it("the returned x meets the tolerance: ‖b − Ax‖ < ε‖b‖", () => {
    const S = new Stencil(12).shift(0.1);
    const b = onesRhs(12);
    for (const ordering of ["natural", "redblack"] as const) {
      S.sorCount(b, 1.5, opts(ordering));
      expect(S.residualNorm(b, S.x) / norm2(b)).toBeLessThan(1e-8);
    }
  });
});

describe("where the best ω sits and the surrogate bound", () => {
  it("the empirical argmin on a 0.001 grid lies in [ω*, ω* + 0.01] (m = 10, both orderings)", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    for (const [ordering, bestCount] of [
      ["natural", 39],
      ["redblack", 33],
    ] as const) {
      let best = Number.POSITIVE_INFINITY;
      let arg: number[] = [];
      for (let i = 0; i <= 400; i++) {
        const w = 1.4 + i / 1000;
        const k = S.sorCount(b, w, opts(ordering));
        if (k < best) {
          best = k;
          arg = [w];
        } else if (k === best) arg.push(w);
      }
      expect(best).toBe(bestCount);
      for (const w of arg) {
        expect(w).toBeGreaterThanOrEqual(star10);
        expect(w).toBeLessThanOrEqual(star10 + 0.01);
      }
    }
  });
  it("count < U(ω) at every ω on 1:0.01:1.99 (m = 10, natural, b = ones, τ = 0.181)", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    const beta = laplacianBeta(10);
    for (let i = 0; i <= 99; i++) {
      const w = 1 + i / 100;
      expect(S.sorCount(b, w, opts("natural"))).toBeLessThan(surrogateU(w, beta, 1e-8, 0.181));
    }
  });
  it("measured convergence factors follow Young's ρ(C_ω) in natural and red-black order alike", () => {
    const S = new Stencil(10);
    const b = new Float64Array(paddedSize(10));
    sampleTruncatedGaussian(new Rng(3, 0), 10, b);
    const beta = laplacianBeta(10);
    const hist = new Float64Array(3000);
    for (const w of [1, 1.2, 1.4, 1.5, 1.65, 1.8, 1.9]) {
      const rho = sorSpectralRadius(w, beta);
      const got: number[] = [];
      for (const ordering of ["natural", "redblack"] as const) {
        S.sorResiduals(b, w, ordering, hist);
        got.push(measuredFactor(hist));
      }
      expect(Math.abs(got[0] - rho)).toBeLessThan(0.01);
      expect(Math.abs(got[1] - rho)).toBeLessThan(0.01);
    }
  });
  it("ρ(D⁻¹LD⁻¹Lᵀ): β² for red-black's coupling block; natural-order power iteration below 1/4·(2)²/16", () => {
    const rho = lowerPartRho(10, 4, 1);
    expect(rho).toBeGreaterThan(0.2);
    expect(rho).toBeLessThan(0.25);
    expect(lowerPartRho(10, 1, 0)).toBe(0);
  });
});

describe("symmetric SOR and SSOR-preconditioned CG", () => {
  it("the SSOR preconditioner M⁻¹ is symmetric positive definite", () => {
    const m = 7;
    const S = new Stencil(m).shift(0.05);
    const rng = new Rng(11, 0);
    const u = new Float64Array(paddedSize(m));
    const v = new Float64Array(paddedSize(m));
    const Mu = new Float64Array(paddedSize(m));
    const Mv = new Float64Array(paddedSize(m));
    for (let trial = 0; trial < 5; trial++) {
      sampleTruncatedGaussian(rng, m, u);
      sampleTruncatedGaussian(rng, m, v);
      for (const w of [0.9, 1.3, 1.8]) {
        S.ssorPrecondition(u, Mu, w);
        S.ssorPrecondition(v, Mv, w);
        let a = 0;
        let bb = 0;
        let uMu = 0;
        for (let i = 0; i < u.length; i++) {
          a += v[i] * Mu[i];
          bb += u[i] * Mv[i];
          uMu += u[i] * Mu[i];
        }
        expect(a).toBeCloseTo(bb, 10);
        expect(uMu).toBeGreaterThan(0);
      }
    }
  });
  it("SSOR-PCG converges to the tolerance in fewer iterations than CG, and warm starts help", () => {
    const m = 24;
    const S = new Stencil(m);
    const b = onesRhs(m);
    const cg = S.cgCount(b, 1e-8);
    const pcg = S.ssorPcgCount(b, 1.7, 1e-8);
    expect(S.residualNorm(b, S.x) / norm2(b)).toBeLessThan(1e-7);
    expect(pcg).toBeLessThan(cg);
    const x = Float64Array.from(S.x);
    expect(S.ssorPcgCount(b, 1.7, 1e-8, x)).toBe(0);
  });
  it("symmetric SOR meets its absolute tolerance and needs ≤ the forward sweeps' count at ω = 1.5", () => {
    const S = new Stencil(10);
    const b = onesRhs(10);
    const k = S.ssorCount(b, 1.5, 1e-6);
    expect(S.residualNorm(b, S.x)).toBeLessThanOrEqual(1e-6);
    expect(k).toBeLessThanOrEqual(S.sorCount(b, 1.5, { ordering: "natural", tol: 1e-6 / norm2(b), cap: 10000 }));
  });
});

/**
 * The red-black sweep as two plain half-sweeps over separate x, dx, b arrays, then the red residuals
 * one row behind (the form before the one-pass wavefront over the shared buffer): Stencil's fast path
 * must reproduce it bit for bit, since counts, the batched solver and the GPU parity tests key on it.
 */
function twoPassRedBlack(m: number, d: number, s: number, b: Float64Array, omega: number, sweeps: number) {
  const W = m + 2;
  const x = new Float64Array(paddedSize(m));
  const dx = new Float64Array(paddedSize(m));
  const wd = omega / d;
  const cr = (d * (1 - omega)) / omega;
  const redRow = (i: number) => {
    let rr = 0;
    for (let p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
      const r = cr * dx[p] + s * (dx[p - 1] + dx[p + 1] + dx[p - W] + dx[p + W]);
      rr += r * r;
    }
    return rr;
  };
  const hist: number[] = [];
  for (let k = 0; k < sweeps; k++) {
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
        const t = wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
        x[p] += t;
        dx[p] = t;
      }
    }
    let rr = 0;
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 1 + (i & 1), e = i * W + m; p <= e; p += 2) {
        const t = wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
        x[p] += t;
        dx[p] = t;
        const r = cr * t;
        rr += r * r;
      }
      if (i >= 2) rr += redRow(i - 1);
    }
    hist.push(Math.sqrt(rr + redRow(m)));
  }
  return { x, hist };
}

describe("the one-pass red-black sweep", () => {
  it("matches two plain half-sweeps bit for bit (residual history and x; odd and even m, shifts, s = 0)", () => {
    const rng = new Rng(11, 0);
    for (const m of [1, 2, 3, 4, 5, 8, 13, 32]) {
      const b = new Float64Array(paddedSize(m));
      sampleTruncatedGaussian(rng, m, b);
      for (const [d, s] of [
        [4, 1],
        [4.37, 1],
        [1 + 4 * 0.3, 0.3],
        [1, 0],
      ]) {
        const S = new Stencil(m, d, s);
        for (const w of [1, 1.43, 1.9]) {
          const want = twoPassRedBlack(m, d, s, b, w, 25);
          const hist = new Float64Array(25);
          S.sorResiduals(b, w, "redblack", hist, 0);
          expect(Array.from(hist)).toEqual(want.hist);
          expect(Array.from(S.x)).toEqual(Array.from(want.x));
        }
      }
    }
  });
  it("sorCount leaves the solution in x after either ordering, and x is the padded grid", () => {
    const m = 9;
    const S = new Stencil(m);
    const b = onesRhs(m);
    expect(S.x.length).toBe(paddedSize(m));
    const k = S.sorCount(b, 1.6, opts("redblack"));
    const want = twoPassRedBlack(m, 4, 1, b, 1.6, k);
    expect(Array.from(S.x)).toEqual(Array.from(want.x));
    S.sorCount(b, 1.6, opts("natural"));
    expect(S.residualNorm(b, S.x) / norm2(b)).toBeLessThan(1e-8);
  });
  it("a grid side that is not a positive integer is refused, not truncated", () => {
    expect(() => new Stencil(10.5)).toThrow(/positive integer, got 10.5/);
    expect(() => new Stencil(0)).toThrow(RangeError);
    // A whole number that arrives as a heap double (as parameter values often do) is the same grid.
    const heapTen = Number.parseFloat("10.0") + 0.25 - 0.25;
    expect(new Stencil(heapTen).sorCount(onesRhs(10), 1.5, opts("redblack"))).toBe(
      new Stencil(10).sorCount(onesRhs(10), 1.5, opts("redblack")),
    );
  });
});
