/**
 * The toolbar under every trace plot: the figure toolbar (figure-toolbar.ts: zip, SVG, PNG, CSV, table,
 * link, embed) with the trace's own exports, and the plot's Sweep and Pin buttons.
 */
import type { Trace } from "../theory/trace";
import { figureSvg, traceCsv } from "./export";
import { dataTable } from "./figure-a11y";
import type { PlotOptions } from "./figure-model";
import { figureToolbar, pageLink } from "./figure-toolbar";
import { pinButtons } from "./pins";
import { sweepButton } from "./sweep-view";

export function plotToolbar(figure: HTMLElement, trace: Trace, opts: PlotOptions): HTMLElement {
  return figureToolbar(figure, {
    // The zip code (fflate) loads on the first download, not with every page.
    bundle: async (stem) =>
      (await import("./bundle")).figureBundleBrowser(figure, trace, opts, { stem, permalink: pageLink(figure) }),
    svg: () => figureSvg(figure, trace, { title: opts.title, plotOptions: opts }),
    csv: () => traceCsv(trace, opts),
    table: () => dataTable(trace, opts),
    extras: () => [sweepButton(figure, trace), ...pinButtons(figure, trace)],
  });
}
