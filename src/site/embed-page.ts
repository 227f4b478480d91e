/**
 * `embed.html?nb=halpern&cell=residual&controls=0|1&n=200…`: one cell alone, with its parameters
 * from the URL, its controls shown or hidden, sized to its container, and a link to the notebook.
 * Only the cells it depends on are computed (the runtime computes only what an observed cell needs).
 */
import catalogue, { renamed } from "virtual:boundlab/notebooks";
import { dependencies } from "../notebook/graph";
import { mountNotebook, type NotebookModule } from "../notebook/runtime";
import { createBuiltins } from "../stdlib";
import { findEmbedTarget } from "./embed-target";
import { createPool } from "./notebook-page";

export async function startEmbed(): Promise<void> {
  const root = document.getElementById("embed")!;
  const q = new URLSearchParams(location.search);
  const nb = q.get("nb") ?? "";
  const cellId = q.get("cell") ?? "";
  const showControls = q.get("controls") !== "0";
  const found = findEmbedTarget(catalogue, nb, cellId, renamed);
  if (!found.ok) return fail(root, found.message, found.listTitle, found.items);
  const { entry } = found;
  let nbModule: NotebookModule;
  try {
    nbModule = (await entry.load()).default;
  } catch (e) {
    return fail(root, `Notebook "${nb}" could not be loaded (${(e as Error).message}).`, "Reload the page.", []);
  }
  const target = nbModule.cells.find((c) => c.id === cellId)!;
  const shown = [
    ...(showControls ? dependencies(nbModule.cells, target).filter((c) => c.inputs.includes("view")) : []),
    target,
  ];

  root.dataset.notebook = nb;
  root.replaceChildren();
  const rest = new URLSearchParams(location.search);
  for (const k of ["nb", "cell", "controls"]) rest.delete(k);
  const header = root.appendChild(document.createElement("p"));
  header.className = "embed-source";
  const link = header.appendChild(document.createElement("a"));
  link.href = `./${nb}.html${rest.size ? `?${rest}` : ""}#${cellId}`;
  link.target = "_top";
  link.textContent = `${entry.title} — open the notebook`;
  for (const c of shown) {
    const el = root.appendChild(document.createElement("div"));
    el.className = "cell";
    el.id = `cell-${c.index}`;
    if (c.id) el.dataset.cellId = c.id;
  }
  document.title = `${entry.title} — BoundLab`;
  mountNotebook(nbModule, { root, builtins: createBuiltins(createPool()) });
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
