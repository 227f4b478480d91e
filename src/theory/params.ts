/**
 * Parameter schema: one definition per parameter gives the input widget, the URL query parameter,
 * the validation message and the worker's input. Everything that accepts a parameter value from
 * outside (URL, form field, CLI flag, test) goes through `parseParam`.
 */

interface ParamBase<T> {
  label: string;
  /** Longer help shown under the input. */
  help?: string;
  default: T;
  /** Older names of this parameter, still read from links and flags (e.g. "seeds" for "runs"). */
  aliases?: readonly string[];
}

export interface IntParam extends ParamBase<number> {
  kind: "int";
  min: number;
  max: number;
  scale: "linear" | "log";
  /** A seed field: shown with a "new seed" button instead of a slider. */
  seed?: boolean;
}

export interface NumParam extends ParamBase<number> {
  kind: "num";
  min: number;
  max: number;
  scale: "linear" | "log";
  /** Slider step on the (possibly log) scale; a typed value may be any number in range. */
  step?: number;
}

export interface ChoiceParam<T extends string = string> extends ParamBase<T> {
  kind: "choice";
  options: readonly T[];
  /** Display names for options (defaults to the option value). */
  optionLabels?: Partial<Record<T, string>>;
}

export interface MultiParam<T extends string = string> extends ParamBase<readonly T[]> {
  kind: "multi";
  options: readonly T[];
  optionLabels?: Partial<Record<T, string>>;
}

export interface BoolParam extends ParamBase<boolean> {
  kind: "bool";
}

/**
 * A list of numbers typed by the reader (e.g. arm means), kept as its canonical comma-separated string
 * ("0.9,0.8,0.5"), which is also its URL form. Presets are offered as suggestions.
 */
export interface NumbersParam extends ParamBase<string> {
  kind: "numbers";
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  /** Suggested values (canonical strings) with their descriptions. */
  presets?: Record<string, string>;
}

export type Param = IntParam | NumParam | ChoiceParam | MultiParam | BoolParam | NumbersParam;
export type ParamSchema = Record<string, Param>;

export type ParamValue<P extends Param> =
  P extends ChoiceParam<infer T> ? T : P extends MultiParam<infer T> ? T[] : P["default"];
export type ParamValues<S extends ParamSchema> = { [K in keyof S]: ParamValue<S[K]> };

type RangeOpts = Omit<IntParam, "kind" | "scale" | "min" | "max" | "default"> & {
  min: number;
  max: number;
  default: number;
  scale?: "linear" | "log";
};

export function int(opts: RangeOpts & { seed?: boolean }): IntParam {
  checkRange("int", opts);
  if (![opts.min, opts.max, opts.default].every(Number.isInteger)) {
    throw new Error(`int parameter "${opts.label}": min, max and default must be integers`);
  }
  return { kind: "int", scale: "linear", ...opts };
}

export function num(opts: RangeOpts & { step?: number }): NumParam {
  checkRange("num", opts);
  return { kind: "num", scale: "linear", ...opts };
}

export function seed(opts: Partial<RangeOpts> = {}): IntParam {
  return int({ min: 0, max: 2 ** 31 - 1, default: 1, label: "seed", ...opts, seed: true });
}

export function choice<const T extends string>(opts: Omit<ChoiceParam<T>, "kind">): ChoiceParam<T> {
  if (!opts.options.includes(opts.default)) {
    throw new Error(`choice parameter "${opts.label}": default "${opts.default}" is not an option`);
  }
  return { kind: "choice", ...opts };
}

/** A choice among the keys of `optionLabels`, in their order, each shown with its label; the first is the default. */
export function labelledChoice<const T extends string>(label: string, optionLabels: Record<T, string>): ChoiceParam<T> {
  const options = Object.keys(optionLabels) as T[];
  return choice({ options, default: options[0], label, optionLabels });
}

/**
 * The compute backend, read by workers/gpu/backend.ts for experiments with a WebGPU kernel:
 * auto | cpu | webgpu. The labels say when `auto` picks WebGPU and what the kernel covers.
 */
