import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="regret"]';

describe.skipIf(!baseUrl)("the bandits notebook", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("the batched WebGPU kernel runs inside a compute worker and the plot says so", async () => {
    const { page, errors } = await openPage(
      browser,
      `${baseUrl}bandits.html?backend=webgpu&T=200&runs=128&policies=ucb1,exp3`,
    );
    await completePlotParams(page, PLOT, 60_000);
    const meta = await page.evaluate(
      (sel) =>
        (
          document.querySelector(`${sel} .bl-plot`) as unknown as {
            trace: { meta: { backend: string; notes: string[] } };
          }
        ).trace.meta,
      PLOT,
    );
    if (process.env.REQUIRE_WEBGPU === "1") {
      expect(meta.backend).toBe("webgpu");
      expect(meta.notes.join(" ")).toMatch(/WebGPU on /);
      expect(await page.textContent(`${PLOT} .bl-meta`)).toMatch(/^webgpu · 128 runs/);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("arm means can be typed: a valid list runs, a bad one is refused with its range", async () => {
    const { page } = await openPage(browser, `${baseUrl}bandits.html?T=100&runs=50`);
    await completePlotParams(page, PLOT, 60_000);
    const field = page.locator('.bl-field[data-param="means"] input').first();
    await field.fill("0.7, 0.2, 0.1");
    await field.dispatchEvent("input");
    await page.waitForFunction(
      (sel) =>
        (
          document.querySelector(`${sel} .bl-plot`) as unknown as {
            trace?: { meta: { params: { means: string }; complete: boolean } };
          }
        )?.trace?.meta.params.means === "0.7,0.2,0.1",
      PLOT,
    );
    await field.fill("0.7, 1.4");
    await field.dispatchEvent("input");
    expect(await page.textContent('.bl-field[data-param="means"] .bl-error')).toBe(
      'means = "0.7, 1.4" is not valid (out of range): expected 2 to 20 numbers from 0 to 1, separated by commas',
    );
    await page.close();
  });
});
