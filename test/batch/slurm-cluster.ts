/**
 * A throwaway single-node Slurm cluster on localhost for test/batch/slurm.test.ts: munged with its
 * own key and socket, slurmctld and slurmd in the foreground (children of this process, so they are
 * stopped by their pids), and a minimal slurm.conf, all in one temporary directory. No cgroups
 * (proctrack/linuxproc, task/none), no accounting, SlurmUser=root, the node sized by `slurmd -C`.
 *
 * `ensureSlurm` installs Debian's slurm-wlm and munge when they are missing (as root, with apt-get);
 * where that cannot be done it returns the reason, and the test skips (fails with REQUIRE_SLURM=1).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TOOLS = ["slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "sinfo", "scancel", "munged", "mungekey"];

function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function missingTools(): string[] {
  return TOOLS.filter((t) => !which(t));
}

/** Slurm and munge present, installing them with apt-get when missing and possible. */
export function ensureSlurm(): { ok: true } | { ok: false; reason: string } {
  if (missingTools().length === 0) return { ok: true };
  if (process.platform !== "linux")
    return { ok: false, reason: `Slurm test needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0)
    return {
      ok: false,
      reason: `missing ${missingTools().join(", ")} and not root, so cannot apt-get install slurm-wlm munge`,
    };
  if (!which("apt-get"))
    return { ok: false, reason: `missing ${missingTools().join(", ")} and no apt-get to install slurm-wlm munge` };
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args: string[]) => spawnSync("apt-get", args, { env, encoding: "utf8", timeout: 600_000 });
  const update = run(["update", "-qq"]);
  const install = update.status === 0 ? run(["install", "-y", "-q", "slurm-wlm", "munge"]) : update;
  if (install.status !== 0 || missingTools().length) {
    const tail = `${install.stderr ?? ""}${install.stdout ?? ""}`.trim().split("\n").slice(-5).join("\n");
    return { ok: false, reason: `apt-get install slurm-wlm munge failed (exit ${install.status}): ${tail}` };
  }
  return { ok: true };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Cluster {
  dir: string;
  /** The environment for sbatch, squeue, scontrol …: SLURM_CONF points at this cluster. */
  env: NodeJS.ProcessEnv;
  /** slurmctld, slurmd and munged logs, and every job output file under `extraLogDirs`, for failure messages. */
  logs(extraLogDirs?: string[]): string;
  /** Cancels this cluster's jobs, stops the three daemons it started (by pid) and removes its directory. */
  stop(): Promise<void>;
}

function tailOf(path: string, lines = 25): string {
  if (!existsSync(path)) return `(${path}: none)`;
  const text = readFileSync(path, "utf8").trimEnd().split("\n");
  return `── ${path} (last ${Math.min(lines, text.length)} lines)\n${text.slice(-lines).join("\n")}`;
}

export async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "boundlab-slurm-"));
  for (const d of ["state", "spool", "jobs"]) mkdirSync(join(dir, d));
  const children: ChildProcess[] = [];
  const conf = join(dir, "slurm.conf");
  const env = { ...process.env, SLURM_CONF: conf };
  const start = (cmd: string, args: string[], log: string) => {
    const fd = openSync(join(dir, log), "a");
    const child = spawn(cmd, args, { env, stdio: ["ignore", fd, fd] });
    children.push(child);
    return child;
  };
  const logs = (extraLogDirs: string[] = []) =>
    [
      tailOf(join(dir, "slurmctld.log")),
      tailOf(join(dir, "slurmd.log")),
      tailOf(join(dir, "slurmctld.out"), 10),
      tailOf(join(dir, "slurmd.out"), 10),
      tailOf(join(dir, "munged.out"), 10),
      ...extraLogDirs.flatMap((d) => (existsSync(d) ? readdirSync(d).map((f) => tailOf(join(d, f), 15)) : [])),
    ].join("\n");
  const stop = async () => {
    // Jobs first (slurmstepd would outlive slurmd), then the daemons, newest first.
    if (children.some((c) => c.exitCode === null)) {
      spawnSync("scancel", ["--full", "--user=root"], { env, timeout: 10_000 });
      for (let i = 0; i < 50; i++) {
        const q = spawnSync("squeue", ["-h", "-o", "%i"], { env, encoding: "utf8", timeout: 5_000 });
        if (q.status !== 0 || q.stdout.trim() === "") break;
        await sleep(200);
      }
    }
    for (const c of [...children].reverse()) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      const t = setTimeout(() => c.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // munge: a fresh key and socket of our own (never the system's /etc/munge or its daemon).
    const key = join(dir, "munge.key");
    execFileSync("mungekey", ["-c", "-k", key]);
    const socket = join(dir, "munge.sock");
    start(
      "munged",
      [
        "-F",
        "--force",
        `--key-file=${key}`,
        `--socket=${socket}`,
        `--pid-file=${dir}/munged.pid`,
        `--seed-file=${dir}/munged.seed`,
        `--log-file=${dir}/munged.log`,
      ],
      "munged.out",
    );
    for (let i = 0; i < 50 && !existsSync(socket); i++) await sleep(100);
    if (!existsSync(socket)) throw new Error("munged did not create its socket");

    // The node as slurmd sees it (CPUs, sockets, cores, memory), renamed localhost.
    const hw = execFileSync("slurmd", ["-C"], { encoding: "utf8" })
      .split("\n")[0]
      .replace(/^NodeName=\S+\s*/, "");
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    writeFileSync(
      conf,
      `${[
        "ClusterName=boundlab-test",
        "SlurmctldHost=localhost(127.0.0.1)",
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        "CredType=cred/munge",
        `AuthInfo=socket=${socket}`,
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        `StateSaveLocation=${dir}/state`,
        `SlurmdSpoolDir=${dir}/spool`,
        `SlurmctldPidFile=${dir}/slurmctld.pid`,
        `SlurmdPidFile=${dir}/slurmd.pid`,
        `SlurmctldLogFile=${dir}/slurmctld.log`,
        `SlurmdLogFile=${dir}/slurmd.log`,
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_CPU",
        "SchedulerType=sched/backfill",
        "JobAcctGatherType=jobacct_gather/none",
        "AccountingStorageType=accounting_storage/none",
        "JobCompType=jobcomp/none",
        "MpiDefault=none",
        "ReturnToService=2",
        "MinJobAge=600",
        "InactiveLimit=0",
        `NodeName=localhost NodeAddr=127.0.0.1 ${hw} State=UNKNOWN`,
        "PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
      ].join("\n")}\n`,
    );
    start("slurmctld", ["-D", "-i", "-f", conf], "slurmctld.out");
    start("slurmd", ["-D", "-N", "localhost", "-f", conf], "slurmd.out");
    const deadline = Date.now() + 60_000;
    for (;;) {
      const s = spawnSync("sinfo", ["-h", "-n", "localhost", "-o", "%T"], { env, encoding: "utf8", timeout: 5_000 });
      if (s.status === 0 && /^idle/.test(s.stdout.trim())) break;
      const dead = children.find((c) => c.exitCode !== null);
      if (dead || Date.now() > deadline)
        throw new Error(
          `${dead ? `${dead.spawnfile} exited with ${dead.exitCode}` : "the node did not come up (idle) in 60 s"}: sinfo says ${JSON.stringify(s.stdout.trim() || s.stderr.trim())}`,
        );
      await sleep(300);
    }
  } catch (e) {
    const message = `${(e as Error).message}\n${logs()}`;
    await stop();
    throw new Error(message);
  }
  return { dir, env, logs, stop };
}
