/**
 * Emits the browser module for a compiled notebook: one object per cell with its inputs, outputs and
 * body as real code (no eval at run time, so pages work under a strict Content-Security-Policy).
 */
import type { CompiledCell, CompiledNotebook } from "./compile";

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

export function notebookModule(nb: CompiledNotebook): string {
  const cells = nb.cells.map(
    (c) =>
      `  {index: ${c.index}, id: ${JSON.stringify(c.id ?? null)}, line: ${c.line}, inputs: ${JSON.stringify(c.inputs)}, ` +
      `outputs: ${JSON.stringify(c.outputs)}, display: ${c.display}, body: ${cellBody(c)}}`,
  );
  return `// Generated from ${nb.file} by src/site/vite-plugin.ts.
export const name = ${JSON.stringify(nb.name)};
export const front = ${JSON.stringify(nb.front)};
export const cells = [
${cells.join(",\n")}
];
export const tours = ${JSON.stringify(nb.tours)};
export default {name, front, cells, tours};
`;
}
