/**
 * The Vite plugin that turns notebooks/*.md into pages: one HTML page per notebook (prose and math
 * pre-rendered), one cells module per notebook (virtual:boundlab/notebook/<name>), and the index.
 * In `npm run dev`, editing a notebook reloads its page; a broken notebook fails the build with
 * file:line:column and a readable reason.
 *
 * At build it also draws every default figure: scripts/prerender.ts runs in a child process (the code
 * of `npm run figure`, on jsdom) while Vite bundles, and its manifest is folded into the output (see
 * src/site/prerendered.ts): figures in their placeholders, default traces as data blocks, thumbnails on
 * the index, and figures/, embed/, oembed/ and traces/ beside the pages. BOUNDLAB_PRERENDER=0 skips it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Plugin, ResolvedConfig, ViteDevServer } from "vite";
import { notebookModule } from "../notebook/codegen.ts";
import { type CompiledNotebook, compileNotebook } from "../notebook/compile.ts";
import { experimentVersion } from "./code-version.ts";
import { embedPage, indexPage, notebookPage, redirectPage } from "./html.ts";
import {
  figureEmbedPage,
  fillIndexPage,
  fillNotebookPage,
  oembedJson,
  type PrerenderManifest,
  paths,
} from "./prerendered.ts";

const MODULE_PREFIX = "virtual:boundlab/notebook/";
const RESOLVED_PREFIX = "\0boundlab-notebook:";
/** Every notebook's name, title and cell ids, with a lazy loader of its cells (for the embed page). */
const CATALOGUE_ID = "virtual:boundlab/notebooks";
const RESOLVED_CATALOGUE = "\0boundlab-notebooks";

export interface NotebookPluginOptions {
  /** Folder of .md notebooks, relative to the Vite root. */
  dir?: string;
}

