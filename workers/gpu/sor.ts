/**
 * Red-black SOR with mixed-precision defect correction (spec § 5.3) for a batch of systems (own ω,
 * shift and right-hand side each), split in two:
 *   - an `SorEngine` runs the f32 correction sweeps A e = r̂ (r̂ = f32(r)) from e = 0 and reports
 *     ‖r̂ − Ae‖² after each sweep: `WebGpuSorEngine` below on a device (sor.wgsl), or the f32 CPU
 *     emulator in sor-emulator.ts (same operations, same reduction tree; tests and tuning);
 *   - `solveMixed` keeps x, r = b − Ax and ‖b‖ in f64 and schedules the engine.
 *
 * The schedule, per system:
 *   - Refresh (x += e, r = b − Ax in f64, e = 0) once the f32 estimate ‖r̂ − Ae‖ falls below rf·‖r‖,
 *     and in any case every `refreshEvery` sweeps. In exact arithmetic restarting the correction sweep
 *     changes nothing, so refreshes cost only time. The sweep limit is what keeps large m accurate: from
 *     x = 0 the residual at ω ≈ ω* first grows (about 100× at m = 512) before it decays, so an rf-only
 *     rule ran ~900 sweeps on one correction whose f32 rounding (≈ ε_f32·‖A‖·‖e‖, and ‖e‖ ≈ the whole
 *     transient) cost 226 extra sweeps at m = 512. Refreshing every ≤ 128 sweeps gives the f64 counts.
 *   - Decide the count on the f64 residual only: every chunk of sweeps is checked against the zone
 *     ‖r‖ < (tol·‖b‖ + margin), margin = 4× the largest estimate error seen at a refresh (relative to
 *     ‖r‖ there). A chunk whose estimates enter the zone is rolled back (the engine saves e at each
 *     chunk's start), re-run up to the sweep before, refreshed, and the rest goes one sweep per
 *     submission with a refresh after each, so the count is the first sweep whose f64 residual of the
 *     mixed-precision iterate is below tol·‖b‖, like the CPU solver's.
 * Chunk lengths come from Young's ρ so that a chunk stops near its refresh point or the zone; a chunk
 * that overshoots the zone costs one rolled-back chunk (reported as `wasted`).
 */
import { divergenceLimit, hasDiverged, norm2, residualNorm } from "../../src/theory/sor/solver";
import { sorSpectralRadius } from "../../src/theory/sor/young";
import { compileChecked } from "./device";

export interface GpuSorSystem {
  omega: number;
  /** Diagonal shift c: A = (4 + c)I − adjacency. */
  shift: number;
  /** Right-hand side on the padded (m+2)² grid, ghosts 0 (src/theory/sor/solver.ts layout). */
  b: Float64Array;
}

export interface GpuSorOptions {
  tol?: number;
  cap?: number;
  /** Refresh once the f32 inner residual < rf·‖r‖ (default 0.1). */
  rf?: number;
  /** Refresh at least every this many sweeps (default 128; see the header). */
  refreshEvery?: number;
  /** Most iterations encoded per submission (each costs 5 dispatches; at most the engine's). */
  maxChunk?: number;
  /** Called after each submission with the number of systems finished so far. */
  onProgress?: (systemsDone: number) => void;
}

export interface GpuSorResult {
  /** Sweeps until the f64 relative residual < tol (strict), +∞ if the cap was hit or it diverged. */
  counts: number[];
  /** The iterate at the count (padded f64), or at the cap. */
  solutions: Float64Array[];
  /** f64 refreshes per system. */
  refreshes: number[];
  /** The f64 relative residual of the returned solution. */
  finalResidual: number[];
  /** Largest |f32 estimate − f64 residual| / ‖r‖ at the previous refresh, per system. */
  estimateError: number[];
  /** Iterations the engine ran (the longest budget of each submission, summed). */
  sweeps: number;
  /** Sweeps rolled back per system (a chunk that overshot into the decision zone). */
  wasted: number[];
  submissions: number;
}

