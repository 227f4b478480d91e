/**
 * Issue 17's budgets, measured (never asserted in tests):
 *   npx tsx bench/first-paint.ts [--before <dist of HEAD>] [--runs 3] [--no-build] [--json out.json]
 *
 * - build time: a clean build (an empty prerender cache: what CI does) and a repeated one (cache warm),
 *   both into their own folder so they never race a test run's dist/ (budget 60 s each);
 * - per notebook, from a local server with a cold browser cache (a fresh context each time), median of
 *   `--runs`: navigation → every default figure visible, static (budget 300 ms); → the first live
 *   (interactive) figure (budget 1 s); the JavaScript fetched before that first live figure (gzip);
 *   the layout shift score of the load (CLS);
 * - dist/ size, against `--before` (a dist/ built from HEAD before the change, e.g. in a worktree:
 *   `git worktree add /tmp/fp-base HEAD && ln -s $PWD/node_modules /tmp/fp-base/ && (cd /tmp/fp-base && npx vite build)`).
 * Prints a table and writes bench/results/first-paint.json.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, preview } from "vite";
import { launch } from "../test/browser/browser";
import { median, metricLog, writeResults } from "./report";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(flag("runs") ?? 3);
/** Where it builds (its own folder: never a test run's dist/), or `--dist` to measure a dist/ built already. */
const OUT = resolve(flag("dist") ?? "node_modules/.cache/boundlab-first-paint");
const { results, record } = metricLog(62);

function sizeOf(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const s = sizeOf(p);
      bytes += s.bytes;
      files += s.files;
    } else {
      bytes += statSync(p).size;
      files++;
    }
  }
  return { bytes, files };
}

async function timedBuild(cacheDir: string | undefined): Promise<number> {
  const before = process.env.BOUNDLAB_PRERENDER_CACHE;
  if (cacheDir) process.env.BOUNDLAB_PRERENDER_CACHE = cacheDir;
  const t0 = performance.now();
  try {
    await build({ logLevel: "silent", build: { outDir: OUT, emptyOutDir: true } });
  } finally {
    if (before === undefined) delete process.env.BOUNDLAB_PRERENDER_CACHE;
    else process.env.BOUNDLAB_PRERENDER_CACHE = before;
  }
  return (performance.now() - t0) / 1000;
}

if (!args.includes("--no-build")) {
  const clean = mkdtempSync(join(tmpdir(), "boundlab-prerender-"));
  record({
    metric: "build, clean (empty prerender cache, as CI)",
    value: await timedBuild(clean),
    unit: "s",
    budget: 60,
  });
  record({ metric: "build, repeated (prerender cache warm)", value: await timedBuild(clean), unit: "s", budget: 60 });
  rmSync(clean, { recursive: true, force: true });
}

const after = sizeOf(OUT);
const before = flag("before") ? sizeOf(resolve(flag("before") as string)) : undefined;
record({
  metric: "dist/ size",
  value: after.bytes / 1e6,
  unit: "MB",
  note: `${after.files} files${before ? `; before: ${(before.bytes / 1e6).toFixed(2)} MB, ${before.files} files (+${((after.bytes - before.bytes) / 1e6).toFixed(2)} MB)` : ""}`,
});
const figures = join(OUT, "figures");
try {
  record({ metric: "  of which figures/ (PNG, SVG, CSV, thumbnails)", value: sizeOf(figures).bytes / 1e6, unit: "MB" });
  record({
    metric: "  of which embed/ (one page per figure)",
    value: sizeOf(join(OUT, "embed")).bytes / 1e6,
    unit: "MB",
  });
} catch {}

const server = await preview({ build: { outDir: OUT }, preview: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
const base = server.resolvedUrls?.local[0] as string;
const browser = await launch();
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.slice(0, -3))
  .sort();
/**
 * Installed before the page's own scripts (a string: no helper of the TypeScript compiler may leak in).
 * Static: the rendering frame after the parser inserted the last static figure (requestAnimationFrame
 * runs only once the page may render, its stylesheets in; module scripts do not delay it). Live: the
 * first figure the page itself drew, inserted, then its frame. CLS: layout-shift entries.
 */
const INIT = `(() => {
  const fp = (window.fp = { cls: 0, statics: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) fp.cls += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  let asked = false;
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes)
        if (n.nodeType === 1 && (n.classList.contains("bl-static") || n.querySelector(".bl-static"))) {
          fp.statics++;
          if (!asked) {
            asked = true;
            requestAnimationFrame(() => { asked = false; fp.staticAt = performance.now(); });
          }
        }
  }).observe(document, { childList: true, subtree: true });
  const live = new MutationObserver(() => {
    if (!document.querySelector(".bl-plot svg")) return;
    live.disconnect();
    fp.liveInsertedAt = performance.now();
    requestAnimationFrame(() => { fp.liveAt = performance.now(); });
  });
  live.observe(document, { childList: true, subtree: true });
})()`;

const gz = (path: string) => gzipSync(readFileSync(join(OUT, `.${path}`))).length;
try {
  for (const nb of notebooks) {
    const statics: number[] = [];
    const lives: number[] = [];
    const shifts: number[] = [];
    let js = 0;
    let jsNote = "";
    for (let r = 0; r < RUNS; r++) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } }); // cold cache
      const page = await context.newPage();
      await page.addInitScript(INIT);
      await page.goto(`${base}${nb}.html`);
      await page.waitForFunction(
        () => {
          const fp = (window as unknown as { fp: { staticAt?: number; liveAt?: number } }).fp;
          return fp.liveAt !== undefined && (fp.staticAt !== undefined || document.readyState === "complete");
        },
        null,
        { timeout: 120_000 },
      );
      await page.waitForTimeout(1500); // late shifts count too
      const fp = await page.evaluate(
        () =>
          (window as unknown as { fp: { staticAt: number; liveAt: number; liveInsertedAt: number; cls: number } }).fp,
      );
      if (fp.staticAt !== undefined) statics.push(fp.staticAt);
      lives.push(fp.liveAt);
      shifts.push(fp.cls);
      if (r === 0) {
        const scripts = await page.evaluate(
          (t) => [
            ...new Set(
              performance
                .getEntriesByType("resource")
                .filter((e) => e.name.endsWith(".js") && e.startTime < t)
                .map((e) => new URL(e.name).pathname),
            ),
          ],
          fp.liveInsertedAt,
        );
        const sizes = scripts.map((p) => [p.replace(/^\/assets\//, ""), gz(p)] as const).sort((a, b) => b[1] - a[1]);
        js = sizes.reduce((n, [, s]) => n + s, 0) / 1000;
        jsNote = `${sizes.length} files; largest ${sizes
          .slice(0, 2)
          .map(([n, s]) => `${n} ${(s / 1000).toFixed(0)} kB`)
          .join(", ")}`;
      }
      await context.close();
    }
    if (statics.length)
      record({
        metric: `${nb}: navigation → every default figure visible (static)`,
        value: median(statics),
        unit: "ms",
        budget: 300,
      });
    record({ metric: `${nb}: navigation → first live figure`, value: median(lives), unit: "ms", budget: 1000 });
    record({ metric: `${nb}: JS before the first live figure (gzip)`, value: js, unit: "kB", note: jsNote });
    record({ metric: `${nb}: layout shift score of the load (CLS)`, value: median(shifts), unit: "" });
  }
} finally {
  await browser.close();
  await server.close();
}

const out = flag("json") ?? "bench/results/first-paint.json";
writeResults(out, { results });
console.log(`wrote ${out}`);
process.exit(0);
