/**
 * The WebAssembly red-black sweep behind `Stencil`'s red-black solves (wasm/sweep.as.ts, embedded by
 * `npm run build:wasm`). Why: the JavaScript loop, tuned as far as V8 goes, still pays per access for
 * the array's checks and index arithmetic and does one point per operation. The kernel keeps the grid
 * split by colour in its own memory, so two points of one colour are one f64x2 and every load is a
 * pointer plus a constant. It does the JavaScript sweep's arithmetic in the same order (‖r‖² term by
 * term), so counts and residual histories are bitwise the same (test/theory/sor/sweep.test.ts).
 *
 * The grid lives in the module's memory for the whole solve: `start` copies b in, each `sweep` works
 * in place, `finish` copies x out. One instance serves every Stencil: a solve runs start … finish
 * without yielding, so two never overlap.
 */
import { compileEmbedded, growTo, KERNEL_BASE } from "../common/wasm";
import { WASM_BASE64 } from "./wasm/sweep.wasm";

interface Exports {
  memory: WebAssembly.Memory;
  bytes(m: number, base: number): number;
  start(m: number, base: number): void;
  sweep(m: number, d: number, s: number, omega: number, base: number): number;
  finish(m: number, base: number): void;
}

export class RedBlackKernel {
  private m = 1;

  constructor(private readonly exports: Exports) {}

  /** Lay out the m × m system: x = dx = 0 and b (its first N entries, 0 past its end). */
  start(m: number, b: Float64Array): void {
    const { memory, bytes, start } = this.exports;
    const N = (m + 2) * (m + 2);
    this.m = m;
    growTo(memory, KERNEL_BASE + bytes(m, KERNEL_BASE));
    // The padded b goes to a scratch vector at KERNEL_BASE, which the kernel spreads into its layout.
    const rhs = new Float64Array(memory.buffer, KERNEL_BASE, N);
    const n = Math.min(N, b.length);
    rhs.set(n < b.length ? b.subarray(0, n) : b);
    rhs.fill(0, n);
    start(m, KERNEL_BASE);
  }

  /** One red-black sweep in place; ‖r‖² after it. */
  sweep(d: number, s: number, omega: number): number {
    return this.exports.sweep(this.m, d, s, omega, KERNEL_BASE);
  }

  /** x (padded, ghosts 0) ← the iterate. */
  finish(x: Float64Array): void {
    const { memory, finish } = this.exports;
    finish(this.m, KERNEL_BASE);
    x.set(new Float64Array(memory.buffer, KERNEL_BASE, x.length));
  }
}

let kernel: RedBlackKernel | null | undefined;

/** The shared kernel, or null where WebAssembly (SIMD, see compileEmbedded) is unavailable. */
export function redBlackKernel(): RedBlackKernel | null {
  if (kernel === undefined) {
    const mod = compileEmbedded(WASM_BASE64);
    kernel = mod ? new RedBlackKernel(new WebAssembly.Instance(mod, {}).exports as unknown as Exports) : null;
  }
  return kernel;
}
