/**
 * `tsx scripts/prerender.ts --out manifest.json`: every notebook's default figures, drawn at build time.
 * The Vite plugin (src/site/vite-plugin.ts) runs it in a child process at the start of every build.
 *
 * Each notebook is mounted on jsdom by `mountNotebookInDom` (scripts/figure.ts: the code of
 * `npm run figure`) with every `id=` cell observed, at the default parameters. Runs go to compute
 * threads (scripts/prerender-pool.ts) under a time budget per trace and one for the whole prerender.
 * For every id= cell the manifest holds the HTML to put in its placeholder:
 * - "figure": a convergencePlot figure, as the page draws it (its chart SVG, legend typeset by KaTeX,
 *   readouts, run line), with a toolbar of plain links, plus its files: the SVG of `npm run figure`,
 *   a 2× PNG (resvg), a CSV and a thumbnail of the chart;
 * - "plot": a cell that draws its own Plot.plot: its SVG as drawn;
 * - "long": a long run, not computed at build (over the budget, or a cell that computes only on
 *   request): a note saying so, with an icon (an SVG) in the figure's place;
 * - "error": the cell failed on jsdom: a note.
 * and every complete trace the cells used (their exact JSON: `run()` on the page uses them while the
 * parameters are the defaults). Traces are cached in node_modules/.cache/boundlab/prerender/, keyed by a
 * hash of the experiment's code (its import closure), the validated parameters and the trace format;
 * long runs are remembered there too, so a later build does not spend its budget on them again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { color as parseColor } from "d3";
import type { CompiledCell } from "../src/notebook/compile";
import { dependencies } from "../src/notebook/graph";
import { closureHash, experimentRoots } from "../src/site/code-version";
import { BASE, type FigureFiles, type PrerenderedCell, type PrerenderManifest } from "../src/site/prerendered";
import type { ShippedTrace } from "../src/stdlib";
import type { Trace } from "../src/theory/trace";
import { BuildBudgetError, CancelledChunkError, LongRunError, ThreadRunner, traceKeyOf } from "./prerender-pool";

/** Bump when what is cached or shipped changes shape. */
const FORMAT = 2;
/** Said under a figure drawn from a shipped trace (its run line). */
export const PRECOMPUTED_NOTE = "computed when the site was built";

export type { PrerenderManifest };
export interface PrerenderOptions {
  /** node_modules/.cache/boundlab/prerender by default. */
  cacheDir?: string;
  /** Skip reading the cache (it is still written). */
  noCache?: boolean;
  /** Budget of one trace, in ms of CPU time summed over its chunks (default 5 s). */
  traceBudgetMs?: number;
  /**
   * Budget of the whole prerender, wall clock (default 35 s), shared out over the notebooks still to
   * draw (what one leaves goes to the next): a run past its notebook's share is not computed.
   */
  totalBudgetMs?: number;
  threads?: number;
  notebooks?: string[];
  /** Only the default runs the notebooks name, computed or from the cache (the shipped-trace test). */
  tracesOnly?: boolean;
  log?: (line: string) => void;
}

/** The build cache; BOUNDLAB_PRERENDER_CACHE moves it (bench/first-paint.ts measures a clean build with it). */
export const DEFAULT_CACHE_DIR = resolve(
  process.env.BOUNDLAB_PRERENDER_CACHE || "node_modules/.cache/boundlab/prerender",
);

// ---------------------------------------------------------------------------------------------- cache

const closureHashes = new Map<string, string>();

/**
 * A hash of the code that makes a paper's traces: its experiments' and schemas' import closures, the
 * merge and summary, the codec and this format.
 */
export function codeHash(paper: string): string {
  let hex = closureHashes.get(paper);
  if (!hex) {
    hex = closureHash(
      [...experimentRoots(paper), "src/stdlib/export.ts", "scripts/prerender-worker.ts"],
      `boundlab-prerender ${FORMAT}`,
    );
    closureHashes.set(paper, hex);
  }
  return hex;
}

