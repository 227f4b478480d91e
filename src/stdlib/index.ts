/**
 * What a cell sees: the runtime's builtins. Each is a definition, evaluated only when some cell
 * references it, so heavy libraries (d3, KaTeX) load only on pages that use them.
 */
import * as Inputs from "@observablehq/inputs";
import * as Plot from "@observablehq/plot";
import type { Definition } from "@observablehq/runtime";
import { html, svg } from "htl";
import { type ChunkRunner, runExperiment } from "../compute/run";
import { controls } from "./controls";
import { channel, observeInput } from "./generators";
import { convergencePlot } from "./plots";
import { pageProgress } from "./progress";
import { afterFirstPlot, texTemplate } from "./tex";

export function createBuiltins(
  pool: ChunkRunner,
  overrides: Record<string, Definition> = {},
): Record<string, Definition> {
  const progress = typeof document === "undefined" ? undefined : pageProgress();
  return {
    Plot: () => Plot,
    Inputs: () => Inputs,
    d3: () => afterFirstPlot.then(() => import("./d3")),
    html: () => html,
    svg: () => svg,
    tex: () => texTemplate(),
    controls: () => controls,
    run: () => (id: string, params: Record<string, unknown>) => runExperiment(id, params, { pool, progress }),
    convergencePlot: () => convergencePlot,
    Generators: () => ({ input: observeInput }),
    width: () => widthOfPage(),
    ...overrides,
  };
}

/** The width of the notebook's text column, updated on resize (for cells that size plots). */
function widthOfPage() {
  const main = document.querySelector("main") ?? document.body;
  const ch = channel<number>(() => observer.disconnect());
  const observer = new ResizeObserver(([entry]) => ch.push(Math.floor(entry.contentRect.width)));
  observer.observe(main);
  ch.push(main.clientWidth);
  return ch;
}
