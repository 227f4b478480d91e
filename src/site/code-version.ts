/**
 * Hashes of the code that makes a paper's numbers (Node, at build). `closureHash` follows relative
 * imports from some roots; the prerender keys its trace cache by it, and `experimentVersion` is the
 * short tag that permalinks and embeds carry (`v=`), so a link opened after the code changed can say so.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Relative imports of a TypeScript module (static, re-exports and dynamic), resolved to files. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of src.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), m[1]);
    const found = [base, `${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p) && p.endsWith(".ts"));
    if (found) out.push(found);
  }
  return out;
}

// The registries name every paper: following them would make each paper's hash depend on all the others.
const REGISTRIES = ["src/theory/registry.ts", "src/theory/experiment-registry.ts"];

/** SHA-256 (hex) of `salt` and of every file in the import closure of `roots` (paths relative to `root`), in path order. */
export function closureHash(roots: string[], salt: string, root = process.cwd()): string {
  const skip = new Set(REGISTRIES.map((p) => resolve(root, p)));
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f) || skip.has(f)) return;
    seen.add(f);
    for (const g of importsOf(f)) visit(g);
  };
  for (const r of roots.map((p) => resolve(root, p))) if (existsSync(r)) visit(r);
  const h = createHash("sha256").update(`${salt}\n`);
  for (const f of [...seen].sort()) h.update(`${f.slice(resolve(root).length)}\n`).update(readFileSync(f));
  return h.digest("hex");
}

/** What decides a paper's numbers: its experiments and declarations, and the merge and summary of runs. */
export const experimentRoots = (paper: string) => [
  `src/theory/${paper}/experiments.ts`,
  `src/theory/${paper}/schema.ts`,
  "src/compute/run.ts",
  "src/theory/trace.ts",
];

/** The short version tag of a paper's experiments (8 hex digits), or undefined where it has no code. */
export function experimentVersion(paper: string, root = process.cwd()): string | undefined {
  if (!existsSync(resolve(root, `src/theory/${paper}/experiments.ts`))) return undefined;
  return closureHash(experimentRoots(paper), "boundlab-experiment-version 1", root).slice(0, 8);
}