export function traceCacheKey(experiment: string, values: Record<string, unknown>): string {
  return createHash("sha256")
    .update(`${codeHash(experiment.split("/")[0])}\n${traceKeyOf(experiment, values)}`)
    .digest("hex")
    .slice(0, 32);
}

function writeAtomic(path: string, data: string | Uint8Array) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path); // builds running side by side share the cache: never a half-written file
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------------------------------- prerender

/** A cell that shows a form of controls: `… = view(controls("paper/name" …))`. */
const CONTROLS = /\bview\(\s*controls\(/;

const LONG_ICON =
  '<svg class="bl-static-icon" width="22" height="22" viewBox="0 0 22 22" role="img" aria-label="long run"><circle cx="11" cy="11" r="9.25" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M11 5.5v5.5l3.8 2.3" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/></svg>';
const INK = "#1d1d1f";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Experiments a cell runs: `run("id"` in its source and its dependencies' sources. */
function experimentsOf(cells: CompiledCell[], cell: CompiledCell): string[] {
  const ids = new Set<string>();
  for (const c of [...dependencies(cells, cell), cell])
    for (const m of c.source.matchAll(/\brun\(\s*["']([^"']+)["']/g)) ids.add(m[1]);
  return [...ids];
}

/** Attributes whose value is a list of ids (a figure's aria-describedby names its description). */
const IDREFS = new Set(["aria-describedby", "aria-labelledby", "aria-controls", "for"]);

/** `el` as a `tag` element: its attributes and children moved over, in its place. */
function retag(el: Element, tag: string): Element {
  const to = el.ownerDocument.createElement(tag);
  for (const a of el.attributes) to.setAttribute(a.name, a.value);
  to.append(...el.childNodes);
  el.replaceWith(to);
  return to;
}

/** Ids inside a static copy get a per-cell prefix: clip paths of two figures (or of the live one) never clash. */
function prefixIds(root: Element, prefix: string) {
  const ids = new Map<string, string>();
  for (const el of [root, ...root.querySelectorAll("[id]")]) {
    if (!el.id) continue;
    ids.set(el.id, `${prefix}${el.id}`);
    el.id = `${prefix}${el.id}`;
  }
  if (ids.size === 0) return;
  for (const el of [root, ...root.querySelectorAll("*")]) {
    for (const a of [...el.attributes]) {
      const v = a.value.replace(/url\(#([^)]+)\)/g, (m, id) => (ids.has(id) ? `url(#${ids.get(id)})` : m));
      const w = IDREFS.has(a.name)
        ? v.replace(/\S+/g, (id) => ids.get(id) ?? id)
        : v.startsWith("#") && ids.has(v.slice(1))
          ? `#${ids.get(v.slice(1))}`
          : v;
      if (w !== a.value) el.setAttribute(a.name, w);
    }
  }
}

function longNote(icon: string, text: string, detail: string, box: boolean): string {
  return `<div class="bl-static bl-static-note${box ? " bl-static-box" : ""}" role="note">${icon}<p>${text ? `<span>${esc(text)}</span> ` : ""}<small>${esc(detail)}</small></p></div>`;
}

async function settle(cells: HTMLElement[], idle: () => boolean, deadline: number): Promise<void> {
  let stable = 0;
  for (;;) {
    const done =
      idle() &&
      cells.every(
        (c) =>
          (c.dataset.state === "ok" || c.dataset.state === "error") &&
          !c.querySelector('.bl-plot[data-complete="false"]'),
      );
    stable = done ? stable + 1 : 0;
    if (stable >= 4) return;
    if (performance.now() > deadline + 5_000) return; // what is still pending is reported as not computed
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The whole prerender's wall-clock budget keeps `vite build` near a minute on a reader's checkout; the
 * browser suite raises it (BOUNDLAB_PRERENDER_TOTAL_MS) so that what it checks never depends on how
 * busy the machine is. The build's time is a budget of bench/first-paint.ts, not of a test.
 */
function envBudget(): number | undefined {
  const ms = Number(process.env.BOUNDLAB_PRERENDER_TOTAL_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

export async function prerenderSite(opts: PrerenderOptions = {}): Promise<PrerenderManifest> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const cacheDir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const traceBudgetMs = opts.traceBudgetMs ?? 5_000;
  const totalBudgetMs = opts.totalBudgetMs ?? envBudget() ?? 35_000;
  const deadline = t0 + totalBudgetMs;
  const outDir = join(cacheDir, "out", `${process.pid}-${Date.now().toString(36)}`);
  const names =
    opts.notebooks ??
    readdirSync("notebooks")
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.slice(0, -3))
      .sort();

  type LongEntry = { experiment: string; ms: number; budgetMs: number };
  const longFile = (key: string) => join(cacheDir, "long", `${key}.json`);
  const traceFile = (key: string) => join(cacheDir, "traces", `${key}.json`);
  const cacheKeyByTraceKey = new Map<string, string>();
  const cacheKey = (experiment: string, values: Record<string, unknown>) => {
    const k = traceKeyOf(experiment, values);
    let c = cacheKeyByTraceKey.get(k);
    if (!c) cacheKeyByTraceKey.set(k, (c = traceCacheKey(experiment, values)));
    return c;
  };
  // The threads boot first (tsx and the theory code load in them while this thread loads jsdom).
  const runner = new ThreadRunner({
    threads: opts.threads ?? 2,
    traceBudgetMs,
    deadline,
    knownLong: (traceKey) => {
      if (opts.noCache) return undefined;
      const c = cacheKeyByTraceKey.get(traceKey);
      const hit = c ? readJson<LongEntry>(longFile(c)) : undefined;
      return hit ? new LongRunError(hit.experiment, hit.ms, hit.budgetMs) : undefined;
    },
  });
  const [
    { exportable, mountNotebookInDom },
    { compileNotebook },
    { runExperiment },
    { loadSchema },
    { checkParams },
    { fromExactJson, toExactJson, figureSvg, traceCsv },
    { typesetLabel },
    katex,
  ] = await Promise.all([
    import("./figure"),
    import("../src/notebook/compile"),
    import("../src/compute/run"),
    import("../src/theory/registry"),
    import("../src/theory/experiment"),
    import("../src/stdlib/export"),
    import("../src/stdlib/tex"),
    import("katex").then((m) => m.default),
  ]);

  /** A copy's labels typeset now (in the DOM they may still wait for KaTeX): the live page reuses them. */
  const typesetLabels = (copy: Element) => {
    for (const span of copy.querySelectorAll<HTMLElement>("[data-tex-label]"))
      span.innerHTML = typesetLabel(katex, span.dataset.texLabel ?? "");
  };

  // Files of earlier runs that no build collected (a build that died): gone after an hour.
  try {
    for (const d of readdirSync(join(cacheDir, "out"))) {
      const at = Number.parseInt(d.split("-")[1] ?? "", 36);
      if (Number.isFinite(at) && Date.now() - at > 3_600_000)
        rmSync(join(cacheDir, "out", d), { recursive: true, force: true });
    }
  } catch {}
  const manifest: PrerenderManifest = {
    format: FORMAT,
    outDir,
    notebooks: [],
    excluded: [],
    stats: { ms: 0, tracesComputed: 0, tracesCached: 0, computeMs: 0, traceBudgetMs, totalBudgetMs },
  };
  const computed = new Set<string>();
  const readCached = (c: string): Trace | undefined => {
    if (opts.noCache && !computed.has(c)) return undefined;
    const path = traceFile(c);
    if (!existsSync(path)) return undefined;
    try {
      return fromExactJson<Trace>(readFileSync(path, "utf8"));
    } catch {
      return undefined;
    }
  };
  const store = (id: string, values: Record<string, unknown>, trace: Trace) => {
    const c = cacheKey(id, values);
    if (computed.has(c)) return;
    computed.add(c);
    manifest.stats.tracesComputed++;
    // What the run line says of it: its own compute time (not the wait behind the build's other runs),
    // and that it was computed ahead. The numbers the plot draws are the run's, untouched.
    const ms = runner.costOf(traceKeyOf(id, values));
    const meta = { ...trace.meta, ms: ms ?? trace.meta.ms, notes: [...trace.meta.notes, PRECOMPUTED_NOTE] };
    writeAtomic(traceFile(c), toExactJson({ ...trace, meta }));
  };
  const costsFile = join(cacheDir, "costs.json");
  const costs: Record<string, number> = readJson(costsFile) ?? {};

  // Phase 1: the default runs the notebooks name (`run("id", p)` with `p = view(controls("id"))`), on the
  // threads, cheapest first (by the CPU time they took last time), while this thread draws what is ready.
  const compiled = new Map(
    names.map((n) => [n, compileNotebook(readFileSync(`notebooks/${n}.md`, "utf8"), `notebooks/${n}.md`, n)]),
  );
  const runsOf = new Map<string, string[]>();
  for (const [n, nb] of compiled) {
    const controlled = new Map<string, string>();
    for (const c of nb.cells)
      for (const m of c.source.matchAll(/const\s+([A-Za-z_$][\w$]*)\s*=\s*view\(\s*controls\(\s*["']([^"']+)["']/g))
        controlled.set(m[1], m[2]);
    const ids = new Set<string>();
    for (const c of nb.cells)
      for (const m of c.source.matchAll(/\brun\(\s*["']([^"']+)["']\s*,\s*([A-Za-z_$][\w$]*)\s*\)/g)) {
        // Not a run the cell makes only on a condition (`go ? convergencePlot(run(…)) : …`, a paper-size
        // run behind a switch): at the defaults it does not happen, and the render below finds out.
        const before = c.source.slice(0, m.index);
        if (/\?|\bif\s*\(|&&|\|\|/.test(before)) continue;
        if (controlled.get(m[2]) === m[1]) ids.add(m[1]);
      }
    runsOf.set(n, [...ids]);
  }
  const defaultsOf = new Map<string, Record<string, unknown>>();
  for (const id of new Set([...runsOf.values()].flat())) {
    try {
      const { values, errors } = checkParams(await loadSchema(id), {});
      if (errors.length === 0) defaultsOf.set(id, values);
    } catch (e) {
      log(`prerender: ${id}: ${(e as Error).message}`);
    }
  }
  const costOf = (id: string) => {
    const v = defaultsOf.get(id);
    return v ? (costs[cacheKey(id, v)] ?? 1_500) : Number.POSITIVE_INFINITY;
  };
  const pending = new Map<string, Promise<void>>();
  for (const id of [...defaultsOf.keys()].sort((a, b) => costOf(a) - costOf(b))) {
    const values = defaultsOf.get(id) as Record<string, unknown>;
    const c = cacheKey(id, values);
    if (readCached(c) || (!opts.noCache && existsSync(longFile(c)))) continue;
    pending.set(
      id,
      (async () => {
        try {
          for await (const _ of runExperiment(id, {}, { pool: runner, onComplete: store })) {
            // drained: the complete trace is stored by onComplete
          }
        } catch (e) {
          // A long run or one past the budget is reported with its cells, below; anything else is news.
          if (!(e instanceof LongRunError || e instanceof BuildBudgetError || e instanceof CancelledChunkError))
            log(`prerender: ${id} failed: ${(e as Error).message.split("\n")[0]}`);
        }
        const cpu = runner.costOf(traceKeyOf(id, values));
        if (cpu !== undefined) costs[c] = cpu;
      })(),
    );
  }

  // Phase 2: each notebook drawn once its runs are in, the cheapest notebooks first.
  const order = [...names].sort(
    (a, b) =>
      (runsOf.get(a) ?? []).reduce((t, id) => t + costOf(id), 0) -
      (runsOf.get(b) ?? []).reduce((t, id) => t + costOf(id), 0),
  );
  const pngs: Promise<void>[] = [];
  try {
    for (const name of order) {
      await Promise.all((runsOf.get(name) ?? []).map((id) => pending.get(id)));
      if (opts.tracesOnly) {
        const traces = (runsOf.get(name) ?? []).flatMap((id) => {
          const values = defaultsOf.get(id);
          const c = values && cacheKey(id, values);
          const trace = c ? readCached(c) : undefined;
          return trace && c && values
            ? [{ experiment: id, key: c, json: toExactJson({ experiment: id, params: values, trace }) }]
            : [];
        });
        manifest.notebooks.push({ name, cells: [], traces, ms: 0 });
        continue;
      }
      const tn = performance.now();
      const used = new Map<string, ShippedTrace>();
      const hits = new Set<string>();
      let inflight = 0;
      const mountRunner = {
        size: runner.size,
        prepare() {},
        async runChunk(...args: Parameters<ThreadRunner["runChunk"]>) {
          inflight++;
          try {
            return await runner.runChunk(...args);
          } finally {
            inflight--;
          }
        },
      };
      const m = await mountNotebookInDom(name, {
        compiled: compiled.get(name),
        runner: mountRunner,
        observe: (c) => c.id !== undefined || CONTROLS.test(c.source),
        builtins: {
          precomputed: (id, values) => {
            const c = cacheKey(id, values);
            const t = readCached(c);
            if (t && !computed.has(c)) hits.add(c);
            return t;
          },
          onComplete: (id, values, trace) => {
            const c = cacheKey(id, values);
            if (used.has(c)) return;
            used.set(c, { experiment: id, params: values, trace });
            if (hits.has(c)) manifest.stats.tracesCached++;
            else store(id, values, trace);
          },
        },
      });
      installCanvas();
      const idCells = m.nb.cells.filter((c) => c.id !== undefined);
      await settle(
        idCells.map((c) => m.cell(c.index)),
        () => inflight === 0,
        deadline,
      );
      const longRuns = runner.longRuns();
      for (const [traceKey, e] of longRuns) {
        const [experiment] = traceKey.split(" ", 1);
        const c = cacheKeyByTraceKey.get(traceKey);
        if (c && !existsSync(longFile(c)))
          writeAtomic(longFile(c), JSON.stringify({ experiment, ms: e.ms, budgetMs: e.budgetMs }));
      }

      const cells: PrerenderedCell[] = [];
      for (const cell of idCells) {
        const el = m.cell(cell.index);
        const id = cell.id as string;
        const experiments = experimentsOf(m.nb.cells, cell);
        const value = [...el.children].find((c) => c.classList.contains("observablehq"))?.firstElementChild ?? null;
        const exclude = (kind: "long" | "error", reason: string, html: string) => {
          cells.push({ index: cell.index, id, kind, html, reason, experiments });
          manifest.excluded.push({ notebook: name, cell: id, reason });
        };
        if (el.dataset.state === "error" || el.dataset.state !== "ok") {
          const message = el.textContent?.trim() ?? "";
          const long = [...longRuns.values()].find((e) => experiments.includes(e.experiment));
          if (long) {
            const reason = `long run: ${long.experiment} needs over ${Math.round(long.budgetMs / 1000)} s of CPU at its defaults (measured at build, the budget of one trace)`;
            exclude(
              "long",
              reason,
              longNote(
                LONG_ICON,
                "Long run: this figure is not precomputed.",
                `${long.experiment} needs more than ${Math.round(long.budgetMs / 1000)} s of computing at its default parameters; with JavaScript the page computes it in your browser.`,
                true,
              ),
            );
          } else if (/Build budget|time budget/.test(message) || el.dataset.state !== "error") {
            exclude(
              "long",
              "not computed: the build's time budget for default figures ran out (a later build, with the cache, computes it)",
              longNote(
                LONG_ICON,
                "Not precomputed in this build.",
                "With JavaScript the page computes this figure in your browser.",
                true,
              ),
            );
          } else {
            log(`prerender: ${name}#${id} failed on jsdom: ${message.slice(0, 300)}`);
            exclude(
              "error",
              `failed at build: ${message.slice(0, 200)}`,
              longNote(LONG_ICON, "", "This figure is drawn in your browser (JavaScript needed).", true),
            );
          }
          continue;
        }
        const figure = el.querySelector(".bl-plot") as (HTMLElement & { trace?: Trace; plotOptions?: object }) | null;
        const unfinished = experiments.filter((x) => ![...used.values()].some((t) => t.experiment === x));
        if ((figure?.trace && !figure.trace.meta.complete) || (unfinished.length && value?.querySelector("svg"))) {
          exclude(
            "long",
            `not computed: the build's time budget for default figures ran out (${unfinished.join(", ")})`,
            longNote(
              LONG_ICON,
              "Not precomputed in this build.",
              "With JavaScript the page computes this figure in your browser.",
              true,
            ),
          );
          continue;
        }
        if (figure?.trace && exportable(cell)) {
          const stem = join(outDir, name, id);
          const svg = await figureSvg(figure, figure.trace, { plotOptions: figure.plotOptions });
          const title = figure.querySelector(".bl-plot-title")?.textContent || figure.trace.meta.experiment;
          const chart = figure.querySelector(":scope > svg") as SVGSVGElement;
          const size = (s: string) => {
            const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(s);
            const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(s);
            return { width: Number(w?.[1] ?? 0), height: Number(h?.[1] ?? 0) };
          };
          const thumbWidth = Number(chart.getAttribute("width")) || 680;
          const thumbHeight = Number(chart.getAttribute("height")) || 380;
          const thumb = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer()
            .serializeToString(chart)
            .replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"')
            .replace(
              /^(<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg")(\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg")/,
              "$1",
            )
            .replace(/(<svg[^>]*>)/, `$1<rect width="100%" height="100%" fill="#ffffff"/>`)
            .replace(/currentColor/g, INK)}\n`;
          mkdirSync(dirname(stem), { recursive: true });
          writeFileSync(`${stem}.svg`, svg);
          writeFileSync(`${stem}.thumb.svg`, thumb);
          writeFileSync(`${stem}.csv`, traceCsv(figure.trace, figure.plotOptions));
          const pngKey = createHash("sha256").update(svg).digest("hex").slice(0, 32);
          const pngCache = join(cacheDir, "png", `${pngKey}.png`);
          if (opts.noCache || !existsSync(pngCache))
            pngs.push(runner.png(svg, 2).then((png) => writeAtomic(pngCache, png)));
          const files: FigureFiles = {
            title,
            svg: `${stem}.svg`,
            png: pngCache,
            thumb: `${stem}.thumb.svg`,
            csv: `${stem}.csv`,
            ...size(svg),
            thumbWidth,
            thumbHeight,
          };

          const copy = figure.cloneNode(true) as HTMLElement;
          copy.classList.replace("bl-plot", "bl-static-plot");
          delete copy.dataset.complete;
          typesetLabels(copy);
          const bar = copy.querySelector(".bl-toolbar");
          if (bar) bar.outerHTML = staticToolbar(name, id);
          prefixIds(copy, `s${cell.index}-`);
          cells.push({
            index: cell.index,
            id,
            kind: "figure",
            html: `<div class="bl-static" data-static="figure">${copy.outerHTML}</div>`,
            experiments,
            files,
          });
          continue;
        }
        if (value && (value.tagName.toLowerCase() === "svg" || value.querySelector("svg"))) {
          const copy = value.cloneNode(true) as Element;
          // A hand-drawn chart's toolbar (plots.ts handDrawnFigure) works once the page's script runs: its
          // static copy keeps the toolbar's box, so nothing moves at the swap, but neither shows nor offers it.
          for (const bar of copy.querySelectorAll<HTMLElement>(":scope > .bl-toolbar")) {
            bar.setAttribute("inert", "");
            bar.setAttribute("aria-hidden", "true");
            bar.style.visibility = "hidden";
          }
          prefixIds(copy, `s${cell.index}-`);
          cells.push({
            index: cell.index,
            id,
            kind: "plot",
            html: `<div class="bl-static" data-static="plot">${copy.outerHTML}</div>`,
            experiments,
          });
          continue;
        }
        // Fulfilled without a figure: a cell that computes only on request (a switch), e.g. a paper-size run.
        const text = el.textContent?.trim() ?? "";
        const missing = experiments.filter((x) => ![...used.values()].some((t) => t.experiment === x));
        exclude(
          "long",
          `long run on request: at its defaults the cell shows "${text}" and computes nothing${missing.length ? ` (${missing.join(", ")} is not precomputed)` : ""}`,
          longNote(
            LONG_ICON,
            text,
            `Long run${missing.length ? ` (${missing.join(", ")})` : ""}: not precomputed when the site was built; with JavaScript, switch it on to compute it in your browser.`,
            false,
          ),
        );
      }
      // The forms of controls, as inert copies: their place is kept (the figures under them do not move
      // when the live forms arrive), and without JavaScript they show the defaults the figures were drawn at.
      for (const cell of m.nb.cells) {
        if (cell.id !== undefined || !CONTROLS.test(cell.source)) continue;
        const el = m.cell(cell.index);
        const shown = [...el.children].find((c) => c.classList.contains("cell-displays"));
        if (el.dataset.state !== "ok" || !shown?.firstElementChild) continue;
        const copy = shown.cloneNode(true) as HTMLElement;
        const live = [...shown.querySelectorAll("input, select, textarea")] as HTMLInputElement[];
        [...copy.querySelectorAll("input, select, textarea")].forEach((input, i) => {
          const from = live[i];
          if (!from) return;
          if (from.type === "checkbox" || from.type === "radio") {
            if (from.checked) input.setAttribute("checked", "");
            else input.removeAttribute("checked");
          } else if (input.tagName === "SELECT") {
            for (const [j, o] of [...(input as unknown as HTMLSelectElement).options].entries())
              if ((from as unknown as HTMLSelectElement).options[j]?.selected) o.setAttribute("selected", "");
          } else input.setAttribute("value", from.value);
          input.setAttribute("disabled", "");
        });
        typesetLabels(copy);
        prefixIds(copy, `s${cell.index}-`);
        // The panel is a form around one form per field: built in the DOM that nests, but HTML's parser
        // ignores a form inside a form and ends the panel at the first field's </form>, so the copy would
        // not have the live panel's box. The copy's panel is a div (it submits nothing).
        for (const panel of copy.querySelectorAll("form.bl-controls")) retag(panel, "div");
        cells.push({
          index: cell.index,
          id: "",
          kind: "controls",
          html: `<div class="bl-static bl-static-controls" data-static="controls" inert>${copy.innerHTML}</div>`,
          experiments: [],
        });
      }
      m.dispose();
      manifest.notebooks.push({
        name,
        cells,
        traces: [...used].map(([key, t]) => ({ experiment: t.experiment, key, json: toExactJson(t) })),
        ms: performance.now() - tn,
      });
      log(
        `prerender: ${name}: ${cells.filter((c) => c.kind === "figure" || c.kind === "plot").length}/${cells.filter((c) => c.id).length} figures, ${used.size} traces, ${Math.round(performance.now() - tn)} ms`,
      );
    }
    await Promise.all([...pngs, ...pending.values()]);
    writeAtomic(costsFile, JSON.stringify({ ...(readJson<Record<string, number>>(costsFile) ?? {}), ...costs }));
  } finally {
    manifest.stats.computeMs = runner.stats.computeMs;
    await runner.close();
  }
  manifest.stats.ms = performance.now() - t0;
  return manifest;
}

/**
 * jsdom has no canvas. Plot draws a continuous colour legend by filling a 256×1 canvas pixel by pixel
 * and reading it back as a PNG (legends/ramp.js): this 2D context does exactly that much (fillStyle,
 * fillRect, toDataURL), so the static figure's legend is the page's.
 */
function installCanvas() {
  const proto = (globalThis as unknown as { window: { HTMLCanvasElement: { prototype: Record<string, unknown> } } })
    .window.HTMLCanvasElement.prototype;
  const pixels = new WeakMap<object, Uint8Array>();
  const buffer = (canvas: HTMLCanvasElement) => {
    let px = pixels.get(canvas);
    if (!px || px.length !== canvas.width * canvas.height * 4) {
      px = new Uint8Array(canvas.width * canvas.height * 4);
      pixels.set(canvas, px);
    }
    return px;
  };
  proto.getContext = function (this: HTMLCanvasElement, kind: string) {
    if (kind !== "2d") return null;
    const canvas = this;
    let rgba = [0, 0, 0, 255];
    return {
      canvas,
      set fillStyle(v: string) {
        const c = parseColor(v)?.rgb();
        if (c) rgba = [c.r, c.g, c.b, Math.round((c.opacity ?? 1) * 255)];
      },
      get fillStyle() {
        return `rgba(${rgba.join(",")})`;
      },
      fillRect(x: number, y: number, w: number, h: number) {
        const px = buffer(canvas);
        for (let j = Math.max(0, y); j < Math.min(canvas.height, y + h); j++)
          for (let i = Math.max(0, x); i < Math.min(canvas.width, x + w); i++) px.set(rgba, (j * canvas.width + i) * 4);
      },
    };
  };
  proto.toDataURL = function (this: HTMLCanvasElement) {
    return `data:image/png;base64,${pngOf(this.width, this.height, buffer(this)).toString("base64")}`;
  };
}

/** An RGBA PNG (8-bit, no filter). */
function pngOf(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The toolbar of a static figure: plain links (the files of figures/, the notebook, the embed page). */
function staticToolbar(notebook: string, cell: string): string {
  const f = `${BASE}figures/${notebook}/${cell}`;
  const link = (action: string, href: string, label: string, title: string, download = false) =>
    `<a class="bl-toolbar-link" data-action="${action}" href="${href}"${download ? " download" : ""} title="${esc(title)}">${label}</a>`;
  return `<div class="bl-toolbar" role="toolbar" aria-label="export this figure">${[
    link("svg", `${f}.svg`, "SVG", "a self-contained SVG (light theme, TeX as paths)", true),
    link("png", `${f}.png`, "PNG", "a PNG at 2×", true),
    link("csv", `${f}.csv`, "CSV", "the plotted data as CSV", true),
    link("link", `${BASE}${notebook}.html#${cell}`, "Link", "a link to this figure"),
    link("embed", `${BASE}embed/${notebook}/${cell}.html`, "Embed", "this figure alone, for an iframe"),
  ].join("")}</div>`;
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = flag("out");
  const manifest = await prerenderSite({
    noCache: args.includes("--no-cache"),
    traceBudgetMs: flag("trace-budget") ? Number(flag("trace-budget")) : undefined,
    totalBudgetMs: flag("total-budget") ? Number(flag("total-budget")) : undefined,
    notebooks: flag("notebooks")?.split(","),
    log: (line) => console.error(line),
  });
  const s = manifest.stats;
  console.error(
    `prerender: ${Math.round(s.ms)} ms; traces ${s.tracesComputed} computed (${Math.round(s.computeMs)} ms of threads), ${s.tracesCached} from the cache`,
  );
  for (const e of manifest.excluded)
    console.error(`prerender: no default figure for ${e.notebook}#${e.cell}: ${e.reason}`);
  const json = JSON.stringify(manifest);
  if (out) writeAtomic(out, json);
  else process.stdout.write(json);
  process.exit(0);
}

if (process.argv[1] && /prerender\.ts$/.test(process.argv[1])) await main();
