/**
 * A compute worker that dies never leaves the page broken (issue 14): busy or idle, by an uncaught
 * error, by self.close(), or as a worker the browser stops for lack of memory (simulated: it reports
 * progress, then stops without a word mid-run). Each time the page recovers: the next run succeeds, or
 * the failing run shows a message in its cell; never a stuck "running…".
 *
 * The deaths come from the test-only hook `boundlab.pool.__testDie(mode, times)` (src/compute/protocol.ts
 * lists the modes; the worker acts them out in workers/compute.worker.ts).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PoolStats } from "../../src/compute/pool";
import type { DieMode } from "../../src/compute/protocol";
import { completePlotParams, launch, openPage, type WatchedPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="gd"]';

type TestPool = {
  __testDie(mode: DieMode | null, times?: number, delayMs?: number): number;
  stats(): PoolStats;
  stallMs: number;
};

const die = (page: Page, mode: DieMode | null, times = 1, delayMs?: number) =>
  page.evaluate(
    ([m, t, d]) => (globalThis as unknown as { boundlab: { pool: TestPool } }).boundlab.pool.__testDie(m, t, d),
    [mode, times, delayMs] as const,
  );
const stats = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { boundlab: { pool: TestPool } }).boundlab.pool.stats());
const waitForStats = (page: Page, want: Partial<Record<keyof PoolStats, number>>, timeout = 30_000) =>
  page.waitForFunction(
    (w) => {
      const s = (globalThis as unknown as { boundlab: { pool: TestPool } }).boundlab.pool.stats();
      return Object.entries(w).every(([k, v]) => s[k as keyof PoolStats] >= (v as number));
    },
    want,
    { timeout },
  );

/**
 * Set a parameter with exactly one input event (waiting for its field first): one run, so the death
 * armed for its first chunk is not spent on a run that a second event cancels.
 */
async function setParam(page: Page, name: string, value: string) {
  const sel = `.bl-field[data-param="${name}"] input[type=number]`;
  await page.waitForSelector(sel);
  await page.evaluate(
    ([s, v]) => {
      const field = document.querySelector(s) as HTMLInputElement;
      field.value = v;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    },
    [sel, value] as const,
  );
}

/** A guide page with a complete plot and its spare workers up. */
async function settledGuide(browser: Browser): Promise<WatchedPage> {
  const watched = await openPage(browser, `${baseUrl}guide.html?K=200&runs=2`);
  await completePlotParams(watched.page, PLOT);
  await waitForStats(watched.page, { idle: 1 });
  return watched;
}

/** Nothing on the page says a run is under way: no progress row, no incomplete plot. */
async function nothingRunning(page: Page) {
  await page.waitForFunction(
    () =>
      !document.querySelector(".bl-run-status progress") && !document.querySelector('.bl-plot[data-complete="false"]'),
  );
}

/** The page's own uncaught errors (the simulated crashes happen in workers, and are expected there). */
const uncaught = (errors: string[]) => errors.filter((e) => e.startsWith("uncaught:"));

