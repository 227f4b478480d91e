/**
 * The toolbar of any figure: "download figure" (one zip, where the figure has one), SVG, PNG (1×/2×/4×),
 * CSV, "table" (the data as an HTML table), "copy link" (this view's parameters) and "embed" (an
 * <iframe> snippet showing this cell alone), from what the figure gives (`FigureExports`). Links and
 * snippets are also shown in a text field, so they can be copied where the clipboard API is not allowed.
 * Trace plots (toolbar.ts), hand-drawn charts and sweep views use it.
 */
import { figureAnchorId } from "./anchor";
import { svgToPngBrowser } from "./export";

/** What a figure's toolbar exports: a trace figure's (plotToolbar), a hand-drawn chart's or a sweep view's. */
export interface FigureExports {
  svg: () => Promise<string> | string;
  csv: () => string;
  /** The one-zip bundle, where the figure has one (trace figures: src/stdlib/bundle.ts). */
  bundle?: (stem: string) => Promise<Blob>;
  /** The data as an HTML table, where the figure has one. */
  table?: () => HTMLElement;
  /** Appended to the file names (`bandits-regret-sweep-T`), where one cell has more than one figure. */
  suffix?: () => string;
  /** More controls after the exports (Sweep, Pin). */
  extras?: () => HTMLElement[];
}

/** The toolbar of any figure: downloads, table, link and embed from what `exports` gives. */
export function figureToolbar(figure: HTMLElement, exports: FigureExports): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "bl-toolbar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", "export this figure");
  const output = document.createElement("input");
  output.className = "bl-share";
  output.readOnly = true;
  output.hidden = true;
  output.setAttribute("aria-label", "link to share");
  const status = document.createElement("span");
  status.className = "bl-toolbar-status";
  status.setAttribute("role", "status");

  const button = (label: string, title: string, action: () => Promise<void> | void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.dataset.action = label.toLowerCase().replace(/\W+/g, "-");
    b.addEventListener("click", async () => {
      status.textContent = "";
      try {
        await action();
      } catch (e) {
        status.textContent = `export failed: ${(e as Error).message}`;
      }
    });
    bar.append(b);
    return b;
  };
  const name = () => [fileStem(figure), exports.suffix?.()].filter(Boolean).join("-");

  const { bundle, table: tableOf } = exports;
  if (bundle)
    button("Download figure", "one zip: SVG, PNG at 2×, CSV, parameters, BibTeX, description and link", async () => {
      download(`${name()}.zip`, await bundle(name()));
    });
  button("SVG", "download a self-contained SVG (light theme, TeX as paths)", async () => {
    download(`${name()}.svg`, new Blob([await exports.svg()], { type: "image/svg+xml" }));
  });
  const scale = document.createElement("select");
  scale.setAttribute("aria-label", "PNG scale");
  for (const s of [1, 2, 4]) {
    const option = scale.appendChild(document.createElement("option"));
    option.value = String(s);
    option.textContent = `${s}×`;
    option.selected = s === 2;
  }
  button("PNG", "download a PNG at the chosen scale", async () => {
    download(`${name()}@${scale.value}x.png`, await svgToPngBrowser(await exports.svg(), Number(scale.value)));
  });
  bar.append(scale);
  button("CSV", "download the plotted data as CSV", () => {
    download(`${name()}.csv`, new Blob([exports.csv()], { type: "text/csv" }));
  });
  if (tableOf) {
    let table: HTMLElement | undefined;
    const tableButton = button("Table", "show or hide the plotted data as a table", () => {
      if (!table) {
        table = tableOf();
        bar.after(table);
        tableButton.setAttribute("aria-controls", table.id);
      } else table.hidden = !table.hidden;
      tableButton.setAttribute("aria-pressed", String(!table.hidden));
    });
    tableButton.setAttribute("aria-pressed", "false");
  }
  button("Copy link", "a link that reproduces this view", () => share(pageLink(figure)));
  button("Embed", "an <iframe> snippet showing this plot alone, with these parameters", () => {
    if (!cellId(figure)) throw new Error("only cells with an id= in the notebook can be embedded");
    return share(embedSnippet(figure));
  });

  async function share(text: string) {
    output.hidden = false;
    output.value = text;
    output.select();
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "copied";
    } catch {
      status.textContent = "select and copy";
    }
  }
  bar.append(...(exports.extras?.() ?? []), status, output);
  return bar;
}

function cellId(figure: HTMLElement): string | undefined {
  return (figure.closest(".cell") as HTMLElement | null)?.dataset.cellId;
}

function notebookName(): string {
  return (document.querySelector("[data-notebook]") as HTMLElement | null)?.dataset.notebook ?? "notebook";
}

function fileStem(figure: HTMLElement): string {
  return [notebookName(), cellId(figure) ?? "figure"].join("-");
}

/**
 * The page's parameters (the URL holds every changed one), minus the embed page's own keys, and the
 * version tag of the code that drew it (`v`, set by the site on the notebook's root: src/site/version-notice.ts).
 */
function viewQuery(): URLSearchParams {
  const q = new URLSearchParams(location.search);
  for (const k of ["nb", "cell", "controls", "v"]) q.delete(k);
  const version = document.querySelector<HTMLElement>("[data-notebook]")?.dataset.version;
  if (version) q.set("v", version);
  return q;
}

/** The site's root: the page's folder, or what the page says it is (`data-base`: a per-figure embed page). */
function siteBase(): string {
  const declared = document.querySelector<HTMLElement>("[data-base]")?.dataset.base ?? ".";
  return new URL(declared, location.href).href;
}

export function pageLink(figure: HTMLElement): string {
  const q = viewQuery().toString();
  const id = cellId(figure);
  return `${siteBase()}${notebookName()}.html${q ? `?${q}` : ""}${id ? `#${figureAnchorId(id)}` : ""}`;
}

/** The sandbox an LMS keeps on an iframe (Canvas does): scripts and workers run, downloads work. */
export const EMBED_SANDBOX = "allow-scripts allow-same-origin allow-downloads";

/**
 * The <iframe> of this view: only attributes an LMS keeps (Canvas: src, width, height, title, sandbox,
 * allowfullscreen, style, loading). Static copies of every default figure, for LMSs that keep no iframe,
 * are in figures/<notebook>/<cell>.png|svg; oEmbed in oembed/<notebook>/<cell>.json.
 */
export function embedSnippet(figure: HTMLElement): string {
  const q = new URLSearchParams({ nb: notebookName(), cell: cellId(figure) ?? "", controls: "1" });
  for (const [k, v] of viewQuery()) q.set(k, v);
  const rect = figure.getBoundingClientRect();
  const height = Math.ceil(rect.height + 220);
  // A trace figure's caption, or the title Plot drew for a hand-drawn chart (its figure's h2).
  const title = (
    figure.querySelector(".bl-plot-title, :scope > figure > h2")?.textContent || "BoundLab figure"
  ).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<iframe src="${siteBase()}embed.html?${q}" width="720" height="${height}" style="border:0;max-width:100%" loading="lazy" title="${title}" sandbox="${EMBED_SANDBOX}" allowfullscreen></iframe>`;
}

function download(filename: string, blob: Blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
