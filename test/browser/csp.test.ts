/**
 * Every page ships a strict Content-Security-Policy (src/site/csp.ts) and runs under it: no violation
 * while a page loads and its cells run (openPage turns violations into page errors, for every browser
 * test), and the policy really holds: an injected inline script is blocked.
 */
import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../src/site/csp";
import { launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));
const pages = ["index.html", ...notebooks.map((n) => `${n}.html`), "embed.html?nb=guide&cell=gd", "sor-tuning.html"];

describe.skipIf(!baseUrl)("Content-Security-Policy", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(pages)("%s ships the policy and runs without a violation", async (path) => {
    const { page, errors, offOrigin } = await openPage(browser, `${baseUrl}${path}`);
    await page.waitForLoadState("networkidle");
    // Let the first runs start and draw: workers, WebAssembly, KaTeX, Plot all run under the policy.
    if (!path.startsWith("index")) await page.locator(".bl-plot svg").first().waitFor({ timeout: 60_000 });
    const policy = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.getAttribute("content"));
    expect(policy).toBe(CONTENT_SECURITY_POLICY);
    const scriptDirectives = (policy ?? "").split(";").filter((d) => /^\s*(script|worker)-src/.test(d));
    for (const d of scriptDirectives) expect(d).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
    await page.close();
  });

  it("an injected inline script is blocked and reported", async () => {
    // (eval cannot be probed from here: the test driver's own evaluation is exempt; the policy has no 'unsafe-eval'.)
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html`);
    const ran = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.injected = true";
      document.head.append(s);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => errors.some((e) => e.startsWith("CSP violation: script-src"))).toBe(true);
    await page.close();
  });
});
