/**
 * `?tour=NAME&step=N`: a notebook's tour (src/notebook/tours.ts) presented for a lecture. On the
 * notebook page the tour's figure goes full-window with its caption; in an embed the caption and the
 * step buttons go under the figure. → / PageDown / Space step on, ← / PageUp step back (a clicker
 * sends PageDown/PageUp), Home / End jump, Escape leaves the tour (on the page).
 *
 * A step is a permalink: its URL is the tour's keys and the step's parameters, nothing else, so it
 * shows the same figure however the page was reached. Stepping writes that URL and fires `popstate`,
 * which every form already answers by reading its values from the URL (src/stdlib/controls.ts); back
 * and forward step through the tour the same way.
 */
import type { NotebookModule } from "../notebook/runtime";
import type { Tour } from "../notebook/tour-spec";
import { writeUrl } from "../stdlib/url-state";

/** What a step's URL keeps of the current one besides the tour's own keys: the embed's target, the version tag. */
const KEEP = ["nb", "cell", "controls", "v"];

/** The tour a query asks for, or why there is none (`null`: it asks for none). */
export function requestedTour(
  tours: readonly Tour[] | undefined,
  q: URLSearchParams,
): { ok: true; tour: Tour; step: number; note?: string } | { ok: false; message: string } | null {
  const name = q.get("tour");
  if (name === null) return null;
  const tour = (tours ?? []).find((t) => t.name === name);
  if (!tour) {
    const names = (tours ?? []).map((t) => `"${t.name}"`);
    return {
      ok: false,
      message: `There is no tour ${JSON.stringify(name.slice(0, 60))} here. ${names.length ? `Tours: ${names.join(", ")}.` : "This page has no tours."}`,
    };
  }
  const raw = q.get("step");
  if (raw === null) return { ok: true, tour, step: 0 };
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (n >= 1 && n <= tour.steps.length) return { ok: true, tour, step: n - 1 };
  return {
    ok: true,
    tour,
    step: 0,
    note: `step=${JSON.stringify(raw.slice(0, 20))} is not a step of this tour (steps 1–${tour.steps.length}): showing step 1.`,
  };
}

/** The query of step `i` (0-based): the kept keys of `current`, the tour's keys, the step's parameters. */
export function stepQuery(tour: Tour, i: number, current: URLSearchParams, version?: string): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of KEEP) {
    const v = k === "v" && version ? version : current.get(k);
    if (v !== null) q.set(k, v);
  }
  q.set("tour", tour.name);
  q.set("step", String(i + 1));
  for (const [k, v] of tour.steps[i].params) q.set(k, v);
  return q;
}

type Where = "page" | "embed";

/**
 * The notebook page's tour, if its URL asks for one: call before the notebook mounts. An unknown tour
 * gets a message at the top of the page, which then opens as usual.
 */
export function tourOnPage(nb: NotebookModule, version: string | undefined): TourPlayer | undefined {
  const asked = requestedTour(nb.tours, new URLSearchParams(location.search));
  if (!asked) return undefined;
  if (!asked.ok) {
    const header = document.querySelector(".nb-header");
    const p = document.createElement("p");
    p.className = "bl-tour-error";
    p.setAttribute("role", "alert");
    p.textContent = asked.message;
    for (const t of nb.tours ?? []) {
      const a = p.appendChild(document.createElement("a"));
      a.href = `?tour=${t.name}`;
      a.textContent = ` ▶ ${t.title}`;
    }
    if (header) header.after(p);
    else document.body.prepend(p);
    return undefined;
  }
  // Its id passed the compiler's check (lowercase letters, digits, dashes): safe in a selector.
  const figure = document.querySelector<HTMLElement>(`.cell[data-cell-id="${asked.tour.figure}"]`);
  if (!figure) return undefined;
  return new TourPlayer(asked.tour, asked.step, "page", figure, version, asked.note);
}

/** Shows one tour and steps through it. Construct before the notebook mounts: it puts step N's parameters in the URL. */
export class TourPlayer {
  private step: number;
  private readonly ui: TourUi;
  private readonly onKey = (e: KeyboardEvent) => this.key(e);
  private readonly onPop = () => this.popped();

  constructor(
    private readonly tour: Tour,
    step: number,
    private readonly where: Where,
    figure: HTMLElement,
    private readonly version: string | undefined,
    note?: string,
  ) {
    this.step = step;
    this.write(step, "replace");
    this.ui = new TourUi(tour, where, figure, {
      previous: () => this.go(this.step - 1),
      next: () => this.go(this.step + 1),
      exit: () => this.exit(),
    });
    this.ui.show(step, location.href, note);
    document.addEventListener("keydown", this.onKey);
    window.addEventListener("popstate", this.onPop);
  }

  go(i: number): void {
    const to = Math.max(0, Math.min(this.tour.steps.length - 1, i));
    if (to === this.step) return;
    this.step = to;
    this.write(to, "push");
    // The forms read their values from the URL on popstate (src/stdlib/controls.ts).
    window.dispatchEvent(new PopStateEvent("popstate"));
  }

  /** Leave the tour; the page keeps the step's parameters (its URL loses only the tour's keys). */
  exit(): void {
    if (this.where !== "page") return;
    const q = new URLSearchParams(location.search);
    q.delete("tour");
    q.delete("step");
    writeUrl(`${location.pathname}${q.size ? `?${q}` : ""}${location.hash}`, "push");
    this.close();
  }

  private close(): void {
    document.removeEventListener("keydown", this.onKey);
    window.removeEventListener("popstate", this.onPop);
    this.ui.remove();
  }

  private write(i: number, how: "push" | "replace"): void {
    const q = stepQuery(this.tour, i, new URLSearchParams(location.search), this.version);
    const url = `${location.pathname}?${q}${location.hash}`;
    writeUrl(url, how);
  }

