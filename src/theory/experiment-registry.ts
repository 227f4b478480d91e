/**
 * Every experiment's run, by id "paper/name", from `src/theory/<paper>/experiments.ts`: what workers
 * and Node load. The page loads declarations only (registry.ts); `.dependency-cruiser.cjs` forbids the
 * page's entries from reaching this module.
 */
import type { AnyExperiment } from "./experiment";
import { findIn, loaderOf } from "./registry";

const experimentModules = new Map<string, () => Promise<{ experiments: AnyExperiment[] }>>([
  ["guide", () => import("./guide/experiments")],
  ["bandits", () => import("./bandits/experiments")],
  ["bilevel", () => import("./bilevel/experiments")],
  ["halpern", () => import("./halpern/experiments")],
  ["omd", () => import("./omd/experiments")],
  ["sor", () => import("./sor/experiments")],
  ["sparse-bandits", () => import("./sparse-bandits/experiments")],
]);

export async function paperExperiments(paper: string): Promise<AnyExperiment[]> {
  return (await loaderOf(experimentModules, paper)()).experiments;
}

const loaded = new Map<string, AnyExperiment>();

/** An experiment whose module has already loaded, without waiting (see loadedSchema). */
export function loadedExperiment(id: string): AnyExperiment | undefined {
  return loaded.get(id);
}

export async function loadExperiment(id: string): Promise<AnyExperiment> {
  const cached = loaded.get(id);
  if (cached) return cached;
  const paper = id.split("/")[0];
  const found = findIn(await paperExperiments(paper), id, paper);
  loaded.set(id, found);
  return found;
}
