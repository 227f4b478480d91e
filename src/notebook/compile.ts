/**
 * Build-time notebook compiler: Markdown with front matter, prose math and fenced `js` cells →
 * front matter, prose HTML (math pre-rendered by KaTeX, a placeholder per cell) and analysed cells.
 * Runs in Node (the Vite plugin, the figure command, tests); never in the browser.
 */
import markdownKatex from "@vscode/markdown-it-katex";
import hljs from "highlight.js/lib/core";
import javascript from "highlight.js/lib/languages/javascript";
import katex from "katex";
import MarkdownIt from "markdown-it";
import { parse as parseYaml } from "yaml";
import { figureAnchorId } from "../stdlib/anchor.ts";
import { katexOptions } from "../stdlib/katex-options.ts";
import { plainText } from "../stdlib/tex-plain.ts";
import { NotebookError } from "./errors.ts";
import { CellSyntaxError, type ParsedCell, parseCell } from "./parse-cell.ts";
import { isTourFence, parseTour, type Tour } from "./tours.ts";

hljs.registerLanguage("javascript", javascript);

// The package is CommonJS with `exports.default`; under Node ESM its default import is the exports object.
const mathTokenizer = ((markdownKatex as unknown as { default?: typeof markdownKatex }).default ??
  markdownKatex) as typeof markdownKatex;

type Token = ReturnType<InstanceType<typeof MarkdownIt>["parse"]>[number];

export interface FrontMatter {
  title: string;
  /** Authors and paper title, e.g. "Cai, Alacaoglu & Diakonikolas — Variance Reduced Halpern Iteration". */
  paper?: string;
  venue?: string;
  arxiv?: string;
  summary: string;
  /** Sort key on the index page. */
  order?: number;
  /** Earlier page names of this notebook: their old URLs redirect here, old embeds still resolve. */
  formerly?: string[];
  /** The id= cell whose figure is the notebook's thumbnail on the index (default: the first figure). */
  headline?: string;
}

export interface CompiledCell extends ParsedCell {
  /** Position in the notebook (0-based); the cell's DOM placeholder is `#cell-${index}`. */
  index: number;
  /** The `id=` attribute, for embedding. */
  id?: string;
  echo: boolean;
  /** 1-based line of the cell's first source line in the .md file. */
  line: number;
}

export interface CompiledNotebook {
  name: string;
  file: string;
  front: FrontMatter;
  /** The summary as HTML, its `$…$` math rendered by KaTeX (the index and the page header show it). */
  summaryHtml: string;
  /** The summary as plain text, math flattened to Unicode (the page's meta description). */
  summaryText: string;
  html: string;
  cells: CompiledCell[];
  /** The notebook's tours (```` ```tour ```` blocks, src/notebook/tours.ts), in order. */
  tours: Tour[];
}

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