  /** Back/forward (and our own step): follow the URL's step; a URL without the tour ends it. */
  private popped(): void {
    const q = new URLSearchParams(location.search);
    if (q.get("tour") !== this.tour.name) {
      if (this.where === "page") this.close();
      return;
    }
    const r = requestedTour([this.tour], q);
    if (r?.ok) this.step = r.step;
    this.ui.show(this.step, location.href);
  }

  private key(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    if (t?.closest?.("input, select, textarea, [contenteditable]")) return;
    const last = this.tour.steps.length - 1;
    const to = new Map<string, number>([
      ["ArrowRight", this.step + 1],
      ["PageDown", this.step + 1],
      [" ", this.step + 1],
      ["ArrowLeft", this.step - 1],
      ["PageUp", this.step - 1],
      ["Home", 0],
      ["End", last],
    ]).get(e.key);
    // Space on a focused button presses it; only elsewhere is it "next".
    if (e.key === " " && t?.closest?.("button, a, summary")) return;
    if (to !== undefined) {
      e.preventDefault();
      this.go(to);
    } else if (e.key === "Escape" && this.where === "page") {
      e.preventDefault();
      this.exit();
    }
  }
}

/** The tour's chrome: on the page a full-window dialog holding the figure, in an embed a bar under it. */
class TourUi {
  private readonly box: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly position: HTMLElement;
  private readonly note: HTMLElement;
  private readonly link: HTMLAnchorElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  /** Where the figure was on the page, to put it back. */
  private readonly marker = document.createComment("tour figure");
  private readonly hidden: HTMLElement[] = [];

  constructor(
    private readonly tour: Tour,
    private readonly where: Where,
    private readonly figure: HTMLElement,
    actions: { previous(): void; next(): void; exit(): void },
  ) {
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: HTMLElement) => {
      const e = parent.appendChild(document.createElement(tag));
      e.className = cls;
      return e;
    };
    this.box = document.createElement(where === "page" ? "div" : "section");
    this.box.className = `bl-tour bl-tour-${where}`;
    const bar = el("div", "bl-tour-bar", this.box);
    const title = el("h2", "bl-tour-title", bar);
    title.id = `bl-tour-title-${tour.name}`;
    title.textContent = tour.title;
    this.position = el("span", "bl-tour-position", bar);
    this.link = el("a", "bl-tour-permalink", bar);
    this.link.textContent = "Link to this step";
    if (where === "page") {
      this.box.setAttribute("role", "dialog");
      this.box.setAttribute("aria-modal", "true");
      this.box.setAttribute("aria-labelledby", title.id);
      const exit = el("button", "bl-tour-exit", bar);
      exit.type = "button";
      exit.textContent = "Leave tour (Esc)";
      exit.addEventListener("click", actions.exit);
      const stage = el("div", "bl-tour-stage", this.box);
      figure.before(this.marker);
      stage.append(figure);
    } else {
      this.box.setAttribute("aria-labelledby", title.id);
      this.link.target = "_top";
    }
    const foot = el("div", "bl-tour-foot", this.box);
    this.prev = el("button", "bl-tour-prev", foot);
    this.prev.type = "button";
    this.prev.textContent = "← Previous";
    this.prev.addEventListener("click", actions.previous);
    this.caption = el("p", "bl-tour-caption", foot);
    this.caption.setAttribute("aria-live", "polite");
    this.next = el("button", "bl-tour-next", foot);
    this.next.type = "button";
    this.next.textContent = "Next →";
    this.next.addEventListener("click", actions.next);
    this.note = el("p", "bl-tour-note", this.box);
    this.note.setAttribute("role", "status");

    if (where === "page") {
      // The rest of the page sits behind the dialog: out of reach of the keyboard and screen readers.
      for (const child of document.body.children) {
        if (child instanceof HTMLElement && !child.inert) {
          child.inert = true;
          this.hidden.push(child);
        }
      }
      document.body.append(this.box);
      document.documentElement.classList.add("bl-touring");
      this.box.tabIndex = -1;
      this.box.focus();
    } else {
      figure.after(this.box);
    }
  }

  show(step: number, href: string, note?: string): void {
    const s = this.tour.steps[step];
    const n = this.tour.steps.length;
    this.position.textContent = `Step ${step + 1} of ${n}`;
    this.caption.innerHTML = s.caption; // compiled at build: KaTeX and escaped text (src/notebook/tours.ts)
    this.caption.dataset.step = String(step + 1);
    this.link.href = this.where === "page" ? href : notebookHref(href);
    this.prev.disabled = step === 0;
    this.next.disabled = step === n - 1;
    if (note !== undefined) this.note.textContent = note;
    else if (this.note.textContent) this.note.textContent = "";
    if (this.where === "page") document.title = `${s.text} — ${this.tour.title}`;
  }

  remove(): void {
    this.marker.replaceWith(this.figure);
    this.box.remove();
    for (const h of this.hidden) h.inert = false;
    document.documentElement.classList.remove("bl-touring");
    const anchor = this.figure.previousElementSibling;
    (anchor instanceof HTMLElement ? anchor : this.figure).scrollIntoView({ block: "start" });
  }
}

/** From an embed's step URL, the notebook page at the same step. */
function notebookHref(href: string): string {
  const url = new URL(href);
  const q = new URLSearchParams(url.search);
  const nb = document.getElementById("embed")?.dataset.notebook ?? q.get("nb") ?? "";
  for (const k of ["nb", "cell", "controls"]) q.delete(k);
  const base = document.getElementById("embed")?.dataset.base ?? "./";
  return `${new URL(`${base}${encodeURIComponent(nb)}.html`, url).pathname}?${q}`;
}