export function notebooks(options: NotebookPluginOptions = {}): Plugin {
  let root = process.cwd();
  let dir = "";
  let server: ViteDevServer | undefined;
  let resolved: ResolvedConfig | undefined;
  let prerendered: Promise<PrerenderManifest | undefined> | undefined;

  const names = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => basename(f, ".md"))
      .sort();
  // Compiled once per source text: every page, the index and the redirects read the whole set.
  const compiled = new Map<string, { source: string; nb: CompiledNotebook }>();
  const compile = (name: string): CompiledNotebook => {
    const file = join(dir, `${name}.md`);
    const source = readFileSync(file, "utf8");
    const hit = compiled.get(name);
    if (hit?.source === source) return hit.nb;
    const nb = compileNotebook(source, `notebooks/${name}.md`, name);
    compiled.set(name, { source, nb });
    return nb;
  };
  const all = () =>
    names()
      .map(compile)
      .sort((a, b) => (a.front.order ?? 99) - (b.front.order ?? 99) || a.front.title.localeCompare(b.front.title));
  /** Former page name → current one (front matter `formerly`). */
  const renamed = () => new Map(all().flatMap((nb) => (nb.front.formerly ?? []).map((old) => [old, nb.name] as const)));
  /** The HTML for a page path like "/guide.html" or "/", or undefined if it is not ours. */
  const pageHtml = (path: string): string | undefined => {
    const name = path === "/" || path === "/index.html" ? "index" : /^\/([a-z0-9-]+)\.html$/.exec(path)?.[1];
    if (!name) return undefined;
    if (name === "index") return indexPage(all());
    if (name === "embed") return embedPage();
    if (names().includes(name)) return notebookPage(compile(name));
    const current = renamed().get(name);
    if (current) return redirectPage(current);
    return undefined;
  };

  return {
    name: "boundlab-notebooks",
    config(config) {
      root = resolve(config.root ?? process.cwd());
      dir = resolve(root, options.dir ?? "notebooks");
      const input: Record<string, string> = { index: resolve(root, "index.html"), embed: resolve(root, "embed.html") };
      for (const n of [...names(), ...renamed().keys()]) input[n] = resolve(root, `${n}.html`);
      return { build: { rollupOptions: { input } } };
    },
    resolveId(id) {
      if (id === CATALOGUE_ID) return RESOLVED_CATALOGUE;
      if (id.startsWith(MODULE_PREFIX)) return RESOLVED_PREFIX + id.slice(MODULE_PREFIX.length);
      if (id.endsWith(".html") && id.startsWith(root) && pageHtml(id.slice(root.length)) !== undefined) return id;
      return undefined;
    },
    load(id) {
      if (id === RESOLVED_CATALOGUE) {
        for (const n of names()) this.addWatchFile(join(dir, `${n}.md`));
        return catalogueModule(all(), root);
      }
      if (id.startsWith(RESOLVED_PREFIX)) {
        const name = id.slice(RESOLVED_PREFIX.length);
        // Only a notebook of notebooks/: the name comes from an import id, never a path to follow.
        if (!names().includes(name)) this.error(`no notebook "${name}" in ${dir}`);
        this.addWatchFile(join(dir, `${name}.md`));
        return notebookModule(compile(name));
      }
      if (id.endsWith(".html") && id.startsWith(root)) return pageHtml(id.slice(root.length));
      return undefined;
    },
    configResolved(c) {
      resolved = c;
    },
    buildStart() {
      if (resolved?.command !== "build" || process.env.BOUNDLAB_PRERENDER === "0") return;
      prerendered = runPrerender(
        root,
        (m) => resolved?.logger.info(m),
        (m) => this.warn(m),
      );
    },
    transformIndexHtml: {
      order: "post",
      async handler(built, ctx) {
        const html = ctx.bundle ? withFontPreloads(built, Object.keys(ctx.bundle)) : built;
        const manifest = await prerendered;
        if (!manifest) return html;
        const name = ctx.path === "/" ? "index" : /^\/([a-z0-9-]+)\.html$/.exec(ctx.path)?.[1];
        if (name === "index") {
          const headlines = new Map(all().map((nb) => [nb.name, nb.front.headline]));
          return fillIndexPage(html, manifest.notebooks, headlines);
        }
        const nb = manifest.notebooks.find((n) => n.name === name);
        return nb ? fillNotebookPage(html, nb) : html;
      },
    },
    generateBundle: {
      // After vite:build-html has emitted the pages: the per-figure embed pages are made from embed.html.
      order: "post",
      async handler(_options, bundle) {
        const manifest = await prerendered;
        if (!manifest) return;
        const embed = bundle["embed.html"];
        const embedHtml = embed?.type === "asset" ? String(embed.source) : undefined;
        const titles = new Map(all().map((nb) => [nb.name, nb.front.title]));
        const siteUrl = process.env.BOUNDLAB_SITE_URL || undefined;
        for (const nb of manifest.notebooks) {
          this.emitFile({
            type: "asset",
            fileName: `traces/${nb.name}.json`,
            source: `[${nb.traces.map((t) => t.json).join(",")}]`,
          });
          for (const cell of nb.cells) {
            const files = cell.files;
            if (cell.kind !== "figure" || !files) continue;
            const p = paths(nb.name, cell.id);
            this.emitFile({ type: "asset", fileName: p.svg, source: readFileSync(files.svg) });
            this.emitFile({ type: "asset", fileName: p.png, source: readFileSync(files.png) });
            this.emitFile({ type: "asset", fileName: p.csv, source: readFileSync(files.csv) });
            this.emitFile({ type: "asset", fileName: p.thumb, source: readFileSync(files.thumb) });
            this.emitFile({
              type: "asset",
              fileName: p.oembed,
              source: `${JSON.stringify(oembedJson(nb.name, { ...cell, files }, siteUrl), null, 2)}\n`,
            });
            if (embedHtml)
              this.emitFile({
                type: "asset",
                fileName: p.embed,
                source: figureEmbedPage(embedHtml, nb, cell, titles.get(nb.name) ?? nb.name),
              });
          }
        }
        const s = manifest.stats;
        resolved?.logger.info(
          `default figures: ${manifest.notebooks.reduce((n, nb) => n + nb.cells.filter((c) => c.kind === "figure" || c.kind === "plot").length, 0)} drawn in ${(s.ms / 1000).toFixed(1)} s (traces: ${s.tracesComputed} computed, ${s.tracesCached} cached); without one: ${manifest.excluded.map((e) => `${e.notebook}#${e.cell}`).join(", ") || "none"}`,
        );
        if (manifest.outDir) rmSync(manifest.outDir, { recursive: true, force: true });
      },
    },
    configureServer(s) {
      server = s;
      s.watcher.add(join(dir, "*.md"));
      s.middlewares.use(async (req, res, next) => {
        const path = (req.url ?? "/").split("?")[0];
        let html: string | undefined;
        try {
          html = pageHtml(path);
        } catch (e) {
          res.statusCode = 500;
          res.setHeader("content-type", "text/plain; charset=utf-8");
          res.end(String((e as Error).message));
          return;
        }
        if (html === undefined) return next();
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.end(await s.transformIndexHtml(req.url ?? path, html));
      });
    },
    handleHotUpdate(ctx) {
      if (!ctx.file.startsWith(dir) || !ctx.file.endsWith(".md")) return undefined;
      const mod = ctx.server.moduleGraph.getModuleById(RESOLVED_PREFIX + basename(ctx.file, ".md"));
      if (mod) ctx.server.moduleGraph.invalidateModule(mod);
      (server ?? ctx.server).ws.send({ type: "full-reload" });
      return [];
    },
  };
}

