/**
 * Issue 15 item 9, sharing: a figure's link (#fig-<cell>, and an old #<cell>) scrolls the figure into
 * view, and the embed page reports its height to the page around its iframe.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const SANDBOX = "allow-scripts allow-same-origin allow-downloads";
const complete = () =>
  (document.querySelector('[data-cell-id="gd"] .bl-plot') as HTMLElement | null)?.dataset.complete === "true";

describe.skipIf(!baseUrl)("sharing a figure", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(["fig-gd", "gd"])(
    "guide.html#%s scrolls the figure into view",
    async (hash) => {
      const { page } = await openPage(browser, `${baseUrl}guide.html#${hash}`);
      await page.waitForFunction(complete, null, { timeout: 60_000 });
      await page.waitForTimeout(300);
      const where = await page.evaluate(() => {
        const r = document.getElementById("fig-gd")!.nextElementSibling!.getBoundingClientRect();
        return { top: r.top, viewport: innerHeight, scrolled: scrollY };
      });
      expect(where.scrolled).toBeGreaterThan(0);
      expect(where.top).toBeGreaterThanOrEqual(-1);
      expect(where.top).toBeLessThan(where.viewport / 2);
    },
    90_000,
  );

  it("an embed in an iframe reports its height, close to its document's", async () => {
    const { page } = await openPage(browser, `${baseUrl}index.html`);
    const host = `${baseUrl}__share-host.html`;
    await page.route(host, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>Host</title>
<iframe id="fig" src="embed.html?nb=guide&amp;cell=gd&amp;controls=1&amp;K=300&amp;runs=3" width="720" height="150" title="GD" sandbox="${SANDBOX}"></iframe>`,
      }),
    );
    await page.goto(host);
    await page.evaluate(() => {
      const w = window as unknown as { heights: { height: number; id: string }[] };
      w.heights = [];
      addEventListener("message", (e) => {
        if (e.data?.type !== "boundlab:height") return;
        w.heights.push(e.data);
        (document.getElementById("fig") as HTMLIFrameElement).style.height = `${e.data.height}px`;
      });
    });
    const frame = (await (await page.$("#fig"))!.contentFrame())!;
    await frame.waitForFunction(complete, null, { timeout: 60_000 });
    await page.waitForTimeout(500);
    const heights = await page.evaluate(
      () => (window as unknown as { heights: { height: number; id: string }[] }).heights,
    );
    expect(heights.length).toBeGreaterThan(0);
    const last = heights[heights.length - 1];
    expect(last.id).toBe("gd");
    const doc = await frame.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      client: document.documentElement.clientHeight,
    }));
    // Sized from its report, the iframe shows the whole embed: no scrolling, no more than a few px spare.
    expect(doc.scroll - doc.client).toBeLessThanOrEqual(2);
    expect(Math.abs(last.height - doc.scroll)).toBeLessThanOrEqual(4);
    expect(last.height).toBeGreaterThan(300);
  }, 90_000);
});
