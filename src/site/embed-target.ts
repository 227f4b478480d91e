/**
 * Which notebook and cell an embed URL names, or the message the embed page shows instead. Pure (the
 * Node tests run it): names from the URL are looked up in a Map and an array, never by indexing an
 * object, so `?nb=constructor` or `?cell=__proto__` reads as unknown and gets the list of valid names.
 */
export interface EmbeddableNotebook {
  title: string;
  cellIds: string[];
}

export type EmbedTarget<E extends EmbeddableNotebook> =
  | { ok: true; entry: E }
  | { ok: false; message: string; listTitle: string; items: [string, string][] };

export function findEmbedTarget<E extends EmbeddableNotebook>(
  catalogue: ReadonlyMap<string, E>,
  nb: string,
  cellId: string,
  renamed: ReadonlyMap<string, string> = new Map(),
): EmbedTarget<E> {
  const entry = catalogue.get(nb) ?? catalogue.get(renamed.get(nb) ?? "");
  if (!entry) {
    return {
      ok: false,
      message: `Unknown notebook "${nb}".`,
      listTitle: "Notebooks:",
      items: [...catalogue].map(([name, n]) => [name, n.title]),
    };
  }
  if (!entry.cellIds.includes(cellId)) {
    return {
      ok: false,
      message: `Notebook "${nb}" has no cell with id "${cellId}".`,
      listTitle: "Cells that can be embedded:",
      items: entry.cellIds.map((id) => [id, ""]),
    };
  }
  return { ok: true, entry };
}
