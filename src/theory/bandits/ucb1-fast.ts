/**
 * UCB1 runs on the WebAssembly SIMD kernel (wasm/ucb1.as.ts, embedded by `npm run build:wasm`).
 *
 * Why: the generic loop (simulate.ts with policies.ts's Ucb1) pays per round a virtual select, K
 * divisions for the means and K for the widths, K square roots one at a time, and Philox's 64-bit
 * products emulated in 32-bit halves. The kernel keeps each arm's mean until that arm's sum changes,
 * computes two arms per f64x2 (IEEE per lane) and has native 64-bit products. It consumes the run's
 * Philox words in DRAW ORDER and evaluates the same expressions in the same order, so each run's
 * checkpoints and counts are bitwise the generic loop's (test/theory/bandits/ucb1-fast.test.ts);
 * where WebAssembly SIMD is missing, the caller plays the generic loop instead (the same bits, slower).
 */
import { align16, compileEmbedded, growTo, KERNEL_BASE } from "../common/wasm";
import type { BanditEnv } from "./problems";
import type { RunRecorder } from "./simulate";
import { WASM_BASE64 } from "./wasm/ucb1.wasm";

interface Kernel {
  memory: WebAssembly.Memory;
  run(
    K: number,
    T: number,
    G: number,
    phases: number,
    bernoulli: number,
    width: number,
    sigma: number,
    seedLo: number,
    seedHi: number,
    stream: number,
    substream: number,
    ...offsets: number[]
  ): void;
}

/** The identity of a fresh stream `new Rng(seed, stream, substream)` (common/rng.ts). */
export interface StreamId {
  seed: number;
  stream: number;
  substream: number;
}

const ARRAYS = ["mu", "phaseStart", "grid", "gaps", "best", "out", "counts", "sum", "n", "mean", "index"];
type Offsets = Record<(typeof ARRAYS)[number], number>;

let kernel: Kernel | null | undefined;
/** The table 2 ln t at KERNEL_BASE (below it the kernel keeps its Philox block, at byte 512) covers t ≤ tableT (kept as horizons vary: a horizon sweep alternates them). */
let tableT = 0;
let placedEnv: BanditEnv | null = null;
let placedRec: RunRecorder | null = null;
let at: Offsets = {};

function load(): Kernel | null {
  if (kernel === undefined) {
    const mod = compileEmbedded(WASM_BASE64);
    // Box–Muller's log, sin and cos are the host's: a WebAssembly libm would round differently.
    // asc names the import module after the compiled string ("input").
    const input = { hostLog: Math.log, hostSin: Math.sin, hostCos: Math.cos };
    kernel = mod ? (new WebAssembly.Instance(mod, { input }).exports as unknown as Kernel) : null;
  }
  return kernel;
}

/** Whether UCB1 runs go to the WebAssembly SIMD kernel (false: the generic loop plays them). */
export function ucb1UsesWasm(): boolean {
  return load() !== null;
}

function place(k: Kernel, env: BanditEnv, rec: RunRecorder, T: number): void {
  const K = env.K;
  const G = rec.grid.length;
  const bytes: Offsets = { mu: env.phaseMeans.length * 8, phaseStart: env.phaseStart.length * 4, grid: G * 4 };
  for (const name of ["best", "out"]) bytes[name] = G * 8;
  for (const name of ["gaps", "counts"]) bytes[name] = K * 8;
  const cap = Math.max(T, tableT);
  let p = KERNEL_BASE + align16((cap + 1) * 8);
  at = {};
  for (const name of ARRAYS) {
    at[name] = p;
    p += align16(bytes[name] ?? ((K + 1) >> 1) * 16); // the kernel's scratch: arm pairs
  }
  growTo(k.memory, p);
  const buf = k.memory.buffer;
  if (cap > tableT) {
    const table = new Float64Array(buf, KERNEL_BASE, cap + 1);
    for (let t = 1; t <= cap; t++) table[t] = 2 * Math.log(t); // Ucb1.select's twoLogT
    tableT = cap;
  }
  new Float64Array(buf, at.mu, env.phaseMeans.length).set(env.phaseMeans);
  new Int32Array(buf, at.phaseStart, env.phaseStart.length).set(env.phaseStart);
  new Int32Array(buf, at.grid, G).set(rec.grid);
  new Float64Array(buf, at.gaps, K).set(rec.gaps);
  if (rec.best) new Float64Array(buf, at.best, G).set(rec.best);
  placedEnv = env;
  placedRec = rec;
}

/**
 * Plays one UCB1 run (width as Ucb1's) on the fresh stream `id`, writing what simulateRun writes:
 * the checkpoints into out[offset …] and the final pull counts into `counts`. Returns false, doing
 * nothing, where the kernel is unavailable.
 */
export function ucb1RunWasm(
  env: BanditEnv,
  rec: RunRecorder,
  width: number,
  id: StreamId,
  out: Float64Array,
  offset: number,
  counts: Float64Array,
): boolean {
  const k = load();
  if (!k) return false;
  const T = rec.grid[rec.grid.length - 1];
  if (env !== placedEnv || rec !== placedRec || T > tableT) place(k, env, rec, T);
  const G = rec.grid.length;
  k.run(
    env.K,
    T,
    G,
    env.phaseStart.length,
    env.model === "bernoulli" ? 1 : 0,
    width,
    env.sigma,
    id.seed >>> 0,
    Math.floor(id.seed / 2 ** 32) >>> 0,
    id.stream >>> 0,
    id.substream >>> 0,
    KERNEL_BASE,
    ...ARRAYS.map((name) => (name === "best" && !rec.best ? 0 : at[name])),
  );
  const buf = k.memory.buffer;
  out.set(new Float64Array(buf, at.out, G), offset);
  counts.set(new Float64Array(buf, at.counts, env.K));
  return true;
}