export function backend(labels: { auto: string; webgpu: string }): ChoiceParam<"auto" | "cpu" | "webgpu"> {
  return choice({
    options: ["auto", "cpu", "webgpu"],
    default: "auto",
    label: "backend",
    optionLabels: { cpu: "CPU (workers)", ...labels },
  });
}

export function multi<const T extends string>(opts: Omit<MultiParam<T>, "kind">): MultiParam<T> {
  for (const d of opts.default) {
    if (!opts.options.includes(d)) throw new Error(`multi parameter "${opts.label}": default "${d}" is not an option`);
  }
  return { kind: "multi", ...opts };
}

export function bool(opts: Omit<BoolParam, "kind">): BoolParam {
  return { kind: "bool", ...opts };
}

export function numbers(opts: Omit<NumbersParam, "kind">): NumbersParam {
  const p: NumbersParam = { kind: "numbers", ...opts };
  for (const v of [opts.default, ...Object.keys(opts.presets ?? {})]) {
    const r = parseParam("default", p, v);
    if (!r.ok || r.value !== v)
      throw new Error(`numbers parameter "${opts.label}": "${v}" is not a canonical valid list`);
  }
  return p;
}

function checkRange(kind: string, o: RangeOpts): void {
  if (!(o.min <= o.default && o.default <= o.max)) {
    throw new Error(`${kind} parameter "${o.label}": default ${o.default} is outside [${o.min}, ${o.max}]`);
  }
  if (o.scale === "log" && !(o.min > 0)) throw new Error(`${kind} parameter "${o.label}": a log scale needs min > 0`);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Human description of the values a parameter accepts (used in every error message). */
export function describeRange(p: Param): string {
  switch (p.kind) {
    case "int":
      return `an integer from ${p.min} to ${p.max}`;
    case "num":
      return `a number from ${p.min} to ${p.max}`;
    case "choice":
      return `one of ${p.options.join(", ")}`;
    case "multi":
      return `a comma-separated list of ${p.options.join(", ")}`;
    case "bool":
      return "true or false (1 or 0)";
    case "numbers":
      return `${p.minLength} to ${p.maxLength} numbers from ${p.min} to ${p.max}, separated by commas`;
  }
}

function show(raw: unknown): string {
  const s = typeof raw === "string" ? JSON.stringify(raw) : String(raw);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** Strict numeric parse: no "", no "12abc", no hex, no whitespace games. */
function toNumber(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (typeof raw !== "string") return Number.NaN;
  const s = raw.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Number.NaN;
  return Number(s);
}

/** Parse one raw value (string from a URL or field, or a typed value) against its parameter. */
export function parseParam<P extends Param>(name: string, p: P, raw: unknown): ParseResult<ParamValue<P>> {
  const fail = (why = ""): ParseResult<never> => ({
    ok: false,
    message: `${name} = ${show(raw)} is not valid${why}: expected ${describeRange(p)}`,
  });
  switch (p.kind) {
    case "int":
    case "num": {
      const v = toNumber(raw);
      if (!Number.isFinite(v)) return fail();
      if (p.kind === "int" && !Number.isInteger(v)) return fail(" (not an integer)");
      if (v < p.min || v > p.max) return fail(" (out of range)");
      return { ok: true, value: v as ParamValue<P> };
    }
    case "choice": {
      const v = typeof raw === "string" ? raw.trim() : raw;
      if (typeof v !== "string" || !p.options.includes(v)) return fail();
      return { ok: true, value: v as ParamValue<P> };
    }
    case "multi": {
      const items = Array.isArray(raw)
        ? raw
        : typeof raw === "string"
          ? raw
              .split(",")
              .map((s) => s.trim())
              .filter((s) => s !== "")
          : null;
      if (!items?.every((s) => typeof s === "string" && p.options.includes(s))) return fail();
      return { ok: true, value: [...new Set(items as string[])] as ParamValue<P> };
    }
    case "numbers": {
      if (typeof raw !== "string") return fail();
      const items = raw
        .split(/[,\s]+/)
        .map((x) => x.trim())
        .filter((x) => x !== "");
      const values = items.map(toNumber);
      if (values.some((v) => !Number.isFinite(v))) return fail();
      if (values.length < p.minLength || values.length > p.maxLength) return fail(` (${values.length} numbers)`);
      if (values.some((v) => v < p.min || v > p.max)) return fail(" (out of range)");
      return { ok: true, value: values.join(",") as ParamValue<P> };
    }
    case "bool": {
      if (raw === true || raw === "true" || raw === "1") return { ok: true, value: true as ParamValue<P> };
      if (raw === false || raw === "false" || raw === "0") return { ok: true, value: false as ParamValue<P> };
      return fail();
    }
  }
}

/** The string form used in URLs and on the command line; parseParam(formatParam(v)) gives v back. */
export function formatParam(p: Param, value: unknown): string {
  if (p.kind === "multi") return (value as string[]).join(",");
  if (p.kind === "bool") return value ? "1" : "0";
  return String(value);
}

/** Decimal places that `x` needs (0.01 → 2, 0.0025 → 4, 2.5 → 1), ignoring float noise; at most 12. */
export function decimalsOf(x: number): number {
  for (let d = 0; d < 12; d++) {
    const scaled = Math.abs(x) * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, scaled)) return d;
  }
  return 12;
}

