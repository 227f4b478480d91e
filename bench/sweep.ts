/**
 * Issue 18's budgets, measured (never asserted in tests):
 *   npx tsx bench/sweep.ts [--dist <built site>] [--from 100] [--to 1000]
 *
 * On the built bandits page in Chromium: a 20-point sweep of UCB1's final regret over T (1000 runs a
 * point, the plot's defaults otherwise), started from the toolbar's "Sweep": time from "Run sweep" to
 * the first point drawn (budget 1 s) and to the whole sweep (budget 10 s), the longest main-thread task
 * meanwhile (budget 50 ms); then stepping down to a point: Enter on it → its complete single-run plot
 * (budget 300 ms). Builds into its own folder unless `--dist` names one. Writes bench/results/sweep.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { build, preview } from "vite";
import { completePlotParams, launch } from "../test/browser/browser";
import { metricLog } from "./report";

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const FROM = Number(flag("from") ?? 100);
const TO = Number(flag("to") ?? 1000);
const POINTS = 20;
const given = flag("dist");
const OUT = resolve(given ?? "node_modules/.cache/boundlab-sweep-bench");
const PLOT = '[data-cell-id="regret"]';
const { results, record } = metricLog(62);

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
  const what = `${POINTS} points, T = ${FROM}…${TO}, 1000 runs each`;
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
    value: times.longest,
    unit: "ms",
    budget: 50,
    note: `${times.tasks} tasks over 50 ms`,
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
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/sweep.json", `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
