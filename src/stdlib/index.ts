/**
 * What a cell sees: the runtime's builtins. Each is a definition, evaluated only when some cell
 * references it, so heavy libraries (d3, KaTeX) load only on pages that use them.
 */
import * as Inputs from "@observablehq/inputs";
import type { Definition } from "@observablehq/runtime";
import { html, svg } from "htl";
import { type ChunkRunner, type RunOptions, runExperiment } from "../compute/run";
import type { Trace } from "../theory/trace";
import { controls } from "./controls";
import { fromExactJson, paramsKey } from "./export";
import { channel, observeInput } from "./generators";
import { setPinRunner } from "./pins";
import { convergencePlot, handDrawnFigure, type PlotMembers, type PlotModule, pagePlot } from "./plots";
import { pageProgress } from "./progress";
import { setSweepRunner, sweptTrace } from "./sweep-view";
import { afterFirstPlot, seedTypesetLabels, texTemplate } from "./tex";

export interface BuiltinOptions {
  /**
   * Traces computed ahead (default: the ones the page ships, see `shippedTrace`): `run()` delivers one
   * of these when its validated parameters equal the ones it was made with, and computes nothing.
   */
  precomputed?: RunOptions["precomputed"];
  /** Told of every complete trace (the build's prerender records the default traces with it). */
  onComplete?: RunOptions["onComplete"];
}

/** What of Plot and d3 a notebook's cells name (its module's `plot` and `d3`): the page bundles only those. */
export interface NotebookLibraries {
  plot: PlotMembers;
  d3: () => Promise<object>;
}

export function createBuiltins(
  pool: ChunkRunner,
  libraries: NotebookLibraries,
  overrides: Record<string, Definition> = {},
  options: BuiltinOptions = {},
): Record<string, Definition> {
  const progress = typeof document === "undefined" ? undefined : pageProgress();
  if (typeof document !== "undefined") {
    readShippedTraces(document);
    seedTypesetLabels(document);
  }
  const { precomputed = shippedOrSwept, onComplete } = options;
  if (typeof document !== "undefined") {
    setSweepRunner({ pool, progress, precomputed });
    setPinRunner({ pool, progress, precomputed });
  }
  return {
    Plot: () => cellPlot(libraries.plot),
    Inputs: () => Inputs,
    d3: () => afterFirstPlot.then(libraries.d3),
    html: () => html,
    svg: () => svg,
    tex: () => texTemplate(),
    controls: () => controls,
    run: () => (id: string, params: Record<string, unknown>) =>
      runExperiment(id, params, { pool, progress, precomputed, onComplete }),
    convergencePlot: () => convergencePlot,
    Generators: () => ({ input: observeInput }),
    width: () => widthOfPage(),
    ...overrides,
  };
}

/**
 * Plot as cells see it: the members their notebook names, and `plot` with the page's width, colours and
 * log ticks (pagePlot), each chart a figure like a trace figure's, with its written description and
 * toolbar (handDrawnFigure); its marks lose the names ARIA prohibits, as the convergence plot's do.
 */
function cellPlot(members: PlotMembers): PlotModule {
  return {
    ...members,
    plot(options = {}) {
      const chart = pagePlot(options);
      return handDrawnFigure(chart, options) as unknown as typeof chart;
    },
  } as PlotModule;
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

/** A default trace as a page ships it (scripts/prerender.ts writes these; `toExactJson` encodes them). */
export interface ShippedTrace {
  experiment: string;
  /** The validated parameter values it was computed with. */
  params: Record<string, unknown>;
  trace: Trace;
}

/** Shipped traces by experiment, then by `paramsKey` of their parameters. A Map: ids come from cells. */
const shipped = new Map<string, Map<string, Trace>>();
const readBlocks = new WeakSet<Element>();

/** Make traces available to `run()` (the embed page fetches its notebook's traces/<name>.json). */
export function registerShippedTraces(traces: ShippedTrace[]): void {
  for (const t of traces) {
    let byParams = shipped.get(t.experiment);
    if (!byParams) shipped.set(t.experiment, (byParams = new Map()));
    byParams.set(paramsKey(t.params), t.trace);
  }
}

/** The data blocks of a page: `<script type="application/json" class="bl-default-trace">` (never executed). */
export function readShippedTraces(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLScriptElement>('script.bl-default-trace[type="application/json"]')) {
    if (readBlocks.has(el)) continue;
    readBlocks.add(el);
    try {
      registerShippedTraces([fromExactJson<ShippedTrace>(el.textContent ?? "")]);
    } catch {
      // A damaged block only means this trace is computed.
    }
  }
}

/** A shipped trace, else one the latest sweep computed (stepping down to a point draws it at once). */
function shippedOrSwept(id: string, values: Record<string, unknown>): Trace | undefined {
  return shippedTrace(id, values) ?? sweptTrace(id, values);
}

/** The shipped trace of an experiment at exactly these validated values, if the page has one. */
export function shippedTrace(id: string, values: Record<string, unknown>): Trace | undefined {
  return shipped.get(id)?.get(paramsKey(values));
}
