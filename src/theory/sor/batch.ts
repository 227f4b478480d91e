/**
 * SOR counts for many ω on one system at once (every method's ω, or the whole grid, per instance).
 * Why WebAssembly: a natural sweep in JavaScript is latency-bound (each point reads its west
 * neighbour's new value) and bounds-checked, 6.5 ns per point at m = 10 against 3.1 ns in C.
 * Interleaving the systems point by point ("lanes", x[p·K + k]) breaks the chain and SIMD updates two
 * lanes per f64x2: 1.5 ns per point and lane (wasm/batch.as.ts, embedded by `npm run build:wasm`).
 * A lane leaves as soon as it converges (or diverges). Each lane's arithmetic is the scalar solver's in the same
 * order, so counts are bitwise `Stencil.sorCount`'s (batch.test.ts); without SIMD the scalar solver runs.
 */
import { align16, compileEmbedded, growTo, KERNEL_BASE } from "../common/wasm";
import { divergenceLimit, hasDiverged, norm2, type SorOptions, Stencil } from "./solver";
import { WASM_BASE64 } from "./wasm/batch.wasm";

/** The sweep's arguments: the ordering, sizes, the stencil, then byte offsets into the module's memory. */
type Offsets = [b: number, x: number, dx: number, wd: number, cr: number, rr: number, rowRR: number];
type SweepArgs = [redBlack: number, m: number, K: number, d: number, s: number, ...Offsets];

interface Kernel {
  memory: WebAssembly.Memory;
  sweep(...args: SweepArgs): void;
}

/** The compiled kernel module, or null where WebAssembly SIMD is unavailable (compiled once). */
const kernelModule = () => compileEmbedded(WASM_BASE64);

/** Whether batches run on the WebAssembly SIMD kernel (false: the scalar fallback). */
export function batchUsesWasm(): boolean {
  return kernelModule() !== null;
}

export class SorBatch {
  private readonly W: number;
  private readonly N: number;
  private readonly kernel: Kernel | null;
  /** The fallback, only where the kernel is missing. */
  private readonly scalar: Stencil | null;

  constructor(
    readonly m: number,
    forceScalar = false,
  ) {
    this.W = m + 2;
    this.N = this.W * this.W;
    const mod = forceScalar ? null : kernelModule();
    this.kernel = mod ? (new WebAssembly.Instance(mod, {}).exports as unknown as Kernel) : null;
    this.scalar = this.kernel ? null : new Stencil(m);
  }

  /**
   * out[i] = the SOR count at omegas[i] for (d·I − s·adjacency) x = b from x = 0 (the padded layout of
   * solver.ts), +∞ where the cap is hit, NaN where the run diverged (its residual grew past
   * `divergenceLimit`·‖b‖ or overflowed; that lane leaves at once): `Stencil.sorCount`'s numbers.
   */
  counts(
    d: number,
    s: number,
    b: Float64Array,
    omegas: ArrayLike<number>,
    opts: SorOptions,
    out = new Float64Array(omegas.length),
  ): Float64Array {
    const n = omegas.length;
    if (n === 0) return out;
    if (this.scalar) {
      this.scalar.d = d;
      this.scalar.s = s;
      for (let i = 0; i < n; i++) out[i] = this.scalar.sorCount(b, omegas[i], opts);
      return out;
    }
    const norm0 = norm2(b);
    if (norm0 === 0) return out.fill(0);
    const { m, N } = this;
    const limit = divergenceLimit(m, d, s);
    const kernel = this.kernel!;
    // Lanes come in pairs (one f64x2); an odd batch carries a copy of lane 0 whose result is ignored.
    let K = n + (n & 1);
    const at = { b: KERNEL_BASE, x: 0, dx: 0, wd: 0, cr: 0, rr: 0, rowRR: 0 };
    at.x = at.b + align16(8 * N);
    at.dx = at.x + align16(8 * N * K);
    at.wd = at.dx + align16(8 * N * K);
    at.cr = at.wd + align16(8 * K);
    at.rr = at.cr + align16(8 * K);
    at.rowRR = at.rr + align16(8 * K);
    const needed = at.rowRR + align16(8 * K);
    growTo(kernel.memory, needed);
    const heap = new Float64Array(kernel.memory.buffer);
    const view = (byteOffset: number, length: number) => heap.subarray(byteOffset / 8, byteOffset / 8 + length);
    view(at.b, N).set(b);
    const x = view(at.x, N * K).fill(0);
    const dx = view(at.dx, N * K).fill(0);
    const wd = view(at.wd, K);
    const cr = view(at.cr, K);
    const rr = view(at.rr, K);
    const lane = new Int32Array(K);
    for (let k = 0; k < K; k++) {
      const i = k < n ? k : 0;
      wd[k] = omegas[i] / d;
      cr[k] = (d * (1 - omegas[i])) / omegas[i];
      lane[k] = k < n ? i : -1;
    }
    const redBlack = opts.ordering === "natural" ? 0 : 1;
    let active = n;
    const keep: number[] = [];
    for (let it = 1; it <= opts.cap && active > 0; it++) {
      kernel.sweep(redBlack, m, K, d, s, at.b, at.x, at.dx, at.wd, at.cr, at.rr, at.rowRR);
      keep.length = 0;
      for (let k = 0; k < K; k++) {
        if (lane[k] < 0) continue;
        // The scalar solver's test order: converged, else diverged, else go on.
        const rn = Math.sqrt(rr[k]);
        if (rn / norm0 < opts.tol) out[lane[k]] = it;
        else if (hasDiverged(rn, norm0, limit)) out[lane[k]] = Number.NaN;
        else keep.push(k);
      }
      if (keep.length < active) {
        active = keep.length;
        K = repack(keep, K, N, x, dx, wd, cr, lane);
      }
    }
    for (let k = 0; k < K; k++) if (lane[k] >= 0) out[lane[k]] = Number.POSITIVE_INFINITY;
    return out;
  }
}

/**
 * Keeps only the lanes `keep` (ascending), at stride K' = |keep| rounded up to even, in place (each
 * write lands at or before the slot it reads). Returns K'.
 */
function repack(
  keep: number[],
  K: number,
  N: number,
  x: Float64Array,
  dx: Float64Array,
  wd: Float64Array,
  cr: Float64Array,
  lane: Int32Array,
): number {
  const live = keep.length;
  const K2 = live + (live & 1);
  if (live === 0) return 0;
  for (let p = 0; p < N; p++) {
    const from = p * K;
    const to = p * K2;
    for (let j = 0; j < live; j++) {
      x[to + j] = x[from + keep[j]];
      dx[to + j] = dx[from + keep[j]];
    }
    if (K2 > live) {
      x[to + live] = x[to];
      dx[to + live] = dx[to];
    }
  }
  for (let j = 0; j < live; j++) {
    wd[j] = wd[keep[j]];
    cr[j] = cr[keep[j]];
    lane[j] = lane[keep[j]];
  }
  if (K2 > live) {
    wd[live] = wd[0];
    cr[live] = cr[0];
    lane[live] = -1;
  }
  return K2;
}
