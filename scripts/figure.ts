/**
 * `npm run figure -- <notebook> <cell-id> [--param=value …] --out fig.svg|png|csv [--scale=2]`
 * `npm run figure -- <notebook> <cell-id> [--param=value …] --sweep=T,100,1000,20,final:ucb1 --out …`
 * `npm run figure -- --trace trace.json --out fig.svg|png|csv [--scale=2]`
 *
 * Renders one plot cell of a notebook in Node, from the notebook's own cells, theory code and plot
 * functions (on jsdom), and writes the same SVG, PNG or CSV the page's toolbar gives. With `--sweep`
 * (the form a sweep link carries: parameter,from,to,points,summary), it runs the plot's sweep view at
 * those parameters and writes the sweep's SVG, PNG or CSV, as its toolbar gives them. With `--trace`,
 * it draws a trace saved by `npm run batch` (scripts/batch/) with the same plot and export code.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, extname } from "node:path";
import { pathToFileURL } from "node:url";
import { JSDOM } from "jsdom";
import { inProcessRunner } from "../src/compute/in-process";
import type { ChunkRunner } from "../src/compute/run";
import { type LibraryUrls, notebookModule } from "../src/notebook/codegen";
import { type CompiledCell, type CompiledNotebook, compileNotebook } from "../src/notebook/compile";
import { dependencies } from "../src/notebook/graph";
import type { NotebookModule } from "../src/notebook/runtime";
import type { BuiltinOptions } from "../src/stdlib";
import { loadExperiment } from "../src/theory/experiment-registry";
import { describeRange, type Param, parseParams } from "../src/theory/params";
import type { Trace } from "../src/theory/trace";
import { traceOf } from "./batch/summary";
import { readTraceFile } from "./batch/trace-file";
import { svgToPng } from "./png";

const FORMATS = [".svg", ".png", ".csv"];
/** The libraries as a notebook module evaluated from a data: URL imports them (no bare specifiers there). */
const resolveUrl = (pkg: string) => pathToFileURL(createRequire(import.meta.url).resolve(pkg)).href;
const LIBRARY_URLS: LibraryUrls = { Plot: resolveUrl("@observablehq/plot"), d3: resolveUrl("d3") };

class UsageError extends Error {}

interface Args {
  notebook: string;
  cell: string;
  params: Record<string, string>;
  out: string;
  scale: number;
  /** A trace file from `npm run batch` to draw instead of a notebook cell. */
  trace?: string;
  /** The cell's sweep to draw instead of its plot: `parameter,from,to,points,summary`. */
  sweep?: string;
}

/** The notebooks of notebooks/, by name: a name from the command line is looked up here, never used as a path. */
function notebookNames(): Set<string> {
  return new Set(
    readdirSync("notebooks")
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.slice(0, -3)),
  );
}

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  // A Map, not an object: a flag named --__proto__ or --constructor is a name like any other (and unknown).
  const params = new Map<string, string>();
  let out = "";
  let scale = 2;
  let trace: string | undefined;
  let sweep: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    // --name=value or --name value
    let m = /^--([^=]+)=(.*)$/.exec(a);
    if (!m) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`"${a}" needs a value: --name=value`);
      m = ["", a.slice(2), next] as unknown as RegExpExecArray;
      i++;
    }
    if (m[1] === "out") out = m[2];
    else if (m[1] === "trace") trace = m[2];
    else if (m[1] === "sweep") sweep = m[2];
    else if (m[1] === "scale") scale = Number(m[2]);
    else params.set(m[1], m[2]);
  }
  if (trace !== undefined) {
    if (positional.length || params.size || sweep !== undefined)
      throw new UsageError("--trace draws a saved trace as it is: no notebook, cell, parameters or sweep with it");
  } else if (positional.length !== 2) throw new UsageError("give a notebook and a cell id");
  if (!out || !FORMATS.includes(extname(out))) throw new UsageError(`--out must name a ${FORMATS.join(", ")} file`);
  if (![1, 2, 4].includes(scale)) throw new UsageError("--scale is 1, 2 or 4");
  // fromEntries defines own properties, so even "__proto__" stays a key (and is reported as unknown).
  return { notebook: positional[0], cell: positional[1], params: Object.fromEntries(params), out, scale, trace, sweep };
}

