/**
 * The f32 side of the mixed-precision SOR scheme (sor.wgsl) emulated on the CPU: the same
 * operations in the same order, each rounded to f32 with Math.fround, and the same reduction tree
 * (64-lane workgroup tree per block of 64 interior points, then 64 strided lane sums and a tree).
 * A red (black) sweep updates points that read only black (red) neighbours, so the GPU's order
 * within a colour does not matter and this one is exact. Not emulated: FMA contraction or a division
 * a driver might compute differently (WGSL allows neither to change more than rounding).
 *
 * Behind `solveMixed` it is a fast, deterministic stand-in for the device: tests at m = 256 and 512,
 * and tuning the schedule, which SwiftShader makes far too slow at large m (≈ 170 ms a sweep at 512).
 */
import {
  type GpuSorOptions,
  type GpuSorResult,
  type GpuSorSystem,
  SOR_MAX_CHUNK,
  type SorEngine,
  solveMixed,
} from "./sor";

const fr = Math.fround;

export class SorEmulator implements SorEngine {
  private readonly N: number;
  private readonly W: number;
  private readonly rhat: Float32Array;
  private readonly e: Float32Array;
  private readonly backup: Float32Array;
  private readonly sys: Float64Array;
  private readonly partials: Float32Array;
  private readonly scratch = new Float64Array(64);

  constructor(
    private readonly m: number,
    private readonly B: number,
    readonly maxChunk = SOR_MAX_CHUNK,
  ) {
    this.W = m + 2;
    this.N = this.W * this.W;
    this.rhat = new Float32Array(this.N * B);
    this.e = new Float32Array(this.N * B);
    this.backup = new Float32Array(this.N * B);
    this.sys = new Float64Array(3 * B);
    this.partials = new Float32Array(Math.ceil((m * m) / 64));
  }

  setSystem(i: number, wdHi: number, wdLo: number, diag: number): void {
    this.sys.set([fr(wdHi), fr(wdLo), fr(diag)], 3 * i);
  }

  setResidual(i: number, r: Float64Array): void {
    this.rhat.set(r, this.N * i);
  }

  resetCorrection(i: number): void {
    this.e.fill(0, this.N * i, this.N * (i + 1));
  }

  async run(chunk: number, budgets: Uint32Array): Promise<Float32Array> {
    this.backup.set(this.e);
    const out = new Float32Array(chunk * this.B).fill(Number.NaN);
    for (let i = 0; i < this.B; i++) {
      for (let j = 0; j < Math.min(chunk, budgets[i]); j++) {
        this.sweep(i, 0);
        this.sweep(i, 1);
        out[j * this.B + i] = this.residual(i);
      }
    }
    return out;
  }

  restore(i: number): void {
    this.e.set(this.backup.subarray(this.N * i, this.N * (i + 1)), this.N * i);
  }

  async read(which: readonly number[]): Promise<Float32Array[]> {
    return which.map((i) => this.e.slice(this.N * i, this.N * (i + 1)));
  }

  destroy(): void {}

  /** sor.wgsl `sweep` for one colour: e += wd_hi·g + wd_lo·g, g = (r̂ − d·e) + (((w + e) + n) + s). */
  private sweep(i: number, colour: number): void {
    const { m, W, e, rhat } = this;
    const base = this.N * i;
    const wdHi = this.sys[3 * i];
    const wdLo = this.sys[3 * i + 1];
    const d = this.sys[3 * i + 2];
    for (let iy = 0; iy < m; iy++) {
      for (let p = base + (iy + 1) * W + 1 + ((iy + colour) & 1), end = base + (iy + 1) * W + m; p <= end; p += 2) {
        const g = fr(fr(rhat[p] - fr(d * e[p])) + fr(fr(fr(e[p - 1] + e[p + 1]) + e[p - W]) + e[p + W]));
        e[p] = fr(e[p] + fr(fr(wdHi * g) + fr(wdLo * g)));
      }
    }
  }

  /** sor.wgsl `residual` then `reduce`: ‖r̂ − Ae‖² as the GPU sums it. */
  private residual(i: number): number {
    const { m, W, e, rhat, partials, scratch } = this;
    const base = this.N * i;
    const d = this.sys[3 * i + 2];
    const n = m * m;
    const blocks = partials.length;
    for (let bk = 0; bk < blocks; bk++) {
      for (let li = 0; li < 64; li++) {
        const q = bk * 64 + li;
        let v = 0;
        if (q < n) {
          const row = Math.floor(q / m);
          const p = base + (row + 1) * W + (q - row * m) + 1;
          const g = fr(fr(rhat[p] - fr(d * e[p])) + fr(fr(fr(e[p - 1] + e[p + 1]) + e[p - W]) + e[p + W]));
          v = fr(g * g);
        }
        scratch[li] = v;
      }
      partials[bk] = tree(scratch);
    }
    for (let li = 0; li < 64; li++) {
      let v = 0;
      for (let b = li; b < blocks; b += 64) v = fr(v + partials[b]);
      scratch[li] = v;
    }
    return tree(scratch);
  }
}

/** The workgroup tree: stride 32, 16, …, 1, lane l adding lane l + stride. */
function tree(s: Float64Array): number {
  for (let stride = 32; stride > 0; stride >>= 1) for (let l = 0; l < stride; l++) s[l] = fr(s[l] + s[l + stride]);
  return s[0];
}

/** The mixed-precision solve with the emulator as the engine (same results the device should give). */
export function emulateSor(m: number, systems: readonly GpuSorSystem[], opts?: GpuSorOptions): Promise<GpuSorResult> {
  return solveMixed(new SorEmulator(m, systems.length, opts?.maxChunk ?? SOR_MAX_CHUNK), m, systems, opts);
}
