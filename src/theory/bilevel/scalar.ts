/**
 * Global minimisation of a smooth function on an interval: a uniform scan finds the basin of the
 * global minimum, then the derivative's sign change in that basin is solved to machine precision
 * (Illinois regula falsi with bisection safeguard). Used for the 1-D lower levels of T3/T5 and for
 * the minimisers of ψ and ψ_σ on 1-D upper levels, where closed forms do not exist.
 */

/** Root of `d` in [a, b] given d(a) < 0 < d(b) (or the reverse). */
export function bracketedRoot(d: (t: number) => number, a: number, b: number, da = d(a), db = d(b)): number {
  if (da === 0) return a;
  if (db === 0) return b;
  let side = 0;
  for (let it = 0; it < 200; it++) {
    const width = b - a;
    if (Math.abs(width) <= 4e-16 * Math.max(1, Math.abs(a), Math.abs(b))) break;
    let c = (a * db - b * da) / (db - da);
    // Bisect when the secant point hugs an end (slow convergence) or falls outside.
    if (!(c > Math.min(a, b) && c < Math.max(a, b)) || it % 4 === 3) c = 0.5 * (a + b);
    const dc = d(c);
    if (dc === 0) return c;
    if (Math.sign(dc) === Math.sign(da)) {
      a = c;
      da = dc;
      if (side === -1) db *= 0.5;
      side = -1;
    } else {
      b = c;
      db = dc;
      if (side === 1) da *= 0.5;
      side = 1;
    }
  }
  return Math.abs(da) < Math.abs(db) ? a : b;
}

/**
 * argmin of `fun` on [lo, hi] (derivative `d`): scan `n` + 1 points, then refine the best one.
 * A boundary point is returned when the minimum sits on the boundary.
 */
export function minimizeOnInterval(
  fun: (t: number) => number,
  d: (t: number) => number,
  lo: number,
  hi: number,
  n = 48,
): number {
  let best = 0;
  let bestVal = Number.POSITIVE_INFINITY;
  const h = (hi - lo) / n;
  for (let i = 0; i <= n; i++) {
    const v = fun(lo + i * h);
    if (v < bestVal) {
      bestVal = v;
      best = i;
    }
  }
  const t = lo + best * h;
  const dt = d(t);
  if (dt === 0) return t;
  if (dt > 0) {
    if (best === 0) return lo;
    const a = t - h;
    const da = d(a);
    return da < 0 ? bracketedRoot(d, a, t, da, dt) : golden(fun, a, t);
  }
  if (best === n) return hi;
  const b = t + h;
  const db = d(b);
  return db > 0 ? bracketedRoot(d, t, b, dt, db) : golden(fun, t, b);
}

/** Golden-section search (fallback when the derivative shows no sign change). */
function golden(fun: (t: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let e = a + r * (b - a);
  let fc = fun(c);
  let fe = fun(e);
  for (let it = 0; it < 100 && b - a > 1e-14 * Math.max(1, Math.abs(a)); it++) {
    if (fc < fe) {
      b = e;
      e = c;
      fe = fc;
      c = b - r * (b - a);
      fc = fun(c);
    } else {
      a = c;
      c = e;
      fc = fe;
      e = a + r * (b - a);
      fe = fun(e);
    }
  }
  return 0.5 * (a + b);
}
