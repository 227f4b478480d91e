/**
 * Pin and compare: "Pin" under a plot keeps its current curves (the medians of every series) on every
 * later drawing of that experiment's plot, labelled with the parameters where they differ from the
 * plot's now (`T = 1000, runs = 50`); "Clear pins" removes them. A pinned curve is the trace it was
 * pinned from, never recomputed; pins are in the URL under the form's namespace
 * (`regret.~pins=[{"T":"1000"}]`, each pin its parameters that differ from the defaults), and a
 * reload runs each pin once, through `run()` (the same numbers: same seed).
 */
import { type RunOptions, runExperiment } from "../compute/run";
import { formatParam, type Param, parseParams } from "../theory/params";
import { loadedSchema } from "../theory/registry";
import type { Trace } from "../theory/trace";
import { PIN_DASHES, type PinnedCurve, type PlotOptions } from "./figure-model";
import { readViewKey, viewKeyEntries, writeQuery } from "./url-state";
import { whenConnected } from "./when-connected";

/** More than this many overlaid runs is not a comparison a reader can see. */
export const MAX_PINS = 6;

/** A drawn plot: the options it was drawn with (pins included) and how to draw it again. */
type PinnableFigure = HTMLElement & { redraw?: () => void; plotOptions?: PlotOptions };

interface Pin {
  values: Record<string, unknown>;
  trace?: Trace;
}

/** Pins by experiment and URL prefix (a Map: ids come from cells). */
const pins = new Map<string, Pin[]>();
/** Figures drawn per pin set, to redraw when pins change. */
const figures = new Map<string, Set<WeakRef<PinnableFigure>>>();
let runner: Omit<RunOptions, "onComplete"> | undefined;
const restored = new Set<string>();
/** What was wrong with a link's pins, shown under every drawing of the plot. */
const pinErrors = new Map<string, string>();

export function setPinRunner(options: Omit<RunOptions, "onComplete">): void {
  runner = options;
}

function formOf(experiment: string): HTMLFormElement | undefined {
  return [...document.querySelectorAll<HTMLFormElement>("form.bl-controls")].find(
    (f) => f.dataset.experiment === experiment && !f.closest(".bl-static"),
  );
}

const prefixOf = (experiment: string) => formOf(experiment)?.dataset.urlPrefix;

const keyOf = (experiment: string, prefix: string | undefined) => `${experiment}\n${prefix ?? ""}`;

/** `T = 1000, runs = 50`: the parameters of a pin that differ from `now`. */
export function pinLabel(params: Record<string, Param>, pin: Record<string, unknown>, now: Record<string, unknown>) {
  const diff = Object.entries(params).flatMap(([name, p]) => {
    const v = formatParam(p, pin[name]);
    return v === formatParam(p, now[name]) ? [] : [`${name} = ${v}`];
  });
  return diff.length ? diff.join(", ") : "these parameters";
}

/** The plot's options with the pins of its experiment (what traceFigure draws and exports keep). */
export function withPins(trace: Trace, opts: PlotOptions): PlotOptions {
  if (typeof document === "undefined") return opts;
  const e = loadedSchema(trace.meta.experiment);
  const list = pins.get(keyOf(trace.meta.experiment, prefixOf(trace.meta.experiment)));
  if (!e || !list?.length) return opts;
  const params = e.params as Record<string, Param>;
  const curves: PinnedCurve[] = list.flatMap((pin, i) =>
    pin.trace
      ? [
          {
            index: i,
            label: pinLabel(params, pin.values, trace.meta.params),
            x: pin.trace.x,
            series: pin.trace.series.map((s) => ({ key: s.key, label: s.label, y: s.median })),
          },
        ]
      : [],
  );
  return curves.length ? { ...opts, pins: curves } : opts;
}

/** A pin set changed: every figure of it in the page is redrawn; one not there yet is on arrival. */
function redrawAll(key: string): void {
  for (const ref of figures.get(key) ?? []) {
    const f = ref.deref();
    if (f?.isConnected) f.redraw?.();
    else figures.get(key)?.delete(ref);
  }
}

/** Whether a figure was drawn with other pins than its pin set holds now (each pin curve keeps its trace's x). */
function drawnWithOtherPins(figure: PinnableFigure, key: string): boolean {
  const drawn = figure.plotOptions?.pins ?? [];
  const now = (pins.get(key) ?? []).flatMap((p) => (p.trace ? [p.trace.x] : []));
  return drawn.length !== now.length || drawn.some((curve, i) => curve.x !== now[i]);
}

/** Only the parameters that differ from the defaults, formatted as the URL writes them. */
function compact(params: Record<string, Param>, values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(params)) {
    const v = formatParam(p, values[name]);
    if (v !== formatParam(p, p.default)) out[name] = v;
  }
  return out;
}

function writePins(key: string, form: HTMLFormElement | undefined, params: Record<string, Param>): void {
  if (form?.dataset.urlPrefix === undefined) return;
  const list = pins.get(key) ?? [];
  writeQuery(
    viewKeyEntries(form, {
      "~pins": list.length ? JSON.stringify(list.map((p) => compact(params, p.values))) : undefined,
    }),
  );
}

