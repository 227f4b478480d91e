/**
 * Command line of `npm run batch`: parsing (pure) and checking against the experiment's schema, with
 * the schema's own messages (the ones the page shows). Every problem is a UsageError: the command
 * prints it with the usage and exits with code 2, never with a stack trace.
 */
import { extname } from "node:path";
import { type AnySchema, checkParams } from "../../src/theory/experiment";
import { describeRange, type Param } from "../../src/theory/params";
import { loadSchema, paperIds, paperSchemas } from "../../src/theory/registry";
import type { ShardInfo } from "./trace-file";

export class UsageError extends Error {}

export const USAGE = `usage:
  npm run batch -- <experiment> [--param=value …] [--runs N] [--threads N] [--shard i/n] [--dry-run] --out trace.json|trace.csv
  npm run batch -- merge shard-*.json --out trace.json|trace.csv
  npm run batch -- <experiment> --help          the experiment's parameters
  npm run batch -- --list                       every experiment`;

export interface RunArgs {
  cmd: "run";
  experiment: string;
  /** --name=value flags that are not options of the command itself: the experiment's parameters. */
  params: Map<string, string>;
  out: string;
  threads?: number;
  shard?: ShardInfo;
  quiet: boolean;
  /** Check the arguments and print what would run, without computing (scripts/slurm/submit.sh). */
  dryRun: boolean;
}

export interface MergeArgs {
  cmd: "merge";
  files: string[];
  out: string;
  quiet: boolean;
}

export type Args = RunArgs | MergeArgs | { cmd: "help"; experiment?: string } | { cmd: "list" };

const OUT_FORMATS = [".json", ".csv"];

function positiveInt(flag: string, v: string): number {
  if (!/^\d+$/.test(v) || Number(v) < 1)
    throw new UsageError(`--${flag} = ${JSON.stringify(v)} is not valid: expected a positive integer`);
  return Number(v);
}

export function parseShard(v: string): ShardInfo {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard = ${JSON.stringify(v)} is not valid: expected i/n with 1 ≤ i ≤ n (e.g. --shard 2/7)`);
  return { index, count };
}

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  // A Map: a flag named --__proto__ is a name like any other (and reported as unknown).
  const flags = new Map<string, string>();
  let help = false;
  let list = false;
  let quiet = false;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      help = true;
      continue;
    }
    if (a === "--list") {
      list = true;
      continue;
    }
    if (a === "--quiet" || a === "-q") {
      quiet = true;
      continue;
    }
    if (a === "--dry-run") {
      dryRun = true;
      continue;
    }
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    let name: string;
    let value: string;
    const eq = a.indexOf("=");
    if (eq > 2) {
      name = a.slice(2, eq);
      value = a.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--"))
        throw new UsageError(`"${a}" needs a value: ${a}=value or ${a} value`);
      name = a.slice(2);
      value = next;
      i++;
    }
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    flags.set(name, value);
  }
  if (list) return { cmd: "list" };
  if (help) return { cmd: "help", experiment: positional[0] };
  const out = flags.get("out") ?? "";
  flags.delete("out");
  if (positional[0] === "merge") {
    const files = positional.slice(1);
    if (files.length === 0)
      throw new UsageError("merge needs the shard files: npm run batch -- merge shard-*.json --out trace.json");
    const extra = [...flags.keys()];
    if (extra.length) throw new UsageError(`merge takes only --out; not ${extra.map((k) => `--${k}`).join(", ")}`);
    checkOut(out);
    return { cmd: "merge", files, out, quiet };
  }
  if (positional.length === 0)
    throw new UsageError("give an experiment id, e.g. guide/gd (npm run batch -- --list shows them)");
  if (positional.length > 1) throw new UsageError(`one experiment at a time; got ${positional.join(", ")}`);
  checkOut(out);
  const threadsRaw = flags.get("threads");
  flags.delete("threads");
  const shardRaw = flags.get("shard");
  flags.delete("shard");
  const shard = shardRaw === undefined ? undefined : parseShard(shardRaw);
  if (shard && extname(out) !== ".json") throw new UsageError("a shard is written as JSON: --out shard-<i>.json");
  return {
    cmd: "run",
    experiment: positional[0],
    params: flags,
    out,
    threads: threadsRaw === undefined ? undefined : positiveInt("threads", threadsRaw),
    shard,
    quiet,
    dryRun,
  };
}

function checkOut(out: string): void {
  if (!out) throw new UsageError("--out is required: --out trace.json (or trace.csv)");
  if (!OUT_FORMATS.includes(extname(out)))
    throw new UsageError(`--out must name a ${OUT_FORMATS.join(" or ")} file; got ${out}`);
}

/** Every experiment id, paper by paper (declarations only: no algorithm code is loaded). */
export async function allExperimentIds(): Promise<string[]> {
  const lists = await Promise.all(paperIds().map((p) => paperSchemas(p)));
  return lists.flat().map((s) => s.id);
}

/** The schema of an experiment id, or a UsageError naming every id there is. */
export async function schemaOf(id: string): Promise<AnySchema> {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id) || !paperIds().includes(id.split("/")[0])) {
    throw new UsageError(`unknown experiment "${id}"; experiments: ${(await allExperimentIds()).join(", ")}`);
  }
  try {
    return await loadSchema(id);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function describeParams(e: AnySchema): string {
  const lines = [`parameters of ${e.id} (${e.title}):`];
  for (const [name, p] of Object.entries(e.params as Record<string, Param>)) {
    const d = Array.isArray(p.default) ? p.default.join(",") : String(p.default);
    lines.push(
      `  --${name}=…  ${describeRange(p)} (default ${d})${p.aliases?.length ? `; also --${p.aliases.join(", --")}` : ""}`,
    );
  }
  return lines.join("\n");
}

/**
 * The validated parameters for `args.params`: unknown names are refused (parseParams itself ignores
 * them, since a page holds several experiments' parameters), then the schema's messages.
 */
export function checkRunParams(e: AnySchema, given: Map<string, string>): Record<string, unknown> {
  const known = new Set(
    Object.entries(e.params as Record<string, Param>).flatMap(([k, p]) => [k, ...(p.aliases ?? [])]),
  );
  const problems: string[] = [];
  for (const k of given.keys()) {
    if (known.has(k)) continue;
    problems.push(
      k === "runs"
        ? `--runs: ${e.id} has no runs parameter (it computes one deterministic run)`
        : `unknown parameter --${k} for ${e.id}`,
    );
  }
  // The page's limits keep a browser tab alive; the command line is for full-size runs, so only the
  // schema's ranges and cross-checks apply here.
  const { values, errors } = checkParams(e, Object.fromEntries(given), { limits: false });
  problems.push(...errors);
  if (problems.length) throw new UsageError(`${problems.join("\n")}\n${describeParams(e)}`);
  return values;
}
