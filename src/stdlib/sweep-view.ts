/**
 * Step up, step down (Bret Victor's ladder of abstraction): "Sweep" under any plot runs one summary
 * of its experiment against one of its numeric parameters (src/compute/sweep.ts) and draws the
 * median and 10–90 % band against the parameter, the bounds' values, the fitted log–log slope and the
 * backend. Selecting a point (click, or Enter on it) steps down: the plot's own controls take that
 * value and the single-run plot shows; "back to the sweep" steps up again. The sweep lives beside the
 * cell's output (the plot is redrawn on every trace, the sweep is not) and in the URL, under the
 * form's namespace (`regret.~sweep=T,100,1000,5,final:ucb1`, `regret.~down=1`), so a link or a reload
 * reproduces it. Any change of another parameter of the form cancels a running sweep and starts it
 * again at the new parameters.
 */
import * as Plot from "@observablehq/plot";
import type { RunOptions } from "../compute/run";
import {
  findSummary,
  MAX_SWEEP_POINTS,
  planSweep,
  type SweepPlan,
  type SweepPoint,
  type SweepRequest,
  sweep,
  sweepableParams,
} from "../compute/sweep";
import { logLogSlope } from "../theory/common/stats";
import type { AnySchema } from "../theory/experiment";
import { summariesOf } from "../theory/kit/summary";
import type { Param } from "../theory/params";
import { loadedSchema } from "../theory/registry";
import type { Trace } from "../theory/trace";
import { axisLabelOf, describeDrawn, drawnFigure } from "./drawn";
import { drawnSvg, paramsKey } from "./export";
import { BOUND_COLORS, fmt, SERIES_COLORS } from "./figure-model";
import { figureToolbar } from "./figure-toolbar";
import { sweepCsv } from "./sweep-export";
import { readViewKey, viewKeyEntries, writeQuery } from "./url-state";
import { whenConnected } from "./when-connected";

type Runner = Omit<RunOptions, "onComplete">;
let runner: Runner | undefined;

/** The page's run options (its worker pool): set by createBuiltins; without it sweeps are off (Node, prerender). */
export function setSweepRunner(options: Runner): void {
  runner = options;
}

/**
 * The complete traces of the latest sweep's points, by experiment and validated parameters: a point is
 * bitwise the single run at its parameters (test/compute/sweep.test.ts), so stepping down to it, or
 * running the same sweep again, draws it without computing it again. Only the latest sweep is kept.
 */
let swept = new Map<string, Trace>();
/** Least time between two redraws of a running sweep: ten a second, what the eye follows. */
const REDRAW_MS = 100;

const sweptKey = (id: string, values: Record<string, unknown>) => `${id}\n${paramsKey(values)}`;

/** A trace the latest sweep computed for exactly these validated values (`run()`'s `precomputed`). */
export function sweptTrace(id: string, values: Record<string, unknown>): Trace | undefined {
  return swept.get(sweptKey(id, values));
}

interface UrlSweep {
  param: string;
  from: number;
  to: number;
  points: number;
  summary: string;
}

/** `T,100,1000,5,final:ucb1` (summary keys have no commas). */
export function formatSweep(s: UrlSweep): string {
  return [s.param, s.from, s.to, s.points, s.summary].join(",");
}

export function parseSweep(raw: string): UrlSweep | string {
  const parts = raw.split(",");
  if (parts.length !== 5)
    return `the sweep in the link ("${raw.slice(0, 60)}") is not "parameter,from,to,points,summary"`;
  const [param, from, to, points, summary] = parts;
  const n = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
  return { param, from: n(from), to: n(to), points: n(points), summary };
}

const controllers = new WeakMap<HTMLElement, SweepController>();