/** The f32 side of the scheme: a batch of B correction solves on one m × m grid. */
export interface SorEngine {
  readonly maxChunk: number;
  /** ω/d as an f32 pair (hi + lo) and the diagonal d = 4 + c, for system i. */
  setSystem(i: number, wdHi: number, wdLo: number, diag: number): void;
  /** r̂ᵢ = f32(r) (padded, ghosts 0). */
  setResidual(i: number, r: Float64Array): void;
  /** eᵢ = 0. */
  resetCorrection(i: number): void;
  /**
   * Saves e, then runs `chunk` iterations; system i sweeps in the first budgets[i] of them. Returns
   * ‖r̂ᵢ − Aeᵢ‖² (f32) after system i's j-th sweep at [j·B + i] (other slots unspecified).
   */
  run(chunk: number, budgets: Uint32Array): Promise<Float32Array>;
  /** eᵢ ← its value saved at the start of the last `run`. */
  restore(i: number): void;
  /** The corrections eᵢ (padded f32) of the listed systems, in order. */
  read(which: readonly number[]): Promise<Float32Array[]>;
  destroy(): void;
}

export const SOR_MAX_CHUNK = 64;
const DEFAULT_RF = 0.1;
export const SOR_REFRESH_EVERY = 128;
/** Estimate error assumed before the first refresh measures one, relative to ‖r‖. */
const INITIAL_ESTIMATE_ERROR = 0.01;
/** Least estimate error assumed (f32 rounding of the sum of squares and of r̂). */
const MIN_ESTIMATE_ERROR = 1e-4;
const MARGIN_FACTOR = 4;

type Mode = "free" | "forced" | "single" | "done";

/** ω/d as hi + lo f32 values. */
export function splitF32(v: number): [number, number] {
  const hi = Math.fround(v);
  return [hi, Math.fround(v - hi)];
}

