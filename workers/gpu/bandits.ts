/**
 * Host side of the batched bandit kernel (bandits.wgsl): one GPU invocation per independent run,
 * Bernoulli arms, UCB1 / Thompson sampling / Exp3. As `kernel` (workers/gpu/kernels.ts, "bandits") it
 * gets the setup of "bandits/regret" and returns its series; the kit adds the CPU's bounds and notes.
 * Streams follow the DRAW ORDER of src/theory/bandits/simulate.ts.
 */
import type { PolicyId } from "../../src/theory/bandits/options";
import { type BanditEnv, firstMeans, gaps } from "../../src/theory/bandits/problems";
import type { regretSchema } from "../../src/theory/bandits/schema";
import type { RunContext } from "../../src/theory/experiment";
import type { SeriesResult } from "../../src/theory/kit/define";
import type { ParamValues } from "../../src/theory/params";
import banditsWgsl from "./bandits.wgsl?raw";
import { compileChecked, readBuffer, storageBuffer } from "./device";
import type { GpuKernel } from "./kernel-api";
import philoxWgsl from "./philox.wgsl?raw";

export const BANDITS_SHADER = `${philoxWgsl}\n${banditsWgsl}`;
const MAX_K = 32;
const POLICY_CODE: Partial<Record<PolicyId, number>> = { ucb1: 0, ts: 1, exp3: 2 };

/**
 * The f32 threshold that orders every GPU uniform u = (x + ½)·2⁻²³ exactly as μ does on the CPU:
 * u < μ ⇔ x < ⌈μ·2²³ − ½⌉ ⇔ u < ⌈μ·2²³ − ½⌉·2⁻²³ (exact in f32).
 */
export function bernoulliThreshold(mu: number): number {
  return Math.max(0, Math.min(2 ** 23, Math.ceil(mu * 2 ** 23 - 0.5))) * 2 ** -23;
}

export interface KernelJob {
  means: ArrayLike<number>;
  T: number;
  checkpoints: Int32Array;
  seed: number;
  runStart: number;
  runCount: number;
  policy: "ucb1" | "ts" | "exp3";
  exp3Mode: "anytime" | "fixed";
}

export interface KernelResult {
  /** runCount × checkpoints.length pseudo-regrets (f32). */
  regret: Float32Array;
  /** runCount × K final pull counts. */
  counts: Uint32Array;
}

const pipelines = new WeakMap<GPUDevice, { value: GPUComputePipeline; ready: Promise<void> }>();

/** The device's pipeline, built once; `ready` rejects if the shader failed to build. */
function pipelineFor(device: GPUDevice): { value: GPUComputePipeline; ready: Promise<void> } {
  let p = pipelines.get(device);
  if (!p) {
    p = compileChecked(device, BANDITS_SHADER, "bandits", (module) =>
      device.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" }, label: "bandits" }),
    );
    pipelines.set(device, p);
  }
  return p;
}

