/**
 * `embed.html?nb=halpern&cell=residual&controls=0|1&n=200…`: one cell alone, with its parameters
 * from the URL, its controls shown or hidden, sized to its container, and a link to the notebook.
 * Only the cells it depends on are computed (the runtime computes only what an observed cell needs).
 */
import catalogue from "virtual:boundlab/notebooks";
import { dependencies } from "../notebook/graph";
import type { NotebookModule } from "../notebook/runtime";
import { mountNotebook } from "../notebook/runtime";
import { createBuiltins } from "../stdlib";
import { createPool } from "./notebook-page";

type Catalogue = Record<string, { title: string; cellIds: string[]; load: () => Promise<{ default: NotebookModule }> }>;

export async function startEmbed(): Promise<void> {
  const root = document.getElementById("embed")!;
  const q = new URLSearchParams(location.search);
  const nb = q.get("nb") ?? "";
  const cellId = q.get("cell") ?? "";
  const showControls = q.get("controls") !== "0";
  const notebooks = catalogue as Catalogue;

  const entry = notebooks[nb];
  if (!entry) {
    return fail(
      root,
      `Unknown notebook "${nb}".`,
      "Notebooks:",
      Object.entries(notebooks).map(([name, n]) => [name, `${n.title}`]),
    );
  }
  if (!entry.cellIds.includes(cellId)) {
    return fail(
      root,
      `Notebook "${nb}" has no cell with id "${cellId}".`,
      "Cells that can be embedded:",
      entry.cellIds.map((id) => [id, ""]),
    );
  }
  const nbModule = (await entry.load()).default;
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