/** The mixed-precision schedule (see the header) over any engine. */
export async function solveMixed(
  engine: SorEngine,
  m: number,
  systems: readonly GpuSorSystem[],
  opts: GpuSorOptions = {},
): Promise<GpuSorResult> {
  const tol = opts.tol ?? 1e-8;
  const cap = opts.cap ?? 10000;
  const rf = opts.rf ?? DEFAULT_RF;
  const every = Math.max(1, opts.refreshEvery ?? SOR_REFRESH_EVERY);
  const maxChunk = Math.max(1, Math.min(opts.maxChunk ?? SOR_MAX_CHUNK, engine.maxChunk));
  const B = systems.length;
  const N = (m + 2) * (m + 2);

  const x = systems.map(() => new Float64Array(N));
  const r = systems.map((s) => Float64Array.from(s.b));
  const bNorm = systems.map((s) => norm2(s.b));
  // The CPU solver's rule: a residual past this many ‖b‖ has diverged (an indefinite shift), stopped there.
  const limit = systems.map((s) => divergenceLimit(m, 4 + s.shift, 1));
  const grown = (i: number, rn: number) => bNorm[i] > 0 && hasDiverged(rn, bNorm[i], limit[i]);
  const target = bNorm.map((bn) => tol * bn);
  const refNorm = [...bNorm];
  const lastEst = [...bNorm];
  const counts = systems.map(() => Number.POSITIVE_INFINITY);
  const k = systems.map(() => 0);
  const since = systems.map(() => 0);
  const refreshes = systems.map(() => 0);
  const wasted = systems.map(() => 0);
  const estErr = systems.map(() => 0);
  const mode: Mode[] = systems.map(() => "free");
  const forced = systems.map(() => 0);
  // Young's ρ for chunk sizing only (clamped: an indefinite shift has no meaningful ρ).
  const rho = systems.map((s) => {
    const q = sorSpectralRadius(s.omega, (4 * Math.cos(Math.PI / (m + 1))) / (4 + s.shift));
    return Number.isFinite(q) ? Math.min(Math.max(q, 1e-3), 0.9999) : 0.9999;
  });
  const margin = (i: number) =>
    MARGIN_FACTOR * Math.max(refreshes[i] ? estErr[i] : INITIAL_ESTIMATE_ERROR, MIN_ESTIMATE_ERROR) * refNorm[i];
  const zone = (i: number) => (target[i] > 0 ? target[i] + margin(i) : 0); // tol = 0: run to the cap
  const sweepsTo = (i: number, level: number) => Math.log(level / lastEst[i]) / Math.log(rho[i]);

  for (let i = 0; i < B; i++) {
    const [hi, lo] = splitF32(systems[i].omega / (4 + systems[i].shift));
    engine.setSystem(i, hi, lo, 4 + systems[i].shift);
    engine.setResidual(i, r[i]);
    engine.resetCorrection(i);
    if (bNorm[i] === 0) {
      counts[i] = 0;
      mode[i] = "done";
    }
  }

  const budgets = new Uint32Array(B);
  let sweeps = 0;
  let submissions = 0;
  while (mode.some((md) => md !== "done")) {
    for (let i = 0; i < B; i++) {
      let n = 0;
      if (mode[i] === "forced") n = forced[i];
      else if (mode[i] === "single") n = 1;
      else if (mode[i] === "free") {
        const toZone = sweepsTo(i, zone(i));
        if (toZone < 2) {
          mode[i] = "single";
          n = 1;
        } else {
          const toRefresh = Math.max(1, Math.ceil(sweepsTo(i, rf * refNorm[i])));
          n = Math.min(maxChunk, every - since[i], Math.floor(toZone), toRefresh);
        }
      }
      budgets[i] = Math.min(n, cap - k[i]); // ≥ 1 unless done: k < cap while a system runs
    }
    const chunk = Math.max(...budgets);
    const history = await engine.run(chunk, budgets);
    sweeps += chunk;
    submissions++;

    const refresh: number[] = [];
    for (let i = 0; i < B; i++) {
      const n = budgets[i];
      if (mode[i] === "done" || n === 0) continue;
      let diverged = false;
      let hit = -1;
      if (mode[i] === "free") {
        const z = zone(i);
        for (let j = 0; j < n; j++) {
          const est = Math.sqrt(history[j * B + i]);
          if (grown(i, est)) {
            diverged = true;
            break;
          }
          if (est < z) {
            hit = j;
            break;
          }
        }
      } else if (grown(i, Math.sqrt(history[(n - 1) * B + i]))) diverged = true;
      if (diverged) {
        counts[i] = Number.POSITIVE_INFINITY;
        mode[i] = "done";
        continue;
      }
      if (hit >= 0) {
        // The estimate entered the zone at sweep hit + 1: undo the chunk, redo the sweeps before it.
        engine.restore(i);
        wasted[i] += n;
        forced[i] = hit;
        mode[i] = hit > 0 ? "forced" : "single";
        continue;
      }
      k[i] += n;
      since[i] += n;
      lastEst[i] = Math.sqrt(history[(n - 1) * B + i]);
      if (mode[i] !== "free" || lastEst[i] < rf * refNorm[i] || since[i] >= every || k[i] >= cap) refresh.push(i);
    }

    if (refresh.length) {
      const e = await engine.read(refresh);
      refresh.forEach((i, t) => {
        const xi = x[i];
        const ei = e[t];
        for (let p = 0; p < N; p++) xi[p] += ei[p];
        const rn = residualNorm(m, 4 + systems[i].shift, 1, systems[i].b, xi, r[i]);
        estErr[i] = Math.max(estErr[i], Math.abs(lastEst[i] - rn) / refNorm[i]);
        refNorm[i] = rn;
        lastEst[i] = rn;
        since[i] = 0;
        refreshes[i]++;
        if (rn < target[i]) {
          counts[i] = k[i];
          mode[i] = "done";
          return;
        }
        if (grown(i, rn)) {
          mode[i] = "done";
          return;
        }
        if (mode[i] === "forced") mode[i] = "single";
        else if (mode[i] === "single") mode[i] = "free"; // free re-plans: single again if the zone is near
        engine.setResidual(i, r[i]);
        engine.resetCorrection(i);
      });
    }
    for (let i = 0; i < B; i++) if (mode[i] !== "done" && k[i] >= cap) mode[i] = "done";
    opts.onProgress?.(mode.filter((md) => md === "done").length);
  }
  return {
    counts,
    solutions: x,
    refreshes,
    finalResidual: refNorm.map((rn, i) => (bNorm[i] ? rn / bNorm[i] : 0)),
    estimateError: estErr,
    sweeps,
    wasted,
    submissions,
  };
}

