/**
 * The embed page with names a link may carry that are also Object.prototype's (issue 14): each, as the
 * notebook or as the cell, gets the message listing the valid names, never an uncaught error.
 */
import { readdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const HOSTILE = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));

/** The message and the listed names, once the message is visible. */
async function shownError(page: Page): Promise<{ message: string; choices: string[] }> {
  const alert = page.locator('.embed-error[role="alert"]');
  await alert.waitFor({ state: "visible" });
  return {
    message: (await alert.textContent()) ?? "",
    choices: await page.$$eval(".embed-choices code", (c) => c.map((x) => x.textContent ?? "")),
  };
}

describe.skipIf(!baseUrl)("the embed page with Object.prototype's names", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(HOSTILE)("nb=%s: the message lists the valid notebooks, no uncaught error", async (name) => {
    const { page, errors } = await openPage(browser, `${baseUrl}embed.html?nb=${encodeURIComponent(name)}&cell=regret`);
    const { message, choices } = await shownError(page);
    expect(message).toBe(`Unknown notebook "${name}". Notebooks:`);
    expect([...choices].sort()).toEqual([...notebooks].sort());
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(HOSTILE)("cell=%s: the message lists the notebook's cells, no uncaught error", async (name) => {
    const { page, errors } = await openPage(browser, `${baseUrl}embed.html?nb=guide&cell=${encodeURIComponent(name)}`);
    const { message, choices } = await shownError(page);
    expect(message).toBe(`Notebook "guide" has no cell with id "${name}". Cells that can be embedded:`);
    expect(choices).toContain("gd");
    expect(choices).not.toContain(name);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(HOSTILE)("nb, cell and controls all %s: the notebook message", async (name) => {
    const q = encodeURIComponent(name);
    const { page, errors } = await openPage(browser, `${baseUrl}embed.html?nb=${q}&cell=${q}&controls=${q}`);
    expect((await shownError(page)).message).toBe(`Unknown notebook "${name}". Notebooks:`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