/** The experiments whose controls the cell depends on (found in its own and its dependencies' sources). */
export function controlledExperiments(nb: CompiledNotebook, cellId: string): string[] {
  const target = nb.cells.find((c) => c.id === cellId)!;
  const ids = new Set<string>();
  for (const c of [...dependencies(nb.cells, target), target]) {
    for (const m of c.source.matchAll(/controls\(\s*["']([^"']+)["']/g)) ids.add(m[1]);
  }
  return [...ids];
}

/**
 * The cells this command can export: those drawn by the stdlib's trace plots, which carry their
 * Trace (for the CSV) and the page's toolbar. A cell that calls Plot.plot itself has neither.
 */
export function exportable(cell: CompiledCell): boolean {
  return cell.inputs.includes("convergencePlot") || cell.inputs.includes("regretPlot");
}

async function usage(nb?: CompiledNotebook, cellId?: string): Promise<string> {
  const lines = [
    "usage: npm run figure -- <notebook> <cell-id> [--param=value …] --out fig.svg|png|csv [--scale=1|2|4]",
    "       npm run figure -- <notebook> <cell-id> [--param=value …] --sweep=param,from,to,points,summary --out …",
    "       npm run figure -- --trace trace.json --out fig.svg|png|csv [--scale=1|2|4]",
  ];
  if (!nb) return lines.join("\n");
  lines.push(
    `cells of ${nb.name} (id=…): ${nb.cells.flatMap((c) => (c.id && exportable(c) ? [c.id] : [])).join(", ")}`,
  );
  if (cellId && nb.cells.some((c) => c.id === cellId)) {
    for (const id of controlledExperiments(nb, cellId)) {
      const e = await loadExperiment(id);
      lines.push(`parameters (${id}):`);
      for (const [name, p] of Object.entries(e.params as Record<string, Param>)) {
        lines.push(
          `  --${name}=…  ${describeRange(p)} (default ${Array.isArray(p.default) ? p.default.join(",") : p.default})`,
        );
      }
    }
  }
  return lines.join("\n");
}

/** Browser globals for the runtime, Plot and the stdlib, from jsdom. */
function installDom(url: string, html: string): JSDOM {
  const dom = new JSDOM(`<!doctype html><html><body>${html}</body></html>`, { url, pretendToBeVisual: true });
  const w = dom.window as unknown as Record<string, unknown>;
  for (const key of [
    "window",
    "document",
    "location",
    "history",
    "navigator",
    "Node",
    "Element",
    "HTMLElement",
    "SVGElement",
    "Event",
    "EventTarget",
    "CustomEvent",
    "XMLSerializer",
    "DOMParser",
    "getComputedStyle",
    "requestAnimationFrame",
    "cancelAnimationFrame",
    "Image",
    "HTMLInputElement",
    "HTMLSelectElement",
    "HTMLFormElement",
    "Text",
    "DocumentFragment",
    "NodeList",
    "HTMLCollection",
  ]) {
    Object.defineProperty(globalThis, key, { value: w[key], configurable: true, writable: true });
  }
  return dom;
}

export async function renderFigure(args: Args): Promise<{ trace: Trace; svg: string; csv: string; figure: Element }> {
  const names = notebookNames();
  if (!names.has(args.notebook))
    throw new UsageError(`no notebook "${args.notebook}" in notebooks/ (there are: ${[...names].sort().join(", ")})`);
  const source = readFileSync(`notebooks/${args.notebook}.md`, "utf8");
  const nb = compileNotebook(source, `notebooks/${args.notebook}.md`, args.notebook);
  const target = nb.cells.find((c) => c.id === args.cell);
  if (!target) throw new UsageError(`notebook ${args.notebook} has no cell "${args.cell}"\n${await usage(nb)}`);
  if (!exportable(target))
    throw new UsageError(
      `cell ${args.cell} draws its own Plot.plot, not a convergencePlot/regretPlot figure, so it has no trace to export\n${await usage(nb)}`,
    );

  // Every --param must belong to an experiment the cell uses, and be valid there.
  const experiments = await Promise.all(controlledExperiments(nb, args.cell).map(loadExperiment));
  const known = new Set(experiments.flatMap((e) => Object.keys(e.params)));
  const given = Object.keys(args.params); // own keys only: "__proto__" and "constructor" included
  const problems = given.filter((k) => !known.has(k)).map((k) => `unknown parameter --${k}`);
  for (const e of experiments) problems.push(...parseParams(e.params, args.params).errors.map((x) => x.message));
  if (problems.length) throw new UsageError(`${problems.join("\n")}\n${await usage(nb, args.cell)}`);

  const query = new URLSearchParams(args.params).toString();
  const placeholders = nb.cells
    .map((c) => `<div class="cell" id="cell-${c.index}"${c.id ? ` data-cell-id="${c.id}"` : ""}></div>`)
    .join("");
  installDom(
    `http://localhost/${args.notebook}.html${query ? `?${query}` : ""}`,
    `<main data-notebook="${args.notebook}">${placeholders}</main>`,
  );
  const [{ mountNotebook }, { createBuiltins }] = await Promise.all([
    import("../src/notebook/runtime"),
    import("../src/stdlib"),
  ]);
  const url = `data:text/javascript;base64,${Buffer.from(notebookModule(nb, LIBRARY_URLS)).toString("base64")}`;
  const mod = (await import(url)) as NotebookModule;
  const runtime = mountNotebook(mod, {
    root: document,
    builtins: createBuiltins(inProcessRunner, mod, { width: () => 680 }),
    observe: (c) => c.index === target.index,
  });
  const cellEl = document.getElementById(`cell-${target.index}`)!;
  type Figure = Element & { trace?: Trace; plotOptions?: Record<string, unknown> };
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const fig = cellEl.querySelector(".bl-plot") as Figure | null;
    if (fig?.trace?.meta.complete) break;
    if (cellEl.dataset.state === "error") throw new Error(`cell ${args.cell} failed: ${cellEl.textContent}`);
    if (Date.now() > deadline) throw new Error(`cell ${args.cell} did not finish in 10 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const figure = cellEl.querySelector(".bl-plot") as Figure;
  if (!figure.trace) throw new Error(`cell ${args.cell} is not a convergencePlot/regretPlot figure`);
  if (args.sweep !== undefined) {
    const { sweepExports } = await import("../src/stdlib/sweep-view");
    try {
      const { svg, csv } = await sweepExports(figure as HTMLElement, figure.trace, args.sweep);
      return { trace: figure.trace, svg, csv, figure };
    } catch (e) {
      throw new UsageError(`--sweep=${args.sweep}: ${(e as Error).message}`);
    } finally {
      runtime.dispose();
    }
  }
  const [{ figureSvg, traceCsv }] = await Promise.all([import("../src/stdlib/export")]);
  const svg = await figureSvg(figure, figure.trace, { plotOptions: figure.plotOptions });
  const csv = traceCsv(figure.trace, figure.plotOptions);
  runtime.dispose();
  return { trace: figure.trace, svg, csv, figure };
}

/**
 * A whole notebook mounted on jsdom the way `renderFigure` mounts one cell, at the default parameters
 * (no query): the build's prerender (scripts/prerender.ts) draws every default figure with it, with
 * its own chunk runner and builtin options (the shipped-trace cache, a record of complete traces).
 */
export async function mountNotebookInDom(
  notebook: string,
  opts: {
    runner: ChunkRunner;
    observe: (cell: CompiledCell) => boolean;
    builtins?: BuiltinOptions;
    /** The notebook compiled already (by the caller, from notebooks/<notebook>.md). */
    compiled?: CompiledNotebook;
  },
): Promise<{ nb: CompiledNotebook; cell: (index: number) => HTMLElement; dispose: () => void }> {
  if (!notebookNames().has(notebook)) throw new UsageError(`no notebook "${notebook}" in notebooks/`);
  const nb =
    opts.compiled ??
    compileNotebook(readFileSync(`notebooks/${notebook}.md`, "utf8"), `notebooks/${notebook}.md`, notebook);
  const placeholders = nb.cells
    .map((c) => `<div class="cell" id="cell-${c.index}"${c.id ? ` data-cell-id="${c.id}"` : ""}></div>`)
    .join("");
  installDom(`http://localhost/${notebook}.html`, `<main data-notebook="${notebook}">${placeholders}</main>`);
  const [{ mountNotebook }, { createBuiltins }] = await Promise.all([
    import("../src/notebook/runtime"),
    import("../src/stdlib"),
  ]);
  const url = `data:text/javascript;base64,${Buffer.from(notebookModule(nb, LIBRARY_URLS)).toString("base64")}`;
  const mod = (await import(url)) as NotebookModule;
  const runtime = mountNotebook(mod, {
    root: document,
    builtins: createBuiltins(opts.runner, mod, { width: () => 680 }, opts.builtins),
    observe: (c) => opts.observe(nb.cells[c.index]),
  });
  return { nb, cell: (index) => document.getElementById(`cell-${index}`)!, dispose: () => runtime.dispose() };
}

/** A trace saved by `npm run batch`, drawn by the stdlib's convergencePlot and exported like the page's toolbar. */
export async function renderTrace(path: string): Promise<{ trace: Trace; svg: string; csv: string }> {
  let file: ReturnType<typeof readTraceFile>;
  try {
    file = readTraceFile(path);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!file.chunk) throw new UsageError(`${path} is an empty shard: it holds no runs to draw`);
  const trace = traceOf(file);
  installDom("http://localhost/trace.html", "<main></main>");
  const [{ convergencePlot }, { figureSvg, traceCsv }] = await Promise.all([
    import("../src/stdlib/plots"),
    import("../src/stdlib/export"),
  ]);
  const plotOptions = { title: file.title, width: 680 };
  const figure = convergencePlot(trace, plotOptions);
  document.querySelector("main")!.append(figure);
  const svg = await figureSvg(figure, trace, { plotOptions });
  return { trace, svg, csv: traceCsv(trace, plotOptions) };
}

async function main() {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
    const { svg, csv } = args.trace !== undefined ? await renderTrace(args.trace) : await renderFigure(args);
    const ext = extname(args.out);
    writeFileSync(args.out, ext === ".svg" ? svg : ext === ".csv" ? csv : svgToPng(svg, args.scale));
    console.log(`wrote ${args.out} (${basename(args.out)})`);
    process.exit(0);
  } catch (e) {
    if (e instanceof UsageError) {
      const nbName = process.argv.slice(2).find((a) => !a.startsWith("--"));
      let nb: CompiledNotebook | undefined;
      try {
        nb =
          nbName && notebookNames().has(nbName)
            ? compileNotebook(readFileSync(`notebooks/${nbName}.md`, "utf8"), nbName, nbName)
            : undefined;
      } catch {}
      console.error(`${e.message}${e.message.includes("usage:") ? "" : `\n${await usage(nb)}`}`);
      process.exit(2);
    }
    console.error((e as Error).message);
    process.exit(1);
  }
}

if (process.argv[1] && /figure\.ts$/.test(process.argv[1])) await main();
