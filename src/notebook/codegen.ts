/**
 * Emits the browser module for a compiled notebook: one object per cell with its inputs, outputs and
 * body as real code (no eval at run time, so pages work under a strict Content-Security-Policy).
 */
import type { CompiledCell, CompiledNotebook } from "./compile";
import type { Library } from "./parse-cell";

export function cellBody(cell: CompiledCell): string {
  const kind = `${cell.async ? "async " : ""}function${cell.generator ? "*" : ""}`;
  const params = cell.inputs.join(", ");
  if (cell.expression) {
    const expr = cell.source.trim().replace(/;\s*$/, "");
    return `${kind} (${params}) {\nreturn (\n${expr}\n);\n}`;
  }
  const ret = cell.outputs.length ? `\nreturn {${cell.outputs.join(", ")}};` : "";
  return `${kind} (${params}) {\n${cell.source}\n${ret}\n}`;
}

/** Where the page's module finds each library (Node, importing from a data: URL, gives file URLs). */
export type LibraryUrls = Record<Library, string>;
const PACKAGES: LibraryUrls = { Plot: "@observablehq/plot", d3: "d3" };

/** The members of `library` the notebook's cells name, sorted; "all" if one cell takes it whole. */
function namedMembers(nb: CompiledNotebook, library: Library): string[] | "all" {
  const named = nb.cells.map((c) => c.members[library]);
  if (named.includes("all")) return "all";
  return [...new Set(named.flat())].filter((m) => m !== "__proto__").sort();
}

/** `{a: ns.a, …}`: static reads of the namespace are what a bundler can prune (Plot's index re-exports all
 * its marks: spread into one object, none could be left out). A member the library lacks reads as
 * undefined, so a cell that names one fails in place, as it would with the whole library. */
const pick = (ns: string, members: string[]) => `{${members.map((m) => `${m}: ${ns}.${m}`).join(", ")}}`;

/**
 * The module's `plot` (the members of Observable Plot its cells name, all a page bundles of Plot) and its
 * `d3` (a loader of the members of d3 they name: d3 loads after the first plot, src/stdlib/index.ts).
 */
function libraries(nb: CompiledNotebook, urls: LibraryUrls): string {
  const plot = namedMembers(nb, "Plot");
  const d3 = namedMembers(nb, "d3");
  const plotLine =
    plot === "all"
      ? `import * as plot from ${JSON.stringify(urls.Plot)};\nexport {plot};`
      : plot.length === 0
        ? "export const plot = {};"
        : `import * as Plot from ${JSON.stringify(urls.Plot)};\nexport const plot = ${pick("Plot", plot)};`;
  const d3Line =
    d3 === "all"
      ? `export const d3 = () => import(${JSON.stringify(urls.d3)});`
      : d3.length === 0
        ? "export const d3 = async () => ({});"
        : `export const d3 = () => import(${JSON.stringify(urls.d3)}).then((d3) => (${pick("d3", d3)}));`;
  return `${plotLine}\n${d3Line}`;
}

export function notebookModule(nb: CompiledNotebook, urls: LibraryUrls = PACKAGES): string {
  const cells = nb.cells.map(
    (c) =>
      `  {index: ${c.index}, id: ${JSON.stringify(c.id ?? null)}, line: ${c.line}, inputs: ${JSON.stringify(c.inputs)}, ` +
      `outputs: ${JSON.stringify(c.outputs)}, display: ${c.display}, body: ${cellBody(c)}}`,
  );
  return `// Generated from ${nb.file} by src/site/vite-plugin.ts.
${libraries(nb, urls)}
export const name = ${JSON.stringify(nb.name)};
export const front = ${JSON.stringify(nb.front)};
export const cells = [
${cells.join(",\n")}
];
export const tours = ${JSON.stringify(nb.tours)};
export default {name, front, cells, tours, plot, d3};
`;
}