export function compileNotebook(source: string, file: string, name: string): CompiledNotebook {
  const { front, body, bodyLine } = splitFrontMatter(source, file);
  const md = new MarkdownIt({ html: true, linkify: false, typographer: true });
  // The plugin only tokenizes $…$ and $$…$$ here: we render (and report errors) ourselves, below.
  md.use(mathTokenizer, { katex: katex as never });
  const env = {};
  const tokens = md.parse(body, env);
  /** 1-based line in the .md file where a block token starts. */
  const lineOf = (t: Token) => (t.map ? t.map[0] : 0) + bodyLine;

  checkMath(tokens, file, lineOf);
  // The page header shows the front matter's title as the page's h1: a "# …" in the body would be a second.
  const h1 = tokens.find((t) => t.type === "heading_open" && t.tag === "h1");
  if (h1)
    throw new NotebookError(
      file,
      lineOf(h1),
      1,
      `a "# heading" in the body: the page's title is the front matter's "title" (use "## …" for sections)`,
    );
  const cells = collectCells(tokens, file, lineOf);
  checkNames(cells, file);
  const tours = collectTours(tokens, cells, file, lineOf);
  if (front.headline !== undefined && !cells.some((c) => c.id === front.headline)) {
    const ids = cells.flatMap((c) => (c.id ? [c.id] : []));
    throw new NotebookError(
      file,
      1,
      1,
      `front matter "headline" names no cell: "${front.headline}" (cells with an id: ${ids.join(", ") || "none"})`,
    );
  }

  // Our own renderers: KaTeX already validated, cells become placeholders.
  const renderMath = (display: boolean) => (ts: Token[], i: number) => {
    const html = katex.renderToString(ts[i].content, katexOptions(display));
    return display ? `<div class="math-display">${html}</div>\n` : html;
  };
  md.renderer.rules.math_inline = renderMath(false);
  md.renderer.rules.math_block = renderMath(true);
  md.renderer.rules.math_inline_block = renderMath(true);
  let cellIndex = 0;
  const defaultFence = md.renderer.rules.fence!;
  let tourIndex = 0;
  md.renderer.rules.fence = (ts, i, opts, e, self) => {
    if (isTourFence(ts[i].info)) return tourLink(tours[tourIndex++]);
    if (!isCellFence(ts[i])) return defaultFence(ts, i, opts, e, self);
    const cell = cells[cellIndex++];
    const echo = cell.echo
      ? `<pre class="cell-source"><code class="hljs language-js">${hljs.highlight(cell.source, { language: "javascript" }).value}</code></pre>\n`
      : "";
    const idAttr = cell.id ? ` data-cell-id="${cell.id}"` : "";
    // An id= cell's anchor (src/site/figure-anchor.ts): its own element, so the cell div stays as prerender matches it.
    const anchor = cell.id ? `<a class="fig-anchor" id="${figureAnchorId(cell.id)}"></a>` : "";
    return `${echo}${anchor}<div class="cell" id="cell-${cell.index}"${idAttr}></div>\n`;
  };
  const html = md.renderer.render(tokens, md.options, env);
  let summaryHtml: string;
  try {
    summaryHtml = md.renderInline(front.summary, {});
  } catch (e) {
    const reason = (e as Error).message.replace(/^KaTeX parse error: /, "");
    throw new NotebookError(file, 1, 1, `TeX error in the front matter's summary: ${reason}`);
  }
  return { name, file, front, summaryHtml, summaryText: plainText(front.summary), html, cells, tours };
}

function collectTours(tokens: Token[], cells: CompiledCell[], file: string, lineOf: (t: Token) => number): Tour[] {
  const tours: Tour[] = [];
  for (const t of tokens) {
    if (t.type !== "fence" || !isTourFence(t.info)) continue;
    const line = lineOf(t);
    const tour = parseTour(t.content, file, line);
    if (tours.some((o) => o.name === tour.name))
      throw new NotebookError(file, line, 1, `tour "${tour.name}" is declared twice`);
    if (!cells.some((c) => c.id === tour.figure)) {
      const ids = cells.flatMap((c) => (c.id ? [c.id] : []));
      throw new NotebookError(
        file,
        line,
        1,
        `tour "${tour.name}": "figure" names no cell: "${tour.figure}" (cells with an id: ${ids.join(", ") || "none"})`,
      );
    }
    tours.push(tour);
  }
  return tours;
}

/** Where a tour is declared, the page offers it (src/site/tour.ts presents it). */
function tourLink(tour: Tour): string {
  const title = tour.title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<p class="bl-tour-link"><a href="?tour=${tour.name}">▶ Present as a tour: ${title}</a> <span class="bl-tour-count">(${tour.steps.length} steps, for a projector: ← → to step, Esc to leave)</span></p>\n`;
}

function splitFrontMatter(source: string, file: string): { front: FrontMatter; body: string; bodyLine: number } {
  const m = FRONT.exec(source);
  if (!m) throw new NotebookError(file, 1, 1, "a notebook starts with front matter (---, title:, summary:, ---)");
  let data: Record<string, unknown>;
  try {
    data = (parseYaml(m[1]) ?? {}) as Record<string, unknown>;
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new NotebookError(
      file,
      (pos?.line ?? 0) + 1,
      pos?.col ?? 1,
      `front matter is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  for (const key of ["title", "summary"] as const) {
    if (typeof data[key] !== "string" || !data[key]) {
      throw new NotebookError(file, 1, 1, `front matter needs a "${key}" (a string)`);
    }
  }
  for (const key of ["paper", "venue", "arxiv", "headline"] as const) {
    if (data[key] !== undefined && typeof data[key] !== "string") {
      throw new NotebookError(
        file,
        1,
        1,
        `front matter "${key}" must be a string (quote numbers like arxiv: "2310.02987")`,
      );
    }
  }
  const bodyLine = m[0].split("\n").length; // 1-based line of the body's first line
  return { front: data as unknown as FrontMatter, body: source.slice(m[0].length), bodyLine };
}

