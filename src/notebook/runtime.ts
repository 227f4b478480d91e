/**
 * Browser side of a notebook: defines each compiled cell on @observablehq/runtime (public API only)
 * and shows each cell's pending state, value or error in its placeholder. A throwing cell shows its
 * error in place; the runtime keeps every other cell working.
 */
import { Inspector } from "@observablehq/inspector";
import { type Definition, type Observer, Runtime } from "@observablehq/runtime";
import { observeInput } from "../stdlib/generators";
import type { Tour } from "./tour-spec";

export interface CellDefinition {
  index: number;
  id: string | null;
  line: number;
  inputs: string[];
  outputs: string[];
  /** The cell's value is shown (an expression, a block that returns, a generator). */
  display: boolean;
  body: (...args: never[]) => unknown;
}

export interface NotebookModule {
  name: string;
  front: { title: string; summary: string; paper?: string; venue?: string; arxiv?: string };
  cells: CellDefinition[];
  /** Saved parameter states of one figure, each with a caption (`?tour=NAME`). */
  tours?: Tour[];
  /** The members of Observable Plot its cells name (src/notebook/codegen.ts): all a page bundles. */
  plot: Record<string, unknown>;
  /** Loads the members of d3 its cells name. */
  d3: () => Promise<Record<string, unknown>>;
}

export interface MountOptions {
  /** Where the cells' placeholders (#cell-N) live. */
  root: ParentNode;
  builtins: Record<string, Definition>;
  /** Observe only these cells (by index); others are defined but computed only if an observed cell needs them. */
  observe?: (cell: CellDefinition) => boolean;
}

/** Names that are bound per cell rather than shared: their behaviour depends on the cell's output area. */
const CELL_SCOPED = new Set(["display", "view"]);

export function mountNotebook(nb: NotebookModule, opts: MountOptions): Runtime {
  const runtime = new Runtime(opts.builtins);
  const main = runtime.module();
  for (const cell of nb.cells) {
    const placeholder = opts.root.querySelector<HTMLElement>(`#cell-${cell.index}`);
    const observed = placeholder !== null && (opts.observe?.(cell) ?? true);
    const area = observed ? cellArea(placeholder) : null;
    const runtimeInputs = cell.inputs.filter((n) => !CELL_SCOPED.has(n));
    const definition: Definition = (...values: unknown[]) => {
      area?.clearDisplays();
      let k = 0;
      const args = cell.inputs.map((name) => {
        if (name === "display") return area ? area.display : () => {};
        if (name === "view") return area ? area.view : viewWithoutDisplay;
        return values[k++];
      });
      return (cell.body as (...a: unknown[]) => unknown)(...args);
    };
    const observer: Observer | undefined = area ? (cell.display ? area.valueObserver : area.statusObserver) : undefined;
    const variable = main.variable(observer ?? false);
    if (cell.outputs.length === 0) {
      variable.define(null, runtimeInputs, definition);
      continue;
    }
    const hidden = `cell ${cell.index}`;
    variable.define(hidden, runtimeInputs, definition);
    for (const name of cell.outputs) {
      main.variable(false).define(name, [hidden], ((c: Record<string, unknown>) => c[name]) as Definition);
    }
  }
  return runtime;
}

interface CellArea {
  display: (value: unknown) => unknown;
  view: (input: unknown) => unknown;
  clearDisplays(): void;
  /** For displayed cells: shows pending, the value, or the error. */
  valueObserver: Observer;
  /** For declaration cells: shows pending and errors only (their values are not displayed). */
  statusObserver: Observer;
}

function cellArea(el: HTMLElement): CellArea {
  el.classList.add("cell-ready");
  // What the build drew at the default parameters (scripts/prerender.ts: a figure, or the inert copy of
  // a form of controls) stays until the live value, display or error takes its place, in the same task:
  // no frame without it, and the same box.
  let statics = Array.from(el.children).filter((c) => c.classList.contains("bl-static"));
  const replaceStatics = () => {
    if (statics.length === 0) return;
    for (const s of statics) s.remove();
    statics = [];
  };
  const displays = el.appendChild(document.createElement("div"));
  displays.className = "cell-displays";
  const valueNode = el.appendChild(document.createElement("div"));
  const inspector = new Inspector(valueNode);
  const setState = (state: "pending" | "ok" | "error") => {
    el.dataset.state = state;
  };
  const display = (value: unknown) => {
    if (value instanceof Node) displays.appendChild(value);
    else new Inspector(displays.appendChild(document.createElement("div"))).fulfilled(value);
    replaceStatics();
    return value;
  };
  const view = (input: unknown): unknown => {
    if (input instanceof Promise)
      return input.then(
        (el) => view(el),
        (e) => {
          replaceStatics(); // the form that was to replace the inert copy will not come
          throw e;
        },
      );
    display(input);
    return observeInput(input as EventTarget & { value: unknown });
  };
  return {
    display,
    view,
    clearDisplays: () => displays.replaceChildren(),
    valueObserver: {
      pending: () => {
        setState("pending");
        inspector.pending();
      },
      fulfilled: (v) => {
        setState("ok");
        inspector.fulfilled(v);
        replaceStatics();
      },
      rejected: (e) => {
        setState("error");
        inspector.rejected(errorText(e));
        replaceStatics();
      },
    },
    statusObserver: {
      pending: () => setState("pending"),
      fulfilled: () => {
        setState("ok");
        valueNode.replaceChildren();
        valueNode.className = "";
        // Not replaceStatics(): a declaration cell is fulfilled before the form it shows arrives.
      },
      rejected: (e) => {
        setState("error");
        inspector.rejected(errorText(e));
        replaceStatics();
      },
    },
  };
}

function viewWithoutDisplay(input: unknown): unknown {
  if (input instanceof Promise) return input.then(viewWithoutDisplay);
  return observeInput(input as EventTarget & { value: unknown });
}

/** Errors read as sentences; a failed run's message is already written for the reader. */
function errorText(e: unknown): string {
  if (e instanceof Error) return e.message ? `${e.name === "Error" ? "Error" : e.name}: ${e.message}` : String(e);
  return String(e);
}
