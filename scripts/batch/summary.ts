/**
 * A saved trace as the page sees it: `summarize`d into a Trace (median, band, bounds, readouts) with
 * the experiment's plot hints, and its CSV, which is the page's CSV export (src/stdlib/export.ts
 * `traceCsv`, the same function the figure toolbar and `npm run figure` use).
 */
import { traceCsv } from "../../src/stdlib/export";
import { summarize, type Trace } from "../../src/theory/trace";
import type { TraceFile } from "./trace-file";

export function traceOf(f: TraceFile): Trace {
  if (!f.chunk) throw new Error(`this ${f.kind} holds no runs`);
  return summarize(
    f.chunk,
    {
      experiment: f.experiment,
      plot: f.plot,
      params: f.params,
      backend: f.backend,
      ms: f.timing.wallMs,
      runsDone: f.runCount,
      runsTotal: f.runsTotal,
      complete: f.runCount === f.runsTotal,
      progress: f.runCount / f.runsTotal,
    },
    { theoryExponent: f.plot.theoryExponent, fitFrom: f.plot.fitFrom },
  );
}

export function csvOf(f: TraceFile): string {
  return traceCsv(traceOf(f));
}
