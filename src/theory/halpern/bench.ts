/**
 * For the lead's bench/: the cost of one full operator pass of the paper's 500×500 matrix game
 * (F(x,y) = (Aᵀy, −Ax): two matrix–vector products' worth of work) against one plain 500×500
 * matrix–vector product, the floor. Pure: the caller passes its clock (performance.now).
 */
import { instanceRng } from "./methods";
import { policemanBurglar } from "./problems";

export interface PassTiming {
  n: number;
  /** Milliseconds per full pass F(u) (n component calls). */
  fullPassMs: number;
  /** Milliseconds per plain row-major A·x. */
  matVecMs: number;
  /** fullPassMs / matVecMs (≈ 2 at the floor: a pass is Aᵀy and Ax). */
  ratio: number;
}

/** out = A x for row-major n×n A: the reference kernel. */
export function plainMatVec(A: Float64Array, x: Float64Array, out: Float64Array, n = x.length): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += A[row + j] * x[j];
    out[i] = s;
  }
}

export function timeMatrixGamePass(now: () => number, n = 500, reps = 200): PassTiming {
  const p = policemanBurglar(n, 0.8, instanceRng(1));
  const u = Float64Array.from(p.u0);
  const out = new Float64Array(2 * n);
  const x = u.subarray(0, n);
  const y = new Float64Array(n);
  for (let r = 0; r < 20; r++) {
    p.op.apply(u, out);
    plainMatVec(p.A, x, y, n);
  }
  let t = now();
  for (let r = 0; r < reps; r++) p.op.apply(u, out);
  const fullPassMs = (now() - t) / reps;
  t = now();
  for (let r = 0; r < reps; r++) plainMatVec(p.A, x, y, n);
  const matVecMs = (now() - t) / reps;
  return { n, fullPassMs, matVecMs, ratio: fullPassMs / matVecMs };
}
