/**
 * Issue 18's budgets, measured (never asserted in tests):
 *   npx tsx bench/sweep.ts [--dist <built site>] [--from 100] [--to 1000] [--cpu-slowdown 1]
 *
 * On the built bandits page in Chromium: a 20-point sweep of UCB1's final regret over T (1000 runs a
 * point, the plot's defaults otherwise), started from the toolbar's "Sweep": time from "Run sweep" to
 * the first point drawn (budget 1 s) and to the whole sweep (budget 10 s), the longest main-thread task
 * meanwhile (budget 50 ms: every task of the page's main thread, from a Chromium trace, not only those
 * the Long Tasks API reports, which are the ones over 50 ms); then stepping down to a point: Enter on
 * it → its complete single-run plot (budget 300 ms). `--cpu-slowdown N` runs the page's CPU N times slower (Chromium's throttling), as on
 * a loaded machine. Builds into its own folder unless `--dist` names one. Writes bench/results/sweep.json.
 */
import { resolve } from "node:path";
import { build, preview } from "vite";
import { completePlotParams, launch } from "../test/browser/browser";
import { metricLog, writeResults } from "./report";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const FROM = Number(flag("from") ?? 100);
const TO = Number(flag("to") ?? 1000);
const POINTS = 20;
const SLOWDOWN = Number(flag("cpu-slowdown") ?? 1);
const given = flag("dist");
const OUT = resolve(given ?? "node_modules/.cache/boundlab-sweep-bench");
const PLOT = '[data-cell-id="regret"]';
const { results, record } = metricLog(62);
/** A task's trace event, by the name older and newer Chromium give it. */
const TASK_EVENTS = new Set(["RunTask", "ThreadControllerImpl::RunTask"]);

if (!given) await build({ logLevel: "silent", build: { outDir: OUT, emptyOutDir: true } });
const server = await preview({ build: { outDir: OUT }, preview: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
const base = server.resolvedUrls!.local[0];
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${base}bandits.html`);
  await completePlotParams(page, PLOT, 120_000);
  await page.waitForTimeout(2000); // KaTeX and the other cells settle: measure the sweep alone
  await page.click(`${PLOT} .bl-toolbar button[data-action="sweep"]`);
  const sweep = `${PLOT} .bl-sweep`;
  await page.selectOption(`${sweep} select[name="param"]`, "T");
  await page.fill(`${sweep} input[name="from"]`, String(FROM));
  await page.fill(`${sweep} input[name="to"]`, String(TO));
  await page.fill(`${sweep} input[name="points"]`, String(POINTS));
  await page.selectOption(`${sweep} select[name="summary"]`, "final:ucb1");
  if (SLOWDOWN !== 1)
    await (await page.context().newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: SLOWDOWN });
  await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "__metadata"] });
  const times = await page.evaluate(
    (sel) =>
      new Promise<{ first: number; whole: number; longest: number; tasks: number }>((done) => {
        const section = document.querySelector<HTMLElement>(sel)!;
        const longTasks: number[] = [];
        const tasks = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(e.duration);
        });
        tasks.observe({ type: "longtask" });
        let first = Number.NaN;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          const n = Number(section.querySelector<HTMLElement>(".bl-sweep-plot")?.dataset.points ?? 0);
          if (n > 0 && Number.isNaN(first)) first = performance.now() - t0;
          if (section.dataset.complete === "true") {
            obs.disconnect();
            requestAnimationFrame(() => {
              tasks.disconnect();
              done({
                first,
                whole: performance.now() - t0,
                longest: Math.max(0, ...longTasks),
                tasks: longTasks.length,
              });
            });
          }
        });
        obs.observe(section, { childList: true, subtree: true, attributes: true });
        section.querySelector<HTMLButtonElement>('button[data-action="run-sweep"]')!.click();
      }),
    sweep,
  );
  const traceText = (await browser.stopTracing()).toString("utf8");
  if (process.env.SWEEP_TRACE) (await import("node:fs")).writeFileSync(process.env.SWEEP_TRACE, traceText);
  const mainTasks = mainThreadTasks(JSON.parse(traceText));
  const what = `${POINTS} points, T = ${FROM}…${TO}, 1000 runs each${SLOWDOWN !== 1 ? `, CPU ${SLOWDOWN}× slower` : ""}`;
  record({ metric: "sweep: Run sweep → first point drawn", value: times.first, unit: "ms", budget: 1000, note: what });
  record({
    metric: "sweep: Run sweep → whole sweep drawn",
    value: times.whole / 1000,
    unit: "s",
    budget: 10,
    note: what,
  });
  record({
    metric: "sweep: longest main-thread task during it",
    value: mainTasks[0] ?? 0,
    unit: "ms",
    budget: 50,
    note: `${mainTasks.length} tasks; longest five ${mainTasks
      .slice(0, 5)
      .map((t) => t.toFixed(0))
      .join(", ")} ms; Long Tasks API: ${times.tasks} over 50 ms, longest ${times.longest.toFixed(0)} ms`,
  });

  // Step down to the middle point: Enter on it → its complete single-run plot.
  const circle = `${sweep} .bl-sweep-points circle`;
  const values = await page.$$eval(circle, (cs) => cs.map((c) => Number(c.getAttribute("data-value"))));
  const target = values[Math.floor(values.length / 2)];
  await page.focus(`${circle}[data-value="${target}"]`);
  const stepMs = await page.evaluate(
    ([cellSel, sel, value]) =>
      new Promise<number>((done) => {
        const cell = document.querySelector(cellSel)!;
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          const fig = cell.querySelector(".bl-plot") as
            | (HTMLElement & { trace?: { meta: { params: { T: number }; complete: boolean } } })
            | null;
          if (fig?.trace?.meta.complete && fig.trace.meta.params.T === value) {
            obs.disconnect();
            requestAnimationFrame(() => done(performance.now() - t0));
          }
        });
        obs.observe(cell, { childList: true, subtree: true });
        document.querySelector<SVGElement>(sel)!.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
      }),
    [PLOT, `${circle}[data-value="${target}"]`, target] as const,
  );
  record({ metric: `sweep: step down (Enter on T = ${target}) → its plot`, value: stepMs, unit: "ms", budget: 300 });
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
writeResults("bench/results/sweep.json", { results });

/** Every task of the pages' main threads in a Chromium trace, in ms, longest first. */
function mainThreadTasks(trace: {
  traceEvents: { name: string; ph: string; pid: number; tid: number; dur?: number; args?: { name?: string } }[];
}): number[] {
  const main = new Set(
    trace.traceEvents
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return trace.traceEvents
    .filter((e) => TASK_EVENTS.has(e.name) && e.ph === "X" && main.has(`${e.pid}:${e.tid}`))
    .map((e) => (e.dur ?? 0) / 1000)
    .sort((a, b) => b - a);
}
