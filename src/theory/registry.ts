/**
 * Every experiment, by id "paper/name", in two registries that load apart:
 * - schemas (`src/theory/<paper>/schema.ts`): what the page needs — titles, parameter schemas, plot
 *   hints, cross-checks — and no algorithm code;
 * - experiments (`src/theory/<paper>/experiments.ts`): the runs, which only workers and Node load.
 * Papers load lazily (one chunk each). Add a paper: one line in each map below.
 */
import type { AnyExperiment, AnySchema } from "./experiment";

const schemaModules = new Map<string, () => Promise<{ schemas: AnySchema[] }>>([
  ["guide", () => import("./guide/schema")],
  ["bandits", () => import("./bandits/schema")],
  ["bilevel", () => import("./bilevel/schema")],
  ["halpern", () => import("./halpern/schema")],
  ["omd", () => import("./omd/schema")],
  ["sor", () => import("./sor/schema")],
  ["sparse-bandits", () => import("./sparse-bandits/schema")],
]);

const experimentModules = new Map<string, () => Promise<{ experiments: AnyExperiment[] }>>([
  ["guide", () => import("./guide/experiments")],
  ["bandits", () => import("./bandits/experiments")],
  ["bilevel", () => import("./bilevel/experiments")],
  ["halpern", () => import("./halpern/experiments")],
  ["omd", () => import("./omd/experiments")],
  ["sor", () => import("./sor/experiments")],
  ["sparse-bandits", () => import("./sparse-bandits/experiments")],
]);

export function paperIds(): string[] {
  return [...schemaModules.keys()];
}

function loaderOf<T>(modules: Map<string, T>, paper: string): T {
  const load = modules.get(paper);
  if (!load) throw new Error(`unknown paper "${paper}"; known: ${paperIds().join(", ")}`);
  return load;
}

export async function paperSchemas(paper: string): Promise<AnySchema[]> {
  return (await loaderOf(schemaModules, paper)()).schemas;
}

export async function paperExperiments(paper: string): Promise<AnyExperiment[]> {
  return (await loaderOf(experimentModules, paper)()).experiments;
}

function findIn<T extends { id: string }>(all: T[], id: string, paper: string): T {
  const found = all.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment "${id}"; ${paper} has: ${all.map((e) => e.id).join(", ")}`);
  return found;
}

const schemasLoaded = new Map<string, AnySchema>();
const experimentsLoaded = new Map<string, AnyExperiment>();

/**
 * A schema or experiment whose module has already loaded, without waiting: even a cached dynamic
 * import resolves only after a task, which costs tens of ms on a busy page, right when a run starts.
 */
export function loadedSchema(id: string): AnySchema | undefined {
  return schemasLoaded.get(id);
}

export function loadedExperiment(id: string): AnyExperiment | undefined {
  return experimentsLoaded.get(id);
}

export async function loadSchema(id: string): Promise<AnySchema> {
  const cached = schemasLoaded.get(id);
  if (cached) return cached;
  const paper = id.split("/")[0];
  const found = findIn(await paperSchemas(paper), id, paper);
  schemasLoaded.set(id, found);
  return found;
}

export async function loadExperiment(id: string): Promise<AnyExperiment> {
  const cached = experimentsLoaded.get(id);
  if (cached) return cached;
  const paper = id.split("/")[0];
  const found = findIn(await paperExperiments(paper), id, paper);
  experimentsLoaded.set(id, found);
  return found;
}
