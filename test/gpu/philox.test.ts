import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { philox4x32 } from "../../src/theory/common/philox";
import { Rng } from "../../src/theory/common/rng";
import { readBuffer, storageBuffer } from "../../workers/gpu/device";
import philoxWgsl from "../../workers/gpu/philox.wgsl?raw";
import { dawnDevice } from "./dawn";

let device: GPUDevice | undefined;
beforeAll(async () => {
  const acq = await dawnDevice();
  if (acq.ok) device = acq.device;
});
afterAll(() => device?.destroy());

/** Runs `body` (WGSL statements writing out[i]) for i < n and returns the u32 results. */
async function runKernel(body: string, n: number, input: Uint32Array): Promise<Uint32Array> {
  const d = device!;
  const module = d.createShaderModule({
    code: `${philoxWgsl}
@group(0) @binding(0) var<storage, read> inp: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  _ = inp[0]; // keep binding 0 in the auto layout even when a kernel ignores its input
  if (i >= ${n}u) { return; }
  ${body}
}`,
  });
  const pipeline = d.createComputePipeline({ layout: "auto", compute: { module, entryPoint: "main" } });
  const inBuf = storageBuffer(d, input);
  const outBuf = storageBuffer(d, new Uint32Array(n * 4));
  const bind = d.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: inBuf } },
      { binding: 1, resource: { buffer: outBuf } },
    ],
  });
  const enc = d.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(Math.ceil(n / 64));
  pass.end();
  d.queue.submit([enc.finish()]);
  return new Uint32Array(await readBuffer(d, outBuf));
}

describe("Philox4x32-10 in WGSL", () => {
  it("matches the Random123 known-answer vectors and the TypeScript twin", async (ctx) => {
    if (!device) return ctx.skip();
    const cases = [
      [0, 0, 0, 0, 0, 0],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0],
      [7, 1, 2, 3, 123456789, 42],
    ];
    const out = await runKernel(
      `let b = i * 6u;
  let r = philox4x32_10(vec4<u32>(inp[b], inp[b + 1u], inp[b + 2u], inp[b + 3u]), vec2<u32>(inp[b + 4u], inp[b + 5u]));
  out[i * 4u] = r.x; out[i * 4u + 1u] = r.y; out[i * 4u + 2u] = r.z; out[i * 4u + 3u] = r.w;`,
      cases.length,
      Uint32Array.from(cases.flat()),
    );
    cases.forEach((c, i) => {
      const cpu = Array.from(philox4x32(c[0], c[1], c[2], c[3], c[4], c[5]));
      expect(Array.from(out.subarray(i * 4, i * 4 + 4))).toEqual(cpu);
    });
    expect(Array.from(out.subarray(0, 4))).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
  });

  it("streams give bit-identical uniforms to Rng.uniformF32", async (ctx) => {
    if (!device) return ctx.skip();
    const n = 256;
    const draws = 4; // out has 4 words per invocation
    const out = await runKernel(
      `var s = philox_stream(99u, 0u, i, 0u);
  for (var j = 0u; j < ${draws}u; j++) { out[i * 4u + j] = bitcast<u32>(philox_uniform(&s)); }`,
      n,
      new Uint32Array(1),
    );
    const f32 = new Float32Array(out.buffer);
    for (let i = 0; i < n; i++) {
      const rng = new Rng(99, i);
      for (let j = 0; j < draws; j++) expect(f32[i * 4 + j]).toBe(rng.uniformF32());
    }
  });
});
