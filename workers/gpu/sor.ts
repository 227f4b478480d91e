/**
 * Host side of the red-black SOR kernel (sor.wgsl): a batch of systems (own ω, shift and right-hand
 * side each) solved together, one submission per chunk of iterations, with the mixed-precision
 * defect correction of spec § 5.3:
 *   - the CPU keeps x, r = b − Ax and ‖b‖ in f64;
 *   - the GPU sweeps A e = r̂, r̂ = f32(r), from e = 0 in f32, and reports ‖r̂ − Ae‖ after every sweep
 *     (the estimate of ‖b − A(x + e)‖, from which the count is read);
 *   - when that estimate falls below rf·‖r‖, the CPU refreshes: x += e, r = b − Ax in f64, e = 0;
 *   - near the target (within a factor ρ⁻³) it sweeps one at a time and refreshes after each sweep, so
 *     the count is decided on the f64 residual of the mixed-precision iterate.
 * In exact arithmetic restarting the correction sweep changes nothing (SOR commutes with it), so the
 * counts match the f64 CPU solver up to f32 rounding of the estimate. The WGSL source is passed in
 * (`import src from "./sor.wgsl?raw"` in Vite, a file read in Node scripts).
 */

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
  /**
   * Refresh factor: refresh once the f32 inner residual < rf·‖r‖. Default 0.01, and 0.1 from m = 128
   * (the spec says m ≥ 256; on SwiftShader rf = 0.01 left the m = 128 iterate 4% off the f64 one, one
   * sweep early at ω*, while rf = 0.1 matched).
   */
  rf?: number;
  /** Most iterations encoded per submission (each costs 5 dispatches). */
  maxChunk?: number;
}

export interface GpuSorResult {
  /** Sweeps until the estimated relative residual < tol (strict), +∞ if the cap was hit. */
  counts: number[];
  /** x + e at the end (padded f64); the last chunk may run a few sweeps past the count. */
  solutions: Float64Array[];
  /** f64 refreshes per system. */
  refreshes: number[];
  /** Whether each count was decided on the f64 residual (endgame) rather than the f32 estimate. */
  decidedOnF64: boolean[];
  /** The f64 relative residual of the returned solution. */
  finalResidual: number[];
  /** Sweeps the GPU ran (the batch runs until its slowest system finishes). */
  sweeps: number;
  submissions: number;
}

const MAX_CHUNK = 64;

/** Compiled pipelines for one device and shader source; reuse across batches. */
export class SorKernel {
  private readonly layout: GPUBindGroupLayout;
  private readonly pipelines: Record<"red" | "black" | "residual" | "reduce" | "advance", GPUComputePipeline>;

  constructor(
    readonly device: GPUDevice,
    wgsl: string,
  ) {
    const module = device.createShaderModule({ code: wgsl });
    const storage = (type: GPUBufferBindingType) => ({ visibility: GPUShaderStage.COMPUTE, buffer: { type } });
    this.layout = device.createBindGroupLayout({
      entries: [
        { binding: 0, ...storage("uniform") },
        { binding: 1, ...storage("read-only-storage") },
        { binding: 2, ...storage("read-only-storage") },
        { binding: 3, ...storage("storage") },
        { binding: 4, ...storage("storage") },
        { binding: 5, ...storage("storage") },
        { binding: 6, ...storage("storage") },
      ].map((e, binding) => ({ ...e, binding })),
    });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
    const make = (entryPoint: string, constants?: Record<string, number>) =>
      device.createComputePipeline({ layout, compute: { module, entryPoint, constants } });
    this.pipelines = {
      red: make("sweep", { colour: 0 }),
      black: make("sweep", { colour: 1 }),
      residual: make("residual"),
      reduce: make("reduce"),
      advance: make("advance"),
    };
  }

