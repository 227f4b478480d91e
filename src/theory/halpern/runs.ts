/**
 * Sparse-friendly storage of a square matrix by lines (rows or columns): each line a list of runs of
 * consecutive nonzeros, so dense game blocks and the QP's narrow bands are both cheap.
 *
 * Why WebAssembly: a dot product in JavaScript is one chain of dependent additions (each waits for the
 * last) with a bounds check per load. The kernel (wasm/runs.as.ts, embedded by `npm run build:wasm`)
 * keeps eight partial sums in four f64x2 accumulators over runs of eight or more, which leaves the loop
 * bound by loads from cache or memory instead (bench/halpern.ts measures it against the stream triad);
 * shorter runs are summed in plain order, so sparse lines give the bits a plain loop gives. The matrix
 * lives in the kernel's memory, so a pass copies only the vector in and the result out. Where
 * WebAssembly SIMD is missing, `dotAllScalar` does the kernel's operations in its order: the same bits.
 */
import { align16, compileEmbedded, growTo, KERNEL_BASE } from "../common/wasm";
import { WASM_BASE64 } from "./wasm/runs.wasm";

/**
 * The nonzero runs of `count` lines of length `count`: line l's runs are start[l] .. start[l+1]; run r
 * begins at index first[r] and holds vals[off[r] .. off[r+1]).
 */
export interface Runs {
  start: Int32Array;
  first: Int32Array;
  off: Int32Array;
  vals: Float64Array;
}

export function encodeRuns(count: number, line: (l: number, out: Float64Array) => void): Runs {
  const start = [0];
  const first: number[] = [];
  const off = [0];
  const vals: number[] = [];
  const buf = new Float64Array(count);
  for (let l = 0; l < count; l++) {
    buf.fill(0);
    line(l, buf);
    for (let i = 0; i < count; ) {
      if (buf[i] === 0) {
        i++;
        continue;
      }
      first.push(i);
      while (i < count && buf[i] !== 0) vals.push(buf[i++]);
      off.push(vals.length);
    }
    start.push(first.length);
  }
  return {
    start: Int32Array.from(start),
    first: Int32Array.from(first),
    off: Int32Array.from(off),
    vals: Float64Array.from(vals),
  };
}

interface Kernel {
  memory: WebAssembly.Memory;
  dotLines(lines: number, start: number, first: number, off: number, vals: number, v: number, out: number): void;
}

/** Whether `PackedRuns` passes run on the WebAssembly SIMD kernel (false: the scalar twin). */
export function runsUseWasm(): boolean {
  return compileEmbedded(WASM_BASE64) !== null;
}

/** A matrix's line runs, placed in a kernel instance's memory of their own (read them, never write). */
export class PackedRuns implements Runs {
  readonly start: Int32Array;
  readonly first: Int32Array;
  readonly off: Int32Array;
  readonly vals: Float64Array;
  private readonly kernel: Kernel | null;
  /** Byte offsets of the arrays, then of the kernel's copies of v and out. */
  private readonly at: { start: number; first: number; off: number; vals: number; v: number; out: number };
  private readonly vIn: Float64Array;
  private readonly outIn: Float64Array;

  constructor(
    readonly count: number,
    runs: Runs,
    forceScalar = false,
  ) {
    const mod = forceScalar ? null : compileEmbedded(WASM_BASE64);
    const kernel = mod ? new WebAssembly.Instance(mod, {}).exports : null;
    this.kernel = kernel as unknown as Kernel | null;
    const at = { start: KERNEL_BASE, first: 0, off: 0, vals: 0, v: 0, out: 0 };
    at.first = at.start + align16(runs.start.byteLength);
    at.off = at.first + align16(runs.first.byteLength);
    at.vals = at.off + align16(runs.off.byteLength);
    at.v = at.vals + align16(runs.vals.byteLength);
    at.out = at.v + align16(8 * count);
    this.at = at;
    const needed = at.out + align16(8 * count);
    let buffer: ArrayBuffer;
    if (this.kernel) {
      const memory = this.kernel.memory;
      growTo(memory, needed); // before any view is taken
      buffer = memory.buffer;
    } else buffer = new ArrayBuffer(needed);
    this.start = new Int32Array(buffer, at.start, runs.start.length);
    this.first = new Int32Array(buffer, at.first, runs.first.length);
    this.off = new Int32Array(buffer, at.off, runs.off.length);
    this.vals = new Float64Array(buffer, at.vals, runs.vals.length);
    this.vIn = new Float64Array(buffer, at.v, count);
    this.outIn = new Float64Array(buffer, at.out, count);
    this.start.set(runs.start);
    this.first.set(runs.first);
    this.off.set(runs.off);
    this.vals.set(runs.vals);
  }

  /** out[l] += Σ over line l's runs of vals · v, for every line (v and out of length `count`). */
  dotAll(v: Float64Array, out: Float64Array): void {
    const n = this.count;
    if (!this.kernel) {
      this.dotAllScalar(v, out);
      return;
    }
    this.vIn.set(v.subarray(0, n));
    this.outIn.set(out.subarray(0, n));
    const at = this.at;
    this.kernel.dotLines(n, at.start, at.first, at.off, at.vals, at.v, at.out);
    out.set(this.outIn);
  }

  /** `dotAll` without WebAssembly: the kernel's eight lanes and tail, summed in its order. */
  dotAllScalar(v: Float64Array, out: Float64Array): void {
    const { start, first, off, vals } = this;
    for (let l = 0; l < this.count; l++) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let s4 = 0;
      let s5 = 0;
      let s6 = 0;
      let s7 = 0;
      let t = out[l];
      let dense = false;
      for (let r = start[l]; r < start[l + 1]; r++) {
        let k = off[r];
        const end = off[r + 1];
        const blocks = k + ((end - k) & ~7);
        dense ||= blocks > k;
        for (let b = first[r]; k < blocks; k += 8, b += 8) {
          s0 += vals[k] * v[b];
          s1 += vals[k + 1] * v[b + 1];
          s2 += vals[k + 2] * v[b + 2];
          s3 += vals[k + 3] * v[b + 3];
          s4 += vals[k + 4] * v[b + 4];
          s5 += vals[k + 5] * v[b + 5];
          s6 += vals[k + 6] * v[b + 6];
          s7 += vals[k + 7] * v[b + 7];
        }
        for (let b = first[r] + k - off[r]; k < end; k++, b++) t += vals[k] * v[b];
      }
      // f64x2 lanes: a0 = (s0, s1), …, a3 = (s6, s7); the kernel adds (a0 + a1) + (a2 + a3), then its lanes.
      if (dense) t += s0 + s2 + (s4 + s6) + (s1 + s3 + (s5 + s7));
      out[l] = t;
    }
  }
}
