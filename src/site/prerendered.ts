/**
 * The default figures drawn at build time (scripts/prerender.ts writes the manifest described here),
 * and how the Vite plugin puts them into the built site: each figure in its cell's placeholder, each
 * default trace as a data block (`<script type="application/json">`: never executed, so the page's
 * Content-Security-Policy allows it), thumbnails on the index, and for every figure a static embed
 * page with its oEmbed description. Pure string work (Node, at build).
 */
import { figureAnchorId } from "../stdlib/anchor.ts";
import { NOSCRIPT_NOTE, TRACES_SLOT, thumbSlot } from "./html.ts";

/** The iframe sandbox an LMS keeps, as the toolbar's embed snippet has it (src/stdlib/figure-toolbar.ts, EMBED_SANDBOX). */
export const EMBED_SANDBOX = "allow-scripts allow-same-origin allow-downloads";

/** The site's base URL in the manifest's HTML: "./" on pages, "../../" on per-figure embed pages. */
export const BASE = "__BL_BASE__/";

export interface FigureFiles {
  /** Title of the figure (the plot's title, else the experiment's). */
  title: string;
  /** Paths (absolute, in the build cache) of the files published under figures/<notebook>/. */
  svg: string;
  png: string;
  thumb: string;
  csv: string;
  /** Size of the SVG export (CSS px); the PNG is twice that. */
  width: number;
  height: number;
  /** Size of the chart alone (the thumbnail). */
  thumbWidth: number;
  thumbHeight: number;
}

export interface PrerenderedCell {
  index: number;
  id: string;
  /**
   * "figure": a convergencePlot figure, with its files; "plot": a cell's own Plot.plot, drawn;
   * "long": not computed at build (a long run), a note in its place; "error": it failed at build;
   * "controls": the inert copy of a form of controls a figure depends on (`id` is then "").
   */
  kind: "figure" | "plot" | "long" | "error" | "controls";
  /** What goes in the cell's placeholder (with BASE for the site's base URL). */
  html: string;
  /** Why the cell has no figure ("long", "error"). */
  reason?: string;
  /** Experiments the cell's runs use (in its source and its dependencies'). */
  experiments: string[];
  files?: FigureFiles;
}

export interface PrerenderedNotebook {
  name: string;
  cells: PrerenderedCell[];
  /** Each default trace the page's cells used, as the exact JSON of a ShippedTrace. */
  traces: { experiment: string; key: string; json: string }[];
  ms: number;
}

