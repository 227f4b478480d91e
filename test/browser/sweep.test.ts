/**
 * Step up, step down (issue 18), in the built site: "Sweep" under the bandits regret plot runs final
 * regret against T, points appear; Enter on a point steps down (the form's T takes its value, the
 * single-run plot shows); back returns to the sweep; a reload restores it from the URL. A point the
 * schema refuses shows its message, and a hostile sweep in a link is refused with a message. "Pin" keeps a
 * run's curves beside the next ones, in the URL too; "Clear pins" removes them.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="regret"]';
const SWEEP = `${PLOT} .bl-sweep`;

/** Waits until the sweep has run every point and drawn `points` of them. */
async function sweepDone(page: Page, points: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => {
      const s = document.querySelector<HTMLElement>(sel);
      const chart = s?.querySelector<HTMLElement>(".bl-sweep-plot");
      return s && !s.hidden && s.dataset.complete === "true" && chart?.dataset.points === String(n);
    },
    [SWEEP, points] as const,
    { timeout: 60_000 },
  );
}

const query = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
const visible = (page: Page, sel: string) => page.locator(sel).first().isVisible();

describe.skipIf(!baseUrl)("sweeps of a plot", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("steps up to a sweep over T, down to one of its points, back, and a reload restores it", async () => {
    const { page, errors } = await openPage(
      browser,
      `${baseUrl}bandits.html?regret.T=100&regret.runs=20&regret.policies=ucb1,exp3`,
    );
    await completePlotParams(page, PLOT, 60_000, { T: 100 });
    await page.click(`${PLOT} .bl-toolbar button[data-action="sweep"]`);
    await page.selectOption(`${SWEEP} select[name="param"]`, "T");
    await page.fill(`${SWEEP} input[name="from"]`, "100");
    await page.fill(`${SWEEP} input[name="to"]`, "1000");
    await page.fill(`${SWEEP} input[name="points"]`, "3");
    await page.selectOption(`${SWEEP} select[name="summary"]`, "final:ucb1");
    await page.click(`${SWEEP} button[data-action="run-sweep"]`);
    await sweepDone(page, 3);
    expect(query(page, "regret.~sweep")).toBe("T,100,1000,3,final:ucb1");
    const values = await page.$$eval(`${SWEEP} .bl-sweep-points circle`, (cs) =>
      cs.map((c) => c.getAttribute("data-value")),
    );
    expect(values).toEqual(["100", "316", "1000"]);
    expect(await visible(page, `${PLOT} .bl-plot`)).toBe(false); // the sweep stands in the plot's place
    expect(await page.textContent(`${SWEEP} .bl-meta`)).toMatch(/^cpu|^webgpu/);

    // Step down with the keyboard: the form's T becomes 316 and the single run shows.
    await page.focus(`${SWEEP} .bl-sweep-points circle[data-value="316"]`);
    await page.keyboard.press("Enter");
    await completePlotParams(page, PLOT, 60_000, { T: 316 });
    expect(await page.inputValue('.bl-field[data-param="T"][data-url-key="regret.T"] input[type=number]')).toBe("316");
    expect(query(page, "regret.T")).toBe("316");
    expect(query(page, "regret.~down")).toBe("1");
    expect(await visible(page, `${SWEEP} .bl-sweep-plot`)).toBe(false);
    expect(await visible(page, `${PLOT} .bl-plot`)).toBe(true);

    // A reload keeps the step down: the single run at T = 316, with the way back.
    await page.reload();
    await completePlotParams(page, PLOT, 60_000, { T: 316 });
    await page.waitForSelector(`${SWEEP} button[data-action="sweep-back"]`, { state: "visible" });
    expect(query(page, "regret.~down")).toBe("1");

    await page.click(`${SWEEP} button[data-action="sweep-back"]`);
    await sweepDone(page, 3);
    expect(await visible(page, `${SWEEP} .bl-sweep-plot`)).toBe(true);
    expect(query(page, "regret.~down")).toBeNull();

    await page.reload();
    await sweepDone(page, 3);
    expect(await page.inputValue(`${SWEEP} input[name="points"]`)).toBe("3");
    expect(await page.inputValue(`${SWEEP} select[name="summary"]`)).toBe("final:ucb1");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pins keep a run's curves beside later runs, labelled by what differs; in the URL; cleared", async () => {
    const { page, errors } = await openPage(
      browser,
      `${baseUrl}bandits.html?regret.T=100&regret.runs=20&regret.policies=ucb1`,
    );
    await completePlotParams(page, PLOT, 60_000, { T: 100 });
    await page.click(`${PLOT} .bl-toolbar button[data-action="pin"]`);
    expect(JSON.parse(query(page, "regret.~pins") ?? "null")).toEqual([{ T: "100", runs: "20", policies: "ucb1" }]);
    const t = page.locator('.bl-field[data-param="T"][data-url-key="regret.T"] input[type=number]');
    await t.fill("200");
    await t.dispatchEvent("input");
    await completePlotParams(page, PLOT, 60_000, { T: 200 });
    await page.waitForSelector(`${PLOT} .bl-legend .bl-pin`);
    expect(await page.textContent(`${PLOT} .bl-legend .bl-pin`)).toBe(" pinned: T = 100");
    expect(await page.locator(`${PLOT} .bl-plot > svg [stroke-dasharray="1,3"]`).count()).toBe(1);
    await page.reload();
    await completePlotParams(page, PLOT, 60_000, { T: 200 });
    await page.waitForSelector(`${PLOT} .bl-legend .bl-pin`, { timeout: 60_000 });
    expect(await page.textContent(`${PLOT} .bl-legend .bl-pin`)).toBe(" pinned: T = 100");
    await page.click(`${PLOT} .bl-toolbar button[data-action="clear-pins"]`);
    await page.waitForFunction((sel) => !document.querySelector(`${sel} .bl-legend .bl-pin`), PLOT);
    expect(query(page, "regret.~pins")).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a point the schema refuses shows its message; a hostile sweep in a link is refused", async () => {
    // 1000 runs × T = 10⁵ × three policies is over the run's cost limit.
    const { page, errors } = await openPage(browser, `${baseUrl}bandits.html?regret.~sweep=T,100,100000,2,final:ucb1`);
    await sweepDone(page, 1);
    expect(await page.textContent(`${SWEEP} .bl-sweep-refused li[data-value="100000"]`)).toMatch(
      /^T = 100000 refused: too heavy: runs × T × policies = 1000 × 100000 × 3/,
    );
    for (const [sweep, message] of [
      ["T,1000,100,5,final:ucb1", /reversed or empty: from 1000 to 100/],
      ["T,100,1000,1000000,final:ucb1", /2 to 200 points \(asked for 1000000\)/],
      ["nope,1,2,3,final:ucb1", /has no parameter "nope"/],
    ] as const) {
      await page.goto(`${baseUrl}bandits.html?regret.~sweep=${encodeURIComponent(sweep)}`);
      await page.waitForFunction(
        (sel) => document.querySelector<HTMLElement>(`${sel} .bl-sweep-error`)?.hidden === false,
        SWEEP,
        { timeout: 60_000 },
      );
      expect(await page.textContent(`${SWEEP} .bl-sweep-error`)).toMatch(message);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