/** The "Sweep" button of a plot's toolbar; a plot whose cell has a sweep in the URL opens it. */
export function sweepButton(figure: HTMLElement, trace: Trace): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = "Sweep";
  b.title = "step up: this plot's summary against one of its parameters";
  b.dataset.action = "sweep";
  b.addEventListener("click", () => controllerOf(figure)?.open(trace, true));
  // After the figure is in the page (its form is found by position); a controller is made only for a
  // sweep in the URL, so a figure drawn for a static copy gets nothing beside it.
  if (runner) whenConnected(figure, () => sweepInUrl(figure, trace) && controllerOf(figure)?.restore(trace));
  return b;
}

/** What `npm run figure -- … --sweep=…` writes: the sweep view's own exports. */
export interface SweepExports {
  svg: string;
  csv: string;
}

/**
 * The figure command's sweep (scripts/figure.ts): opens the sweep `raw` (`T,100,1000,20,final:ucb1`) of
 * this plot as its link would, and resolves with the view's SVG and CSV once every point is in; rejects
 * with the message the view would show.
 */
export function sweepExports(figure: HTMLElement, trace: Trace, raw: string): Promise<SweepExports> {
  const c = controllerOf(figure);
  return c ? c.runToEnd(trace, raw) : Promise.reject(new Error("the plot is not in the page"));
}

function sweepInUrl(figure: HTMLElement, trace: Trace): boolean {
  if (!figure.isConnected) return false;
  const form = formOf(figure, trace.meta.experiment);
  return form?.dataset.urlPrefix !== undefined && readViewKey(form, "~sweep") !== null;
}

function controllerOf(figure: HTMLElement): SweepController | undefined {
  if (!figure.isConnected) return undefined;
  const cell = figure.closest<HTMLElement>(".cell") ?? figure.parentElement;
  if (!cell) return undefined;
  let c = controllers.get(cell);
  if (!c) {
    c = new SweepController(cell, figure);
    controllers.set(cell, c);
  }
  return c;
}

/** The controls form of this plot: the last form of its experiment before it in the page. */
function formOf(figure: HTMLElement, experiment: string): HTMLFormElement | undefined {
  const forms = [...document.querySelectorAll<HTMLFormElement>("form.bl-controls")].filter(
    // Not a static copy (the build's inert form that stands in until the live one arrives).
    (f) => f.dataset.experiment === experiment && !f.closest(".bl-static"),
  );
  const before = forms.filter((f) => f.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING);
  return before.at(-1) ?? forms[0];
}

const without = (p: Record<string, unknown>, name: string) =>
  JSON.stringify(Object.entries(p).filter(([k]) => k !== name));

class SweepController {
  private section: HTMLElement;
  private shape?: Trace;
  private schema?: AnySchema;
  private form?: HTMLFormElement & { value?: Record<string, unknown> };
  private controller?: AbortController;
  private restored = false;
  private running?: { request: SweepRequest; plan: SweepPlan; points: (SweepPoint | undefined)[]; t0: number };
  private mode: "closed" | "up" | "down" = "closed";
  private redrawQueued = false;
  private redrawTimer?: ReturnType<typeof setTimeout>;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  /** What the last drawing showed: the SVG export reads it. */
  private drawn?: { chart: SVGSVGElement & Plot.Plot; options: Plot.PlotOptions; title: string; notes: string };
  private els: {
    param: HTMLSelectElement;
    from: HTMLInputElement;
    to: HTMLInputElement;
    points: HTMLInputElement;
    summary: HTMLSelectElement;
    status: HTMLElement;
    error: HTMLElement;
    chart: HTMLElement;
    refused: HTMLUListElement;
    down: HTMLElement;
    up: HTMLElement;
  };

  constructor(
    private cell: HTMLElement,
    figure: HTMLElement,
  ) {
    this.section = document.createElement("section");
    this.section.className = "bl-sweep";
    this.section.hidden = true;
    this.section.setAttribute("aria-label", "sweep of this plot");
    this.els = this.build();
    if (figure.closest(".cell")) cell.append(this.section);
    else figure.after(this.section);
  }

  private get prefix(): string | undefined {
    return this.form?.dataset.urlPrefix;
  }