describe.skipIf(!baseUrl)("a compute worker that dies", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("throws while idle: it is removed and replaced, and the next run succeeds", async () => {
    const { page, errors } = await settledGuide(browser);
    const told = await die(page, "throw-later", 1, 50);
    expect(told).toBeGreaterThan(0);
    await waitForStats(page, { deaths: told });
    await setParam(page, "runs", "3");
    expect((await completePlotParams(page, PLOT, 30_000, { runs: 3 })).runs).toBe(3);
    expect(await page.getAttribute(PLOT, "data-state")).toBe("ok");
    expect(await page.textContent("body")).not.toContain("Proxy has been released");
    expect((await stats(page)).retries).toBe(0);
    await nothingRunning(page);
    expect(uncaught(errors)).toEqual([]);
    await page.close();
  });

  it("calls close() while idle: the silent stop is seen, and the next run succeeds", async () => {
    const { page, errors } = await settledGuide(browser);
    const told = await die(page, "close");
    expect(told).toBeGreaterThan(0);
    await setParam(page, "runs", "3");
    expect((await completePlotParams(page, PLOT, 45_000, { runs: 3 })).runs).toBe(3);
    expect(await page.getAttribute(PLOT, "data-state")).toBe("ok");
    await waitForStats(page, { deaths: 1 });
    await nothingRunning(page);
    expect(uncaught(errors)).toEqual([]);
    await page.close();
  });

  it("throws while busy: its chunk is retried on a fresh worker and the run completes", async () => {
    const { page, errors } = await settledGuide(browser);
    await die(page, "throw-in-run", 1);
    await setParam(page, "runs", "4");
    expect((await completePlotParams(page, PLOT, 30_000, { runs: 4 })).runs).toBe(4);
    expect(await page.getAttribute(PLOT, "data-state")).toBe("ok");
    expect(await stats(page)).toMatchObject({ retries: 1, deaths: 1 });
    await nothingRunning(page);
    expect(uncaught(errors)).toEqual([]);
    await page.close();
  });

  it("stops without a word mid-run (out of memory): its chunk is retried and the run completes", async () => {
    const { page, errors } = await settledGuide(browser);
    await die(page, "close-in-run", 1);
    await setParam(page, "runs", "5");
    expect((await completePlotParams(page, PLOT, 45_000, { runs: 5 })).runs).toBe(5);
    expect(await page.getAttribute(PLOT, "data-state")).toBe("ok");
    expect((await stats(page)).retries).toBe(1);
    await nothingRunning(page);
    expect(uncaught(errors)).toEqual([]);
    await page.close();
  });

  it.each([
    ["throw-in-run", /a compute worker crashed \(.*simulated worker crash.*\), twice/],
    ["close-in-run", /a compute worker stopped .*, twice/],
  ] as const)(
    "dies every time (%s): the run fails with a message in its cell; then the page recovers",
    async (mode, why) => {
      const { page, errors } = await settledGuide(browser);
      await die(page, mode, Number.POSITIVE_INFINITY);
      await setParam(page, "runs", "6");
      await page.waitForSelector(`${PLOT}[data-state="error"]`, { timeout: 45_000 });
      const text = (await page.textContent(PLOT)) ?? "";
      expect(text).toMatch(why);
      await nothingRunning(page);
      // The deaths stop: the next change runs.
      await die(page, null);
      await setParam(page, "runs", "3");
      expect((await completePlotParams(page, PLOT, 30_000, { runs: 3 })).runs).toBe(3);
      expect(await page.getAttribute(PLOT, "data-state")).toBe("ok");
      expect(uncaught(errors)).toEqual([]);
      await page.close();
    },
  );

  it("hangs mid-run: the watchdog gives up on it, the run fails with a message, never waits for ever", async () => {
    const { page, errors } = await settledGuide(browser);
    await page.evaluate(() => {
      (globalThis as unknown as { boundlab: { pool: TestPool } }).boundlab.pool.stallMs = 3000;
    });
    await die(page, "hang-in-run", Number.POSITIVE_INFINITY);
    await setParam(page, "runs", "6");
    await page.waitForSelector(`${PLOT}[data-state="error"]`, { timeout: 45_000 });
    expect(await page.textContent(PLOT)).toMatch(/a compute worker sent no progress for 3 s, twice/);
    await nothingRunning(page);
    await die(page, null);
    await page.evaluate(() => {
      (globalThis as unknown as { boundlab: { pool: TestPool } }).boundlab.pool.stallMs = 60_000; // the default again
    });
    await setParam(page, "runs", "3");
    expect((await completePlotParams(page, PLOT, 30_000, { runs: 3 })).runs).toBe(3);
    expect(uncaught(errors)).toEqual([]);
    await page.close();
  });
});
