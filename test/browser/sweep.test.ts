/**
 * Step up, step down (issue 18), in the built site: "Sweep" under the bandits regret plot runs final
 * regret against T, points appear; Enter on a point steps down (the form's T takes its value, the
 * single-run plot shows); back returns to the sweep; a reload restores it from the URL. A point the
 * schema refuses shows its message, and a hostile sweep in a link is refused with a message. "Pin" keeps a
 * run's curves beside the next ones, in the URL too; "Clear pins" removes them.
 */
import { readFileSync } from "node:fs";
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

  it("a sweep exports like any figure: SVG, PNG, CSV of its points, a link and an embed that reopen it", async () => {
    const { page, errors } = await openPage(
      browser,
      `${baseUrl}bandits.html?regret.T=100&regret.runs=20&regret.policies=ucb1&regret.~sweep=T,100,1000,3,final:ucb1`,
    );
    await sweepDone(page, 3);
    const bar = `${SWEEP} .bl-toolbar`;
    const download = async (action: string) => {
      const [dl] = await Promise.all([
        page.waitForEvent("download"),
        page.click(`${bar} button[data-action="${action}"]`),
      ]);
      return { name: dl.suggestedFilename(), bytes: readFileSync((await dl.path())!) };
    };
    const csv = await download("csv");
    expect(csv.name).toBe("bandits-regret-sweep-T.csv");
    const text = csv.bytes.toString("utf8");
    expect(text).toMatch(/^# BoundLab sweep data — experiment bandits\/regret\n/);
    const rows = text.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(rows[0]).toMatch(/^T,y,y_lo,y_hi,state,/);
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(["100", "316", "1000"]);
    expect(rows.slice(1).every((r) => r.split(",")[4] === "done")).toBe(true);
    // Each point's median is the one the chart's point says it is.
    const labels = await page.$$eval(`${SWEEP} .bl-sweep-points circle`, (cs) =>
      cs.map((c) => c.getAttribute("aria-label")),
    );
    expect(labels[0]).toContain("T = 100: median");
    const svg = (await download("svg")).bytes.toString("utf8");
    expect(svg).toMatch(/^<\?xml|^<svg/);
    const caption = (await page.textContent(`${SWEEP} .bl-sweep-plot .bl-plot-title`)) ?? "";
    expect(caption).toMatch(/^Sweep: .+ against T$/);
    expect(svg).toContain(`<title>${caption}</title>`);
    const png = (await download("png")).bytes;
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).toBe("PNG");

    await page.click(`${bar} button[data-action="embed"]`);
    const snippet = await page.inputValue(`${bar} input.bl-share`);
    expect(snippet).toContain(`title="${caption}"`);
    const src = snippet.match(/src="([^"]+)"/)![1].replace(/&amp;/g, "&");
    expect(new URL(src).searchParams.get("regret.~sweep")).toBe("T,100,1000,3,final:ucb1");
    await page.goto(src);
    await sweepDone(page, 3);
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