  /** A view key of the form's namespace (`~sweep`, `~down`), where the form has one. */
  private readKey(name: string): string | null {
    return this.form && this.prefix !== undefined ? readViewKey(this.form, `~${name}`) : null;
  }

  private writeKeys(entries: Record<string, string | undefined>): void {
    if (!this.form || this.prefix === undefined) return;
    const named = Object.entries(entries).map(([k, v]) => [`~${k}`, v] as const);
    writeQuery(viewKeyEntries(this.form, Object.fromEntries(named)));
  }

  private bind(trace: Trace): boolean {
    const schema = loadedSchema(trace.meta.experiment);
    if (!schema) return false;
    this.schema = schema;
    this.shape = trace;
    this.form = formOf(this.cell, trace.meta.experiment);
    return true;
  }

  /** Reads the URL: a sweep there opens (and runs) once per page load. */
  restore(trace: Trace): void {
    if (this.restored) return;
    this.restored = true;
    if (!this.bind(trace)) return;
    const raw = this.readKey("sweep");
    if (raw === null) return;
    this.fillForm();
    const parsed = parseSweep(raw);
    if (typeof parsed === "string") {
      this.show("up");
      this.fail(parsed);
      return;
    }
    const down = this.readKey("down") === "1";
    this.begin(parsed);
    if (down) this.show("down");
  }

  /** See sweepExports. */
  async runToEnd(trace: Trace, raw: string): Promise<SweepExports> {
    this.restored = true;
    if (!runner) throw new Error("sweeps need a runner (createBuiltins sets it)");
    if (!this.bind(trace)) throw new Error(`no schema for ${trace.meta.experiment}`);
    this.fillForm();
    const parsed = parseSweep(raw);
    if (typeof parsed === "string") throw new Error(parsed);
    this.begin(parsed);
    while (this.section.dataset.complete !== "true") {
      if (!this.els.error.hidden) throw new Error(this.els.error.textContent || "the sweep failed");
      await new Promise((r) => setTimeout(r, 20));
    }
    return { svg: this.exportSvg(), csv: this.exportCsv() };
  }

  /** The form shows the sweep `s` (as a link gives it) and it starts. */
  private begin(s: UrlSweep): void {
    this.els.param.value = s.param;
    this.fillSummaries(s.summary);
    this.els.from.value = String(s.from);
    this.els.to.value = String(s.to);
    this.els.points.value = String(s.points);
    this.start(s);
  }

  /** The toolbar's button: opens the sweep form (and, from a click, focuses it). */
  open(trace: Trace, focus: boolean): void {
    this.restored = true;
    if (!runner) return;
    if (!this.bind(trace)) return;
    if (this.mode === "closed") this.fillForm();
    this.show("up");
    if (focus) this.els.param.focus();
  }

