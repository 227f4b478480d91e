import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, waitSettled } from "./browser";

const baseUrl = inject("baseUrl");
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));

describe.skipIf(!baseUrl)("the built site", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("the index lists every notebook, with no console error and no off-origin request", async () => {
    const { page, errors, offOrigin } = await openPage(browser, baseUrl);
    const links = await page.$$eval(".nb-card h2 a", (as) => as.map((a) => a.getAttribute("href")));
    expect(links.sort()).toEqual(notebooks.map((n) => `./${n}.html`).sort());
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
    await page.close();
  });

  it.each(notebooks)("notebook %s loads, runs every cell without error, and stays on its origin", async (name) => {
    const { page, errors, offOrigin } = await openPage(browser, `${baseUrl}${name}.html`);
    // Settled: every cell has a state (none still to start) and none is pending or drawing a partial plot.
    await waitSettled(page);
    const failed = await page.$$eval('.cell[data-state="error"]', (cells) =>
      cells.map((c) => `${c.id}: ${c.textContent}`),
    );
    expect(failed).toEqual([]);
    expect(await page.locator(".katex").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
    await page.close();
  });

  it("the WebGPU path is reachable inside a compute worker", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html`);
    await page.waitForFunction(() => "boundlab" in globalThis);
    const gpu = await page.evaluate(() =>
      (globalThis as unknown as { boundlab: { pool: { gpuInfo(): Promise<unknown> } } }).boundlab.pool.gpuInfo(),
    );
    if (process.env.REQUIRE_WEBGPU === "1") expect(gpu).toMatchObject({ ok: true });
    if ((gpu as { ok: boolean }).ok)
      expect(gpu).toMatchObject({ info: { maxComputeWorkgroupsPerDimension: expect.any(Number) } });
    await page.close();
  });
});
