/**
 * Every experiment, by id "paper/name". Papers load lazily (one chunk each) so a page or worker pulls
 * in only the theory code it runs. Add a paper: one line here, exporting `experiments` from
 * src/theory/<paper>/experiments.ts.
 */
import type { AnyExperiment } from "./experiment";

type PaperModule = { experiments: AnyExperiment[] };

const papers: Record<string, () => Promise<PaperModule>> = {
  guide: () => import("./guide/experiments"),
};

export function paperIds(): string[] {
  return Object.keys(papers);
}

export async function paperExperiments(paper: string): Promise<AnyExperiment[]> {
  const load = papers[paper];
  if (!load) throw new Error(`unknown paper "${paper}"; known: ${paperIds().join(", ")}`);
  return (await load()).experiments;
}

export async function loadExperiment(id: string): Promise<AnyExperiment> {
  const paper = id.split("/")[0];
  const all = await paperExperiments(paper);
  const found = all.find((e) => e.id === id);
  if (!found) throw new Error(`unknown experiment "${id}"; ${paper} has: ${all.map((e) => e.id).join(", ")}`);
  return found;
}
