/**
 * Notebooks are named by their paper's slug (src/theory/<slug>/, ids "<slug>/…", notebooks/<slug>.md).
 * Pages that had another name keep working: the old URL redirects with its query and hash, and an old
 * embed link still finds its notebook.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const RENAMED = [
  ["bilevel-penalty", "bilevel"],
  ["omd-sea", "omd"],
  ["sor-tuning", "sor"],
  ["sparse-misspecified-bandits", "sparse-bandits"],
];

describe.skipIf(!baseUrl)("renamed notebooks", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("each notebook file's name is the slug of its experiments", () => {
    for (const [, slug] of RENAMED) {
      const text = readFileSync(`notebooks/${slug}.md`, "utf8");
      const ids = [...text.matchAll(/\b(?:run|controls)\(\s*"([^"/]+)\//g)].map((m) => m[1]);
      expect(new Set(ids), slug).toEqual(new Set([slug]));
    }
  });

  it.each(RENAMED)("%s.html redirects to %s.html with its query and hash", async (old, slug) => {
    const { page, errors } = await openPage(browser, `${baseUrl}${old}.html?seed=5#top`);
    await page.waitForURL(`**/${slug}.html?seed=5#top`);
    await page.locator("main.notebook .nb-header h1").waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an embed link with the old name still shows its cell", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}embed.html?nb=sor-tuning&cell=young-curve&controls=0`);
    await page.locator(".bl-plot svg").first().waitFor({ timeout: 60_000 });
    expect(await page.locator(".embed-error").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
