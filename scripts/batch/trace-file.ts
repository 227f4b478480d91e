/**
 * The batch trace file (`npm run batch -- … --out trace.json`) and the shard file (`--shard i/n`):
 * JSON with the experiment, its validated parameters, seed, version (scripts/batch/version.ts),
 * backend, the run range and the raw `RunChunk` (every run's samples, not a summary), so a saved
 * trace can be summarised, plotted and exported later exactly as the page would.
 *
 * Float64Arrays are written as JSON arrays. JSON has no NaN, ±Infinity or −0, which traces contain
 * (NaN marks "no value" after divergence), so those four are written as the strings "NaN",
 * "Infinity", "-Infinity" and "-0"; every other number is written in JavaScript's shortest
 * round-trip form, so `readTraceFile` restores each Float64Array bit for bit.
 *
 * Everything except `timing` is a function of (experiment, parameters, version, run range): two
 * files for the same work, however it was split over threads, shards or machines, are byte-identical
 * once `timing` is removed (`identityOf`).
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { PlotHints } from "../../src/theory/experiment";
import type { Backend, BoundCurve, RunChunk, SeriesChunk } from "../../src/theory/trace";

export const FORMAT = "boundlab-trace/1";

export interface ShardInfo {
  /** 1-based, as on the command line (`--shard 2/7`) and in a Slurm array `--array=1-7`. */
  index: number;
  count: number;
}

export interface Timing {
  /** Compute time summed over threads (and shards), ms. */
  computeMs: number;
  /** Wall time of the command (for a merge: the slowest shard's), ms. */
  wallMs: number;
  threads: number;
  /** One entry per shard merged (absent in a single run). */
  shards?: { index: number; host: string; wallMs: number; threads: number }[];
  host: string;
  node: string;
  finishedAt: string;
}

export interface TraceFile {
  format: typeof FORMAT;
  kind: "trace" | "shard";
  experiment: string;
  title: string;
  /** `<package version>+<hash of the experiment's source closure>`: see scripts/batch/version.ts. */
  version: string;
  /** The validated parameters (defaults filled in): what `experiment.run` received. */
  params: Record<string, unknown>;
  seed: number | null;
  backend: Backend;
  runsTotal: number;
  /** The runs this file holds: [runStart, runStart + runCount). */
  runStart: number;
  runCount: number;
  shard?: ShardInfo;
  plot: PlotHints;
  /** null only for an empty shard (more shards than runs). */
  chunk: RunChunk | null;
  timing: Timing;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const SPECIAL = new Map<string, number>([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["-0", -0],
]);

export function encodeF64(a: Float64Array): (number | string)[] {
  const out: (number | string)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out[i] = Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : v) : String(v);
  }
  return out;
}

export function decodeF64(a: unknown, what: string): Float64Array {
  if (!Array.isArray(a)) throw new Error(`${what} is not an array`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "string" && SPECIAL.has(v)) out[i] = SPECIAL.get(v)!;
    else throw new Error(`${what}[${i}] is ${JSON.stringify(v)}, not a number`);
  }
  return out;
}

/** The chunk as JSON: computed fields only (no timing: `ms` and `startedAt` go to the file's `timing`). */
function encodeChunk(c: RunChunk): Json {
  return {
    x: encodeF64(c.x),
    series: c.series.map((s) => ({
      key: s.key,
      label: s.label,
      runs: s.runs,
      ...(s.divergedAt !== undefined ? { divergedAt: encodeF64(Float64Array.of(s.divergedAt))[0] } : {}),
      values: encodeF64(s.values.subarray(0, s.runs * c.x.length)),
    })),
    bounds: c.bounds.map((b) => {
      const { y, x, ...rest } = b;
      return { ...(rest as unknown as { [k: string]: Json }), y: encodeF64(y), ...(x ? { x: encodeF64(x) } : {}) };
    }),
    runStart: c.runStart,
    backend: c.backend,
    notes: c.notes,
  };
}

function decodeChunk(j: Record<string, unknown>, file: string): RunChunk {
  const series = (j.series as Record<string, unknown>[]).map((s, i): SeriesChunk => {
    const out: SeriesChunk = {
      key: String(s.key),
      label: String(s.label),
      runs: Number(s.runs),
      values: decodeF64(s.values, `${file}: series[${i}].values`),
    };
    if (s.divergedAt !== undefined) out.divergedAt = decodeF64([s.divergedAt], `${file}: divergedAt`)[0];
    return out;
  });
  const bounds = (j.bounds as Record<string, unknown>[]).map((b, i): BoundCurve => {
    const out = { ...b, y: decodeF64(b.y, `${file}: bounds[${i}].y`) } as unknown as BoundCurve;
    if (b.x !== undefined) out.x = decodeF64(b.x, `${file}: bounds[${i}].x`);
    return out;
  });
  return {
    x: decodeF64(j.x, `${file}: x`),
    series,
    bounds,
    runStart: Number(j.runStart),
    backend: j.backend as Backend,
    notes: (j.notes as string[]) ?? [],
  };
}

/** The file's text: fixed key order, so equal content gives equal bytes. */
export function encodeTraceFile(t: TraceFile): string {
  const { timing, chunk, shard, ...head } = t;
  const ordered: Record<string, unknown> = {
    format: head.format,
    kind: head.kind,
    experiment: head.experiment,
    title: head.title,
    version: head.version,
    params: head.params,
    seed: head.seed,
    backend: head.backend,
    runsTotal: head.runsTotal,
    runStart: head.runStart,
    runCount: head.runCount,
    ...(shard ? { shard } : {}),
    plot: head.plot,
    chunk: chunk ? encodeChunk(chunk) : null,
    timing,
  };
  return `${JSON.stringify(ordered)}\n`;
}

/** Everything but `timing`: what two runs of the same work must agree on, byte for byte. */
export function identityOf(text: string): string {
  const j = JSON.parse(text) as Record<string, unknown>;
  delete j.timing;
  return JSON.stringify(j);
}

export class TraceFileError extends Error {}

export function parseTraceFile(text: string, file: string): TraceFile {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new TraceFileError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (!j || typeof j !== "object" || j.format !== FORMAT)
    throw new TraceFileError(`${file} is not a BoundLab trace (format "${FORMAT}" expected)`);
  try {
    return {
      ...(j as unknown as TraceFile),
      chunk: j.chunk ? decodeChunk(j.chunk as Record<string, unknown>, file) : null,
    };
  } catch (e) {
    throw new TraceFileError(`${file} is damaged: ${(e as Error).message}`);
  }
}

/** Reads a trace or shard file and restores its Float64Arrays. */
export function readTraceFile(path: string): TraceFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new TraceFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseTraceFile(text, path);
}

/** Written to a temporary name and renamed: a reader (a merge job on a shared filesystem) never sees half a file. */
export function writeTraceFile(path: string, t: TraceFile): void {
  writeText(path, encodeTraceFile(t));
}

export function writeText(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
