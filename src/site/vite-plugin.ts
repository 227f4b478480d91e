/**
 * The Vite plugin that turns notebooks/*.md into pages: one HTML page per notebook (prose and math
 * pre-rendered), one cells module per notebook (virtual:boundlab/notebook/<name>), and the index.
 * In `npm run dev`, editing a notebook reloads its page; a broken notebook fails the build with
 * file:line:column and a readable reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { notebookModule } from "../notebook/codegen.ts";
import { type CompiledNotebook, compileNotebook } from "../notebook/compile.ts";
import { embedPage, indexPage, notebookPage, redirectPage } from "./html.ts";

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

  const names = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => basename(f, ".md"))
      .sort();
  const compile = (name: string): CompiledNotebook => {
    const file = join(dir, `${name}.md`);
    return compileNotebook(readFileSync(file, "utf8"), `notebooks/${name}.md`, name);
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
        return catalogueModule(all());
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
 */
export function catalogueModule(notebooks: CompiledNotebook[]): string {
  const entries = notebooks.map(
    (nb) =>
      `  [${JSON.stringify(nb.name)}, {title: ${JSON.stringify(nb.front.title)}, cellIds: ${JSON.stringify(nb.cells.flatMap((c) => (c.id ? [c.id] : [])))}, load: () => import(${JSON.stringify(MODULE_PREFIX + nb.name)})}]`,
  );
  const renamed = notebooks.flatMap((nb) =>
    (nb.front.formerly ?? []).map((old) => `  [${JSON.stringify(old)}, ${JSON.stringify(nb.name)}]`),
  );
  return `export default new Map([\n${entries.join(",\n")}\n]);\nexport const renamed = new Map([\n${renamed.join(",\n")}\n]);\n`;
}
