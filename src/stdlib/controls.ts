/**
 * `controls(id)`: the inputs of an experiment, built from its parameter schema. Values come from the
 * URL first (so a link reproduces a view), go back to the URL on every change, and are validated by
 * the same `parseParam` as the worker and the tests: a bad value shows a message naming the
 * parameter, the value and the valid range, and nothing runs with it. Each form has its own URL keys
 * (url-state.ts: `young.m` beside `cost-vs-omega.m`), so no form reads another's. A slider writes its
 * value rounded to the precision it implies (`sliderValue`); a typed value is kept as typed.
 */
import * as Inputs from "@observablehq/inputs";
import { PARAM_ERRORS } from "../compute/run";
import { describeRange, formatParam, type Param, parseParam, sliderValue } from "../theory/params";
import { loadSchema } from "../theory/registry";
import { renderLabel } from "./tex";
import { plainText } from "./tex-plain";
import {
  joinPage,
  pageForms,
  queryEntries,
  readQuery,
  readRaw,
  type UnusedKey,
  type UrlForm,
  unusedKeys,
  urlKey,
  writeQuery,
} from "./url-state";

export interface ControlsOptions {
  /** Show only these parameters (others keep their URL or default values). */
  only?: string[];
  /**
   * Prefix of this form's URL keys. By default a form's keys are prefixed with its experiment's name
   * (`young.m`), unless it is the only form on the page without this option; "" asks for unprefixed keys.
   */
  prefix?: string;
  /** Keep parameters in the URL (default true). */
  url?: boolean;
}

type Field = { name: string; param: Param; input: HTMLElement & { value: unknown }; error: HTMLElement };

export type ControlsElement = HTMLFormElement & { value: Record<string, unknown> };