/**
 * The catalogue is a Map, never a plain object: the embed page looks notebooks up by a name from its
 * URL, and `?nb=constructor` or `?nb=__proto__` must find nothing rather than Object.prototype's members.
 * Each entry carries the version tag of its paper's experiments (src/site/code-version.ts), which
 * permalinks and embeds carry as `v=`.
 */
export function catalogueModule(notebooks: CompiledNotebook[], root = process.cwd()): string {
  const entries = notebooks.map(
    (nb) =>
      `  [${JSON.stringify(nb.name)}, {title: ${JSON.stringify(nb.front.title)}, cellIds: ${JSON.stringify(nb.cells.flatMap((c) => (c.id ? [c.id] : [])))}, version: ${JSON.stringify(experimentVersion(nb.name, root) ?? null)}, load: () => import(${JSON.stringify(MODULE_PREFIX + nb.name)})}]`,
  );
  const renamed = notebooks.flatMap((nb) =>
    (nb.front.formerly ?? []).map((old) => `  [${JSON.stringify(old)}, ${JSON.stringify(nb.name)}]`),
  );
  return `export default new Map([\n${entries.join(",\n")}\n]);\nexport const renamed = new Map([\n${renamed.join(",\n")}\n]);\n`;
}

/**
 * KaTeX's fonts are `font-display: block` and the prose math is typeset at build: the text that uses
 * them stays invisible, and its lines re-wrap, until they arrive. The few faces nearly every formula
 * uses are asked for with the stylesheet instead of after it (the rest still load on demand).
 */
const PRELOADED_FONTS =
  /^assets\/KaTeX_(Main-Regular|Math-Italic|Main-Bold|Size1-Regular|Size2-Regular)-[\w-]+\.woff2$/;

export function withFontPreloads(html: string, files: string[]): string {
  const links = files
    .filter((f) => PRELOADED_FONTS.test(f))
    .sort()
    .map((f) => `<link rel="preload" href="./${f}" as="font" type="font/woff2" crossorigin>`);
  // Only pages with the site's stylesheet use the fonts (a redirect page has none).
  return links.length && html.includes('rel="stylesheet"')
    ? html.replace("</head>", `${links.join("\n")}\n</head>`)
    : html;
}

/**
 * Runs scripts/prerender.ts in a child process (Node with tsx: it loads the theory code, jsdom and the
 * notebooks' cells, none of which belong in Vite's process). A failure leaves the pages without static
 * figures (they still work, drawing them live) and says why.
 */
function runPrerender(
  root: string,
  info: (message: string) => void,
  warn: (message: string) => void,
): Promise<PrerenderManifest | undefined> {
  const script = resolve(root, "scripts/prerender.ts");
  if (!existsSync(script)) return Promise.resolve(undefined);
  const out = resolve(root, "node_modules/.cache/boundlab/prerender", `manifest-${process.pid}-${Date.now()}.json`);
  mkdirSync(dirname(out), { recursive: true });
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, "--out", out], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let log = "";
    child.stderr.on("data", (d: Buffer) => {
      log += d;
    });
    child.on("error", (e) => {
      warn(`default figures not drawn: ${e.message}`);
      done(undefined);
    });
    child.on("close", (code) => {
      for (const line of log.split("\n")) if (line.startsWith("prerender:")) info(line);
      if (code !== 0 || !existsSync(out)) {
        warn(`default figures not drawn (scripts/prerender.ts exited with ${code}):\n${log.slice(-2000)}`);
        done(undefined);
        return;
      }
      try {
        const manifest = JSON.parse(readFileSync(out, "utf8")) as PrerenderManifest;
        rmSync(out, { force: true });
        done(manifest);
      } catch (e) {
        warn(`default figures not drawn: ${(e as Error).message}`);
        done(undefined);
      }
    });
  });
}
