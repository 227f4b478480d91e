/**
 * JavaScript each notebook loads before its first plot (gzip), split into what the page's own thread
 * fetched (its bundle: schemas, runtime, plots) and what its workers fetched (algorithms).
 *   npx tsx bench/page-weight.ts [--json out.json]    (builds dist/ first)
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, preview } from "vite";
import { launch } from "../test/browser/browser";

/** Its own output folder, so it never races a test run's build of dist/. */
const OUT = resolve("node_modules/.cache/boundlab-page-weight");
const gz = (path: string) => gzipSync(readFileSync(resolve(OUT, `.${path}`))).length;

export async function pageWeights(): Promise<{ notebook: string; pageKb: number; workerKb: number }[]> {
  await build({ logLevel: "silent", build: { outDir: OUT, emptyOutDir: true } });
  const server = await preview({ build: { outDir: OUT }, preview: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
  const base = server.resolvedUrls?.local[0] as string;
  const browser = await launch();
  const out: { notebook: string; pageKb: number; workerKb: number }[] = [];
  try {
    const pages = readdirSync("notebooks").filter((f) => f.endsWith(".md"));
    for (const file of pages) {
      const notebook = file.replace(/\.md$/, "");
      const page = await browser.newPage();
      const all = new Set<string>();
      page.on("request", (r) => {
        const u = new URL(r.url());
        if (u.pathname.endsWith(".js")) all.add(u.pathname);
      });
      await page.goto(`${base}${notebook}.html`);
      await page.waitForSelector(".bl-plot svg", { timeout: 120_000 });
      const own = new Set<string>(
        await page.evaluate(() =>
          performance
            .getEntriesByType("resource")
            .map((r) => new URL(r.name).pathname)
            .filter((p) => p.endsWith(".js")),
        ),
      );
      const workerOnly = [...all].filter((p) => !own.has(p));
      const sum = (paths: Iterable<string>) => [...paths].reduce((n, p) => n + gz(p), 0) / 1000;
      out.push({ notebook, pageKb: sum(own), workerKb: sum(workerOnly) });
      console.log(
        `${notebook.padEnd(30)} page ${sum(own).toFixed(1)} kB   workers ${sum(workerOnly).toFixed(1)} kB (gzip)`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const res = await pageWeights();
  const i = process.argv.indexOf("--json");
  if (i > 0) writeFileSync(process.argv[i + 1], JSON.stringify(res, null, 2));
}
