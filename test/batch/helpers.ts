/** Helpers for the batch tests: the CLI in a child process, and shard files built in-process. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runBatch } from "../../scripts/batch/batch";
import { encodeTraceFile, parseTraceFile, type ShardInfo, type TraceFile } from "../../scripts/batch/trace-file";
import { checkParams } from "../../src/theory/experiment";
import { loadSchema } from "../../src/theory/registry";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run batch -- …` without npm: node with tsx, in the repository root. */
export function cli(args: string[], opts: { env?: NodeJS.ProcessEnv; script?: string } = {}): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ["--import", "tsx", opts.script ?? "scripts/batch/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): { dir: string; path: (name: string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, path: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A batch run in-process (worker threads as in the CLI), written and read back as a file would be. */
export async function batchFile(
  id: string,
  params: Record<string, unknown>,
  opts: { shard?: ShardInfo; threads?: number } = {},
): Promise<{ text: string; file: TraceFile }> {
  const schema = await loadSchema(id);
  const { values, errors } = checkParams(schema, params);
  if (errors.length) throw new Error(errors.join("\n"));
  const text = encodeTraceFile(await runBatch({ schema, values, ...opts }));
  return {
    text,
    file: parseTraceFile(text, `${id} ${opts.shard ? `${opts.shard.index}/${opts.shard.count}` : "whole"}`),
  };
}

/** No stack trace: no "    at f (file:line)" lines. */
export const hasStack = (s: string) => /^\s+at .+[:(]/m.test(s);
