/** Counting and enumerating what the sparse learners range over: s-subsets and ε-nets. */

/** C(n, r) as a float (exact below 2^53). */
export function binomial(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  const m = Math.min(r, n - r);
  let c = 1;
  for (let i = 1; i <= m; i++) c = (c * (n - m + i)) / i;
  return Math.round(c);
}

/** All s-subsets of {0, …, d−1} in lexicographic order, packed C(d, s) × s. */
export function supports(d: number, s: number): Int32Array {
  const count = binomial(d, s);
  const out = new Int32Array(count * s);
  const idx = Int32Array.from({ length: s }, (_, i) => i);
  for (let c = 0; c < count; c++) {
    out.set(idx, c * s);
    // Next combination: bump the rightmost index that can still move.
    let i = s - 1;
    while (i >= 0 && idx[i] === d - s + i) i--;
    if (i < 0) break;
    idx[i]++;
    for (let j = i + 1; j < s; j++) idx[j] = idx[j - 1] + 1;
  }
  return out;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export interface SparseNet {
  /** Grid points h·(z + ½), z ∈ ℤ^s, with norm ≤ 1 + ε: an ε-net of the unit ball of ℝ^s. */
  points: number;
  /** The grid points themselves, packed points × s. */
  grid: Float64Array;
  /** Distinct directions among them (unit vectors, packed directions × s). */
  directions: Float64Array;
  count: number;
}

/**
 * An ε-net of the unit ball of ℝ^s: the shifted cubic grid with spacing h = 2ε/√s (every point of
 * ℝ^s lies within h√s/2 = ε of a grid point; the nearest one to a point of the ball has norm ≤ 1+ε).
 * The shift by h/2 keeps every coordinate non-zero, so nets on different supports never share a
 * vector. The greedy action of θ′ depends only on θ′/‖θ′‖, so only distinct directions are kept
 * (odd integer vectors reduced by their gcd).
 */
export function sparseNet(s: number, eps: number): SparseNet {
  if (!(eps > 0)) throw new RangeError(`sparseNet: ε must be > 0, got ${eps}`);
  const h = (2 * eps) / Math.sqrt(s);
  // Grid point (h/2)·o with o odd; keep ‖o‖ ≤ R.
  const R = (2 * (1 + eps)) / h;
  const maxOdd = Math.floor(R);
  const odd: number[] = [];
  for (let o = -maxOdd; o <= maxOdd; o++) if (o % 2 !== 0) odd.push(o);
  const seen = new Set<string>();
  const dirs: number[] = [];
  const grid: number[] = [];
  const o = new Array<number>(s).fill(0);
  const pos = new Array<number>(s).fill(0);
  const r2 = R * R;
  for (;;) {
    let n2 = 0;
    for (let i = 0; i < s; i++) {
      o[i] = odd[pos[i]];
      n2 += o[i] * o[i];
    }
    if (n2 <= r2 * (1 + 1e-12)) {
      for (let i = 0; i < s; i++) grid.push((h / 2) * o[i]);
      const g = o.reduce((acc, v) => gcd(acc, Math.abs(v)), 0);
      const key = o.map((v) => v / g).join(",");
      if (!seen.has(key)) {
        seen.add(key);
        const norm = Math.sqrt(n2);
        for (let i = 0; i < s; i++) dirs.push(o[i] / norm);
      }
    }
    let i = s - 1;
    while (i >= 0 && pos[i] === odd.length - 1) pos[i--] = 0;
    if (i < 0) break;
    pos[i]++;
  }
  const [points, count] = [grid.length / s, dirs.length / s];
  return { points, grid: Float64Array.from(grid), directions: Float64Array.from(dirs), count };
}
