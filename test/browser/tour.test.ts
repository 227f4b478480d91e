/**
 * Tours for a lecture (src/site/tour.ts), in Chromium on the built site: every step of every tour
 * draws its figure without an error or a refused parameter, the keys step it, each step's URL is a
 * permalink that reopens it, Escape leaves it with the step's state, and the tour works in an embed.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileNotebook } from "../../src/notebook/compile";
import type { Tour } from "../../src/notebook/tour-spec";
import { launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const tours = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .flatMap((f) => {
    const nb = compileNotebook(readFileSync(`notebooks/${f}`, "utf8"), `notebooks/${f}`, f.slice(0, -3));
    return nb.tours.map((tour) => ({ notebook: nb.name, tour }));
  });

type Fig = HTMLElement & { trace?: { meta: { complete?: boolean; params: Record<string, unknown> } } };

/** Remember the trace on screen, so that `settledStep` waits for the next one. */
function markTrace(page: Page, tour: Tour): Promise<void> {
  return page.evaluate((sel) => {
    const fig = document.querySelector(`${sel} .bl-plot`) as Fig | null;
    (window as unknown as { tourTrace: unknown }).tourTrace = fig?.trace ?? null;
  }, `.cell[data-cell-id="${tour.figure}"]`);
}

/**
 * The tour's state once its figure shows a new complete trace (or its cell an error) at step `step`:
 * caption, position, the figure's parameters, its written description, and what forms refused.
 */
