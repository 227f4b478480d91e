/**
 * SOR on the 5-point stencil A = d·I − s·(grid adjacency) on an m × m interior grid with zero Dirichlet
 * ghosts. The shifted Laplacian A + cI is d = 4 + c, s = 1; the heat system of § 4.3 is d = 1 + 4s;
 * a diagonal matrix is s = 0. Vectors live on the padded (m+2)² grid (ghost cells stay 0), so loops
 * need no branches.
 *
 * Stopping rule exactly as the authors' solvers/sor.m ([P] Alg. 1): start at x = 0, sweep, then stop
 * at the first k with ‖b − Ax_k‖₂ / ‖b‖₂ < ε (strict), at most `cap` sweeps. The count is the number
 * of sweeps (≥ 1 whenever b ≠ 0); a run that hits the cap returns +∞ (MATLAB leaves it unassigned).
 *
 * Divergence: a run whose residual grows past `divergenceLimit` · ‖b‖ (or stops being finite) is
 * stopped there and returns NaN ("diverged"), not +∞ after the whole cap. For SPD A and 0 < ω < 2 that
 * never happens (see `divergenceLimit`), so it marks an indefinite system or ω outside (0, 2).
 */

import { type RedBlackKernel, redBlackKernel } from "./sweep";

export type Ordering = "natural" | "redblack";

export interface SorOptions {
  ordering: Ordering;
  /** Relative residual tolerance ε (strict `<`). */
  tol: number;
  /** Iteration cap (the code's 10000). */
  cap: number;
}

export const DEFAULT_SOR: SorOptions = { ordering: "natural", tol: 1e-8, cap: 10000 };

/** The least growth ‖r_k‖/‖b‖ that counts as divergence, whatever the matrix. */
export const DIVERGENCE_GROWTH = 1e3;

/**
 * ‖r_k‖/‖b‖ above which SOR from x = 0 on d·I − s·adjacency (m × m grid) has diverged: 10³, or
 * 2√κ(A) where that is larger. Why it is safe: for SPD A and 0 < ω < 2 the error contracts in the A-norm
 * (Ostrowski–Reich), i.e. ‖r_k‖_{A⁻¹} ≤ ‖r₀‖_{A⁻¹}, so ‖r_k‖₂ ≤ √λ_max ‖r_k‖_{A⁻¹} ≤ √(λ_max/λ_min) ‖b‖₂:
 * a convergent run can grow transiently (C_ω is non-normal) but never past √κ. The spectrum is
 * d ± 4|s|cos(π/(m+1)) at its ends (closed form). Where A is not positive definite the limit is 10³.
 */
export function divergenceLimit(m: number, d: number, s: number): number {
  const q = 4 * Math.abs(s) * Math.cos(Math.PI / (m + 1));
  const lo = d - q;
  return lo > 0 ? Math.max(DIVERGENCE_GROWTH, 2 * Math.sqrt((d + q) / lo)) : DIVERGENCE_GROWTH;
}

/** Whether a residual norm ‖r‖ has grown past `limit`·‖b‖ or is not finite (the run diverged). */
export function hasDiverged(rn: number, norm0: number, limit: number): boolean {
  return !(rn / norm0 <= limit);
}

/** Padded-grid helpers. Point (i, j), 0-based interior row i and column j, sits at (i+1)·(m+2) + j+1. */
export function paddedSize(m: number): number {
  return (m + 2) * (m + 2);
}

export function paddedIndex(m: number, i: number, j: number): number {
  return (i + 1) * (m + 2) + j + 1;
}

/** The 5-point operator d·I − s·adjacency and a reusable workspace for solves of size m. */
export class Stencil {
  /**
   * Grid side and padded row length, stored as small integers: a parameter often arrives as a V8 heap
   * double, which would make these fields (of every Stencil) and every index computation float
   * arithmetic, 2.3× slower red-black sweeps for the worker's life (bench/sor.ts measures this).
   */
  readonly m: number;
  readonly W: number;
  /** Current iterate (padded). After `sorCount` it holds the returned solution. */
  readonly x: Float64Array;
  private readonly dx: Float64Array;
  /**
   * The red-black sweep's working copy [x | dx | b] in one plain array (V8 packed doubles), made on
   * first use. One array: V8 re-checks each array's map and length every iteration; plain, not typed:
   * a typed access also recomputes its data pointer and sign-extends the index (20% of the sweep).
   */
  private rb: number[] = [];
  /** The WebAssembly form of `redBlackSweep` (same bits), null where unavailable or not wanted. */
  private readonly kernel: RedBlackKernel | null;
  private readonly r: Float64Array;
  private readonly p: Float64Array;
  private readonly q: Float64Array;
  private readonly z: Float64Array;