type Stage = "red" | "black" | "residual" | "reduce" | "advance";

/** Compiled pipelines for one device and shader source; reuse across batches. */
export class SorKernel {
  readonly layout: GPUBindGroupLayout;
  readonly pipelines: Record<Stage, GPUComputePipeline>;
  /** Rejects with the compiler's messages if sor.wgsl failed to build (see compileChecked). */
  readonly ready: Promise<void>;

  constructor(
    readonly device: GPUDevice,
    wgsl: string,
  ) {
    const built = compileChecked(device, wgsl, "sor", (module) => this.buildPipelines(device, module));
    this.layout = built.value.layout;
    this.pipelines = built.value.pipelines;
    this.ready = built.ready;
  }

  private buildPipelines(device: GPUDevice, module: GPUShaderModule) {
    const entry = (type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
      binding: 0,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type },
    });
    const types: GPUBufferBindingType[] = ["uniform", "read-only-storage", "read-only-storage"];
    types.push("storage", "storage", "storage", "storage", "read-only-storage");
    const bindGroupLayout = device.createBindGroupLayout({
      entries: types.map((t, binding) => ({ ...entry(t), binding })),
    });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
    const make = (entryPoint: string, constants?: Record<string, number>) =>
      device.createComputePipeline({ layout, compute: { module, entryPoint, constants }, label: `sor ${entryPoint}` });
    const pipelines: Record<Stage, GPUComputePipeline> = {
      red: make("sweep", { colour: 0 }),
      black: make("sweep", { colour: 1 }),
      residual: make("residual"),
      reduce: make("reduce"),
      advance: make("advance"),
    };
    return { layout: bindGroupLayout, pipelines };
  }

  async solve(m: number, systems: readonly GpuSorSystem[], opts: GpuSorOptions = {}): Promise<GpuSorResult> {
    await this.ready;
    const engine = new WebGpuSorEngine(
      this,
      m,
      systems.length,
      Math.min(opts.maxChunk ?? SOR_MAX_CHUNK, SOR_MAX_CHUNK),
    );
    try {
      return await solveMixed(engine, m, systems, opts);
    } finally {
      engine.destroy();
    }
  }
}

/** sor.wgsl on a device: buffers for B systems of size m, one submission per `run`. */
export class WebGpuSorEngine implements SorEngine {
  private readonly device: GPUDevice;
  private readonly N: number;
  private readonly buffers: GPUBuffer[] = [];
  private readonly sysBuf: GPUBuffer;
  private readonly rhatBuf: GPUBuffer;
  private readonly eBuf: GPUBuffer;
  private readonly backupBuf: GPUBuffer;
  private readonly historyBuf: GPUBuffer;
  private readonly counterBuf: GPUBuffer;
  private readonly activeBuf: GPUBuffer;
  private readonly historyRead: GPUBuffer;
  private readonly eRead: GPUBuffer;
  private readonly bind: GPUBindGroup;
  private readonly sysData: ArrayBuffer;
  private readonly rhat: Float32Array;
  private readonly zeros: Float32Array;
  private readonly blocksRes: number;
  private readonly blocksSweep: number;