/**
 * A slider position as the number it stands for, rounded to the precision the slider implies, so
 * that fields and links read `kappa=10000` and `eps=0.294`, not `10000.0000000001` and
 * `0.293559853524413`: on a log scale 3 significant digits, on a linear scale the step's decimals
 * (the step, or a thousandth of the range), an integer for an int; always within [min, max]. Typed
 * values do not go through this: they are kept as typed.
 */
export function sliderValue(p: IntParam | NumParam, v: number): number {
  if (!Number.isFinite(v)) return v;
  let r: number;
  if (p.scale === "log") r = Number(v.toPrecision(3));
  else {
    const step = p.kind === "int" ? 1 : (p.step ?? (p.max - p.min) / 1000);
    const d = Math.max(decimalsOf(step), decimalsOf(p.min));
    r = Number((p.min + Math.round((v - p.min) / step) * step).toFixed(d));
  }
  if (p.kind === "int") r = Math.round(r);
  // Rounding may step past an end (0.2937 → 0.294 > max = 0.2937): the end itself is the value.
  return Math.min(p.max, Math.max(p.min, r));
}

export interface ParsedParams<S extends ParamSchema> {
  values: ParamValues<S>;
  /** One message per bad parameter; when non-empty, nothing may run with `values`. */
  errors: { name: string; message: string }[];
}

/**
 * Parse a bag of raw values (URL query, CLI flags); missing names take their defaults, unknown
 * names are ignored (a page may hold several experiments' parameters).
 */
export function parseParams<S extends ParamSchema>(
  schema: S,
  raw: Record<string, unknown> | URLSearchParams,
): ParsedParams<S> {
  const get1 = (k: string): unknown =>
    raw instanceof URLSearchParams ? (raw.get(k) ?? undefined) : Object.hasOwn(raw, k) ? raw[k] : undefined;
  const get = (k: string) => [k, ...(schema[k]?.aliases ?? [])].map(get1).find((v) => v !== undefined);
  const values: Record<string, unknown> = {};
  const errors: { name: string; message: string }[] = [];
  for (const [name, p] of Object.entries(schema)) {
    const r = get(name);
    const parsed = r === undefined ? undefined : parseParam(name, p, r);
    values[name] = parsed?.ok ? parsed.value : p.default;
    if (parsed && !parsed.ok) errors.push({ name, message: parsed.message });
  }
  return { values: values as ParamValues<S>, errors };
}

export function defaults<S extends ParamSchema>(schema: S): ParamValues<S> {
  return Object.fromEntries(Object.entries(schema).map(([k, p]) => [k, p.default])) as ParamValues<S>;
}
