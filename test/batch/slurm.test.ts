/**
 * scripts/slurm/ on a real (single-node, localhost) Slurm: submit.sh submits a 4-task job array of
 * shards and a merge job that depends on it (afterok); the merged trace equals the trace of one
 * machine, byte for byte but for timing. Bounded: 180 s for the jobs, then the failure carries the
 * daemons' and jobs' logs. The daemons it started are stopped however the test ends. Skips with the
 * reason where Slurm cannot be installed, unless REQUIRE_SLURM=1.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { identityOf } from "../../scripts/batch/trace-file";
import { batchFile, ROOT } from "./helpers";
import { type Cluster, ensureSlurm, startCluster } from "./slurm-cluster";

const REQUIRED = process.env.REQUIRE_SLURM === "1";
const WAIT_MS = 180_000;
const EXPERIMENT = "guide/gd";
const PARAMS = { runs: 10, K: 400, d: 12, seed: 5 };

let cluster: Cluster | undefined;
let unavailable: string | undefined;

beforeAll(async () => {
  const got = ensureSlurm();
  if (!got.ok) {
    unavailable = got.reason;
    if (REQUIRED) throw new Error(`REQUIRE_SLURM=1 but ${got.reason}`);
    return;
  }
  cluster = await startCluster();
}, 900_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function jobState(c: Cluster, id: string): string[] {
  const r = spawnSync("scontrol", ["-o", "show", "job", id], { env: c.env, encoding: "utf8" });
  return [...r.stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]);
}

it("a 4-task job array and its dependent merge give the single-machine trace", async (ctx) => {
  if (!cluster) {
    ctx.skip(`Slurm is not available: ${unavailable}`);
    return;
  }
  const c = cluster;
  const out = join(c.dir, "jobs", "gd.json");
  const shardDir = join(c.dir, "jobs", "gd.shards");
  const args = Object.entries(PARAMS).map(([k, v]) => `--${k}=${v}`);
  const submit = spawnSync(
    join(ROOT, "scripts/slurm/submit.sh"),
    ["-n", "4", "-c", "1", "-t", "00:10:00", "-o", out, "-d", shardDir, "--", EXPERIMENT, ...args],
    { env: c.env, encoding: "utf8", cwd: join(c.dir, "jobs"), timeout: 60_000 },
  );
  expect(submit.status, `${submit.stderr}\n${c.logs()}`).toBe(0);
  const ids = /^array (\d+)\nmerge (\d+)\n$/.exec(submit.stdout);
  expect(ids, submit.stdout).not.toBeNull();
  const [, arrayId, mergeId] = ids!;
  // The merge waits on the array.
  const dep = spawnSync("scontrol", ["-o", "show", "job", mergeId], { env: c.env, encoding: "utf8" }).stdout;
  expect(dep).toMatch(new RegExp(`Dependency=afterok:${arrayId}`));

  const logDirs = [join(shardDir, "logs")];
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [merge] = jobState(c, mergeId);
    const array = jobState(c, arrayId);
    if (merge === "COMPLETED") break;
    const failed = ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"];
    if ([merge, ...array].some((s) => failed.includes(s)) || Date.now() > deadline) {
      throw new Error(
        `${Date.now() > deadline ? `jobs not done after ${WAIT_MS / 1000} s` : "a job failed"}: array ${arrayId} ${array.join(",")}, merge ${mergeId} ${merge}\n${c.logs(logDirs)}`,
      );
    }
    await sleep(500);
  }
  expect(jobState(c, arrayId)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"]);
  expect(
    readdirSync(shardDir)
      .filter((f) => f.endsWith(".json"))
      .sort(),
  ).toEqual([1, 2, 3, 4].map((i) => `shard-${i}.json`));
  expect(readFileSync(join(shardDir, "logs", "shard-2.out"), "utf8")).toMatch(/boundlab: shard 2\/4 of: guide\/gd/);
  expect(existsSync(out), c.logs(logDirs)).toBe(true);

  const local = await batchFile(EXPERIMENT, PARAMS, { threads: 2 });
  const merged = readFileSync(out, "utf8");
  expect(identityOf(merged)).toBe(identityOf(local.text));
  const timing = JSON.parse(merged).timing;
  expect(timing.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3, 4]);
});
