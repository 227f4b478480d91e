/**
 * The one entry of every notebook page and of the embed page. Sharing it means an embedded cell never
 * loads more JavaScript than its full notebook page (issue 3's budget): both load this chunk, the
 * notebook's cells module, and whatever the computed cells need.
 */
import catalogue from "virtual:boundlab/notebooks";
import { startNotebook } from "./notebook-page";
import { tourOnPage } from "./tour";
import { markVersion } from "./version-notice";

export { startEmbed } from "./embed-page";

export async function startNotebookPage(name: string): Promise<void> {
  const entry = catalogue.get(name);
  if (!entry) throw new Error(`no notebook "${name}" in the catalogue`);
  const root = document.querySelector<HTMLElement>("[data-notebook]");
  if (root) markVersion(root, entry.version);
  const nb = (await entry.load()).default;
  tourOnPage(nb, entry.version ?? undefined);
  startNotebook(nb);
}
