/**
 * The `version` stamped on every batch trace and shard: `<package.json version>+<hash>`, where hash is
 * the first 16 hex digits of SHA-256 over the experiment's source closure. The closure is every file
 * reached by relative imports (static and dynamic) from its paper's `src/theory/<paper>/experiments.ts`,
 * plus, for an experiment with a WebGPU kernel, from `workers/gpu/backend.ts` (which reaches every
 * kernel and its WGSL). Files are hashed as (repository-relative path, bytes), sorted by path. No git is
 * involved: a checkout, a tarball or a copy on a cluster's shared filesystem give the same version for
 * the same code, and any edit to code the experiment can run changes it, so merge refuses to mix shards
 * computed by different code.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Relative specifiers of `import … from "./x"`, `export … from "./x"` and `import("./x")`. */
const IMPORT_RE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

function resolveSpecifier(fromFile: string, spec: string): string | undefined {
  const bare = spec.replace(/\?.*$/, ""); // "./sor.wgsl?raw" is the file sor.wgsl
  const base = resolve(dirname(fromFile), bare);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every file reached from `entries` by relative imports, sorted, as absolute paths. */
export function sourceClosure(entries: string[]): string[] {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.[cm]?[jt]s$/.test(file)) continue; // WGSL and other assets: hashed, not parsed
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT_RE)) {
      const dep = resolveSpecifier(file, m[1]);
      if (dep) todo.push(dep);
    }
  }
  return [...seen].sort();
}

const cache = new Map<string, string>();

/** `<package version>+<16 hex>` for an experiment id "paper/name" (see the module comment). */
export function experimentVersion(id: string, hasGpuKernel: boolean): string {
  const key = `${id}|${hasGpuKernel}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const paper = id.split("/")[0];
  const entries = [join(ROOT, "src/theory", paper, "experiments.ts")];
  if (hasGpuKernel) entries.push(join(ROOT, "workers/gpu/backend.ts"));
  const h = createHash("sha256");
  for (const file of sourceClosure(entries.filter((f) => existsSync(f)))) {
    const bytes = readFileSync(file);
    h.update(`${relative(ROOT, file)}\0${bytes.length}\0`);
    h.update(bytes);
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  const version = `${pkg.version}+${h.digest("hex").slice(0, 16)}`;
  cache.set(key, version);
  return version;
}