  async solve(m: number, systems: GpuSorSystem[], opts: GpuSorOptions = {}): Promise<GpuSorResult> {
    const { device } = this;
    const tol = opts.tol ?? 1e-8;
    const cap = opts.cap ?? 10000;
    const rf = opts.rf ?? (m >= 128 ? 0.1 : 0.01);
    const maxChunk = Math.min(opts.maxChunk ?? MAX_CHUNK, MAX_CHUNK);
    const B = systems.length;
    const W = m + 2;
    const N = W * W;
    const blocksRes = Math.ceil((m * m) / 64);
    const blocksSweep = Math.ceil((Math.ceil(m / 2) * m) / 64);

    const x = systems.map(() => new Float64Array(N));
    const r = systems.map((s) => Float64Array.from(s.b));
    const bNorm = systems.map((s) => norm(s.b));
    const refNorm = [...bNorm];
    const counts = systems.map(() => Number.NaN);
    const refreshes = systems.map(() => 0);
    const decidedOnF64 = systems.map(() => false);
    const done = systems.map((_, i) => bNorm[i] === 0);
    done.forEach((d, i) => {
      if (d) counts[i] = 0;
    });

    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const buf = (size: number, u = usage) => device.createBuffer({ size: Math.max(16, size), usage: u });
    const paramsBuf = buf(16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
    const sysBuf = buf(16 * B);
    const rhatBuf = buf(4 * N * B);
    const eBuf = buf(4 * N * B);
    const partialBuf = buf(4 * blocksRes * B);
    const historyBuf = buf(4 * maxChunk * B);
    const counterBuf = buf(16);
    const historyRead = buf(4 * maxChunk * B, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const eRead = buf(4 * N * B, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const bind = device.createBindGroup({
      layout: this.layout,
      entries: [paramsBuf, sysBuf, rhatBuf, eBuf, partialBuf, historyBuf, counterBuf].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    device.queue.writeBuffer(paramsBuf, 0, Uint32Array.of(m, B, maxChunk, 0));

    const sysData = new Float32Array(4 * B);
    const writeSystems = () => {
      for (let i = 0; i < B; i++) sysData.set([done[i] ? 0 : systems[i].omega, 4 + systems[i].shift, 1, 0], 4 * i);
      device.queue.writeBuffer(sysBuf, 0, sysData);
    };
    const rhat = new Float32Array(N * B);
    const uploadResiduals = (which: number[]) => {
      for (const i of which) rhat.set(r[i], i * N); // Float32Array.set rounds to f32
      device.queue.writeBuffer(rhatBuf, 0, rhat);
    };
    const zeros = new Float32Array(N);
    const resetCorrections = (which: number[]) => {
      for (const i of which) device.queue.writeBuffer(eBuf, 4 * N * i, zeros);
    };
    const all = systems.map((_, i) => i);
    writeSystems();
    uploadResiduals(all);
    resetCorrections(all);

    // Chunk sizes come from Young's asymptotic factor ρ of each active system: a chunk should not run
    // far past its refresh point (the f32 inner solve stalls near ε_f32·κ), nor into the endgame.
    const beta = (i: number) => (4 * Math.cos(Math.PI / (m + 1))) / (4 + systems[i].shift);
    const rho = systems.map((s, i) => youngRho(s.omega, beta(i)));
    // Endgame: once the estimate is within a factor ρ⁻³ of the target, sweep one at a time and decide
    // the count on the f64 residual of x + e (the estimate's f32 error could move it by one).
    const window = rho.map((q) => Math.max(q ** -3, 1.05));
    const lastEst = [...bNorm];
    const inEndgame = (i: number) => lastEst[i] < window[i] * tol * bNorm[i];
    const chunkFor = (active: number[]) => {
      let chunk = maxChunk;
      for (const i of active) {
        if (inEndgame(i)) return 1;
        const toRefresh = Math.log((rf * refNorm[i]) / lastEst[i]) / Math.log(rho[i]);
        const toEndgame = Math.log((window[i] * tol * bNorm[i]) / lastEst[i]) / Math.log(rho[i]);
        chunk = Math.min(chunk, Math.max(1, Math.ceil(toRefresh)), Math.max(1, Math.floor(toEndgame)));
      }
      return chunk;
    };

    let k = 0;
    let submissions = 0;
    const history = new Float32Array(maxChunk * B);
    while (done.some((d) => !d) && k < cap) {
      const active = all.filter((i) => !done[i]);
      const chunk = Math.min(chunkFor(active), cap - k);
      const endgame = active.filter(inEndgame);
      device.queue.writeBuffer(counterBuf, 0, Uint32Array.of(0, 0, 0, 0));
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setBindGroup(0, bind);
      for (let it = 0; it < chunk; it++) {
        pass.setPipeline(this.pipelines.red);
        pass.dispatchWorkgroups(blocksSweep, B);
        pass.setPipeline(this.pipelines.black);
        pass.dispatchWorkgroups(blocksSweep, B);
        pass.setPipeline(this.pipelines.residual);
        pass.dispatchWorkgroups(blocksRes, B);
        pass.setPipeline(this.pipelines.reduce);
        pass.dispatchWorkgroups(1, B);
        pass.setPipeline(this.pipelines.advance);
        pass.dispatchWorkgroups(1);
      }
      pass.end();
      enc.copyBufferToBuffer(historyBuf, 0, historyRead, 0, 4 * chunk * B);
      device.queue.submit([enc.finish()]);
      submissions++;
      await historyRead.mapAsync(GPUMapMode.READ, 0, 4 * chunk * B);
      history.set(new Float32Array(historyRead.getMappedRange(0, 4 * chunk * B)));
      historyRead.unmap();

      const refresh: number[] = [];
      for (const i of active) {
        if (!endgame.includes(i)) {
          for (let j = 0; j < chunk; j++) {
            if (Math.sqrt(history[j * B + i]) / bNorm[i] < tol) {
              // Crossed inside a chunk (only if the chunk sizing was too optimistic): trust the estimate.
              counts[i] = k + j + 1;
              done[i] = true;
              break;
            }
          }
        }
        lastEst[i] = Math.sqrt(history[(chunk - 1) * B + i]);
        if (done[i] || endgame.includes(i) || inEndgame(i) || lastEst[i] < rf * refNorm[i]) refresh.push(i);
      }
      k += chunk;
      if (refresh.length) {
        // Fold e into x in f64 and recompute the residual exactly.
        const enc2 = device.createCommandEncoder();
        enc2.copyBufferToBuffer(eBuf, 0, eRead, 0, 4 * N * B);
        device.queue.submit([enc2.finish()]);
        await eRead.mapAsync(GPUMapMode.READ);
        const e = new Float32Array(eRead.getMappedRange());
        for (const i of refresh) {
          const xi = x[i];
          for (let p = 0; p < N; p++) xi[p] += e[i * N + p];
          refNorm[i] = residual(m, 4 + systems[i].shift, systems[i].b, xi, r[i]);
          lastEst[i] = refNorm[i];
          if (done[i]) continue;
          refreshes[i]++;
          if (refNorm[i] / bNorm[i] < tol) {
            counts[i] = k;
            done[i] = true;
            decidedOnF64[i] = true;
          }
        }
        eRead.unmap();
        uploadResiduals(refresh);
        resetCorrections(refresh);
        writeSystems();
      } else if (active.some((i) => done[i])) writeSystems();
    }
    for (const b of [paramsBuf, sysBuf, rhatBuf, eBuf, partialBuf, historyBuf, counterBuf, historyRead, eRead])
      b.destroy();
    return {
      counts: counts.map((c) => (Number.isNaN(c) ? Number.POSITIVE_INFINITY : c)),
      solutions: x,
      refreshes,
      decidedOnF64,
      finalResidual: refNorm.map((rn, i) => rn / bNorm[i]),
      sweeps: k,
      submissions,
    };
  }
}

/** Young's ρ(C_ω) (src/theory/sor/young.ts, repeated to keep workers/ free of theory imports here). */
function youngRho(omega: number, beta: number): number {
  const star = 2 / (1 + Math.sqrt(1 - beta * beta));
  const disc = omega * omega * beta * beta - 4 * (omega - 1);
  if (omega >= star || disc <= 0) return Math.max(Math.abs(omega - 1), 1e-3);
  return 0.25 * (omega * beta + Math.sqrt(disc)) ** 2;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** r = b − Ax on the padded grid (A = d·I − adjacency), returning ‖r‖. */
function residual(m: number, d: number, b: Float64Array, x: Float64Array, r: Float64Array): number {
  const W = m + 2;
  let rr = 0;
  for (let i = 1; i <= m; i++) {
    for (let p = i * W + 1; p <= i * W + m; p++) {
      const v = b[p] - d * x[p] + (x[p - 1] + x[p + 1] + x[p - W] + x[p + W]);
      r[p] = v;
      rr += v * v;
    }
  }
  return Math.sqrt(rr);
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
