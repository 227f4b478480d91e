/**
 * Feasible sets of the OCO experiments and their Euclidean projections: the centred ball of radius R
 * (diameter D = 2R) and the probability simplex (diameter √2). All functions work in place on
 * Float64Arrays and allocate nothing.
 */

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − b‖². */
export function dist2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const e = a[i] - b[i];
    s += e * e;
  }
  return s;
}

/** Euclidean projection onto {‖x‖ ≤ R}: radial shrink when outside. */
export function projectBall(x: Float64Array, R: number): void {
  const n = norm(x);
  if (n > R) {
    const c = R / n;
    for (let i = 0; i < x.length; i++) x[i] *= c;
  }
}

/**
 * Euclidean projection onto the simplex {x ≥ 0, Σx = 1} (Held, Wolfe & Crowder 1974; Duchi et al.
 * 2008): x_i ← max(x_i − τ, 0) with τ from the sorted values. `scratch` needs x.length entries.
 */
export function projectSimplex(x: Float64Array, scratch: Float64Array): void {
  const n = x.length;
  const u = scratch.subarray(0, n);
  u.set(x);
  u.sort();
  // u ascending: scan from the largest value down.
  let cum = 0;
  let tau = 0;
  for (let k = 1; k <= n; k++) {
    const v = u[n - k];
    cum += v;
    const t = (cum - 1) / k;
    if (v - t > 0) tau = t;
    else break;
  }
  for (let i = 0; i < n; i++) x[i] = Math.max(x[i] - tau, 0);
}

/**
 * min over ‖u‖ ≤ R of Σ_i w_i/2 (u_i − c_i)² (w_i ≥ 0): the comparator of the coordinate-wise
 * squared loss. Unconstrained minimiser c when ‖c‖ ≤ R (on the support of w); else the KKT point
 * u_i = w_i c_i / (w_i + μ) with ‖u‖ = R, μ > 0 found by bisection. Writes u, returns the minimum.
 */
export function weightedBallMin(w: Float64Array, c: Float64Array, R: number, u: Float64Array): number {
  const d = w.length;
  const normAt = (mu: number) => {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const ui = w[i] > 0 ? (w[i] * c[i]) / (w[i] + mu) : 0;
      s += ui * ui;
    }
    return Math.sqrt(s);
  };
  let mu = 0;
  if (normAt(0) > R) {
    let lo = 0;
    let hi = 1;
    while (normAt(hi) > R) hi *= 2;
    for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (normAt(mid) > R) lo = mid;
      else hi = mid;
    }
    mu = hi;
  }
  let value = 0;
  for (let i = 0; i < d; i++) {
    u[i] = w[i] > 0 ? (w[i] * c[i]) / (w[i] + mu) : 0;
    value += 0.5 * w[i] * (u[i] - c[i]) ** 2;
  }
  return value;
}