  private build() {
    const s = this.section;
    const up = s.appendChild(document.createElement("div"));
    up.className = "bl-sweep-up";
    const form = up.appendChild(document.createElement("form"));
    form.className = "bl-sweep-form";
    form.setAttribute("aria-label", "sweep settings");
    const field = <T extends HTMLElement>(label: string, el: T): T => {
      const l = form.appendChild(document.createElement("label"));
      l.append(`${label} `, el);
      return el;
    };
    const number = (name: string, attrs: Record<string, string> = {}) => {
      const i = document.createElement("input");
      i.type = "number";
      i.name = name;
      i.step = "any";
      for (const [k, v] of Object.entries(attrs)) i.setAttribute(k, v);
      return i;
    };
    const param = field("sweep", document.createElement("select"));
    param.name = "param";
    const from = field("from", number("from"));
    const to = field("to", number("to"));
    const points = field("points", number("points", { min: "2", max: String(MAX_SWEEP_POINTS), step: "1" }));
    const summary = field("of", document.createElement("select"));
    summary.name = "summary";
    const go = form.appendChild(document.createElement("button"));
    go.type = "submit";
    go.textContent = "Run sweep";
    go.dataset.action = "run-sweep";
    const close = form.appendChild(document.createElement("button"));
    close.type = "button";
    close.textContent = "Close";
    close.dataset.action = "close-sweep";
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      this.start({
        param: param.value,
        from: Number(from.value),
        to: Number(to.value),
        points: Number(points.value),
        summary: summary.value,
      });
    });
    param.addEventListener("change", () => this.fillRange());
    close.addEventListener("click", () => this.close());
    const status = up.appendChild(document.createElement("p"));
    status.className = "bl-sweep-status";
    status.setAttribute("role", "status");
    const error = up.appendChild(document.createElement("p"));
    error.className = "bl-error bl-sweep-error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    const chart = up.appendChild(document.createElement("figure"));
    chart.className = "bl-sweep-plot";
    up.append(
      figureToolbar(chart, {
        svg: () => this.exportSvg(),
        csv: () => this.exportCsv(),
        suffix: () => `sweep-${this.running?.plan.param ?? ""}`,
      }),
    );
    const refused = up.appendChild(document.createElement("ul"));
    refused.className = "bl-sweep-refused";
    const down = s.appendChild(document.createElement("div"));
    down.className = "bl-sweep-down";
    const back = document.createElement("button");
    back.type = "button";
    back.textContent = "Back to the sweep";
    back.dataset.action = "sweep-back";
    back.addEventListener("click", () => this.back());
    down.append(back);
    return { param, from, to, points, summary, status, error, chart, refused, down, up };
  }

  /** Options of the form from the schema and the plot's trace. */
  private fillForm(): void {
    const e = this.schema!;
    const names = sweepableParams(e).filter((n) => n !== e.runsParam);
    const params = e.params as Record<string, Param>;
    this.els.param.replaceChildren(
      ...[...names, ...(e.runsParam ? [e.runsParam] : [])].map((n) => {
        const o = document.createElement("option");
        o.value = n;
        o.textContent = `${n}: ${params[n].label.replace(/\$([^$]*)\$/g, "$1")}`;
        return o;
      }),
    );
    this.els.points.value = "10";
    this.fillRange();
    this.fillSummaries();
  }

  private fillSummaries(selected?: string): void {
    const all = summariesOf(this.shape!, this.schema!);
    this.els.summary.replaceChildren(
      ...all.map((s) => {
        const o = document.createElement("option");
        o.value = s.key;
        o.textContent = s.label;
        return o;
      }),
    );
    if (selected && all.some((s) => s.key === selected)) this.els.summary.value = selected;
  }

  /** The default range: a decade either side of the current value on a log scale, the whole range otherwise. */
  private fillRange(): void {
    const e = this.schema!;
    const name = this.els.param.value;
    if (!Object.hasOwn(e.params, name)) return;
    const p = (e.params as Record<string, Param>)[name] as Extract<Param, { kind: "int" | "num" }>;
    const now = Number(this.base()[name] ?? p.default);
    const log = p.scale === "log";
    this.els.from.value = String(log ? Math.max(p.min, now / 10) : p.min);
    this.els.to.value = String(log ? Math.min(p.max, now * 10) : p.max);
  }

  /** The plot's parameters now: its form's values, else the ones its trace was run with. */
  private base(): Record<string, unknown> {
    return { ...(this.form?.value ?? this.shape?.meta.params ?? {}) };
  }

  private show(mode: "closed" | "up" | "down"): void {
    this.mode = mode;
    this.section.hidden = mode === "closed";
    this.els.up.hidden = mode !== "up";
    this.els.down.hidden = mode !== "down";
    this.cell.classList.toggle("bl-sweep-open", mode === "up");
  }

  private fail(message: string): void {
    this.els.error.hidden = false;
    this.els.error.textContent = message;
  }

  private start(s: UrlSweep): void {
    this.controller?.abort();
    this.els.error.hidden = true;
    this.els.refused.replaceChildren();
    this.els.chart.replaceChildren();
    const e = this.schema!;
    const request: SweepRequest = { experiment: e.id, base: this.base(), ...s };
    let plan: SweepPlan;
    try {
      plan = planSweep(e, request);
      if (!findSummary(e, this.shape!, s.summary))
        throw new Error(`this plot has no summary "${s.summary.slice(0, 60)}"`);
    } catch (err) {
      this.show("up");
      this.running = undefined;
      this.els.status.textContent = "";
      this.fail((err as Error).message);
      return;
    }
    this.writeKeys({ sweep: formatSweep(s) });
    this.show("up");
    const controller = new AbortController();
    this.controller = controller;
    this.running = { request, plan, points: plan.values.map(() => undefined), t0: performance.now() };
    swept = new Map();
    const run = this.running;
    this.watchForm();
    this.lastDrawAt = performance.now(); // the first redraw waits its REDRAW_MS after this one too
    this.draw();
    (async () => {
      for await (const point of sweep(request, { ...runner!, signal: controller.signal })) {
        if (controller.signal.aborted || this.running !== run) return;
        run.points[point.index] = point;
        if (point.state === "done" && point.trace) swept.set(sweptKey(e.id, point.trace.meta.params), point.trace);
        this.queueDraw();
      }
      if (!controller.signal.aborted) this.queueDraw(true);
    })().catch((err) => {
      if (!controller.signal.aborted) this.fail((err as Error).message);
    });
  }

  private watching = false;
  /** Another parameter of the form changed: the sweep is stale, so it runs again at the new values. */
  private watchForm(): void {
    if (this.watching || !this.form) return;
    this.watching = true;
    this.form.addEventListener("input", () => {
      const run = this.running;
      if (!run || this.mode === "closed") return;
      const now = this.base();
      if (without(now, run.plan.param) === without(run.request.base, run.plan.param)) return;
      if (this.mode === "up") this.start(run.request);
      else {
        this.controller?.abort();
        this.running = { ...run, request: { ...run.request, base: now }, points: [] };
      }
    });
  }

  /**
   * Redraws at most every REDRAW_MS while points stream in (each redraw is a new Plot chart: more often
   * than the eye follows only takes the main thread), and at the next frame once the sweep is done.
   */
  private queueDraw(last = false): void {
    if (this.redrawQueued && !(last && this.redrawTimer !== undefined)) return;
    clearTimeout(this.redrawTimer);
    this.redrawQueued = true;
    const wait = last ? 0 : Math.max(0, this.lastDrawAt + REDRAW_MS - performance.now());
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = undefined;
      requestAnimationFrame(() => {
        this.redrawQueued = false;
        this.lastDrawAt = performance.now();
        this.draw();
      });
    }, wait);
  }

  private draw(): void {
    const run = this.running;
    if (!run) return;
    const { plan, points, request } = run;
    const got = points.filter((p): p is SweepPoint => p !== undefined);
    const finished = got.filter((p) => p.state !== "running").length;
    const complete = finished === plan.values.length;
    const s = findSummary(this.schema!, this.shape!, request.summary)!;
    const backends = [...new Set(got.flatMap((p) => (p.backend ? [p.backend] : [])))];
    const runs = this.schema!.runsParam ? Number(request.base[this.schema!.runsParam]) : 1;
    this.els.status.textContent = `${complete ? "done" : "running…"} ${finished}/${plan.values.length} points of ${plan.param}${plan.clamped ? ` (${plan.clamped})` : ""} · ${Math.round(performance.now() - run.t0)} ms`;
    this.section.dataset.complete = String(complete);

    const shown = got
      .filter((p) => p.summary && Number.isFinite(p.summary.median))
      .sort((a, b) => a.value - b.value)
      .map((p) => ({ value: p.value, state: p.state, index: p.index, ...p.summary! }));
    const boundRows = shown.flatMap((p) =>
      p.bounds.map((b) => ({ value: p.value, y: b.value, key: b.key, label: b.label })),
    );
    const boundKeys = [...new Set(boundRows.map((b) => b.key))];
    const refused = got.filter((p) => p.state === "refused" || p.state === "failed").sort((a, b) => a.value - b.value);
    const reference = shown.find((p) => p.reference !== undefined)?.reference;
    // A final value on a log y axis stays on one; so does an x to reach a level on a log x axis.
    const plot = this.shape!.meta.plot;
    const yLog =
      ((s.key.startsWith("final:") && plot?.yScale === "log") ||
        (s.key.startsWith("reach:") && plot?.xScale === "log")) &&
      shown.every((p) => p.lo > 0) &&
      boundRows.every((b) => b.y > 0);
    // As on the plot (offScaleBounds): a loose bound does not flatten the curve it is about.
    const top = Math.max(...shown.map((p) => p.hi));
    const yDomain: [number, number] | undefined =
      !yLog && shown.length > 0 && boundRows.some((b) => b.y > 2.5 * top) && top > 0
        ? [Math.min(0, ...shown.map((p) => p.lo)), 2.5 * top]
        : undefined;
    const color = SERIES_COLORS[0];
    const options: Plot.PlotOptions = {
      width: 680,
      height: 320,
      marginLeft: 60,
      x: { type: plan.log ? "log" : "linear", label: plan.param, grid: true },
      y: { type: yLog ? "log" : "linear", label: `${s.label} (${s.unit})`, grid: true, domain: yDomain },
      color: { domain: boundKeys, range: BOUND_COLORS },
      marks: [
        Plot.areaY(shown, { x: "value", y1: "lo", y2: "hi", fill: color, fillOpacity: 0.2 }),
        Plot.line(shown, { x: "value", y: "median", stroke: color, strokeWidth: 2 }),
        Plot.line(boundRows, {
          x: "value",
          y: "y",
          z: "key",
          stroke: "key",
          strokeDasharray: "6,4",
          clip: yDomain !== undefined,
        }),
        ...(reference !== undefined ? [Plot.ruleY([reference], { stroke: "#555", strokeDasharray: "2,3" })] : []),
        Plot.ruleX(refused, { x: "value", stroke: "#c0392b", strokeDasharray: "3,3" }),
        Plot.dot(shown, {
          x: "value",
          y: "median",
          r: 5,
          stroke: color,
          fill: (d: { state: string }) => (d.state === "done" ? color : "white"),
          className: "bl-sweep-points",
        }),
      ],
    };
    const svg = Plot.plot(options) as SVGSVGElement & Plot.Plot;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${s.label} against ${plan.param}: ${shown.length} points`);
    // Each point is a button: click or Enter steps down to it.
    const circles = svg.querySelectorAll<SVGCircleElement>(".bl-sweep-points circle");
    circles.forEach((c, i) => {
      const d = shown[i];
      if (!d) return;
      c.setAttribute("tabindex", "0");
      c.setAttribute("role", "button");
      c.dataset.value = String(d.value);
      c.setAttribute("aria-label", `${plan.param} = ${d.value}: median ${fmt(d.median)} — show this run`);
      const go = () => this.stepDown(d.value);
      c.addEventListener("click", go);
      c.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          go();
        }
      });
    });
    const focused = (document.activeElement as HTMLElement | null)?.dataset?.value;
    const readouts = document.createElement("div");
    readouts.className = "bl-readouts";
    const slope = (ys: number[]) =>
      logLogSlope(
        shown.map((p) => p.value),
        ys,
      );
    const fit = slope(shown.map((p) => p.median));
    const readout = (text: string) => {
      const span = readouts.appendChild(document.createElement("span"));
      span.className = "bl-readout";
      span.textContent = text;
    };
    if (fit.n >= 3) readout(`log–log slope of the median against ${plan.param}: ${fmt(fit.slope)}`);
    for (const key of boundKeys) {
      const rows = boundRows.filter((b) => b.key === key);
      const f = logLogSlope(
        rows.map((b) => b.value),
        rows.map((b) => b.y),
      );
      if (f.n >= 3) readout(`${rows[0].label}: slope ${fmt(f.slope)}`);
    }
    if (reference !== undefined) readout(`theorem: ${fmt(reference)}`);
    const legend = document.createElement("p");
    legend.className = "bl-meta";
    legend.textContent = `${backends.join(", ") || "cpu"} · ${runs} run${runs === 1 ? "" : "s"} per point · median and ${Math.round(100 * this.shape!.band[0])}–${Math.round(100 * this.shape!.band[1])} % band${boundKeys.length ? ` · dashed: ${[...new Set(boundRows.map((b) => b.label))].join(", ")}${yDomain ? " (some run above the plotted range)" : ""}` : ""} · select a point to show its run`;
    const caption = document.createElement("figcaption");
    caption.className = "bl-plot-title";
    const title = `Sweep: ${s.label} against ${plan.param}`;
    caption.textContent = title;
    this.drawn = { chart: svg, options, title, notes: `${readouts.textContent} ${legend.textContent}` };
    this.els.chart.replaceChildren(caption, svg, readouts, legend);
    this.els.chart.dataset.points = String(shown.length);
    if (focused) svg.querySelector<SVGElement>(`circle[data-value="${CSS.escape(focused)}"]`)?.focus();
    this.els.refused.replaceChildren(
      ...refused.map((p) => {
        const li = document.createElement("li");
        li.dataset.value = String(p.value);
        li.textContent = `${plan.param} = ${p.value} ${p.state === "refused" ? "refused" : "failed"}: ${p.message}`;
        return li;
      }),
    );
  }

  /** The sweep as drawn: the chart, its title and legend line, described as a hand-drawn chart is. */
  private exportSvg(): string {
    const d = this.drawn;
    if (!d) throw new Error("the sweep has drawn nothing yet");
    const model = {
      ...drawnFigure(
        d.options as Record<string, unknown>,
        (name) => d.chart.scale(name as "x") as never,
        (name) => axisLabelOf(d.chart, name),
      ),
      title: d.title,
    };
    return drawnSvg(d.chart, model, `${describeDrawn(model, d.title)} ${d.notes}`);
  }

  private exportCsv(): string {
    const run = this.running;
    if (!run || !this.schema || !this.shape) throw new Error("the sweep has drawn nothing yet");
    const s = findSummary(this.schema, this.shape, run.request.summary);
    if (!s) throw new Error(`no summary "${run.request.summary}"`);
    return sweepCsv({
      request: run.request,
      plan: run.plan,
      points: run.points.filter((p): p is SweepPoint => p !== undefined),
      summary: { label: s.label, unit: s.unit },
      band: this.shape.band,
      runsPerPoint: this.schema.runsParam ? Number(run.request.base[this.schema.runsParam]) : 1,
    });
  }

  /** Sets the plot's parameter to `value` through its own control, and shows the single run. */
  private stepDown(value: number): void {
    const run = this.running;
    if (!run) return;
    const input = this.form?.querySelector<HTMLInputElement>(
      `.bl-field[data-param="${CSS.escape(run.plan.param)}"] input[type=number]`,
    );
    if (!input) {
      this.fail(`${run.plan.param} has no control on this page to step down with`);
      return;
    }
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    this.writeKeys({ down: "1" });
    this.show("down");
    this.els.down.querySelector("button")?.focus();
  }

  private back(): void {
    this.writeKeys({ down: undefined });
    const run = this.running;
    this.show("up");
    // Parameters changed while down: the sweep is computed again at them.
    if (run && run.points.length === 0) this.start(run.request);
    else this.draw();
  }

  private close(): void {
    this.controller?.abort();
    this.running = undefined;
    this.writeKeys({ sweep: undefined, down: undefined });
    this.show("closed");
  }
}