function checkMath(tokens: Token[], file: string, lineOf: (t: Token) => number): void {
  const check = (tex: string, display: boolean, line: number) => {
    try {
      katex.renderToString(tex, katexOptions(display));
    } catch (e) {
      const reason = (e as Error).message.replace(/^KaTeX parse error: /, "");
      throw new NotebookError(file, line, 1, `TeX error in ${display ? "$$…$$" : "$…$"}: ${reason}`);
    }
  };
  for (const t of tokens) {
    if (t.type === "math_block") check(t.content, true, lineOf(t));
    if (t.type === "inline" && t.children) {
      for (const c of t.children) {
        if (c.type === "math_inline") check(c.content, false, lineOf(t));
        if (c.type === "math_inline_block") check(c.content, true, lineOf(t));
      }
      loneDollar(t, file, lineOf(t));
    }
  }
}

/**
 * A `$` the math tokenizer left as text (`poly$(d/\varepsilon)$`: an opening `$` after a letter does not
 * open) would reach readers as raw TeX, and may pair with a later `$` across words: fail the build on it.
 * A literal dollar is written `\$`; code spans keep theirs.
 */
function loneDollar(t: Token, file: string, line: number): void {
  let rest = t.content;
  for (const c of t.children ?? []) {
    if (c.type === "math_inline" || c.type === "math_inline_block" || c.type === "code_inline")
      rest = rest.replace(`${c.markup}${c.content}${c.markup}`, " ");
  }
  const m = /(^|[^\\])\$/.exec(rest);
  if (!m) return;
  const at = m.index + m[1].length;
  throw new NotebookError(
    file,
    line,
    1,
    `a "$" that opens no math, near "${rest.slice(Math.max(0, at - 20), at + 20).trim()}": math is $…$ with no letter or digit right before the opening $ (write \\$ for a dollar sign)`,
  );
}

function isCellFence(t: Token): boolean {
  return t.type === "fence" && /^js\b/.test(t.info.trim());
}

/** Info string: `js id=residual echo`. */
function parseInfo(info: string, file: string, line: number): { id?: string; echo: boolean } {
  const out: { id?: string; echo: boolean } = { echo: false };
  for (const word of info.trim().split(/\s+/).slice(1)) {
    const m = /^id=(.*)$/.exec(word);
    if (m) {
      if (!/^[a-z][a-z0-9-]*$/.test(m[1]))
        throw new NotebookError(
          file,
          line,
          1,
          `cell id "${m[1]}" must be lowercase letters, digits and dashes, starting with a letter`,
        );
      out.id = m[1];
    } else if (word === "echo") out.echo = true;
    else throw new NotebookError(file, line, 1, `unknown cell attribute "${word}" (known: id=name, echo)`);
  }
  return out;
}

function collectCells(tokens: Token[], file: string, lineOf: (t: Token) => number): CompiledCell[] {
  const cells: CompiledCell[] = [];
  const ids = new Map<string, number>();
  for (const t of tokens) {
    if (!isCellFence(t)) continue;
    const fenceLine = lineOf(t);
    const info = parseInfo(t.info, file, fenceLine);
    if (info.id) {
      if (ids.has(info.id))
        throw new NotebookError(
          file,
          fenceLine,
          1,
          `cell id "${info.id}" is used twice (first at line ${ids.get(info.id)})`,
        );
      ids.set(info.id, fenceLine);
    }
    const source = t.content.replace(/\n$/, "");
    try {
      cells.push({ ...parseCell(source), index: cells.length, id: info.id, echo: info.echo, line: fenceLine + 1 });
    } catch (e) {
      if (e instanceof CellSyntaxError)
        throw new NotebookError(file, fenceLine + 1 + e.line, e.column + 1, `in js cell: ${e.message}`);
      throw e;
    }
  }
  return cells;
}

function checkNames(cells: CompiledCell[], file: string): void {
  const owner = new Map<string, CompiledCell>();
  for (const c of cells) {
    for (const name of c.outputs) {
      const prev = owner.get(name);
      if (prev)
        throw new NotebookError(
          file,
          c.line,
          1,
          `"${name}" is defined by two cells (lines ${prev.line} and ${c.line})`,
        );
      owner.set(name, c);
    }
  }
}
