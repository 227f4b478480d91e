/**
 * Euclidean projection onto the probability simplex Δ = {u ≥ 0, Σu = 1}.
 *
 * `projectSimplexSort` is the sort-based algorithm of the spec (sort descending, largest ρ with
 * u_ρ > (Σ_{j≤ρ} u_j − 1)/ρ, then threshold). Unlike the released Python `projection()`, it has no
 * special branch for points already inside the simplex: the threshold is then exactly 0 and the
 * point comes back unchanged (the Python version fails there with an undefined variable).
 *
 * `projectSimplex` (used in the algorithms) is Michelot's (1986) active-set variant: repeatedly
 * drop coordinates at or below the current threshold (about three O(d) passes on the matrix game's
 * iterates), so the inner loops of VR-EG and VR-FoRB do not pay d log d per step. Tested against
 * the sort version on interior, boundary and random points.
 */

/** Projects u[off .. off+len) in place; `work` needs length ≥ len. */
export function projectSimplexSort(u: Float64Array, off = 0, len = u.length - off, work = new Float64Array(len)): void {
  const s = work.subarray(0, len);
  for (let i = 0; i < len; i++) s[i] = u[off + i];
  s.sort();
  // s ascending: walk from the largest entry down.
  let cumsum = 0;
  let tau = 0;
  for (let r = 1; r <= len; r++) {
    const v = s[len - r];
    cumsum += v;
    const t = (cumsum - 1) / r;
    if (v > t) tau = t;
    else break;
  }
  threshold(u, off, len, tau);
}

/** Michelot's algorithm; same contract as projectSimplexSort. */
export function projectSimplex(u: Float64Array, off = 0, len = u.length - off): void {
  let sum = 0;
  for (let i = 0; i < len; i++) sum += u[off + i];
  let count = len;
  let tau = (sum - 1) / count;
  // Each pass removes every coordinate ≤ τ from the active set; τ only grows, so coordinates once
  // removed stay removed (Michelot 1986). At most len passes, typically a handful.
  for (;;) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < len; i++) {
      const v = u[off + i];
      if (v > tau) {
        s += v;
        c++;
      }
    }
    const next = (s - 1) / c;
    if (c === count || next === tau) {
      tau = next;
      break;
    }
    count = c;
    tau = next;
  }
  threshold(u, off, len, tau);
}

/** u ← max(u − τ, 0) on u[off .. off+len). */
function threshold(u: Float64Array, off: number, len: number, tau: number): void {
  for (let i = 0; i < len; i++) u[off + i] = Math.max(u[off + i] - tau, 0);
}