  /** `jsSweep`: red-black solves run the JavaScript loop even where the kernel is available (tests). */
  constructor(
    m: number,
    public d = 4,
    public s = 1,
    jsSweep = false,
  ) {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`grid side must be a positive integer, got ${m}`);
    this.m = m | 0;
    this.kernel = jsSweep ? null : redBlackKernel();
    this.W = this.m + 2;
    const N = paddedSize(m);
    this.x = new Float64Array(N);
    this.dx = new Float64Array(N);
    this.r = new Float64Array(N);
    this.p = new Float64Array(N);
    this.q = new Float64Array(N);
    this.z = new Float64Array(N);
  }

  /** Whether red-black solves run on the WebAssembly kernel (false: the JavaScript `redBlackSweep`). */
  get redBlackOnWasm(): boolean {
    return this.kernel !== null;
  }

  /** Set A = (4 + c)I − adjacency: the shifted Laplacian of [P] § 4.1. */
  shift(c: number): this {
    this.d = 4 + c;
    this.s = 1;
    return this;
  }

  /** out = A v (padded; ghosts of `out` untouched). */
  apply(v: Float64Array, out: Float64Array): void {
    const { m, W, d, s } = this;
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 1, e = i * W + m; p <= e; p++)
        out[p] = d * v[p] - s * (v[p - 1] + v[p + 1] + v[p - W] + v[p + W]);
    }
  }

  /** ‖b − A v‖₂; with `out`, also r = b − A v there (padded; ghosts untouched). */
  residualNorm(b: Float64Array, v: Float64Array, out?: Float64Array): number {
    return residualNorm(this.m, this.d, this.s, b, v, out);
  }

  /**
   * SOR iteration count from x = 0 (fast path). One pass per sweep: each point's update
   * Δ_i = ω g_i / d is stored, and the post-sweep residual follows from the identity
   * r_i = d(1−ω)/ω · Δ_i + s · Σ_{neighbours j updated after i} Δ_j (exact algebra; rounding differs
   * from b − Ax only at the 1e-16 level, see the cross-check test against `sorCountReference`).
   */
  sorCount(b: Float64Array, omega: number, opts: SorOptions = DEFAULT_SOR): number {
    const norm0 = norm2(b);
    const limit = divergenceLimit(this.m, this.d, this.s);
    let count = norm0 === 0 ? 0 : Number.POSITIVE_INFINITY;
    this.sweepsFromZero(b, omega, opts.ordering, norm0 === 0 ? 0 : opts.cap, (k, rr) => {
      if (Math.sqrt(rr) / norm0 < opts.tol) count = k;
      else if (hasDiverged(Math.sqrt(rr), norm0, limit)) count = Number.NaN;
      return count === k || Number.isNaN(count);
    });
    return count;
  }

  /**
   * ‖r_k‖₂ after each of `K` sweeps from x = 0 (no stopping rule), into `out[0..K)`; stops early (NaN
   * after) once the relative residual reaches `floor`, where rounding takes over, or once the run has
   * diverged (`divergenceLimit`; that residual is the last value written). Returns whether it diverged.
   */
  sorResiduals(b: Float64Array, omega: number, ordering: Ordering, out: Float64Array, floor = 1e-13): boolean {
    const norm0 = norm2(b);
    const limit = divergenceLimit(this.m, this.d, this.s);
    let diverged = false;
    out.fill(Number.NaN);
    this.sweepsFromZero(b, omega, ordering, out.length, (k, rr) => {
      const rn = Math.sqrt(rr);
      out[k - 1] = rn;
      diverged = norm0 > 0 && hasDiverged(rn, norm0, limit);
      return diverged || !(rn >= floor * norm0);
    });
    return diverged;
  }

  /** Up to `sweeps` sweeps from x = 0, until `stop(k, ‖r_k‖²)`; x is left in `this.x`. */
  private sweepsFromZero(
    b: Float64Array,
    omega: number,
    ordering: Ordering,
    sweeps: number,
    stop: (k: number, rr: number) => boolean,
  ): void {
    this.x.fill(0);
    this.dx.fill(0);
    if (ordering === "natural") {
      for (let k = 1; k <= sweeps; k++) if (stop(k, this.naturalSweep(b, omega))) return;
      return;
    }
    const { d, s, kernel } = this;
    if (kernel) {
      kernel.start(this.m, b);
      for (let k = 1; k <= sweeps; k++) if (stop(k, kernel.sweep(d, s, omega))) break;
      kernel.finish(this.x);
      return;
    }
    const a = this.redBlackStart(b);
    for (let k = 1; k <= sweeps; k++) if (stop(k, this.redBlackSweep(a, omega, d, s))) break;
    this.redBlackFinish(a);
  }

  /** The red-black working array with x = dx = 0 and b copied in (ghost cells 0). */
  private redBlackStart(b: Float64Array): number[] {
    const N = this.x.length;
    let a = this.rb;
    if (a.length !== 3 * N) {
      // Built by push from a double so that V8 keeps it PACKED_DOUBLE_ELEMENTS (no holes to check).
      a = [];
      for (let p = 0; p < 3 * N; p++) a.push(0.5);
      this.rb = a;
    }
    for (let p = 0; p < 2 * N; p++) a[p] = 0;
    const n = Math.min(N, b.length);
    for (let p = 0; p < n; p++) a[2 * N + p] = b[p];
    for (let p = n; p < N; p++) a[2 * N + p] = 0;
    return a;
  }

  private redBlackFinish(a: number[]): void {
    const { x } = this;
    for (let p = 0; p < x.length; p++) x[p] = a[p];
  }

  /** One lexicographic forward sweep in place; returns ‖r‖² after it. */
  private naturalSweep(b: Float64Array, omega: number): number {
    const { m, W, d, s, x, dx } = this;
    const wd = omega / d;
    const cr = (d * (1 - omega)) / omega;
    let rr = 0;
    // Row 1: no residual yet (row 0 is a ghost row).
    for (let p = W + 1, e = W + m; p <= e; p++) {
      const g = b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]);
      const t = wd * g;
      x[p] += t;
      dx[p] = t;
    }
    // Rows 2..m: update the point, then finish the residual of the point above (its east and south
    // neighbours are now final).
    for (let i = 2; i <= m; i++) {
      for (let p = i * W + 1, e = i * W + m; p <= e; p++) {
        const g = b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]);
        const t = wd * g;
        x[p] += t;
        dx[p] = t;
        const u = p - W;
        const r = cr * dx[u] + s * (dx[u + 1] + t);
        rr += r * r;
      }
    }
    for (let p = m * W + 1, e = m * W + m; p <= e; p++) {
      const r = cr * dx[p] + s * dx[p + 1];
      rr += r * r;
    }
    return rr;
  }

  /**
   * Red-black sweep: all red points (i + j even, 0-based) then all black ones; returns ‖r‖² after
   * it. Black residuals are (1 − ω)g; a red point's residual picks up its four black neighbours' Δ.
   * Works on `a` = [x | dx | b] (see `rb`).
   *
   * One pass down the grid (a wavefront): step i updates the red points of row i + 1, the black points
   * of row i, then finishes the red residuals of row i − 1. Each point sees the neighbour values of the
   * two half-sweeps done in turn, so the arithmetic and the order of the ‖r‖² sum are the same. Black
   * row i and red row i + 1 share columns (one loop); values the point two columns on needs again ride
   * in locals (xw, yw, dw). bench/ref/sor_rb.c is the same code in C. Where WebAssembly SIMD is
   * available the kernel of sweep.ts runs instead, with the same arithmetic in the same order.
   */
  private redBlackSweep(a: number[], omega: number, d: number, s: number): number {
    const { m, W } = this;
    const N = this.x.length;
    const wd = omega / d;
    const cr = (d * (1 - omega)) / omega;
    // Offsets from a black point p of row i (all indices below are `| 0` so V8 drops overflow checks).
    const W1 = W + 1;
    const W2 = W + W;
    const oD = N; // its dx
    const oB = N + N; // its b
    const oDs = oD + W; // dx of the red point below it
    const oBs = oB + W; // b of the red point below it
    const oDn = oD - W; // dx of the red point above it
    const oDn1 = oDn + 1;
    const oDnn = oDn - W; // dx of the black point two rows up
    // Red row 1. Padded (i', j') has the parity of the interior (i, j): red rows start at j' = 1 when
    // i' is odd.
    {
      let p = W + 1;
      let xw = a[p - 1];
      for (const e = W + m; p <= e; p += 2) {
        const xe = a[(p + 1) | 0];
        const xp = a[p];
        const t = wd * (a[(p + oB) | 0] - d * xp + s * (xw + xe + a[(p - W) | 0] + a[(p + W) | 0]));
        a[p] = xp + t;
        a[(p + oD) | 0] = t;
        xw = xe;
      }
    }
    let rr = 0;
    for (let i = 1; i <= m; i++) {
      // Black points of row i, and the red points of row i + 1 below them.
      let p = i * W + 1 + (i & 1);
      const e = i * W + m;
      let xw = a[p - 1]; // red west neighbour (row i, already new)
      let yw = a[(p + W - 1) | 0]; // black west neighbour of the red point below (row i + 1, old)
      let dw = a[(p + oDn - 1) | 0]; // dx of the black west neighbour of the red point above
      let rred = 0;
      if (i >= 2 && i < m) {
        for (; p <= e; p += 2) {
          // The red point below, q = p + W: its black neighbours (p, q ± 1, q + W) are all old.
          const xp = a[p];
          const ye = a[(p + W1) | 0];
          const yp = a[(p + W) | 0];
          const tr = wd * (a[(p + oBs) | 0] - d * yp + s * (yw + ye + xp + a[(p + W2) | 0]));
          const yn = yp + tr;
          a[(p + W) | 0] = yn;
          a[(p + oDs) | 0] = tr;
          yw = ye;
          // The black point p: its red neighbours are all new (the one below is yn).
          const xe = a[(p + 1) | 0];
          const t = wd * (a[(p + oB) | 0] - d * xp + s * (xw + xe + a[(p - W) | 0] + yn));
          a[p] = xp + t;
          a[(p + oD) | 0] = t;
          const r = cr * t;
          rr += r * r;
          xw = xe;
          // The red point above, u = p − W: all four black neighbours' Δ are final (the one below is t).
          const de = a[(p + oDn1) | 0];
          const g = cr * a[(p + oDn) | 0] + s * (dw + de + a[(p + oDnn) | 0] + t);
          rred += g * g;
          dw = de;
        }
      } else {
        // Rows 1 and m: the same body, without the red row above (i = 1) or below (i = m, ghost row).
        for (; p <= e; p += 2) {
          const xp = a[p];
          let yn = 0;
          if (i < m) {
            const ye = a[(p + W1) | 0];
            const yp = a[(p + W) | 0];
            const tr = wd * (a[(p + oBs) | 0] - d * yp + s * (yw + ye + xp + a[(p + W2) | 0]));
            yn = yp + tr;
            a[(p + W) | 0] = yn;
            a[(p + oDs) | 0] = tr;
            yw = ye;
          } else yn = a[(p + W) | 0];
          const xe = a[(p + 1) | 0];
          const t = wd * (a[(p + oB) | 0] - d * xp + s * (xw + xe + a[(p - W) | 0] + yn));
          a[p] = xp + t;
          a[(p + oD) | 0] = t;
          const r = cr * t;
          rr += r * r;
          xw = xe;
          if (i >= 2) {
            const de = a[(p + oDn1) | 0];
            const g = cr * a[(p + oDn) | 0] + s * (dw + de + a[(p + oDnn) | 0] + t);
            rred += g * g;
            dw = de;
          }
        }
      }
      rr += rred;
    }
    // Red row m: its residuals (the row below is the ghost row).
    let rred = 0;
    for (let p = m * W + 2 - (m & 1) + oD, e = m * W + m + oD; p <= e; p += 2) {
      const g = cr * a[p] + s * (a[p - 1] + a[p + 1] + a[p - W] + a[p + W]);
      rred += g * g;
    }
    return rr + rred;
  }

  /**
   * The literal form of solvers/sor.m: x ← x + (D/ω + L)⁻¹ r (a forward triangular solve in the
   * given ordering), then r ← b − Ax recomputed from scratch. Slower; the tests' independent reference.
   */
  sorCountReference(b: Float64Array, omega: number, opts: SorOptions = DEFAULT_SOR): number {
    const { m, W, d, s, x, r } = this;
    const e = this.z;
    x.fill(0);
    e.fill(0);
    r.set(b);
    const norm0 = norm2(b);
    if (norm0 === 0) return 0;
    const limit = divergenceLimit(m, d, s);
    const passes: [number, number][] =
      opts.ordering === "natural"
        ? [[-1, 1]]
        : [
            [0, 2],
            [1, 2],
          ];
    for (let k = 1; k <= opts.cap; k++) {
      // e = (D/ω + L)⁻¹ r, where L holds the couplings to points earlier in the ordering.
      e.fill(0);
      for (const [colour, step] of passes) {
        for (let i = 1; i <= m; i++) {
          const start = colour < 0 ? 1 : 1 + ((i + 1 + colour) & 1);
          for (let p = i * W + start; p <= i * W + m; p += step) {
            // e is zero at points not yet visited, so summing all neighbours sums the earlier ones.
            e[p] = (r[p] + s * (e[p - 1] + e[p + 1] + e[p - W] + e[p + W])) / (d / omega);
          }
        }
      }
      for (let p = 0; p < x.length; p++) x[p] += e[p];
      const rn = this.residualNorm(b, x, r);
      if (rn / norm0 < opts.tol) return k;
      if (hasDiverged(rn, norm0, limit)) return Number.NaN;
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * Symmetric SOR from x = 0 with the absolute tolerance of [P] § 3 / Alg. 8 (its printed return
   * condition is inverted; this is the intended ‖r_k‖ ≤ ε): a forward then a backward natural sweep.
   * +∞ at the cap, NaN once diverged (`divergenceLimit`: SSOR contracts in the A-norm too).
   */
  ssorCount(b: Float64Array, omega: number, tol: number, cap = 10000): number {
    const { m, W, d, s, x } = this;
    x.fill(0);
    const norm0 = norm2(b);
    if (norm0 <= tol) return 0;
    const limit = divergenceLimit(m, d, s);
    const wd = omega / d;
    for (let k = 1; k <= cap; k++) {
      for (let p = W + 1; p <= m * W + m; p++) {
        if (p % W === 0 || p % W === W - 1) continue;
        x[p] += wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
      }
      for (let p = m * W + m; p >= W + 1; p--) {
        if (p % W === 0 || p % W === W - 1) continue;
        x[p] += wd * (b[p] - d * x[p] + s * (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]));
      }
      const rn = this.residualNorm(b, x);
      if (rn <= tol) return k;
      if (hasDiverged(rn, norm0, limit)) return Number.NaN;
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * z = M⁻¹ r for the SSOR preconditioner of solvers/ssor_pcg.m: M = M₁M₂ with
   * M₁ = (D + ωL)ᵀD⁻¹ and M₂ = (D + ωL)/(ω(2 − ω)), natural ordering. So y = D(D + ωLᵀ)⁻¹r (backward),
   * z = ω(2 − ω)(D + ωL)⁻¹y (forward).
   */
  ssorPrecondition(r: Float64Array, z: Float64Array, omega: number): void {
    const { m, W, d, s } = this;
    const y = this.dx;
    y.fill(0);
    z.fill(0);
    for (let i = m; i >= 1; i--) {
      for (let p = i * W + m; p >= i * W + 1; p--) y[p] = r[p] + omega * s * ((y[p + 1] + y[p + W]) / d);
    }
    // y now holds (D + ωLᵀ)⁻¹r scaled by D: y_i = d · u_i with u = (D + ωLᵀ)⁻¹r, i.e. u_i = (r_i + ωs(u_east + u_south))/d.
    const c = omega * (2 - omega);
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 1; p <= i * W + m; p++) z[p] = (c * y[p] + omega * s * (z[p - 1] + z[p - W])) / d;
    }
  }

  /** Unpreconditioned CG (the heat experiment's "vanilla CG"), same conventions as ssorPcgCount. */
  cgCount(b: Float64Array, tol: number, x0?: Float64Array, cap = 10000): number {
    return this.ssorPcgCount(b, null, tol, x0, cap);
  }

  /**
   * SSOR-preconditioned CG (MATLAB pcg semantics: relative residual ‖r‖/‖b‖ ≤ tol, count of
   * iterations, 0 if the start already satisfies it), or plain CG with ω null (z = r, the same
   * arithmetic as textbook CG). Starts from `x0` (warm start) or 0; the solution is left in `this.x`.
   * Returns +∞ if `cap` is hit.
   */
  ssorPcgCount(b: Float64Array, omega: number | null, tol: number, x0?: Float64Array, cap = 10000): number {
    const { x, r, p, q, m, W } = this;
    const z = omega === null ? r : this.z;
    if (x0) x.set(x0);
    else x.fill(0);
    this.apply(x, q);
    r.fill(0);
    for (let i = 1; i <= m; i++) for (let k = i * W + 1; k <= i * W + m; k++) r[k] = b[k] - q[k];
    const nb = norm2(b);
    if (nb === 0) {
      x.fill(0);
      return 0;
    }
    if (norm2(r) / nb <= tol) return 0;
    if (omega !== null) this.ssorPrecondition(r, z, omega);
    p.set(z);
    let rz = dot(r, z);
    for (let k = 1; k <= cap; k++) {
      this.apply(p, q);
      const alpha = rz / dot(p, q);
      for (let i = 0; i < x.length; i++) {
        x[i] += alpha * p[i];
        r[i] -= alpha * q[i];
      }
      if (norm2(r) / nb <= tol) return k;
      if (omega !== null) this.ssorPrecondition(r, z, omega);
      const rzNew = dot(r, z);
      const beta = rzNew / rz;
      rz = rzNew;
      for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
      if (!Number.isFinite(rz)) return Number.POSITIVE_INFINITY;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * ρ(D⁻¹LD⁻¹Lᵀ) = ‖L‖²/d² for the strictly-lower part L of the stencil in the given ordering (the
 * energy-norm bound's input). Red-black: L is the red–black coupling block, so the value is β².
 * Natural: power iteration on LᵀL (L couples each point to its west and north neighbours).
 */
export function lowerPartRho(m: number, d: number, s: number, iterations = 300): number {
  if (s === 0) return 0;
  const W = m + 2;
  const N = paddedSize(m);
  let v = new Float64Array(N);
  let u = new Float64Array(N);
  const w = new Float64Array(N);
  for (let i = 1; i <= m; i++) for (let p = i * W + 1; p <= i * W + m; p++) v[p] = 1 + 0.01 * ((p * 7919) % 13);
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    // w = L v (west + north), u = Lᵀ w (east + south), unit off-diagonal.
    for (let i = 1; i <= m; i++) for (let p = i * W + 1; p <= i * W + m; p++) w[p] = v[p - 1] + v[p - W];
    for (let i = 1; i <= m; i++) for (let p = i * W + 1; p <= i * W + m; p++) u[p] = w[p + 1] + w[p + W];
    lambda = norm2(u) / norm2(v);
    const n = norm2(u);
    for (let p = 0; p < N; p++) u[p] /= n;
    [v, u] = [u, v];
  }
  return (lambda * s * s) / (d * d);
}

/** ‖b − A v‖₂ for A = d·I − s·adjacency on the padded m × m grid; with `out`, also r = b − A v there. */
export function residualNorm(
  m: number,
  d: number,
  s: number,
  b: Float64Array,
  v: Float64Array,
  out?: Float64Array,
): number {
  const W = m + 2;
  let rr = 0;
  for (let i = 1; i <= m; i++) {
    for (let p = i * W + 1, e = i * W + m; p <= e; p++) {
      const r = b[p] - d * v[p] + s * (v[p - 1] + v[p + 1] + v[p - W] + v[p + W]);
      if (out) out[p] = r;
      rr += r * r;
    }
  }
  return Math.sqrt(rr);
}

export function norm2(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