/** Encodes one policy's batch; returns the output buffers to read once the queue has run. */
function encodeJob(
  device: GPUDevice,
  encoder: GPUCommandEncoder,
  job: KernelJob,
): { out: GPUBuffer; cnt: GPUBuffer; temp: GPUBuffer[] } {
  const K = job.means.length;
  if (K < 2 || K > MAX_K) throw new RangeError(`the WebGPU bandit kernel takes 2 to ${MAX_K} arms, got ${K}`);
  if (job.runStart + job.runCount > 2 ** 32) throw new RangeError("run index beyond 2^32");
  const nCheck = job.checkpoints.length;
  const uniform = new ArrayBuffer(48);
  const u32 = new Uint32Array(uniform);
  const f32 = new Float32Array(uniform);
  u32[0] = K;
  u32[1] = job.T;
  u32[2] = nCheck;
  u32[3] = job.runStart;
  u32[4] = job.runCount;
  u32[5] = job.seed >>> 0;
  u32[6] = Math.floor(job.seed / 2 ** 32) >>> 0;
  u32[7] = POLICY_CODE[job.policy] ?? 0;
  u32[8] = job.exp3Mode === "fixed" ? 1 : 0;
  f32[9] = Math.sqrt((2 * Math.log(K)) / (job.T * K));
  const params = device.createBuffer({ size: 48, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, uniform);
  const thr = storageBuffer(device, Float32Array.from(job.means, bernoulliThreshold));
  const gap = storageBuffer(device, Float32Array.from(gaps(job.means)));
  const checks = storageBuffer(device, Uint32Array.from(job.checkpoints));
  const out = storageBuffer(device, new Float32Array(job.runCount * nCheck));
  const cnt = storageBuffer(device, new Uint32Array(job.runCount * K));
  const pipeline = pipelineFor(device).value;
  const bind = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [params, thr, gap, checks, out, cnt].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(Math.ceil(job.runCount / 64));
  pass.end();
  return { out, cnt, temp: [params, thr, gap, checks] };
}

/** Runs several policies' batches in one submission and reads back regrets and counts. */
export async function runBanditKernel(device: GPUDevice, jobs: KernelJob[]): Promise<KernelResult[]> {
  await pipelineFor(device).ready;
  const encoder = device.createCommandEncoder();
  const encoded = jobs.map((job) => encodeJob(device, encoder, job));
  device.queue.submit([encoder.finish()]);
  const results: KernelResult[] = [];
  for (const e of encoded) {
    const regret = new Float32Array(await readBuffer(device, e.out));
    const counts = new Uint32Array(await readBuffer(device, e.cnt));
    for (const b of [...e.temp, e.out, e.cnt]) b.destroy();
    results.push({ regret, counts });
  }
  return results;
}

/**
 * Work (runs × rounds × policies) above which `auto` picks the kernel on a hardware adapter. Not yet
 * measured on a real GPU (none was available): 3·10⁶ run-rounds is about 100 ms of CPU time on two
 * workers for UCB1 + Thompson + Exp3, where a dispatch's fixed cost (~1–5 ms) is surely repaid.
 */
export const BANDITS_GPU_CROSSOVER = 3e6;

/** The policies the kernel implements; other parameters run on the CPU with a note. */
const GPU_POLICIES: readonly PolicyId[] = ["ucb1", "ts", "exp3"];

type RegretParams = ParamValues<typeof regretSchema.params>;

/** What the kernel reads of the CPU experiment's setup. */
interface RegretSetup {
  env: BanditEnv;
  grid: Int32Array;
}

/** The "bandits" kernel of workers/gpu/kernels.ts. */
export const kernel: GpuKernel<RegretSetup, RegretParams> = {
  unsupported(_setup: RegretSetup, p: RegretParams): string | undefined {
    if (p.env !== "bernoulli") return "the WebGPU kernel simulates Bernoulli arms only";
    const other = p.policies.filter((id) => !GPU_POLICIES.includes(id));
    if (other.length) return `the WebGPU kernel has UCB1, Thompson sampling and Exp3 only (not ${other.join(", ")})`;
    return undefined;
  },
  worthIt: (_setup: RegretSetup, p: RegretParams) => p.runs * p.T * p.policies.length >= BANDITS_GPU_CROSSOVER,
  async run(
    device: GPUDevice,
    { env, grid }: RegretSetup,
    p: RegretParams,
    ctx: RunContext,
  ): Promise<{ result: SeriesResult; notes: string[] }> {
    const job = (policy: PolicyId): KernelJob => ({
      means: firstMeans(env),
      T: p.T,
      checkpoints: grid,
      seed: p.seed,
      runStart: ctx.runStart,
      runCount: ctx.runCount,
      policy: policy as KernelJob["policy"],
      exp3Mode: p.exp3Mode,
    });
    ctx.progress(null, 0);
    const results = await runBanditKernel(device, p.policies.map(job));
    ctx.progress(null, 1);
    const n = ctx.runCount * grid.length;
    return {
      result: {
        values: results.map((r) => Float64Array.from(r.regret.subarray(0, n))),
        divergedAt: results.map(() => undefined),
      },
      notes: ["Simulated in f32 on WebGPU (one invocation per run)."],
    };
  },
};
