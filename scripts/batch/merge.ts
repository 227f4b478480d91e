/**
 * `npm run batch -- merge shard-*.json --out trace.json`: checks that the shards are the pieces of
 * one computation — same experiment, parameters, version, backend and shard count, each index once,
 * ranges that tile [0, runs) by the split rule — and merges their chunks with `mergeChunks`. Every
 * refusal names the files it is about. The merged trace is byte-identical (but for `timing`) to the
 * trace of the same command run unsharded.
 */
import { mergeChunks } from "../../src/theory/trace";
import { shardRange } from "./compute";
import { FORMAT, type TraceFile } from "./trace-file";

export class MergeError extends Error {}

export interface LoadedShard {
  path: string;
  file: TraceFile;
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );

const list = (paths: string[]) =>
  paths.length <= 4 ? paths.join(", ") : `${paths.slice(0, 3).join(", ")} and ${paths.length - 3} more`;

/** Groups by a key; with more than one group, a message naming each group's files. */
function mustAgree(shards: LoadedShard[], what: string, key: (s: LoadedShard) => string, show = key): void {
  const groups = new Map<string, LoadedShard[]>();
  for (const s of shards) {
    const k = key(s);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  if (groups.size <= 1) return;
  const parts = [...groups.values()].map((g) => `${list(g.map((s) => s.path))}: ${show(g[0])}`);
  throw new MergeError(`shards of different ${what}:\n  ${parts.join("\n  ")}`);
}

function paramDifference(a: Record<string, unknown>, b: Record<string, unknown>): string {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names
    .filter((k) => canonical(a[k]) !== canonical(b[k]))
    .map((k) => `${k}=${canonical(b[k])} (not ${canonical(a[k])})`)
    .join(", ");
}

const runsText = (s: TraceFile) => (s.runCount === 0 ? "no runs" : `runs ${s.runStart}–${s.runStart + s.runCount - 1}`);

export function mergeShards(shards: LoadedShard[]): TraceFile {
  if (shards.length === 0) throw new MergeError("no shard files given");
  for (const s of shards) {
    if (s.file.format !== FORMAT) throw new MergeError(`${s.path} is not a BoundLab trace`);
    if (s.file.kind !== "shard" || !s.file.shard)
      throw new MergeError(`${s.path} is a whole trace, not a shard (written without --shard i/n): nothing to merge`);
  }
  mustAgree(shards, "experiments", (s) => s.file.experiment);
  mustAgree(shards, "versions (code changed between shards; rerun them from one checkout)", (s) => s.file.version);
  const first = shards[0];
  mustAgree(
    shards,
    "parameters",
    (s) => canonical(s.file.params),
    (s) => (s === first ? "the first" : paramDifference(first.file.params, s.file.params)),
  );
  mustAgree(
    shards,
    "shard counts",
    (s) => String(s.file.shard!.count),
    (s) => `of ${s.file.shard!.count} shards`,
  );
  mustAgree(
    shards.filter((s) => s.file.chunk),
    "backends",
    (s) => s.file.backend,
    (s) => `ran on ${s.file.backend} (a WebGPU run fell back to the CPU somewhere; pin --backend to merge)`,
  );

  const n = first.file.shard!.count;
  const total = first.file.runsTotal;
  const byIndex = new Map<number, LoadedShard[]>();
  for (const s of shards) byIndex.set(s.file.shard!.index, [...(byIndex.get(s.file.shard!.index) ?? []), s]);
  const overlapping = [...byIndex.entries()].filter(([, g]) => g.length > 1);
  if (overlapping.length)
    throw new MergeError(
      `overlapping shards:\n  ${overlapping.map(([i, g]) => `${list(g.map((s) => s.path))} ${g.length === 2 ? "are both" : "are all"} shard ${i}/${n} (${runsText(g[0].file)})`).join("\n  ")}`,
    );
  for (const s of shards) {
    const [start, count] = shardRange(total, s.file.shard!.index, n);
    const hasRuns = s.file.chunk?.series[0]?.runs ?? count;
    if (s.file.runStart !== start || s.file.runCount !== count || (s.file.chunk && hasRuns !== count))
      throw new MergeError(
        `${s.path} says it is shard ${s.file.shard!.index}/${n} but holds ${runsText(s.file)}; that shard is ${count ? `runs ${start}–${start + count - 1}` : "empty"}`,
      );
  }
  const missing = [];
  for (let i = 1; i <= n; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length) {
    const what = missing.map((i) => {
      const [start, count] = shardRange(total, i, n);
      return `${i}/${n} (${count ? `runs ${start}–${start + count - 1}` : "no runs"})`;
    });
    throw new MergeError(
      `missing shard${missing.length > 1 ? "s" : ""} ${what.join(", ")}; have ${[...byIndex.keys()].sort((a, b) => a - b).join(", ")} of ${n} from ${list(shards.map((s) => s.path))}`,
    );
  }

  const sorted = [...shards].sort((a, b) => a.file.shard!.index - b.file.shard!.index);
  const chunks = sorted.flatMap((s) => (s.file.chunk ? [s.file.chunk] : []));
  const { ms: _ms, startedAt: _startedAt, ...chunk } = mergeChunks(chunks);
  const timings = sorted.map((s) => s.file.timing);
  return {
    ...sorted[0].file,
    kind: "trace",
    backend: chunk.backend,
    shard: undefined,
    runStart: 0,
    runCount: total,
    chunk,
    timing: {
      computeMs: timings.reduce((t, x) => t + x.computeMs, 0),
      wallMs: Math.max(...timings.map((x) => x.wallMs)),
      threads: timings.reduce((t, x) => t + x.threads, 0),
      shards: sorted.map((s) => ({
        index: s.file.shard!.index,
        host: s.file.timing.host,
        wallMs: s.file.timing.wallMs,
        threads: s.file.timing.threads,
      })),
      host: timings[0].host,
      node: timings[0].node,
      finishedAt: new Date().toISOString(),
    },
  };
}