export async function controls(id: string, opts: ControlsOptions = {}): Promise<ControlsElement> {
  const useUrl = opts.url ?? true;
  // Joined before the first await: the forms whose cells run together get their namespaces together.
  const ticket = useUrl ? joinPage(id, opts.prefix) : undefined;
  let e: Awaited<ReturnType<typeof loadSchema>>;
  try {
    e = await loadSchema(id);
  } catch (err) {
    ticket?.leave();
    throw err;
  }
  const params = e.params as Record<string, Param>;
  const ns: UrlForm | undefined = ticket ? await ticket.ready(params) : undefined;
  const form = document.createElement("form") as ControlsElement;
  form.className = "bl-controls";
  form.dataset.experiment = id;
  if (ns) form.dataset.urlPrefix = ns.plain ? "" : ns.prefix;
  // A form writing unprefixed keys still reads its namespace's (readViewKey in url-state.ts).
  if (ns?.plain && ns.prefix) form.dataset.readPrefix = ns.prefix;
  form.setAttribute("aria-label", `parameters of ${e.title}`);
  form.addEventListener("submit", (ev) => ev.preventDefault());
  ticket?.attach(form);

  const values: Record<string, unknown> = {};
  const errors = new Map<string, string>();
  const fields: Field[] = [];
  const query = ns ? readQuery() : new URLSearchParams();

  for (const [name, param] of Object.entries(params)) {
    const raw = ns ? readRaw(query, ns, name, pageForms()) : null;
    let value = param.default;
    if (raw !== null) {
      const parsed = parseParam(name, param, raw);
      if (parsed.ok) value = parsed.value;
      else errors.set(name, parsed.message);
    }
    values[name] = value;
    if (opts.only && !opts.only.includes(name)) continue;
    const field = buildField(name, param, value);
    if (ns) field.input.closest<HTMLElement>(".bl-field")!.dataset.urlKey = urlKey(ns, name);
    if (errors.has(name)) showError(field, errors.get(name)!);
    fields.push(field);
    form.append(field.input.closest(".bl-field") ?? field.input);
  }

  // Keys of older links that no form on this page reads (several forms have the parameter).
  const notes = document.createElement("p");
  notes.className = "bl-error bl-url-note";
  notes.setAttribute("role", "status");
  const showNotes = (unused: UnusedKey[]) => {
    notes.hidden = unused.length === 0;
    notes.textContent = unused
      .map(
        (u) =>
          `${u.key}=${shorten(u.value)} in the link is not used: ${u.keys.length} plots on this page have ${u.key}, ` +
          `and not all of them accept this value (this plot reads ${u.keys[0]}).`,
      )
      .join(" ");
  };
  showNotes(ns ? unusedKeys(query, ns, pageForms()) : []);
  form.append(notes);

  const cross = document.createElement("p");
  cross.className = "bl-error";
  cross.setAttribute("role", "alert");
  cross.hidden = true;
  form.append(cross);

  const refresh = () => {
    const crossMessage = errors.size === 0 && e.validate ? e.validate(values) : undefined;
    cross.hidden = !crossMessage;
    cross.textContent = crossMessage ?? "";
    form.classList.toggle("bl-invalid", errors.size > 0 || Boolean(crossMessage));
  };

  const fieldOf = (ev: Event) => fields.find((f) => f.input.contains(ev.target as Node));
  /** Validate `raw`: its value, or — after showing the message and stopping the event, so nothing runs with it — none. */
  const accept = (ev: Event, field: Field, raw: unknown): { value: unknown } | undefined => {
    const parsed = parseParam(field.name, field.param, raw);
    if (parsed.ok) return parsed;
    ev.stopImmediatePropagation();
    errors.set(field.name, parsed.message);
    showError(field, parsed.message);
    refresh();
    return undefined;
  };
  const isNumeric = (p: Param): p is Extract<Param, { kind: "int" | "num" }> => p.kind === "int" || p.kind === "num";
  // Typed numbers are checked before Inputs sees them: it would silently clamp them into range.
  form.addEventListener(
    "input",
    (ev) => {
      const field = fieldOf(ev);
      const target = ev.target as HTMLInputElement;
      if (field && target.type === "number" && isNumeric(field.param)) accept(ev, field, target.value);
    },
    { capture: true },
  );
  form.addEventListener("input", (ev) => {
    const field = fieldOf(ev);
    if (!field) return;
    const target = ev.target as HTMLInputElement;
    const p = field.param;
    // A typed number is kept as typed (Inputs would snap it to the slider's step); a slider's
    // position is rounded to the precision the slider implies.
    const slid = isNumeric(p) && target.type === "range";
    const raw = isNumeric(p)
      ? target.type === "number"
        ? target.value
        : sliderValue(p, Number(field.input.value))
      : field.input.value;
    const parsed = accept(ev, field, raw);
    if (!parsed) return;
    if (slid) showValue(field, parsed.value);
    errors.delete(field.name);
    showError(field, undefined);
    values[field.name] = parsed.value;
    refresh();
    if (ns) writeQuery(queryEntries(readQuery(), ns, values, pageForms(), new Set(errors.keys())));
  });

  Object.defineProperty(form, "value", {
    get() {
      const v: Record<string | symbol, unknown> = { ...values };
      const messages = [...errors.values()];
      if (messages.length === 0 && e.validate) {
        const m = e.validate(values);
        if (m) messages.push(m);
      }
      if (messages.length) Object.defineProperty(v, PARAM_ERRORS, { value: messages, enumerable: false });
      return v;
    },
  });

  // Back/forward: take the URL's values (refused ones with their message, as on load) and re-run.
  if (ns) {
    const onPop = () => {
      const q = readQuery();
      const page = pageForms();
      let changed = false;
      for (const [name, param] of Object.entries(params)) {
        const raw = readRaw(q, ns, name, page);
        const parsed = raw === null ? { ok: true as const, value: param.default } : parseParam(name, param, raw);
        const field = fields.find((f) => f.name === name);
        if (!parsed.ok) {
          if (errors.get(name) !== parsed.message) changed = true;
          errors.set(name, parsed.message);
          if (field) showError(field, parsed.message);
          continue;
        }
        if (errors.delete(name)) {
          changed = true;
          if (field) showError(field, undefined);
        }
        if (formatParam(param, parsed.value) !== formatParam(param, values[name])) {
          values[name] = parsed.value;
          if (field) showValue(field, parsed.value);
          changed = true;
        }
      }
      showNotes(unusedKeys(q, ns, page));
      refresh();
      if (changed) form.dispatchEvent(new Event("input", { bubbles: true }));
    };
    window.addEventListener("popstate", onPop);
  }
  refresh();
  return form;
}