  constructor(
    private readonly kernel: SorKernel,
    m: number,
    private readonly B: number,
    readonly maxChunk: number,
  ) {
    const device = kernel.device;
    this.device = device;
    const N = (m + 2) * (m + 2);
    this.N = N;
    this.blocksRes = Math.ceil((m * m) / 64);
    this.blocksSweep = Math.ceil((Math.ceil(m / 2) * m) / 64);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buf = (size: number, u = usage) => {
      const b = device.createBuffer({ size: Math.max(16, size), usage: u });
      this.buffers.push(b);
      return b;
    };
    const paramsBuf = buf(16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    this.sysBuf = buf(16 * B);
    this.rhatBuf = buf(4 * N * B);
    this.eBuf = buf(4 * N * B);
    this.backupBuf = buf(4 * N * B);
    const partialBuf = buf(4 * this.blocksRes * B);
    this.historyBuf = buf(4 * maxChunk * B);
    this.counterBuf = buf(16);
    this.activeBuf = buf(4 * B);
    this.historyRead = buf(4 * maxChunk * B, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.eRead = buf(4 * N * B, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const bound = [paramsBuf, this.sysBuf, this.rhatBuf, this.eBuf, partialBuf, this.historyBuf, this.counterBuf];
    bound.push(this.activeBuf);
    this.bind = device.createBindGroup({
      layout: kernel.layout,
      entries: bound.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    device.queue.writeBuffer(paramsBuf, 0, Uint32Array.of(m, B, maxChunk, 0));
    this.sysData = new ArrayBuffer(16 * B);
    this.rhat = new Float32Array(N);
    this.zeros = new Float32Array(N);
  }

  setSystem(i: number, wdHi: number, wdLo: number, diag: number): void {
    new Float32Array(this.sysData, 16 * i, 3).set([wdHi, wdLo, diag]);
  }

  setResidual(i: number, r: Float64Array): void {
    this.rhat.set(r); // rounds to f32
    this.device.queue.writeBuffer(this.rhatBuf, 4 * this.N * i, this.rhat);
  }

  resetCorrection(i: number): void {
    this.device.queue.writeBuffer(this.eBuf, 4 * this.N * i, this.zeros);
  }

  async run(chunk: number, budgets: Uint32Array): Promise<Float32Array> {
    const { device, B, kernel } = this;
    if (chunk > this.maxChunk) throw new RangeError(`chunk ${chunk} > ${this.maxChunk}`);
    const u32 = new Uint32Array(this.sysData);
    const active: number[] = [];
    for (let i = 0; i < B; i++) {
      u32[4 * i + 3] = budgets[i];
      if (budgets[i] > 0) active.push(i);
    }
    device.queue.writeBuffer(this.sysBuf, 0, this.sysData);
    device.queue.writeBuffer(this.activeBuf, 0, Uint32Array.from(active));
    const A = active.length;
    device.queue.writeBuffer(this.counterBuf, 0, new Uint32Array(4));
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(this.eBuf, 0, this.backupBuf, 0, 4 * this.N * B);
    const pass = enc.beginComputePass();
    pass.setBindGroup(0, this.bind);
    const dispatch = (stage: Stage, x: number, y: number) => {
      pass.setPipeline(kernel.pipelines[stage]);
      pass.dispatchWorkgroups(x, y);
    };
    for (let it = 0; it < chunk; it++) {
      dispatch("red", this.blocksSweep, A);
      dispatch("black", this.blocksSweep, A);
      dispatch("residual", this.blocksRes, A);
      dispatch("reduce", 1, A);
      dispatch("advance", 1, 1);
    }
    pass.end();
    const bytes = 4 * chunk * B;
    enc.copyBufferToBuffer(this.historyBuf, 0, this.historyRead, 0, bytes);
    device.queue.submit([enc.finish()]);
    await this.historyRead.mapAsync(GPUMapMode.READ, 0, bytes);
    const out = new Float32Array(this.historyRead.getMappedRange(0, bytes).slice(0));
    this.historyRead.unmap();
    return out;
  }

  restore(i: number): void {
    const enc = this.device.createCommandEncoder();
    const bytes = 4 * this.N;
    enc.copyBufferToBuffer(this.backupBuf, bytes * i, this.eBuf, bytes * i, bytes);
    this.device.queue.submit([enc.finish()]);
  }

  async read(which: readonly number[]): Promise<Float32Array[]> {
    const bytes = 4 * this.N;
    const enc = this.device.createCommandEncoder();
    for (const i of which) enc.copyBufferToBuffer(this.eBuf, bytes * i, this.eRead, bytes * i, bytes);
    this.device.queue.submit([enc.finish()]);
    await this.eRead.mapAsync(GPUMapMode.READ);
    const all = this.eRead.getMappedRange();
    const out = which.map((i) => new Float32Array(all.slice(bytes * i, bytes * (i + 1))));
    this.eRead.unmap();
    return out;
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }
}

/** One-call form: compile, solve one batch. */
export async function gpuSorBatch(
  device: GPUDevice,
  wgsl: string,
  m: number,
  systems: GpuSorSystem[],
  opts?: GpuSorOptions,
): Promise<GpuSorResult> {
  return new SorKernel(device, wgsl).solve(m, systems, opts);
}