async function settledStep(page: Page, tour: Tour, step: number, timeout = 180_000) {
  const cellSelector = `.cell[data-cell-id="${tour.figure}"]`;
  await page.waitForFunction(
    ([n, sel]) => {
      const cap = document.querySelector<HTMLElement>(".bl-tour-caption");
      const cell = document.querySelector<HTMLElement>(sel);
      const fig = cell?.querySelector(".bl-plot") as Fig | null;
      if (cap?.dataset.step !== String(n) || new URLSearchParams(location.search).get("step") !== String(n))
        return false;
      if (cell?.dataset.state === "error") return true;
      const before = (window as unknown as { tourTrace?: unknown }).tourTrace;
      return !!fig?.trace && fig.dataset.complete === "true" && fig.trace !== before;
    },
    [step, cellSelector] as const,
    { timeout, polling: 200 },
  );
  return page.evaluate(
    ([sel, expected]) => {
      const box = document.querySelector(".bl-tour")!;
      const cell = document.querySelector<HTMLElement>(sel)!;
      const fig = cell.querySelector(".bl-plot") as Fig | null;
      // The compiled caption as this browser serialises it.
      const t = document.createElement("template");
      t.innerHTML = expected;
      const svg = fig?.querySelector(":scope > svg");
      const ref = svg?.getAttribute("aria-describedby");
      const params = Object.fromEntries(
        Object.entries(fig?.trace?.meta.params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
      );
      // Forms anywhere on the page: a step's parameter that a form refused or could not place.
      const refused = [...document.querySelectorAll(".bl-controls .bl-error")]
        .map((e) => e.textContent?.trim())
        .filter((t) => t);
      return {
        captionIsCompiled: box.querySelector(".bl-tour-caption")!.innerHTML === t.innerHTML,
        position: box.querySelector(".bl-tour-position")!.textContent,
        cellError: cell.dataset.state === "error" ? cell.textContent : null,
        params,
        description: ref ? (document.getElementById(ref)?.textContent ?? null) : null,
        refused,
        search: location.search,
      };
    },
    [cellSelector, tour.steps[step - 1].caption] as const,
  );
}

/** A step's URL key names the figure's parameter after the form's prefix (`regret.T` → `T`; plain keys as they are). */
const paramOf = (key: string) => key.slice(key.lastIndexOf(".") + 1);

describe.skipIf(!baseUrl)("tours", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("every paper notebook has a tour of 4–6 steps", () => {
    const papers = readdirSync("notebooks")
      .filter((f) => f.endsWith(".md") && f !== "guide.md")
      .map((f) => f.slice(0, -3));
    for (const nb of papers) {
      const own = tours.filter((t) => t.notebook === nb);
      expect(own.length, nb).toBeGreaterThan(0);
      for (const { tour } of own) expect(tour.steps.length, `${nb} ${tour.name}`).toBeGreaterThanOrEqual(4);
      for (const { tour } of own) expect(tour.steps.length, `${nb} ${tour.name}`).toBeLessThanOrEqual(6);
    }
  });

  it.each(tours.map((t) => [`${t.notebook} ?tour=${t.tour.name}`, t] as const))(
    "%s: every step draws, keys step through, each step's URL reopens it",
    async (_, { notebook, tour }) => {
      const { page, errors } = await openPage(browser, `${baseUrl}${notebook}.html?tour=${tour.name}`);
      const urls: string[] = [];
      for (let i = 1; i <= tour.steps.length; i++) {
        if (i > 1) {
          await markTrace(page, tour);
          await page.keyboard.press(i % 2 ? "PageDown" : "ArrowRight");
        }
        const s = await settledStep(page, tour, i);
        console.log(`tour ${notebook}/${tour.name} step ${i}: ${s.description}`);
        expect(s.cellError).toBeNull();
        expect(s.refused).toEqual([]);
        expect(s.position).toBe(`Step ${i} of ${tour.steps.length}`);
        expect(s.captionIsCompiled).toBe(true);
        const q = new URLSearchParams(s.search);
        expect(q.get("tour")).toBe(tour.name);
        for (const [k, v] of tour.steps[i - 1].params) {
          expect(q.get(k), k).toBe(v);
          // The figure ran with it: the key reached its form.
          expect(s.params[paramOf(k)], `${k} in the figure's parameters`).toBe(v);
        }
        urls.push(s.search);
      }
      // At the end, → stays; ← and PageUp step back; the figure's first step is where Home goes.
      await page.keyboard.press("ArrowRight");
      expect(new URLSearchParams(await page.evaluate(() => location.search)).get("step")).toBe(
        String(tour.steps.length),
      );
      await markTrace(page, tour);
      await page.keyboard.press("PageUp");
      await settledStep(page, tour, tour.steps.length - 1);
      await markTrace(page, tour);
      await page.keyboard.press("Home");
      await settledStep(page, tour, 1);
      // Escape: the page is back, the figure in its place, the tour's keys gone.
      await page.keyboard.press("Escape");
      expect(await page.locator(".bl-tour").count()).toBe(0);
      expect(await page.evaluate(() => new URLSearchParams(location.search).has("tour"))).toBe(false);
      expect(await page.locator(`main .cell[data-cell-id="${tour.figure}"] .bl-plot`).count()).toBe(1);
      expect(errors).toEqual([]);
      await page.close();

      // A step's link, opened fresh, shows that step.
      const last = tour.steps.length;
      const again = await openPage(browser, `${baseUrl}${notebook}.html${urls[last - 1]}`);
      const s = await settledStep(again.page, tour, last);
      expect(s.position).toBe(`Step ${last} of ${last}`);
      expect(again.errors).toEqual([]);
      await again.page.close();
    },
    600_000,
  );

  it("a caption is the step's compiled text, math rendered", async () => {
    const { notebook, tour } = tours[0];
    const { page, errors } = await openPage(browser, `${baseUrl}${notebook}.html?tour=${tour.name}&step=2`);
    await settledStep(page, tour, 2);
    expect((await settledStep(page, tour, 2)).captionIsCompiled).toBe(true);
    expect(await page.locator(".bl-tour-caption .katex math").count()).toBeGreaterThan(0);
    // The dialog has the focus, the rest of the page is inert.
    expect(await page.evaluate(() => document.activeElement?.classList.contains("bl-tour"))).toBe(true);
    expect(await page.evaluate(() => (document.querySelector("main") as HTMLElement).inert)).toBe(true);
    // Buttons step too.
    await markTrace(page, tour);
    await page.locator(".bl-tour-prev").click();
    await settledStep(page, tour, 1);
    expect(await page.locator(".bl-tour-prev").isDisabled()).toBe(true);
    // Back (the browser's) steps back through the tour.
    await markTrace(page, tour);
    await page.locator(".bl-tour-next").click();
    await settledStep(page, tour, 2);
    await markTrace(page, tour);
    await page.goBack();
    await settledStep(page, tour, 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it("an unknown tour or step says so, and the page still works", async () => {
    const { notebook, tour } = tours[0];
    const bad = await openPage(browser, `${baseUrl}${notebook}.html?tour=__proto__`);
    const alert = bad.page.locator(".bl-tour-error[role=alert]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`Tours: "${tour.name}"`);
    expect(await bad.page.locator(".bl-tour").count()).toBe(0);
    expect(bad.errors).toEqual([]);
    await bad.page.close();

    const step = await openPage(browser, `${baseUrl}${notebook}.html?tour=${tour.name}&step=99`);
    const s = await settledStep(step.page, tour, 1);
    expect(s.position).toBe(`Step 1 of ${tour.steps.length}`);
    expect(await step.page.locator(".bl-tour-note").textContent()).toContain("is not a step of this tour");
    expect(step.errors).toEqual([]);
    await step.page.close();
  }, 300_000);

  it("the tour works in an embed: caption and steps under the figure, the link back follows the step", async () => {
    const { notebook, tour } = tours[0];
    const { page, errors } = await openPage(
      browser,
      `${baseUrl}embed.html?nb=${notebook}&cell=${tour.figure}&controls=0&tour=${tour.name}`,
    );
    await settledStep(page, tour, 1);
    await markTrace(page, tour);
    await page.keyboard.press("ArrowRight");
    const s = await settledStep(page, tour, 2);
    expect(s.cellError).toBeNull();
    const q = new URLSearchParams(s.search);
    expect(q.get("nb")).toBe(notebook);
    expect(q.get("cell")).toBe(tour.figure);
    for (const [k, v] of tour.steps[1].params) expect(q.get(k)).toBe(v);
    const link = await page.locator(".bl-tour-permalink").getAttribute("href");
    expect(link).toContain(`${notebook}.html?`);
    expect(link).toContain(`tour=${tour.name}`);
    expect(link).toContain("step=2");
    // So does the embed's "open the notebook" link.
    const back = new URL((await page.locator(".embed-source a").getAttribute("href"))!, page.url());
    expect(back.pathname).toMatch(new RegExp(`/${notebook}\\.html$`));
    for (const [k, v] of tour.steps[1].params) expect(back.searchParams.get(k)).toBe(v);
    // Escape does not leave a tour that is the whole embed.
    await page.keyboard.press("Escape");
    expect(await page.locator(".bl-tour").count()).toBe(1);
    // Another figure's embed with this tour says which figure the tour shows.
    const other = await openPage(browser, `${baseUrl}embed.html?nb=${notebook}&cell=__none&tour=${tour.name}`);
    await other.page.locator(".embed-error").waitFor();
    expect(errors).toEqual([]);
    await page.close();
    await other.page.close();
  }, 300_000);
});