/** A value for the message: long ones cut (a link may carry 100 kB). */
function shorten(s: string): string {
  const j = JSON.stringify(s).slice(1, -1);
  return j.length > 40 ? `${j.slice(0, 37)}…` : j;
}

/** Show `value` in the field; a number as it is (Inputs would show it snapped to the slider's step). */
function showValue(field: Field, value: unknown): void {
  field.input.value = value;
  if (field.param.kind === "int" || field.param.kind === "num") {
    const number = field.input.querySelector<HTMLInputElement>("input[type=number]");
    if (number) number.value = formatParam(field.param, value);
  }
}

function buildField(name: string, p: Param, value: unknown): Field {
  const label = renderLabel(document.createElement("span"), p.label);
  let input: HTMLElement & { value: unknown };
  switch (p.kind) {
    case "int":
    case "num": {
      const log = p.scale === "log";
      const step = p.kind === "int" ? 1 : ((p as { step?: number }).step ?? (log ? undefined : (p.max - p.min) / 1000));
      input =
        p.kind === "int" && (p as { seed?: boolean }).seed
          ? Inputs.number([p.min, p.max], { label, value, step: 1 })
          : Inputs.range([p.min, p.max], {
              label,
              value,
              step,
              ...(log ? { transform: Math.log, invert: Math.exp } : {}),
            });
      const number = input.querySelector<HTMLInputElement>("input[type=number]");
      if (number) {
        // Any number in range may be typed (the step is the slider's), and a value from the URL shows
        // as it is, not snapped to the step.
        if (p.kind === "num") number.step = "any";
        number.value = formatParam(p, value);
      }
      break;
    }
    case "choice":
      input = Inputs.select(p.options, { label, value, format: (o: string) => optionLabel(p, o) });
      break;
    case "multi":
      input = Inputs.checkbox(p.options, { label, value, format: (o: string) => optionLabel(p, o) });
      break;
    case "bool":
      input = Inputs.toggle({ label, value });
      break;
    case "numbers":
      input = Inputs.text({
        label,
        value,
        placeholder: "e.g. 0.9, 0.8, 0.5",
        datalist: Object.keys(p.presets ?? {}),
        spellcheck: false,
      });
      break;
  }
  // Inputs labels the number field; the slider beside it gets the same name for screen readers.
  const plain = plainText(p.label);
  for (const el of input.querySelectorAll("input, select")) {
    if (!(el as HTMLInputElement).labels?.length && !el.closest("label")) el.setAttribute("aria-label", plain);
  }
  const wrap = document.createElement("div");
  wrap.className = "bl-field";
  wrap.dataset.param = name;
  wrap.title = `${name}: ${describeRange(p)}`;
  const error = document.createElement("p");
  error.className = "bl-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  wrap.append(input, error);
  if (p.help) {
    const help = document.createElement("p");
    help.className = "bl-help";
    renderLabel(help, p.help);
    wrap.append(help);
  }
  return { name, param: p, input, error };
}

/**
 * An option's display name: an own entry of optionLabels only (an option "constructor" is not Object's),
 * its math as plain Unicode (a select's options cannot hold typeset math).
 */
function optionLabel(p: { optionLabels?: Partial<Record<string, string>> }, option: string): string {
  const labels = p.optionLabels;
  return plainText((labels && Object.hasOwn(labels, option) ? labels[option] : undefined) ?? option);
}

function showError(field: Field, message: string | undefined): void {
  field.error.hidden = !message;
  field.error.textContent = message ?? "";
  field.input.closest(".bl-field")?.classList.toggle("bl-field-invalid", Boolean(message));
}
