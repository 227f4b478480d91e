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
