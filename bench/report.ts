import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The benches' one way to print a figure against its budget (PASS/FAIL) and keep it for the JSON file. */
export type Metric = {
  metric: string;
  value: number;
  unit: string;
  note?: string;
  /** The most `value` may be, in `unit`: the run prints PASS or FAIL against it. */
  budget?: number;
  pass?: boolean;
};

export function metricLog(pad = 58) {
  const results: Metric[] = [];
  const record = (m: Metric) => {
    const judged = m.budget === undefined ? m : { ...m, pass: m.value <= m.budget };
    results.push(judged);
    const verdict =
      judged.pass === undefined ? "" : `  ${judged.pass ? "PASS" : "FAIL"} (budget ${m.budget} ${m.unit})`;
    console.log(
      `${m.metric.padEnd(pad)} ${String(Number(m.value.toPrecision(4))).padStart(10)} ${m.unit}${verdict}${m.note ? `  (${m.note})` : ""}`,
    );
  };
  return { results, record };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes a bench's results file (bench/results/ is git-ignored, so a fresh clone has no such folder). */
export function writeResults(path: string, content: object): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ date: new Date().toISOString(), ...content }, null, 2)}\n`);
}
