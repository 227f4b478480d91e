import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="gd"]';

/** Type a value into a parameter's number field, as a reader would. */
async function typeParam(page: Page, name: string, value: string) {
  const field = page.locator(`.bl-field[data-param="${name}"] input[type=number]`);
  await field.fill(value);
  await field.dispatchEvent("input");
}

describe.skipIf(!baseUrl)("the guide notebook", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("moving a slider redraws the plot with the new value, and the URL follows", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html`);
    expect((await completePlotParams(page, PLOT)).stepL).toBe(1);
    const slider = page.locator('.bl-field[data-param="stepL"] input[type=range]');
    await slider.focus();
    await page.keyboard.press("ArrowLeft"); // keyboard works for every control
    await page.waitForFunction(() => new URLSearchParams(location.search).get("stepL") !== null);
    const stepL = Number(new URL(page.url()).searchParams.get("stepL"));
    expect(stepL).toBeLessThan(1);
    await page.waitForFunction(
      ([sel, v]) => {
        const fig = document.querySelector(`${sel} .bl-plot`) as HTMLElement & {
          trace?: { meta: { params: { stepL: number } } };
        };
        return fig?.dataset.complete === "true" && fig.trace?.meta.params.stepL === v;
      },
      [PLOT, stepL] as const,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a URL reproduces its parameters, and back/forward steps through changes", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html?kappa=10&stepL=0.5&d=7&K=300&runs=3&seed=9`);
    const params = await completePlotParams(page, PLOT);
    expect(params).toMatchObject({ kappa: 10, stepL: 0.5, d: 7, K: 300, runs: 3, seed: 9 });
    expect(await page.inputValue('.bl-field[data-param="kappa"] input[type=number]')).toBe("10");
    await typeParam(page, "d", "11");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("d") === "11");
    // Past one burst of edits (500 ms), on the page's own clock: a timer set now fires after the
    // burst's, however busy the machine, where a sleep in the test could end first.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 600)));
    await typeParam(page, "d", "13");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("d") === "13");
    await page.goBack();
    await page.waitForFunction(() => new URLSearchParams(location.search).get("d") === "11");
    await page.waitForFunction(
      () => (document.querySelector('.bl-field[data-param="d"] input[type=number]') as HTMLInputElement).value === "11",
    );
    expect((await completePlotParams(page, PLOT, 30_000, { d: 11 })).d).toBe(11);
    await page.close();
  });

  it("a bad URL value is named with its valid range, and nothing runs with it", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html?kappa=abc&d=7`);
    const message = 'kappa = "abc" is not valid: expected a number from 1 to 1000000';
    await page.waitForSelector(`.bl-field[data-param="kappa"] .bl-error:not([hidden])`);
    expect(await page.textContent('.bl-field[data-param="kappa"] .bl-error')).toBe(message);
    await page.waitForSelector(`${PLOT}[data-state="error"]`);
    expect(await page.textContent(PLOT)).toContain(message);
    expect(await page.locator(`${PLOT} .bl-plot`).count()).toBe(0);
    // The other cells keep working.
    await page.waitForFunction(() =>
      [...document.querySelectorAll(".cell")].some((c) => c.textContent?.includes("current step")),
    );
    await page.close();
  });

  it("a typed out-of-range value shows a message and does not run", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html?K=200&runs=2`);
    expect((await completePlotParams(page, PLOT)).d).toBe(50);
    // Every trace drawn from now on (the one on screen, d = 50, is not counted again when KaTeX redraws its legend).
    await page.evaluate((sel) => {
      type Fig = HTMLElement & { trace?: { meta: { params: { d: number } } } };
      const drawn: number[] = [];
      const seen = new Set([(document.querySelector(`${sel} .bl-plot`) as Fig).trace!.meta]);
      (globalThis as unknown as { drawnD: number[] }).drawnD = drawn;
      new MutationObserver(() => {
        const meta = (document.querySelector(`${sel} .bl-plot`) as Fig | null)?.trace?.meta;
        if (meta && !seen.has(meta)) {
          seen.add(meta);
          drawn.push(meta.params.d);
        }
      }).observe(document.querySelector(sel)!, { childList: true, subtree: true });
    }, PLOT);
    await typeParam(page, "d", "999999");
    await page.waitForSelector('.bl-field[data-param="d"] .bl-error:not([hidden])');
    expect(await page.textContent('.bl-field[data-param="d"] .bl-error')).toBe(
      'd = "999999" is not valid (out of range): expected an integer from 1 to 2000',
    );
    expect(new URL(page.url()).searchParams.get("d")).toBeNull();
    // Then a valid value: the next run drawn is its run. Had the refused value run, its plot would
    // have been drawn in between (no sleep: the order of what is drawn says it).
    await typeParam(page, "d", "60");
    expect((await completePlotParams(page, PLOT, 30_000, { d: 60 })).d).toBe(60);
    const drawn = await page.evaluate(() => (globalThis as unknown as { drawnD: number[] }).drawnD);
    expect(drawn.filter((d) => d !== 60)).toEqual([]);
    expect(new URL(page.url()).searchParams.get("d")).toBe("60");
    await page.close();
  });

  it("a parameter change cancels a long run: only the fresh run is drawn, and it began after the change", async () => {
    // How fast the fresh run starts (≤ 50 ms median) is a budget in bench/run.ts: a loaded machine may
    // miss a timing, so this checks only the order of events and that no stale result is drawn.
    // A run of about a minute of CPU (under the 2-minute refusal limit): 64 runs × 10⁶ iterations, d = 200.
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html?K=1000000&d=200&runs=64`);
    // Wait for what the test touches: the K field, and the long run under way (the page's status line).
    await page.waitForSelector('.bl-field[data-param="K"] input[type=number]');
    await page.waitForSelector(".bl-run-status progress", { timeout: 30_000 });
    await page.evaluate((sel) => {
      const drawn: unknown[] = [];
      (globalThis as unknown as { drawn: unknown[] }).drawn = drawn;
      new MutationObserver(() => {
        const fig = document.querySelector(`${sel} .bl-plot`) as (HTMLElement & { trace?: { meta: unknown } }) | null;
        if (fig?.trace && !drawn.includes(fig.trace.meta)) drawn.push(fig.trace.meta);
      }).observe(document.querySelector(sel)!, { childList: true, subtree: true });
    }, PLOT);
    const changedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    await typeParam(page, "K", "300");
    // Were the long run not cancelled, its chunks would hold every worker for minutes: the fresh run
    // arriving at all is the proof that it was.
    const fresh = await completePlotParams(page, PLOT, 60_000, { K: 300 });
    expect(fresh.K).toBe(300);
    type Meta = { params: { K: number }; startedAt: number; complete: boolean };
    const drawn = await page.evaluate(() => (globalThis as unknown as { drawn: Meta[] }).drawn);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.map((m) => m.params.K)).toEqual(drawn.map(() => 300)); // never a stale result
    expect(drawn.at(-1)!.complete).toBe(true);
    expect(drawn.at(-1)!.startedAt).toBeGreaterThanOrEqual(changedAt); // the fresh run began after the change
    // The long run's status line is gone with it.
    await page.waitForFunction(() => !document.querySelector(".bl-run-status progress"));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a worker that throws reports the error and is replaced; the page keeps working", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html?K=200&runs=2`);
    await completePlotParams(page, PLOT);
    const message = await page.evaluate(async () => {
      const { pool } = (
        globalThis as unknown as { boundlab: { pool: { runChunk: (...a: unknown[]) => Promise<unknown> } } }
      ).boundlab;
      try {
        await pool.runChunk(
          { experiment: "guide/gd", params: { K: -5 }, runStart: 0, runCount: 1 },
          () => {},
          new AbortController().signal,
        );
        return "no error";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(message).toContain("K = -5 is not valid");
    await typeParam(page, "runs", "3");
    expect((await completePlotParams(page, PLOT, 30_000, { runs: 3 })).runs).toBe(3);
    await page.close();
  });
});
