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

export function loaderOf<T>(modules: Map<string, T>, paper: string): T {
  const load = modules.get(paper);
  if (!load) throw new Error(`unknown paper "${paper}"; known: ${paperIds().join(", ")}`);
  return load;
}

export async function paperSchemas(paper: string): Promise<AnySchema[]> {
  return (await loaderOf(schemaModules, paper)()).schemas;
}

export function findIn<T extends { id: string }>(all: T[], id: string, paper: string): T {
  const found = all.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment "${id}"; ${paper} has: ${all.map((e) => e.id).join(", ")}`);
  return found;
}

const schemasLoaded = new Map<string, AnySchema>();

/**
 * A schema whose module has already loaded, without waiting: even a cached dynamic import resolves
 * only after a task, which costs tens of ms on a busy page, right when a run starts.
 */
export function loadedSchema(id: string): AnySchema | undefined {
  return schemasLoaded.get(id);
}

export async function loadSchema(id: string): Promise<AnySchema> {
  const cached = schemasLoaded.get(id);
  if (cached) return cached;
  const paper = id.split("/")[0];
  const found = findIn(await paperSchemas(paper), id, paper);
  schemasLoaded.set(id, found);
  return found;
}
