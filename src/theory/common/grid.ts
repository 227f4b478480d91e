/**
 * Integer checkpoints 1 ≤ t ≤ T, roughly log-spaced, strictly increasing, always including 1 and T.
 * Long runs record only these points (a few hundred per series), never every iterate.
 */
export function logGrid(T: number, points = 200): Int32Array {
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`logGrid needs an integer T ≥ 1, got ${T}`);
  const out: number[] = [];
  const ratio = Math.log(T) / Math.max(1, points - 1);
  let last = 0;
  for (let i = 0; i < points; i++) {
    const t = Math.min(T, Math.max(last + 1, Math.round(Math.exp(i * ratio))));
    if (t > last) {
      out.push(t);
      last = t;
    }
    if (last === T) break;
  }
  if (last !== T) out.push(T);
  return Int32Array.from(out);
}

/** Integer checkpoints 0, step, 2·step, …, ending exactly at T (for linear axes). */
export function linearGrid(T: number, points = 200): Int32Array {
  const step = Math.max(1, Math.ceil(T / points));
  const out: number[] = [];
  for (let t = step; t < T; t += step) out.push(t);
  out.push(T);
  return Int32Array.from(out);
}

/** `n` log-spaced real values from a to b inclusive (a, b > 0). */
export function logspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const la = Math.log(a);
  const lb = Math.log(b);
  for (let i = 0; i < n; i++) out[i] = Math.exp(n === 1 ? la : la + ((lb - la) * i) / (n - 1));
  if (n > 1) {
    out[0] = a;
    out[n - 1] = b;
  }
  return out;
}
