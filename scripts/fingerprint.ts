/**
 * Golden fingerprints of every registered experiment: a SHA-256 of the numbers of its merged chunk
 * (x, every series' values and divergence, every bound's curve) and, apart, of its text (labels, TeX,
 * citations, notes), at the schema defaults and at one probe set (seed 7, at most 2 runs). A refactor
 * that moves code must leave `numbers` unchanged; `text` may change on purpose (say why in the commit).
 *
 *   npm run fingerprint -- [--probe-only] [--write test/theory/fingerprints.json] [ids…]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { inProcessRunner } from "../src/compute/in-process";
import type { AnyExperiment } from "../src/theory/experiment";
import { paperExperiments } from "../src/theory/experiment-registry";
import { defaults } from "../src/theory/params";
import { paperIds } from "../src/theory/registry";
import type { RunChunk } from "../src/theory/trace";

export interface Fingerprint {
  numbers: string;
  text: string;
}

function bytes(h: ReturnType<typeof createHash>, a: ArrayLike<number> | undefined) {
  if (!a) return h.update("-");
  const f = Float64Array.from(a as ArrayLike<number>);
  h.update(new Uint8Array(f.buffer));
}

export function fingerprintChunk(c: RunChunk): Fingerprint {
  const num = createHash("sha256");
  const txt = createHash("sha256");
  bytes(num, c.x);
  for (const s of c.series) {
    num.update(`|${s.runs}|${s.divergedAt ?? "-"}|`);
    bytes(num, s.values.subarray(0, s.runs * c.x.length));
    txt.update(`|${s.key}|${s.label}`);
  }
  for (const b of c.bounds) {
    num.update(`|${b.key}|`);
    bytes(num, b.y);
    bytes(num, b.x);
    txt.update(
      `|${b.key}|${b.label}|${b.tex}|${b.cite}|${b.kind}|${(b.appliesTo ?? []).join(",")}|${b.exponent ?? "-"}`,
    );
  }
  txt.update(`|${c.notes.join("\n")}`);
  return { numbers: num.digest("hex").slice(0, 16), text: txt.digest("hex").slice(0, 16) };
}

/** Where the defaults take long, the probe shrinks the work (same code paths, smaller budget). */
const QUICK = new Map<string, Record<string, unknown>>([["halpern/figure1", { budgetScale: 0.01 }]]);

/** The probe set: defaults, seed 7, at most `runs` runs, and the QUICK overrides. */
export function probeParams(e: AnyExperiment, runs = 2): Record<string, unknown> {
  const p: Record<string, unknown> = { ...defaults(e.params), ...QUICK.get(e.id) };
  if (Object.hasOwn(e.params, "seed")) p.seed = 7;
  const name = e.runsParam;
  if (name) p[name] = Math.max(e.params[name].min as number, Math.min(runs, Number(p[name])));
  return p;
}

export async function runWhole(e: AnyExperiment, params: Record<string, unknown>): Promise<RunChunk> {
  const runCount = e.runsParam ? Number(params[e.runsParam]) : 1;
  const signal = new AbortController().signal;
  return inProcessRunner.runChunk({ experiment: e.id, params, runStart: 0, runCount }, () => {}, signal);
}

async function main() {
  const args = process.argv.slice(2);
  const probeOnly = args.includes("--probe-only");
  const wi = args.indexOf("--write");
  const out = wi >= 0 ? args[wi + 1] : undefined;
  const ids = args.filter((a, i) => !a.startsWith("--") && (wi < 0 || i !== wi + 1));
  const result: Record<string, { defaults?: Fingerprint; probe: Fingerprint }> = {};
  for (const paper of paperIds()) {
    for (const e of await paperExperiments(paper)) {
      if (ids.length && !ids.includes(e.id)) continue;
      const t0 = performance.now();
      const probe = fingerprintChunk(await runWhole(e, probeParams(e)));
      const t1 = performance.now();
      const def = probeOnly ? undefined : fingerprintChunk(await runWhole(e, { ...defaults(e.params) }));
      const t2 = performance.now();
      result[e.id] = def ? { defaults: def, probe } : { probe };
      console.log(
        `${e.id.padEnd(28)} probe ${probe.numbers}/${probe.text} (${(t1 - t0).toFixed(0)} ms)` +
          (def ? `  defaults ${def.numbers}/${def.text} (${(t2 - t1).toFixed(0)} ms)` : ""),
      );
    }
  }
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
