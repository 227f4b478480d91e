/**
 * What a run would cost, estimated from its parameters before it starts, and the limits a run must
 * stay under. A declaration's `cost(p)` (src/theory/<paper>/schema.ts) is a closed form — no algorithm
 * code, the page computes it — of the two things that kill or freeze a tab: the bytes the run holds
 * (the kit's buffers, runs × checkpoints × series × 8, plus the setup's large arrays) and the
 * elementary steps it takes (rounds, stencil updates, oracle calls), with the seconds one step takes
 * on one core, calibrated per experiment by timing its runs (each schema says how). `checkParams`
 * (src/theory/experiment.ts) turns an estimate over a limit into a refusal that names the estimate and
 * the limit, so the page, the workers and the command line refuse the same runs with the same words.
 *
 * The reference machine is the project's build machine (one core of a shared 2-core x86 VM, Node 20):
 * calibrations are CPU time measured there, rounded up. A reader's laptop is within a small factor.
 */

/** The limits, in one place. */
export const LIMITS = {
  /** Bytes a run may hold: a tab dies somewhere past 2–4 GB, and the page needs room to draw. */
  bytes: 1.5e9,
  /** Seconds of one core a run may take: past that, lower a parameter or use the command line. */
  seconds: 120,
  /**
   * For experiments behind their notebook's explicit "run" switch (paper-size reproductions, each
   * documented as long where it is offered): the switch is the confirmation.
   */
  longSeconds: 20 * 60,
} as const;

export type CostLimits = { bytes: number; seconds: number; longSeconds: number };

export interface CostEstimate {
  /** Elementary steps of the whole run (every run, every series). */
  work: number;
  /** How they are counted, names then values: "runs × T × policies = 1000 × 300 × 3". */
  workWhat: string;
  /** What a step is, plural: "rounds". */
  unit: string;
  /** Seconds of one core on the reference machine. */
  seconds: number;
  /** Bytes held at once: the kit's buffers and the setup's large arrays. */
  bytes: number;
  /** Of which the kit's buffers (runs × checkpoints × series doubles: what the chunks carry). */
  bufferBytes: number;
  /** How they are counted: "runs × checkpoints × series × 8 B = 1000 × 100 × 3 × 8 B". */
  bytesWhat: string;
  /** What to lower when over a limit: "runs or T". */
  lower: string;
  /** Runs behind its notebook's explicit switch: `LIMITS.longSeconds` applies. */
  long?: boolean;
}

/** A named factor of a product: ["runs", 1000]. */
export type Factor = readonly [name: string, value: number];

/** A count and how it is made. */
export interface Count {
  value: number;
  what: string;
}

/** Π factors, shown "a × b = 1 × 2" (factors exact up to 10⁷, as the reader typed them). */
export function product(factors: readonly Factor[]): Count {
  const exact = (x: number) => (Number.isInteger(x) && Math.abs(x) < 1e7 ? String(x) : count(x));
  return {
    value: factors.reduce((v, [, x]) => v * x, 1),
    what: `${factors.map(([n]) => n).join(" × ")} = ${factors.map(([, x]) => exact(x)).join(" × ")}`,
  };
}

export interface EstimateSpec {
  /** The steps: a product of named factors (a list, or an object in its key order), or a described count. */
  work: readonly Factor[] | Readonly<Record<string, number>> | Count;
  unit: string;
  /** Nanoseconds per step on the reference machine (may depend on the parameters). */
  ns: number;
  /** Fixed seconds on top (setup that does not scale with the steps). */
  setupSeconds?: number;
  /** The kit's buffers: runs × x × series doubles. */
  buffers: { runs: number; x: number; series: number };
  /** Large setup allocations beyond the buffers: [what, bytes]. */
  extra?: readonly (readonly [what: string, bytes: number])[];
  lower: string;
  long?: boolean;
}

/** The estimate of `spec`: steps and seconds, bytes and how each is counted. */
export function estimate(spec: EstimateSpec): CostEstimate {
  const w = spec.work;
  const factors = (Array.isArray(w) ? w : Object.entries(w)) as readonly Factor[];
  const work = "what" in w && typeof w.what === "string" ? (w as Count) : product(factors);
  const { runs, x, series } = spec.buffers;
  const big = (spec.extra ?? []).filter(([, b]) => b >= 1e6);
  const bufferBytes = runs * x * series * 8;
  const bytes = bufferBytes + (spec.extra ?? []).reduce((s, [, b]) => s + b, 0);
  const bytesWhat = [
    `runs × checkpoints × series × 8 B = ${count(runs)} × ${count(x)} × ${count(series)} × 8 B`,
    ...big.map(([what, b]) => `${what} ${formatBytes(b)}`),
  ].join(" + ");
  return {
    work: work.value,
    workWhat: work.what,
    unit: spec.unit,
    seconds: work.value * spec.ns * 1e-9 + (spec.setupSeconds ?? 0),
    bytes,
    bufferBytes,
    bytesWhat,
    lower: spec.lower,
    ...(spec.long ? { long: true } : {}),
  };
}

/** The refusals of an estimate over its limits (empty when within them). */
export function refusals(c: CostEstimate, limits: CostLimits = LIMITS): string[] {
  const out: string[] = [];
  if (!(c.bytes <= limits.bytes)) {
    out.push(
      `too much memory: ${c.bytesWhat}, about ${formatBytes(c.bytes)} in all; the limit is ${formatBytes(limits.bytes)} (lower ${c.lower})`,
    );
  }
  const seconds = c.long ? limits.longSeconds : limits.seconds;
  if (!(c.seconds <= seconds)) {
    const which = c.long ? " for this long run" : "";
    const limit = formatDuration(seconds);
    // Just over the limit, rounding would print the limit itself: print seconds then.
    const about = formatDuration(c.seconds) === limit ? `${Math.ceil(c.seconds)} s` : formatDuration(c.seconds);
    out.push(
      `too heavy: ${c.workWhat} = ${count(c.work)} ${c.unit}, about ${about} here; the limit${which} is ${limit} (lower ${c.lower})`,
    );
  }
  return out;
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** 48000, 1.2·10⁶, 3·10⁹: exact below 10⁵, two significant digits above. */
export function count(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) < 1e5) return Number.isInteger(v) ? String(v) : String(+v.toPrecision(3));
  const e = Math.floor(Math.log10(Math.abs(v)));
  let m = +(v / 10 ** e).toPrecision(2);
  let exp = e;
  if (Math.abs(m) >= 10) {
    m /= 10;
    exp += 1;
  }
  const sup = String(exp)
    .split("")
    .map((d) => (d === "-" ? "⁻" : SUPERSCRIPT[Number(d)]))
    .join("");
  return `${m}·10${sup}`;
}

/** "800 kB", "24 MB", "1.5 GB". */
export function formatBytes(b: number): string {
  const units: [number, string][] = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
  ];
  for (const [size, unit] of units) if (b >= size) return `${+(b / size).toPrecision(2)} ${unit}`;
  return `${Math.round(b)} B`;
}

/** "0.2 s", "40 s", "12 min", "3 h", "5 days". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 1) return `${+s.toPrecision(1)} s`;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${+(s / 3600).toPrecision(2)} h`;
  if (s < 365 * 86400) return `${Math.round(s / 86400)} days`;
  return `${count(s / (365 * 86400))} years`;
}
