/**
 * `npm run batch -- <experiment> [--param=value …] [--runs N] [--threads N] [--shard i/n] --out trace.json|.csv`
 * `npm run batch -- merge shard-*.json --out trace.json|.csv`
 *
 * Runs a registered experiment in Node on every core (worker threads: compute.ts), or one shard of
 * its runs, and writes the raw trace (trace-file.ts) or the page's CSV. Exit codes: 0 done; 2 bad
 * arguments, or shards that do not merge (the message names them); 1 the computation failed.
 */
import { extname } from "node:path";
import { runCountOf } from "../../src/theory/experiment";
import {
  type Args,
  allExperimentIds,
  checkRunParams,
  describeParams,
  parseArgs,
  schemaOf,
  USAGE,
  UsageError,
} from "./args";
import { runBatch } from "./batch";
import { shardRange } from "./compute";
import { MergeError, mergeShards } from "./merge";
import { createProgress, type Progress, seconds } from "./progress";
import { readTraceFile, type TraceFile, TraceFileError, writeText, writeTraceFile } from "./trace-file";

async function write(out: string, file: TraceFile): Promise<void> {
  // The CSV code (src/stdlib/export.ts) brings Observable Plot and d3: loaded only for a CSV.
  if (extname(out) === ".csv") writeText(out, (await import("./summary")).csvOf(file));
  else writeTraceFile(out, file);
}

async function run(args: Extract<Args, { cmd: "run" }>): Promise<string> {
  const schema = await schemaOf(args.experiment);
  const values = checkRunParams(schema, args.params);
  const label = `${schema.id}${args.shard ? ` shard ${args.shard.index}/${args.shard.count}` : ""}`;
  if (args.dryRun) {
    const total = runCountOf(schema, values);
    const [start, count] = args.shard ? shardRange(total, args.shard.index, args.shard.count) : [0, total];
    return `${label}: would compute ${count ? `runs ${start}–${start + count - 1}` : "no runs"} of ${total} and write ${args.out} (dry run: arguments are valid)`;
  }
  let progress: Progress | undefined;
  const file = await runBatch({
    schema,
    values,
    shard: args.shard,
    threads: args.threads,
    onStart: ({ runCount, threads }) => {
      progress = createProgress({
        label: `${label}: ${runCount} runs on ${threads} thread${threads > 1 ? "s" : ""}`,
        runs: runCount,
        quiet: args.quiet,
      });
    },
    onProgress: (f) => progress?.update(f),
  });
  await write(args.out, file);
  const { runStart, runCount, timing } = file;
  if (runCount === 0)
    return `${label}: no runs in this shard (${file.runsTotal} runs over ${args.shard?.count} shards); wrote ${args.out}`;
  const threads = `${timing.threads} thread${timing.threads > 1 ? "s" : ""}`;
  const line = `${label}: ${runCount} runs (${runStart}–${runStart + runCount - 1}) on ${threads}, ${file.backend}, ${seconds(timing.wallMs)}; wrote ${args.out}`;
  progress?.done(line);
  return progress ? "" : line;
}

async function merge(args: Extract<Args, { cmd: "merge" }>): Promise<string> {
  const shards = args.files.map((path) => ({ path, file: readTraceFile(path) }));
  const merged = mergeShards(shards);
  await write(args.out, merged);
  return `${merged.experiment}: merged ${shards.length} shards (${merged.runsTotal} runs, ${merged.backend}); wrote ${args.out}`;
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.cmd === "list") process.stdout.write(`${(await allExperimentIds()).join("\n")}\n`);
    else if (args.cmd === "help")
      process.stdout.write(`${args.experiment ? describeParams(await schemaOf(args.experiment)) : USAGE}\n`);
    else {
      const line = args.cmd === "merge" ? await merge(args) : await run(args);
      if (line) process.stderr.write(`${line}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof MergeError || e instanceof TraceFileError) {
      process.stderr.write(`merge refused: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`batch failed: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
