/** The dependency graph of a notebook's cells, from their declared inputs and outputs. */

export interface CellNode {
  inputs: string[];
  outputs: string[];
}

/** The cells `target` reads from, transitively (not `target` itself), in notebook order. */
export function dependencies<C extends CellNode>(cells: C[], target: C): C[] {
  const producer = new Map<string, C>();
  for (const c of cells) for (const o of c.outputs) producer.set(o, c);
  const seen = new Set<C>();
  const visit = (c: C) => {
    for (const name of c.inputs) {
      const p = producer.get(name);
      if (p && !seen.has(p)) {
        seen.add(p);
        visit(p);
      }
    }
  };
  visit(target);
  return cells.filter((c) => seen.has(c));
}
