/**
 * `npm run bench`: the speed budgets of the issues, measured on this machine, with figures printed
 * and written to bench/results/latest.json. Compare ratios measured side by side in one run: these
 * machines are shared and noisy. Timings are never asserted in tests.
 *
 * Platform budgets (issue 2): `npm run build` ≤ 30 s; JavaScript a notebook page loads before its first
 * plot ≤ 250 kB gzip; slider change to redrawn plot on the guide ≤ 100 ms median with no main-thread
 * task over 50 ms during a run; a parameter change during a long run → the fresh run started on a worker
 * ≤ 50 ms median (the stale run cancelled at once; test/browser/guide.test.ts checks only that the fresh
 * run comes and the stale one is never drawn). Then each paper's bench module (bench/<paper>.ts).
 *
 * A metric with a `budget` (the most it may be, in its unit) prints PASS or FAIL, and a summary of
 * the budgets ends the run; BENCH_STRICT=1 makes a failed budget the exit status.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { CDPSession } from "playwright-core";
import { build, preview } from "vite";
import { expectedLong } from "../src/compute/run";
import { completePlotParams, launch, plotTraceMs } from "../test/browser/browser";
import { type Metric, median, metricLog, writeResults } from "./report";

const { results, record } = metricLog();

async function sitePlatform() {
  const t0 = performance.now();
  await build({ logLevel: "silent" });
  record({
    metric: "npm run build (vite build)",
    value: (performance.now() - t0) / 1000,
    unit: "s",
    budget: 30,
  });

  const server = await preview({ preview: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
  const base = server.resolvedUrls!.local[0];
  const browser = await launch();
  try {
    for (const nb of ["guide", "bandits"]) {
      const page = await browser.newPage();
      // The moment the first plot is inserted, recorded from inside the page.
      await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
          if (document.querySelector(".bl-plot svg")) {
            (globalThis as unknown as { firstPlotAt: number }).firstPlotAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(`${base}${nb}.html`);
      await page.waitForSelector(".bl-plot svg", { timeout: 60_000 });
      const firstPlotAt = await page.evaluate(() => (globalThis as unknown as { firstPlotAt: number }).firstPlotAt);
      const scripts = await page.evaluate(
        (t) =>
          performance
            .getEntriesByType("resource")
            .filter((r) => r.name.endsWith(".js") && r.startTime < t)
            .map((r) => new URL(r.name).pathname)
            .filter((path, i, all) => all.indexOf(path) === i), // a file fetched by several workers counts once
        firstPlotAt,
      );
      let gz = 0;
      const sizes: [string, number][] = [];
      for (const path of scripts) {
        const size = gzipSync(readFileSync(resolve("dist", `.${path}`))).length;
        gz += size;
        sizes.push([path.replace(/^\/assets\//, ""), size]);
      }
      sizes.sort((a, b) => b[1] - a[1]);
      record({
        metric: `${nb}: JS loaded before the first plot (gzip)`,
        value: gz / 1000,
        unit: "kB",
        budget: 250,
        note: `largest: ${sizes
          .slice(0, 3)
          .map(([n, s]) => `${n} ${(s / 1000).toFixed(0)} kB`)
          .join(", ")}`,
      });
      await page.close();
    }

    // Embed (issue 3): time from navigation to a complete plot, and its JavaScript against the full page's.
    const loadAndWeigh = async (url: string) => {
      const p = await browser.newPage();
      const t0 = Date.now();
      await p.goto(url);
      await completePlotParams(p, '[data-cell-id="gd"]', 60_000);
      const ms = Date.now() - t0;
      await p.waitForTimeout(2500); // chunks loaded after the first plot count too
      const paths = await p.evaluate(() => [
        ...new Set(
          performance
            .getEntriesByType("resource")
            .filter((r) => r.name.endsWith(".js"))
            .map((r) => new URL(r.name).pathname),
        ),
      ]);
      await p.close();
      return {
        ms,
        kb: paths.reduce((n, path) => n + gzipSync(readFileSync(resolve("dist", `.${path}`))).length, 0) / 1000,
      };
    };
    const embedTimes: number[] = [];
    let embedJs = 0;
    for (let i = 0; i < 5; i++) {
      const r = await loadAndWeigh(`${base}embed.html?nb=guide&cell=gd&controls=1`);
      embedTimes.push(r.ms);
      embedJs = r.kb;
    }
    const fullJs = (await loadAndWeigh(`${base}guide.html`)).kb;
    record({
      metric: "embed: navigation → complete plot, median of 5",
      value: median(embedTimes),
      unit: "ms",
      budget: 1500,
    });
    record({
      metric: "embed: all JS loaded (gzip), against the full page",
      value: embedJs,
      unit: "kB",
      budget: Number(fullJs.toFixed(1)),
      note: "budget: the full page's",
    });

    // Bandits (issue 4): 1000 runs × 10 000 rounds × 10 arms of UCB1 in the worker pool (budget 3 s).
    // The page starts four experiments at load; time a run of its own, after the page has settled.
    {
      const p = await browser.newPage();
      const means = "0.9,0.85,0.8,0.7,0.6,0.5,0.4,0.3,0.2,0.1";
      await p.goto(`${base}bandits.html?policies=ucb1&T=10000&runs=1000&means=${means}&backend=cpu`);
      await completePlotParams(p, '[data-cell-id="regret"]', 120_000);
      await p.waitForFunction(() => !document.querySelector('.cell[data-state="pending"]'), null, { timeout: 120_000 });
      const times: number[] = [];
      for (const seed of [2, 3, 4]) {
        await p.evaluate((v) => {
          const el = document.querySelector('.bl-field[data-param="seed"] input[type=number]') as HTMLInputElement;
          el.value = String(v);
          el.dispatchEvent(new Event("input", { bubbles: true }));
        }, seed);
        await completePlotParams(p, '[data-cell-id="regret"]', 120_000, { seed });
        times.push(await plotTraceMs(p, '[data-cell-id="regret"]'));
      }
      const ms = median(times);
      record({
        metric: "bandits: UCB1 1000 runs × 10⁴ rounds × 10 arms in the pool, median of 3",
        value: ms / 1000,
        unit: "s",
        budget: 3,
        note: `${((1000 * 10_000) / (ms / 1000) / 1e6).toFixed(1)} M pulls/s; runs ${times.map((t) => (t / 1000).toFixed(2)).join(", ")} s`,
      });
      await p.close();
    }

    const page = await browser.newPage();
    await page.goto(`${base}guide.html`);
    await completePlotParams(page, '[data-cell-id="gd"]', 60_000);
    await page.waitForTimeout(2500); // let KaTeX and spare workers settle: measure steady state
    await page.evaluate(() => {
      const w = globalThis as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longTasks.push(e.duration);
      }).observe({ type: "longtask" });
    });
    const latencies: number[] = [];
    const values = [
      0.9, 0.8, 0.7, 0.6, 0.5, 0.55, 0.65, 0.75, 0.85, 0.95, 0.45, 0.35, 0.4, 0.3, 0.25, 0.2, 0.3, 0.5, 0.7, 1,
    ];
    for (const v of values) {
      const ms = await page.evaluate(
        (value) =>
          new Promise<number>((done) => {
            const cell = document.querySelector('[data-cell-id="gd"]')!;
            const field = document.querySelector(
              '.bl-field[data-param="stepL"] input[type=number]',
            ) as HTMLInputElement;
            const t0 = performance.now();
            const obs = new MutationObserver(() => {
              const fig = cell.querySelector(".bl-plot") as
                | (HTMLElement & { trace?: { meta: { params: { stepL: number }; complete: boolean } } })
                | null;
              if (fig?.trace?.meta.complete && fig.trace.meta.params.stepL === value) {
                obs.disconnect();
                requestAnimationFrame(() => done(performance.now() - t0)); // until the frame that shows it
              }
            });
            obs.observe(cell, { childList: true, subtree: true });
            field.value = String(value);
            field.dispatchEvent(new Event("input", { bubbles: true }));
          }),
        v,
      );
      latencies.push(ms);
      await page.waitForTimeout(150);
    }
    const longTasks = await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks);
    record({
      metric: "guide: slider change → redrawn plot, median",
      value: median(latencies),
      unit: "ms",
      budget: 100,
      note: `${values.length} changes, max ${Math.max(...latencies).toFixed(0)} ms`,
    });
    record({
      metric: "guide: main-thread tasks over 50 ms during those runs",
      value: longTasks.length,
      unit: "tasks",
      budget: 0,
      note: longTasks.length ? `longest ${Math.max(...longTasks).toFixed(0)} ms` : undefined,
    });
    await page.close();

    // Cancellation (issue 2): during a run of several minutes (256 runs × 10⁶ iterations in dimension
    // 2000), a parameter change must cancel it at once: from the change to the moment the fresh run
    // began on a worker (its chunk's startedAt), median of 5. Moved here from test/browser/guide.test.ts,
    // which checks only what a loaded machine cannot break: the fresh run comes, the stale one is never drawn.
    const starts: number[] = [];
    for (let trial = 0; trial < 5; trial++) {
      const p = await browser.newPage();
      await p.goto(`${base}guide.html?K=1000000&d=200&runs=64`);
      await p.waitForSelector('.bl-field[data-param="K"] input[type=number]');
      await p.waitForSelector(".bl-run-status progress", { timeout: 60_000 }); // the long run is under way
      const changedAt = await p.evaluate(() => {
        const field = document.querySelector('.bl-field[data-param="K"] input[type=number]') as HTMLInputElement;
        field.value = "300";
        const t = performance.timeOrigin + performance.now();
        field.dispatchEvent(new Event("input", { bubbles: true }));
        return t;
      });
      await completePlotParams(p, '[data-cell-id="gd"]', 60_000, { K: 300 });
      const startedAt = await p.evaluate(
        () =>
          (
            document.querySelector('[data-cell-id="gd"] .bl-plot') as unknown as {
              trace: { meta: { startedAt: number } };
            }
          ).trace.meta.startedAt,
      );
      starts.push(startedAt - changedAt);
      await p.close();
    }
    record({
      metric: "guide: change during a long run → fresh run started, median of 5",
      value: median(starts),
      unit: "ms",
      budget: 50,
      note: `runs ${starts.map((t) => t.toFixed(1)).join(", ")} ms`,
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

/** CPU seconds the whole browser has used (every process: the page, its workers, the GPU process). */
async function browserCpuSeconds(cdp: CDPSession): Promise<number> {
  const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo" as never)) as {
    processInfo: { cpuTime: number }[];
  };
  return processInfo.reduce((s, p) => s + p.cpuTime, 0);
}

