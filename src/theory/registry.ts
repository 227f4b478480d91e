/**
 * Every experiment, by id "paper/name". Papers load lazily (one chunk each) so a page or worker pulls
 * in only the theory code it runs. Add a paper: one line here, exporting `experiments` from
 * src/theory/<paper>/experiments.ts.
 */
import type { AnyExperiment } from "./experiment";

type PaperModule = { experiments: AnyExperiment[] };

const papers: Record<string, () => Promise<PaperModule>> = {
  guide: () => import("./guide/experiments"),
  bandits: () => import("./bandits/experiments"),
  bilevel: () => import("./bilevel/experiments"),
  halpern: () => import("./halpern/experiments"),
  omd: () => import("./omd/experiments"),
  sor: () => import("./sor/experiments"),
  "sparse-bandits": () => import("./bandits/sparse/experiments"),
};

export function paperIds(): string[] {
  return Object.keys(papers);
}

export async function paperExperiments(paper: string): Promise<AnyExperiment[]> {
  const load = papers[paper];
  if (!load) throw new Error(`unknown paper "${paper}"; known: ${paperIds().join(", ")}`);
  return (await load()).experiments;
}

const loaded = new Map<string, AnyExperiment>();

/**
 * An experiment whose module has already loaded, without waiting: even a cached dynamic import
 * resolves only after a task, which costs tens of ms on a busy page, right when a fresh run starts.
 */
export function loadedExperiment(id: string): AnyExperiment | undefined {
  return loaded.get(id);
}

export async function loadExperiment(id: string): Promise<AnyExperiment> {
  const cached = loaded.get(id);
  if (cached) return cached;
  const paper = id.split("/")[0];
  const all = await paperExperiments(paper);
  const found = all.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment "${id}"; ${paper} has: ${all.map((e) => e.id).join(", ")}`);
  loaded.set(id, found);
  return found;
}
