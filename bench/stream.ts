/**
 * The memory-bandwidth ceiling benches report against: the STREAM triad a[i] = b[i] + s·c[i] over
 * Float64Arrays far bigger than the last-level cache, in this Node process. STREAM counts 24 bytes an
 * element (two reads, one write; not the write-allocate read).
 */
import { median } from "./report";

/** Median GB/s of `reps` triads over three arrays of `mib` MiB each, after one warm-up pass. */
export function streamTriad(mib = 128, reps = 9): { gbs: number; runs: number[] } {
  const n = (mib * 2 ** 20) / 8;
  const a = new Float64Array(n);
  const b = new Float64Array(n).fill(1);
  const c = new Float64Array(n).fill(2);
  const triad = (s: number) => {
    for (let i = 0; i < n; i++) a[i] = b[i] + s * c[i];
  };
  triad(3);
  const runs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    triad(3 + r);
    runs.push((24 * n) / ((performance.now() - t0) * 1e6));
  }
  if (a[n - 1] !== 1 + 2 * (3 + reps - 1)) throw new Error("stream triad: wrong result");
  return { gbs: median(runs), runs };
}

/** A mat-vec streams 8 bytes of matrix per multiply and add, so its memory-bound GFLOP/s is GB/s / 4. */
export const matVecLimit = (gbs: number) => gbs / 4;
