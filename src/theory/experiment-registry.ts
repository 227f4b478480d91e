/**
 * Every experiment's run, by id "paper/name", from `src/theory/<paper>/experiments.ts`: what workers
 * and Node load. The page loads declarations only (registry.ts); `.dependency-cruiser.cjs` forbids the
 * page's entries from reaching this module.
 */
import type { AnyExperiment } from "./experiment";
import { lazyRegistry } from "./registry";

const experimentModules = new Map<string, () => Promise<{ experiments: AnyExperiment[] }>>([
  ["guide", () => import("./guide/experiments")],
  ["bandits", () => import("./bandits/experiments")],
  ["bilevel", () => import("./bilevel/experiments")],
  ["halpern", () => import("./halpern/experiments")],
  ["omd", () => import("./omd/experiments")],
  ["sor", () => import("./sor/experiments")],
  ["sparse-bandits", () => import("./sparse-bandits/experiments")],
]);

const experiments = lazyRegistry(experimentModules, (m) => m.experiments);
export const paperExperiments = experiments.ofPaper;
/** An experiment whose module has already loaded, without waiting (see loadedSchema). */
export const loadedExperiment = experiments.loaded;
export const loadExperiment = experiments.load;