/** The pins a link carries: each validated by the schema; a bad one is left out with a message. */
export function parsePins(
  params: Record<string, Param>,
  raw: string,
): { pins: Record<string, unknown>[]; error?: string } {
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return { pins: [], error: "the pins in the link are not readable" };
  }
  if (!Array.isArray(list)) return { pins: [], error: "the pins in the link are not a list" };
  const out: Record<string, unknown>[] = [];
  const errors: string[] = [];
  for (const item of list.slice(0, MAX_PINS)) {
    if (!item || typeof item !== "object" || Array.isArray(item)) {
      errors.push("a pin in the link is not a set of parameters");
      continue;
    }
    const entries = Object.entries(item as Record<string, unknown>).filter(([k]) => Object.hasOwn(params, k));
    const parsed = parseParams(params, Object.fromEntries(entries));
    if (parsed.errors.length) errors.push(parsed.errors.map((x) => x.message).join("; "));
    else out.push(parsed.values);
  }
  if (list.length > MAX_PINS) errors.push(`only ${MAX_PINS} pins are kept`);
  return { pins: out, error: errors.length ? `pins left out: ${errors.join("; ")}` : undefined };
}

async function traceOf(experiment: string, values: Record<string, unknown>): Promise<Trace | undefined> {
  if (!runner) return undefined;
  let last: Trace | undefined;
  for await (const t of runExperiment(experiment, values, runner)) last = t;
  return last?.meta.complete ? last : undefined;
}

/** "Pin" and "Clear pins" of a plot's toolbar; a plot whose URL has pins runs them once. */
export function pinButtons(figure: PinnableFigure, trace: Trace): HTMLElement[] {
  const experiment = trace.meta.experiment;
  const status = document.createElement("span");
  status.className = "bl-pin-status";
  status.setAttribute("role", "status");
  const button = (label: string, action: string, title: string, go: () => void) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.dataset.action = action;
    b.addEventListener("click", go);
    return b;
  };
  const ctx = () => {
    const e = loadedSchema(experiment);
    const form = formOf(experiment);
    const prefix = form?.dataset.urlPrefix;
    return e ? { params: e.params as Record<string, Param>, form, prefix, key: keyOf(experiment, prefix) } : undefined;
  };
  const pin = button("Pin", "pin", "keep these curves on the plot, to compare with other parameters", () => {
    const c = ctx();
    if (!c || !trace.meta.complete) {
      status.textContent = "pin a complete plot";
      return;
    }
    const list = pins.get(c.key) ?? [];
    if (list.length >= MAX_PINS) {
      status.textContent = `at most ${MAX_PINS} pins: clear some first`;
      return;
    }
    pins.set(c.key, [...list, { values: trace.meta.params, trace }]);
    writePins(c.key, c.form, c.params);
    redrawAll(c.key);
  });
  const clear = button("Clear pins", "clear-pins", "remove the pinned curves", () => {
    const c = ctx();
    if (!c) return;
    pins.delete(c.key);
    writePins(c.key, c.form, c.params);
    redrawAll(c.key);
  });
  // Registered once the figure is in the page (its form, hence its prefix, is found then). A cell may
  // insert it a while after drawing it (a busy page), so this waits for the insertion itself.
  whenConnected(figure, () => {
    const c = ctx();
    if (!c) return;
    clear.hidden = !pins.get(c.key)?.length;
    status.textContent = pinErrors.get(c.key) ?? "";
    if (!figures.has(c.key)) figures.set(c.key, new Set());
    figures.get(c.key)?.add(new WeakRef(figure));
    // The pins may have changed between drawing and insertion: then it is drawn again, with those of now.
    if (drawnWithOtherPins(figure, c.key)) {
      figure.redraw?.();
      return;
    }
    if (restored.has(c.key) || c.prefix === undefined) return;
    restored.add(c.key);
    const raw = c.form ? readViewKey(c.form, "~pins") : null;
    if (raw === null) return;
    const { pins: wanted, error } = parsePins(c.params, raw);
    if (error) {
      pinErrors.set(c.key, error);
      status.textContent = error;
    }
    const list: Pin[] = wanted.map((values) => ({ values }));
    pins.set(c.key, list);
    Promise.all(
      list.map(async (p) => {
        p.trace = await traceOf(experiment, p.values);
      }),
    ).then(
      () => redrawAll(c.key),
      (err) => {
        status.textContent = `a pin could not run: ${(err as Error).message}`;
      },
    );
  });
  return [pin, clear, status];
}

/** Legend entries of the pins a plot draws. */
export function pinLegend(opts: PlotOptions): HTMLElement[] {
  return (opts.pins ?? []).map((pin) => {
    const li = document.createElement("li");
    li.className = "bl-pin";
    const dash = PIN_DASHES[pin.index % PIN_DASHES.length];
    li.innerHTML = `<svg width="22" height="10" aria-hidden="true"><line x1="0" x2="22" y1="5" y2="5" stroke="currentColor" stroke-width="2" stroke-dasharray="${dash}"/></svg>`;
    li.append(` pinned: ${pin.label}`);
    return li;
  });
}
