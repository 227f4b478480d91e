/**
 * `controls(id)`: the inputs of an experiment, built from its parameter schema. Values come from the
 * URL first (so a link reproduces a view), go back to the URL on every change, and are validated by
 * the same `parseParam` as the worker and the tests: a bad value shows a message naming the
 * parameter, the value and the valid range, and nothing runs with it.
 */
import * as Inputs from "@observablehq/inputs";
import { PARAM_ERRORS } from "../compute/run";
import { describeRange, formatParam, type Param, parseParam } from "../theory/params";
import { loadSchema } from "../theory/registry";
import { renderLabel } from "./tex";
import { readQuery, writeQuery } from "./url-state";

export interface ControlsOptions {
  /** Show only these parameters (others keep their URL or default values). */
  only?: string[];
  /** Prefix for this experiment's URL parameters, when two experiments on a page share names. */
  prefix?: string;
  /** Keep parameters in the URL (default true). */
  url?: boolean;
}

type Field = { name: string; param: Param; input: HTMLElement & { value: unknown }; error: HTMLElement };

/** A parameter's URL value under its name, or under an older name (old links keep working). */
function readParam(q: URLSearchParams, prefix: string, name: string, param: Param): string | null {
  const raw = q.get(prefix + name);
  if (raw !== null) return raw;
  for (const a of param.aliases ?? []) {
    const old = q.get(prefix + a);
    if (old !== null) return old;
  }
  return null;
}

export type ControlsElement = HTMLFormElement & { value: Record<string, unknown> };

export async function controls(id: string, opts: ControlsOptions = {}): Promise<ControlsElement> {
  const e = await loadSchema(id);
  const prefix = opts.prefix ?? "";
  const useUrl = opts.url ?? true;
  const form = document.createElement("form") as ControlsElement;
  form.className = "bl-controls";
  form.dataset.experiment = id;
  form.setAttribute("aria-label", `parameters of ${e.title}`);
  form.addEventListener("submit", (ev) => ev.preventDefault());

  const values: Record<string, unknown> = {};
  const errors = new Map<string, string>();
  const fields: Field[] = [];
  const query = useUrl ? readQuery() : new URLSearchParams();

  for (const [name, param] of Object.entries(e.params as Record<string, Param>)) {
    const raw = readParam(query, prefix, name, param);
    let value = param.default;
    if (raw !== null) {
      const parsed = parseParam(name, param, raw);
      if (parsed.ok) value = parsed.value;
      else errors.set(name, parsed.message);
    }
    values[name] = value;
    if (opts.only && !opts.only.includes(name)) continue;
    const field = buildField(name, param, value);
    if (errors.has(name)) showError(field, errors.get(name)!);
    fields.push(field);
    form.append(field.input.closest(".bl-field") ?? field.input);
  }

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
  // Typed numbers are checked before Inputs sees them: it would silently clamp them into range.
  form.addEventListener(
    "input",
    (ev) => {
      const field = fieldOf(ev);
      const target = ev.target as HTMLInputElement;
      if (field && target.type === "number" && (field.param.kind === "int" || field.param.kind === "num")) {
        accept(ev, field, target.value);
      }
    },
    { capture: true },
  );
  form.addEventListener("input", (ev) => {
    const field = fieldOf(ev);
    const parsed = field && accept(ev, field, field.input.value);
    if (!field || !parsed) return;
    errors.delete(field.name);
    showError(field, undefined);
    values[field.name] = parsed.value;
    refresh();
    if (useUrl) writeQuery(urlEntries());
  });

  const urlEntries = () =>
    Object.fromEntries(
      Object.entries(e.params as Record<string, Param>).map(([n, p]) => [prefix + n, formatParam(p, values[n])]),
    );

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

  // Back/forward: take the URL's values and re-run.
  if (useUrl) {
    const onPop = () => {
      const q = readQuery();
      let changed = false;
      for (const f of fields) {
        const raw = readParam(q, prefix, f.name, f.param);
        const parsed = raw === null ? { ok: true as const, value: f.param.default } : parseParam(f.name, f.param, raw);
        if (!parsed.ok) continue;
        if (formatParam(f.param, parsed.value) !== formatParam(f.param, values[f.name])) {
          values[f.name] = parsed.value;
          f.input.value = parsed.value;
          errors.delete(f.name);
          showError(f, undefined);
          changed = true;
        }
      }
      if (changed) form.dispatchEvent(new Event("input", { bubbles: true }));
    };
    window.addEventListener("popstate", onPop);
  }
  refresh();
  return form;
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
  const plain = p.label.replace(/\$([^$]*)\$/g, "$1");
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
    help.textContent = p.help;
    wrap.append(help);
  }
  return { name, param: p, input, error };
}

/** An option's display name: an own entry of optionLabels only (an option "constructor" is not Object's). */
function optionLabel(p: { optionLabels?: Partial<Record<string, string>> }, option: string): string {
  const labels = p.optionLabels;
  return (labels && Object.hasOwn(labels, option) ? labels[option] : undefined) ?? option;
}

function showError(field: Field, message: string | undefined): void {
  field.error.hidden = !message;
  field.error.textContent = message ?? "";
  field.input.closest(".bl-field")?.classList.toggle("bl-field-invalid", Boolean(message));
}
