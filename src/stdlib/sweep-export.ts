/**
 * What a sweep view exports: its data as CSV (one row per swept value: the summary's median and band,
 * each bound's value there, and why a point was refused), the same for the page, the figure bundle and
 * tests. Pure: no DOM.
 */
import type { SweepPlan, SweepPoint, SweepRequest } from "../compute/sweep";
import { csvField } from "./csv";

export interface SweepCsvInput {
  request: SweepRequest;
  plan: Pick<SweepPlan, "param" | "log" | "values">;
  points: readonly SweepPoint[];
  /** The summary's label and unit, as the sweep's y axis says them. */
  summary: { label: string; unit: string };
  /** The band's quantiles, e.g. [0.1, 0.9]. */
  band: readonly [number, number];
  runsPerPoint: number;
}

const value = (v: unknown) => (Array.isArray(v) ? v.join("|") : String(v));

export function sweepCsv({ request, plan, points, summary, band, runsPerPoint }: SweepCsvInput): string {
  const base = Object.entries(request.base)
    .filter(([k]) => k !== plan.param)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join("; ");
  const [qLo, qHi] = band.map((q) => `${Math.round(q * 100)}%`);
  const sorted = [...points].sort((a, b) => a.value - b.value);
  // Bound columns in the order they first appear, keyed by the bound's key (labels may repeat).
  const bounds = new Map<string, string>();
  for (const p of sorted) for (const b of p.summary?.bounds ?? []) if (!bounds.has(b.key)) bounds.set(b.key, b.label);
  const backends = [...new Set(sorted.flatMap((p) => (p.backend ? [p.backend] : [])))];
  const lines = [
    `# BoundLab sweep data — experiment ${request.experiment}`,
    `# parameters: ${base}`,
    `# swept: ${plan.param} from ${request.from} to ${request.to}, ${plan.values.length} points on a ${plan.log ? "log" : "linear"} grid`,
    `# y: ${summary.label} (${summary.unit}): the median and y_lo, y_hi the ${qLo} and ${qHi} quantiles across runs at each point; bound columns are each bound's value there`,
    `# backend: ${backends.join(", ") || "cpu"}; runs per point: ${runsPerPoint}`,
    [plan.param, "y", "y_lo", "y_hi", "state", ...[...bounds.values()].map(csvField), "message"].join(","),
  ];
  for (const p of sorted) {
    const s = p.summary;
    const at = new Map((s?.bounds ?? []).map((b) => [b.key, b.value]));
    lines.push(
      [
        p.value,
        s?.median ?? "",
        s?.lo ?? "",
        s?.hi ?? "",
        p.state,
        ...[...bounds.keys()].map((k) => at.get(k) ?? ""),
        csvField(p.message ?? ""),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
