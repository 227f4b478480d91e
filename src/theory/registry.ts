/**
 * Every experiment's declaration, by id "paper/name": what the page needs (titles, parameter schemas,
 * plot hints, cross-checks) and no algorithm code, from `src/theory/<paper>/schema.ts`. The runs are in
 * experiment-registry.ts, which only workers and Node load (a lint rule keeps it off the page). Papers
 * load lazily (one chunk each). Add a paper: one line here and one there.
 */
import type { AnySchema } from "./experiment";

const schemaModules = new Map<string, () => Promise<{ schemas: AnySchema[] }>>([
  ["guide", () => import("./guide/schema")],
  ["bandits", () => import("./bandits/schema")],
  ["bilevel", () => import("./bilevel/schema")],
  ["halpern", () => import("./halpern/schema")],
  ["omd", () => import("./omd/schema")],
  ["sor", () => import("./sor/schema")],
  ["sparse-bandits", () => import("./sparse-bandits/schema")],
]);

export function paperIds(): string[] {
  return [...schemaModules.keys()];
}

/** Items by id "paper/name" from lazily loaded paper modules, each found once and then cached. */
export function lazyRegistry<M, T extends { id: string }>(modules: Map<string, () => Promise<M>>, pick: (m: M) => T[]) {
  const loaded = new Map<string, T>();
  const ofPaper = async (paper: string): Promise<T[]> => {
    const load = modules.get(paper);
    if (!load) throw new Error(`unknown paper "${paper}"; known: ${paperIds().join(", ")}`);
    return pick(await load());
  };
  return {
    ofPaper,
    /**
     * An item whose module has already loaded, without waiting: even a cached dynamic import resolves
     * only after a task, which costs tens of ms on a busy page, right when a run starts.
     */
    loaded: (id: string): T | undefined => loaded.get(id),
    async load(id: string): Promise<T> {
      const cached = loaded.get(id);
      if (cached) return cached;
      const paper = id.split("/")[0];
      const all = await ofPaper(paper);
      const found = all.find((e) => e.id === id);
      if (!found) throw new Error(`unknown experiment "${id}"; ${paper} has: ${all.map((e) => e.id).join(", ")}`);
      loaded.set(id, found);
      return found;
    },
  };
}

const schemas = lazyRegistry(schemaModules, (m) => m.schemas);
export const paperSchemas = schemas.ofPaper;
export const loadedSchema = schemas.loaded;
export const loadSchema = schemas.load;
