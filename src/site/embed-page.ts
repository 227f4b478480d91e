/**
 * `embed.html?nb=halpern&cell=residual&controls=0|1&n=200…`: one cell alone, with its parameters
 * from the URL, its controls shown or hidden, sized to its container, and a link to the notebook.
 * Only the cells it depends on are computed (the runtime computes only what an observed cell needs).
 *
 * The build also writes one page per figure, `embed/<notebook>/<cell>.html` (src/site/vite-plugin.ts):
 * the same script, with the notebook and cell in `#embed`'s data attributes, the figure drawn at its
 * defaults already in place (it works without JavaScript, for LMSs that strip scripts), its default
 * traces as data blocks, and the oEmbed discovery link. There the controls go under the figure, so
 * that the static figure never moves when the live one replaces it.
 */
import catalogue, { renamed } from "virtual:boundlab/notebooks";
import { dependencies } from "../notebook/graph";
import { mountNotebook, type NotebookModule } from "../notebook/runtime";
import { createBuiltins, registerShippedTraces, type ShippedTrace } from "../stdlib";
import { figureAnchorId } from "../stdlib/anchor";
import { fromExactJson } from "../stdlib/export";
import { QUERY_CHANGE } from "../stdlib/url-state";
import { findEmbedTarget } from "./embed-target";
import { createPool } from "./notebook-page";
import { requestedTour, TourPlayer } from "./tour";
import { markVersion } from "./version-notice";

export async function startEmbed(): Promise<void> {
  const root = document.getElementById("embed")!;
  const q = new URLSearchParams(location.search);
  // A per-figure page names its cell in the page and carries it drawn already; embed.html takes the query.
  const fixed = root.dataset.nb !== undefined;
  const nb = root.dataset.nb ?? q.get("nb") ?? "";
  const cellId = root.dataset.cell ?? q.get("cell") ?? "";
  const base = root.dataset.base ?? "./";
  const showControls = q.get("controls") !== "0";
  const found = findEmbedTarget(catalogue, nb, cellId, renamed);
  if (!found.ok) return fail(root, found.message, found.listTitle, found.items);
  const { entry } = found;
  let nbModule: NotebookModule;
  try {
    const [loaded] = await Promise.all([entry.load(), fixed ? undefined : loadShippedTraces(base, nb)]);
    nbModule = loaded.default;
  } catch (e) {
    return fail(root, `Notebook "${nb}" could not be loaded (${(e as Error).message}).`, "Reload the page.", []);
  }
  const target = nbModule.cells.find((c) => c.id === cellId)!;
  const asked = requestedTour(nbModule.tours, q);
  if (asked && !asked.ok) return fail(root, asked.message, "", []);
  if (asked?.ok && asked.tour.figure !== cellId)
    return fail(
      root,
      `The tour "${asked.tour.name}" shows the figure "${asked.tour.figure}", not "${cellId}":`,
      "embed that figure with it.",
      [[`embed.html?nb=${nb}&cell=${asked.tour.figure}&tour=${asked.tour.name}`, ""]],
    );
  const shown = [
    ...(showControls ? dependencies(nbModule.cells, target).filter((c) => c.inputs.includes("view")) : []),
    target,
  ];

  root.dataset.notebook = nb;
  // The paper, for the figure bundle's BibTeX (as the notebook page's root has it: src/site/html.ts).
  for (const k of ["paper", "venue", "arxiv"] as const) {
    const v = nbModule.front[k];
    if (v) root.dataset[k] = v;
  }
  const notebookHref = () => {
    const rest = new URLSearchParams(location.search);
    for (const k of ["nb", "cell", "controls"]) rest.delete(k);
    return `${base}${nb}.html${rest.size ? `?${rest}` : ""}#${figureAnchorId(cellId)}`;
  };
  reportHeight(cellId);
  const placeholder = (c: (typeof shown)[number]) => {
    const el = document.createElement("div");
    el.className = "cell";
    el.id = `cell-${c.index}`;
    if (c.id) el.dataset.cellId = c.id;
    return el;
  };
  const drawn = fixed ? root.querySelector<HTMLElement>(`#cell-${target.index}`) : null;
  if (drawn) {
    // The page holds the link and the figure already: keep them in place, controls go below.
    const link = root.querySelector<HTMLAnchorElement>(".embed-source a");
    if (link) link.href = notebookHref();
    for (const c of shown) if (c !== target) root.append(placeholder(c));
  } else {
    root.replaceChildren();
    const header = root.appendChild(document.createElement("p"));
    header.className = "embed-source";
    const link = header.appendChild(document.createElement("a"));
    link.href = notebookHref();
    link.target = "_top";
    link.textContent = `${entry.title} — open the notebook`;
    for (const c of shown) root.append(placeholder(c));
  }
  markVersion(root, entry.version); // after the children are in place: the note goes first
  if (asked?.ok) {
    // The step's parameters go into the URL before the forms read it.
    const figure = root.querySelector<HTMLElement>(`#cell-${target.index}`)!;
    new TourPlayer(asked.tour, asked.step, "embed", figure, entry.version ?? undefined, asked.note);
  }
  // The link back follows the view: a tour's step, a control moved in the embed, back and forward.
  const source = root.querySelector<HTMLAnchorElement>(".embed-source a");
  if (source) {
    const follow = () => {
      source.href = notebookHref();
    };
    follow();
    addEventListener("popstate", follow);
    addEventListener(QUERY_CHANGE, follow);
  }
  document.title = `${entry.title} — BoundLab`;
  mountNotebook(nbModule, { root, builtins: createBuiltins(createPool(), nbModule) });
}

/** embed.html: the notebook's default traces (traces/<name>.json), so a default view computes nothing. */
async function loadShippedTraces(base: string, nb: string): Promise<void> {
  try {
    const res = await fetch(`${base}traces/${encodeURIComponent(nb)}.json`);
    if (res.ok) registerShippedTraces(fromExactJson<ShippedTrace[]>(await res.text()));
  } catch {
    // Without them the cell computes, as it always could.
  }
}

function fail(root: HTMLElement, message: string, listTitle: string, items: [string, string][]): void {
  root.replaceChildren();
  const p = root.appendChild(document.createElement("p"));
  p.className = "embed-error";
  p.setAttribute("role", "alert");
  p.textContent = `${message} ${listTitle}`;
  const ul = root.appendChild(document.createElement("ul"));
  ul.className = "embed-choices";
  for (const [name, detail] of items) {
    const li = ul.appendChild(document.createElement("li"));
    const code = li.appendChild(document.createElement("code"));
    code.textContent = name;
    if (detail) li.append(` — ${detail}`);
  }
}

/**
 * Tells the page around the iframe how tall this embed is, whenever that changes (controls, a
 * redrawn figure): `{type: "boundlab:height", height, id}`. A listener on the host page sets the
 * iframe's height from it (README, "Embedding a figure").
 */
function reportHeight(id: string): void {
  if (window.parent === window) return;
  let last = -1;
  new ResizeObserver(() => {
    // The body's own extent, not scrollHeight: that is never less than the iframe, so it could not shrink.
    const body = document.body;
    const height = Math.ceil(
      body.getBoundingClientRect().bottom + window.scrollY + Number.parseFloat(getComputedStyle(body).marginBottom),
    );
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "boundlab:height", height, id }, "*");
  }).observe(document.body);
}