export interface PrerenderManifest {
  format: number;
  /** The folder of this run's files (removed once the build has copied them). */
  outDir?: string;
  notebooks: PrerenderedNotebook[];
  /** Cells without a precomputed figure, and why. */
  excluded: { notebook: string; cell: string; reason: string }[];
  stats: {
    ms: number;
    tracesComputed: number;
    tracesCached: number;
    computeMs: number;
    traceBudgetMs: number;
    totalBudgetMs: number;
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const withBase = (html: string, base: string) => html.replaceAll(BASE, base);

/** Data blocks of default traces (run() reads them: src/stdlib/index.ts). */
export function traceBlocks(traces: PrerenderedNotebook["traces"]): string {
  return traces
    .map(
      (t) =>
        `<script type="application/json" class="bl-default-trace" data-experiment="${esc(t.experiment)}">${t.json}</script>`,
    )
    .join("\n");
}

/** The traces a cell's runs use. */
export function tracesOf(nb: PrerenderedNotebook, cell: PrerenderedCell): PrerenderedNotebook["traces"] {
  return nb.traces.filter((t) => cell.experiments.includes(t.experiment));
}

const placeholder = (cell: PrerenderedCell) =>
  `<div class="cell" id="cell-${cell.index}"${cell.id ? ` data-cell-id="${cell.id}"` : ""}></div>`;

/** A built notebook page with its default figures in place and its default traces shipped. */
export function fillNotebookPage(html: string, nb: PrerenderedNotebook): string {
  let out = html;
  for (const cell of nb.cells) {
    out = out.replace(placeholder(cell), placeholder(cell).replace("></div>", `>${withBase(cell.html, "./")}</div>`));
  }
  return out.replace(TRACES_SLOT, traceBlocks(nb.traces));
}

/** The cell whose figure is the notebook's thumbnail: front matter `headline`, else its first figure. */
export function headlineOf(nb: PrerenderedNotebook, headline?: string): PrerenderedCell | undefined {
  const figures = nb.cells.filter((c) => c.kind === "figure" && c.files);
  return figures.find((c) => c.id === headline) ?? figures[0];
}

/** The index with each notebook's thumbnail. */
export function fillIndexPage(
  html: string,
  notebooks: PrerenderedNotebook[],
  headlines: ReadonlyMap<string, string | undefined>,
): string {
  let out = html;
  for (const nb of notebooks) {
    const cell = headlineOf(nb, headlines.get(nb.name));
    if (!cell?.files) continue;
    const f = cell.files;
    out = out.replace(
      thumbSlot(nb.name),
      `<img class="nb-thumb" src="./figures/${nb.name}/${cell.id}.thumb.svg" width="${f.thumbWidth}" height="${f.thumbHeight}" alt="${esc(f.title)}" decoding="async">`,
    );
  }
  return out;
}

/** The size an iframe of a figure's embed page gets: the figure, its toolbar and link, the controls under it. */
export function embedSize(files: FigureFiles): { width: number; height: number } {
  return { width: 720, height: Math.ceil(files.height + 340) };
}

/** Where a figure's files and pages live in dist/, from the site's root. */
export const paths = (notebook: string, cell: string) => ({
  svg: `figures/${notebook}/${cell}.svg`,
  png: `figures/${notebook}/${cell}.png`,
  csv: `figures/${notebook}/${cell}.csv`,
  thumb: `figures/${notebook}/${cell}.thumb.svg`,
  embed: `embed/${notebook}/${cell}.html`,
  oembed: `oembed/${notebook}/${cell}.json`,
});

/**
 * A figure's own embed page, made from the built embed.html (same script, styles and policy): the
 * figure drawn at its defaults in place, its traces shipped, the notebook and cell in #embed's data
 * attributes, and the oEmbed discovery link. It lives two folders down: asset URLs gain "../../".
 */
export function figureEmbedPage(
  embedHtml: string,
  nb: PrerenderedNotebook,
  cell: PrerenderedCell,
  notebookTitle: string,
): string {
  const base = "../../";
  const title = cell.files?.title ?? cell.id;
  const main = `<main class="embed" id="embed" data-nb="${esc(nb.name)}" data-cell="${esc(cell.id)}" data-base="${base}">
<p class="embed-source"><a href="${base}${esc(nb.name)}.html#${esc(figureAnchorId(cell.id))}" target="_top">${esc(notebookTitle)} — open the notebook</a></p>
<div class="cell" id="cell-${cell.index}" data-cell-id="${esc(cell.id)}">${withBase(cell.html, base)}</div>
${NOSCRIPT_NOTE}
</main>`;
  const page = embedHtml
    .replace(/(\s(?:src|href))="\.\/assets\//g, `$1="${base}assets/`)
    .replace(/<title>[^<]*<\/title>/, `<title>${esc(title)} — BoundLab</title>`)
    .replace(
      "</head>",
      `<link rel="alternate" type="application/json+oembed" href="${base}${paths(nb.name, cell.id).oembed}" title="${esc(title)}">\n</head>`,
    )
    .replace(/<main class="embed" id="embed">[\s\S]*?<\/main>/, () => main)
    .replace("</body>", () => `${traceBlocks(tracesOf(nb, cell))}\n</body>`);
  return page;
}

/**
 * A figure's oEmbed description (type "rich"). URLs are absolute under BOUNDLAB_SITE_URL when the build
 * knows where the site is published; otherwise relative to this JSON file (oembed/<nb>/<cell>.json).
 */
export function oembedJson(
  notebook: string,
  cell: PrerenderedCell & { files: FigureFiles },
  siteUrl?: string,
): Record<string, unknown> {
  const root = siteUrl ? (siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`) : "../../";
  const p = paths(notebook, cell.id);
  const { width, height } = embedSize(cell.files);
  const title = cell.files.title;
  return {
    version: "1.0",
    type: "rich",
    title,
    provider_name: "BoundLab",
    provider_url: root,
    html: `<iframe src="${root}${p.embed}" width="${width}" height="${height}" title="${esc(title)}" sandbox="${EMBED_SANDBOX}" allowfullscreen loading="lazy" style="border:0;max-width:100%"></iframe>`,
    width,
    height,
    thumbnail_url: `${root}${p.png}`,
    thumbnail_width: Math.round(cell.files.width * 2),
    thumbnail_height: Math.round(cell.files.height * 2),
  };
}
