/**
 * `--backend=webgpu` in Node: the batch worker threads run the page's kernels and host code
 * (workers/gpu/backend.ts `runOnGpuIfChosen`) through Dawn, here on SwiftShader. Sharded GPU runs
 * merge to the unsharded GPU trace bitwise; `auto` does not take a software adapter (CPU runs).
 * Without an adapter it skips, unless REQUIRE_WEBGPU=1 (CI).
 */
import { existsSync } from "node:fs";
import { expect, it } from "vitest";
import { mergeShards } from "../../scripts/batch/merge";
import { encodeTraceFile, identityOf } from "../../scripts/batch/trace-file";
import { batchFile } from "./helpers";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

const P = { T: 200, runs: 12, policies: "ucb1,ts", backend: "webgpu" };

it("bandits/regret on WebGPU (Dawn): shards merge to the unsharded GPU trace; auto skips a software adapter", async (ctx) => {
  const whole = await batchFile("bandits/regret", P);
  if (whole.file.backend !== "webgpu") {
    const why = whole.file.chunk!.notes.find((n) => /WebGPU/.test(n)) ?? "no WebGPU note";
    if (process.env.REQUIRE_WEBGPU === "1") throw new Error(`REQUIRE_WEBGPU=1 but the batch ran on the CPU: ${why}`);
    ctx.skip(`no WebGPU adapter in Node: ${why}`);
    return;
  }
  expect(whole.file.timing.threads).toBe(1); // one device does the work
  expect(whole.file.chunk!.notes.some((n) => /^WebGPU on /.test(n))).toBe(true);
  const shards = [];
  for (const index of [1, 2, 3]) {
    const s = await batchFile("bandits/regret", P, { shard: { index, count: 3 } });
    expect(s.file.backend).toBe("webgpu");
    shards.push({ path: `gpu-${index}.json`, file: s.file });
  }
  expect(identityOf(encodeTraceFile(mergeShards(shards)))).toBe(identityOf(whole.text));

  const auto = await batchFile("bandits/regret", { ...P, backend: "auto" }, { threads: 1 });
  const adapterIsSoftware = whole.file.chunk!.notes.some((n) => /\(software\)/.test(n));
  expect(auto.file.backend).toBe(adapterIsSoftware ? "cpu" : "webgpu");
});