/** Slider → final redraw budget of a run that is not long (issue 19), and the time to show progress of one that is. */
const LATENCY_MS = 100;
/** A long run (run.ts `expectedLong`: the kit's estimate over the pool) ends by this. */
const LONG_RUN_MS = 2000;

/**
 * Each notebook's default view: for every live controls form, change one parameter (the seed where there
 * is one, so the work stays the same; else its first number field, by one step) 5 times and time each
 * change until every figure of the form's experiment shows the complete trace at the new value, in the
 * frame after (not the first partial trace), with the CPU time the browser spent meanwhile (a loaded
 * machine stretches wall time, less so CPU time). Where the experiment has no trace figure (its cells
 * draw by hand), until its cells have gone pending and settled; a change after which no cell goes
 * pending, or an experiment behind its run switch (off at the defaults), is listed, not timed: that
 * would time a no-op. Budgets: ≤ LATENCY_MS median; for a run whose estimate (cost.ts) on the page's
 * pool is long (run.ts `expectedLong`), progress shown within LATENCY_MS and the final redraw by
 * LONG_RUN_MS.
 */
async function notebookLatencies() {
  const { readdirSync } = await import("node:fs");
  const { loadSchema } = await import("../src/theory/registry");
  const { costOf } = await import("../src/theory/experiment");
  await build({ logLevel: "silent" });
  const server = await preview({ preview: { port: 0, host: "127.0.0.1" }, logLevel: "silent" });
  const base = server.resolvedUrls!.local[0];
  const browser = await launch();
  const cdp = await browser.newBrowserCDPSession();
  try {
    for (const nb of readdirSync("notebooks")
      .filter((f) => f.endsWith(".md"))
      .map((f) => f.replace(/\.md$/, ""))
      .filter((nb) => !process.env.BENCH_NOTEBOOK || nb === process.env.BENCH_NOTEBOOK)) {
      const page = await browser.newPage();
      // tsx keeps the names of the functions declared in the evaluated code below with a helper of its
      // own, which the page does not have.
      await page.addInitScript({ content: "globalThis.__name ??= (f) => f;" });
      await page.goto(`${base}${nb}.html`);
      await page.waitForFunction(
        () =>
          document.querySelector(".cell[data-state]") &&
          !document.querySelector('.cell[data-state="pending"]') &&
          !document.querySelector('.bl-plot[data-complete="false"]'),
        null,
        { timeout: 120_000 },
      );
      await page.waitForTimeout(1500);
      // The page's own pool (src/site/notebook-page.ts exposes it for benches and tests).
      const workers = await page.evaluate(
        () => (globalThis as unknown as { boundlab: { pool: { size: number } } }).boundlab.pool.size,
      );
      const forms = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLFormElement>("form.bl-controls")]
          .filter((form) => !form.closest(".bl-static"))
          .map((form, index) => {
            const seed = form.querySelector('.bl-field[data-param="seed"] input[type=number]');
            const el = (seed ?? form.querySelector(".bl-field input[type=number]")) as HTMLInputElement | null;
            const field = el ? (el.closest(".bl-field") as HTMLElement).dataset.param! : null;
            return { index, field, experiment: form.dataset.experiment ?? "" };
          }),
      );
      for (const { index, field, experiment } of forms) {
        if (!field) continue;
        const label = `${nb} ${experiment}: change ${field}`;
        const wall: number[] = [];
        const progress: number[] = [];
        let cpu = 0;
        let outcome: { params?: Record<string, unknown>; byHand?: boolean; skipped?: string } = {};
        for (let i = 0; i < 5 && !outcome.skipped; i++) {
          const cpu0 = await browserCpuSeconds(cdp);
          const r = await page.evaluate(
            ([formIndex, name, id]) =>
              new Promise<{
                ms: number;
                progressMs: number;
                params?: Record<string, unknown>;
                byHand: boolean;
                skipped?: string;
              }>((done) => {
                type Fig = HTMLElement & { trace?: { meta: { complete: boolean; params: Record<string, unknown> } } };
                const form = [...document.querySelectorAll<HTMLFormElement>("form.bl-controls")].filter(
                  (f) => !f.closest(".bl-static"),
                )[formIndex as number];
                const el = form.querySelector(`.bl-field[data-param="${name}"] input[type=number]`) as HTMLInputElement;
                const v = Number(el.value);
                const step = Number(el.step) > 0 ? Number(el.step) : Math.abs(v) / 10 || 1;
                const value = el.max !== "" && v + step > Number(el.max) ? v - step : v + step;
                const figs = () =>
                  [...document.querySelectorAll<Fig>(".bl-plot")].filter(
                    (f) => f.dataset.experiment === id && !f.closest(".bl-static"),
                  );
                const byHand = figs().length === 0;
                const atValue = (f: Fig) => f.trace?.meta.params[name as string] === value;
                const pending = () => document.querySelector('.cell[data-state="pending"]') !== null;
                let progressMs = Number.NaN;
                let wentPending = false;
                const t0 = performance.now();
                let finished = false;
                const finish = (skipped?: string) => {
                  if (finished) return;
                  finished = true;
                  obs.disconnect();
                  clearTimeout(timer);
                  requestAnimationFrame(() =>
                    done({
                      ms: performance.now() - t0,
                      progressMs,
                      params: figs()[0]?.trace?.meta.params ?? { ...(form as unknown as { value: object }).value },
                      byHand,
                      skipped,
                    }),
                  );
                };
                const check = () => {
                  const fs = figs();
                  if (!wentPending && pending()) {
                    // Something recomputes: it has 120 s to finish.
                    wentPending = true;
                    clearTimeout(timer);
                    timer = setTimeout(() => finish("no complete redraw in 120 s"), 120_000);
                  }
                  // Progress: the status line, or a trace at the new value (partial or not) drawn.
                  if (
                    Number.isNaN(progressMs) &&
                    (document.querySelector(".bl-run-status progress") || fs.some(atValue))
                  )
                    progressMs = performance.now() - t0;
                  const error = document.querySelector('.cell[data-state="error"]');
                  if (error) finish(`refused: ${(error.textContent ?? "").slice(0, 120)}`);
                  else if (
                    byHand
                      ? wentPending && !pending()
                      : fs.every((f) => atValue(f) && f.trace!.meta.complete) && !pending()
                  )
                    finish();
                };
                const obs = new MutationObserver(check);
                obs.observe(document.body, { childList: true, subtree: true, attributes: true });
                // A change that sets no cell pending within a second redraws nothing.
                let timer = setTimeout(() => finish("no-op: no cell recomputed"), 1000);
                el.value = String(value);
                el.dispatchEvent(new Event("input", { bubbles: true }));
              }),
            [index, field, experiment] as const,
          );
          cpu += (await browserCpuSeconds(cdp)) - cpu0;
          if (r.skipped) outcome = { skipped: r.skipped };
          else {
            wall.push(r.ms);
            progress.push(r.progressMs);
            outcome = { params: r.params, byHand: r.byHand };
          }
        }
        if (outcome.skipped) {
          console.log(`${label}: not timed (${outcome.skipped})`);
          continue;
        }
        const schema = await loadSchema(experiment);
        const estimate = schema && outcome.params ? costOf(schema, outcome.params) : undefined;
        if (estimate?.long) {
          // A paper-size run behind its notebook's switch (cost.ts): off at the defaults, so its cells
          // only re-read the form; timing that would time a no-op.
          console.log(`${label}: not timed (behind its run switch, off at the defaults)`);
          continue;
        }
        const long = expectedLong(estimate, workers); // as run.ts decides to show its progress at once
        const note = [
          `max ${Math.max(...wall).toFixed(0)} ms`,
          `browser CPU ${((1000 * cpu) / wall.length).toFixed(0)} ms a change`,
          ...(estimate ? [`estimate ${(estimate.seconds * 1000).toFixed(0)} ms of one core`] : []),
          ...(outcome.byHand ? ["drawn by hand: until its cells settled"] : []),
        ].join("; ");
        record({
          metric: `${label} → final redraw, median of ${wall.length}${long ? " (long run)" : ""}`,
          value: median(wall),
          unit: "ms",
          budget: long ? LONG_RUN_MS : LATENCY_MS,
          note,
        });
        if (long)
          record({
            metric: `${label} → progress shown, median of ${wall.length}`,
            value: median(progress),
            unit: "ms",
            budget: LATENCY_MS,
          });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function paperBenches() {
  for (const name of ["defaults", "bandits", "sor", "halpern"]) {
    let mod: { default: () => Promise<Metric[]> };
    try {
      mod = await import(`./${name}.ts`);
    } catch {
      continue; // that paper has no bench module yet
    }
    console.log(`\n# ${name}`);
    for (const m of await mod.default()) record({ ...m, metric: `${name}: ${m.metric}` });
  }
}

const only = process.argv[2];
console.log("# platform");
if (!only || only === "platform") await sitePlatform();
if (!only || only === "notebooks") await notebookLatencies();
if (!only || only === "papers") await paperBenches();
const budgeted = results.filter((m) => m.pass !== undefined);
const failed = budgeted.filter((m) => !m.pass);
console.log(
  `\n# budgets: ${budgeted.length - failed.length} of ${budgeted.length} pass${failed.length ? `; FAIL: ${failed.map((m) => m.metric).join("; ")}` : ""}`,
);
if (failed.length && process.env.BENCH_STRICT === "1") process.exitCode = 1;
writeResults("bench/results/latest.json", { results });
