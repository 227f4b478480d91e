/**
 * The batch worker thread's code as one plain JavaScript file, bundled by esbuild from worker.ts
 * (the theory code, the kernels' host code and their WGSL; packages stay imports). A thread that
 * loads it starts in tens of milliseconds; one that loads the TypeScript through tsx transpiles
 * and resolves the whole module graph again, in every thread, before its first run.
 *
 * The file is content-addressed (worker-<hash>.mjs under node_modules/.cache), so threads of
 * concurrent batch processes never see a half-written file and a code change gives a new file.
 * Where esbuild cannot build it, the threads load the TypeScript through tsx (worker-entry.mjs).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { wgslRaw } from "./esbuild-wgsl";
import { ROOT } from "./version";

const CACHE = join(ROOT, "node_modules/.cache/boundlab/batch");
const TS_ENTRY = new URL("./worker-entry.mjs", import.meta.url);

let built: Promise<URL> | undefined;

/**
 * The worker thread's entry: the bundle, built once per process; worker-entry.mjs if that fails or
 * where BOUNDLAB_BATCH_WORKER=tsx asks for it (to compare the two, or to debug with the sources).
 */
export function workerEntry(): Promise<URL> {
  if (process.env.BOUNDLAB_BATCH_WORKER === "tsx") return Promise.resolve(TS_ENTRY);
  built ??= bundleWorker().catch((e: Error) => {
    process.emitWarning(`batch: worker threads load TypeScript through tsx (bundling failed: ${e.message})`);
    return TS_ENTRY;
  });
  return built;
}

async function bundleWorker(): Promise<URL> {
  const { build } = await import("esbuild");
  const out = await build({
    entryPoints: [join(ROOT, "scripts/batch/worker.ts")],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    packages: "external",
    plugins: [wgslRaw],
    logLevel: "silent",
  });
  const code = out.outputFiles[0].contents;
  const file = join(CACHE, `worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, code);
    renameSync(part, file);
  }
  return new URL(`file://${file}`);
}
