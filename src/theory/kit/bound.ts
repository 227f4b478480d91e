/**
 * A bound, written once beside its formula: the function, its TeX, a plain label, where it is proved
 * and what kind of statement it is. Experiments draw it with `curve(bound, xs, instance)`; the
 * legend, CSV header, aria-label and "holds" readout all read the resulting BoundCurve, so the TeX a
 * reader sees is always the formula that was evaluated.
 */
import type { BoundCurve, BoundKind } from "../trace";

export interface Bound<A = void> {
  key: string;
  /** Plain text (SVG text, CSV header, aria-label); may depend on the instance. */
  label: string | ((a: A) => string);
  tex: string | ((a: A) => string);
  /** Paper and theorem, e.g. "Auer, Cesa-Bianchi & Fischer (2002), Thm 1". */
  cite: string | ((a: A) => string);
  kind: BoundKind;
  /** The rate exponent the theorem proves in x (slope readout), e.g. −1 for O(1/k). */
  exponent?: number;
  /** The bound's value at x for the instance a. */
  at(x: number, a: A): number;
}

/** Identity with inference, and a check that the TeX is not empty. */
export function bound<A = void>(def: Bound<A>): Bound<A> {
  if (!def.key || !def.tex) throw new Error(`bound "${def.key}": key and tex are required`);
  return def;
}

export interface CurveOptions {
  /** Series the bound certifies (ratio readout); every series when omitted. */
  appliesTo?: string[];
  /** The bound on its own x grid (e.g. a single point at the tuning horizon). */
  x?: Float64Array;
  /** Override the key (one bound drawn for two instances). */
  key?: string;
}

const text = <A>(v: string | ((a: A) => string), a: A) => (typeof v === "function" ? v(a) : v);

/** The bound's curve over xs (or opts.x) for the instance a. */
export function curve<A>(b: Bound<A>, xs: Float64Array, a: A, opts: CurveOptions = {}): BoundCurve {
  const grid = opts.x ?? xs;
  const y = new Float64Array(grid.length);
  for (let j = 0; j < grid.length; j++) y[j] = b.at(grid[j], a);
  return curveOf(b, y, a, opts);
}

/** A curve of values computed elsewhere (e.g. the bound at each sweep point's own instance). */
export function curveOf<A>(b: Bound<A>, y: Float64Array, a: A, opts: CurveOptions = {}): BoundCurve {
  const out: BoundCurve = {
    key: opts.key ?? b.key,
    label: text(b.label, a),
    tex: text(b.tex, a),
    cite: text(b.cite, a),
    kind: b.kind,
    y,
  };
  if (opts.appliesTo) out.appliesTo = opts.appliesTo;
  if (opts.x) out.x = opts.x;
  if (b.exponent !== undefined) out.exponent = b.exponent;
  return out;
}
