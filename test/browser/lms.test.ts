/**
 * Issue 17, embeds that survive an LMS: every default figure as a PNG and an SVG at a stable path
 * (figures/<notebook>/<cell>.png|svg), an oEmbed description (oembed/<notebook>/<cell>.json) found from
 * the figure's own embed page (embed/<notebook>/<cell>.html), which works at 320 px and inside an iframe
 * with the sandbox Canvas keeps; and the toolbar's snippet carries that sandbox.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const SANDBOX = "allow-scripts allow-same-origin allow-downloads";

/** The figures the build published: one oEmbed file each (dist/ is the build test/browser/setup.ts made). */
function figures(): { notebook: string; cell: string }[] {
  if (!existsSync("dist/oembed")) return [];
  return readdirSync("dist/oembed").flatMap((notebook) =>
    readdirSync(join("dist/oembed", notebook))
      .filter((f) => f.endsWith(".json"))
      .map((f) => ({ notebook, cell: f.slice(0, -5) })),
  );
}

describe.skipIf(!baseUrl)("embeds for learning management systems", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("every convergencePlot figure of every notebook is published", () => {
    const published = new Set(figures().map((f) => `${f.notebook}/${f.cell}`));
    expect(published.size).toBeGreaterThan(20);
    for (const nb of readdirSync("notebooks").filter((f) => f.endsWith(".md"))) {
      const name = nb.slice(0, -3);
      const html = readFileSync(join("dist", `${name}.html`), "utf8");
      // Each static convergencePlot figure in the page has its files.
      for (const m of html.matchAll(/data-cell-id="([a-z0-9-]+)"><div class="bl-static" data-static="figure">/g))
        expect(published.has(`${name}/${m[1]}`), `${name}/${m[1]}`).toBe(true);
    }
  });

  it("PNG, SVG and oEmbed files are valid and served", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}index.html`);
    for (const { notebook, cell } of figures()) {
      const where = `${notebook}/${cell}`;
      const png = readFileSync(`dist/figures/${notebook}/${cell}.png`);
      expect([...png.subarray(0, 8)], where).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const svg = readFileSync(`dist/figures/${notebook}/${cell}.svg`, "utf8");
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const root = doc.documentElement;
        return {
          error: doc.querySelector("parsererror")?.textContent ?? null,
          root: root.nodeName,
          width: Number(root.getAttribute("width")),
          math: !!doc.querySelector('[data-mml-node="math"]'),
        };
      }, svg);
      expect(parsed.error, where).toBeNull();
      expect(parsed.root, where).toBe("svg");
      expect(parsed.width, where).toBeGreaterThan(100);

      const oembed = JSON.parse(readFileSync(`dist/oembed/${notebook}/${cell}.json`, "utf8"));
      expect(oembed, where).toMatchObject({
        version: "1.0",
        type: "rich",
        provider_name: "BoundLab",
        width: expect.any(Number),
        height: expect.any(Number),
        title: expect.any(String),
        thumbnail_url: expect.stringMatching(new RegExp(`figures/${notebook}/${cell}\\.png$`)),
      });
      expect(oembed.title.length).toBeGreaterThan(0);
      const iframe = await page.evaluate((html) => {
        const t = document.createElement("template");
        t.innerHTML = html;
        const f = t.content.querySelector("iframe");
        return (
          f && {
            count: t.content.childElementCount,
            src: f.getAttribute("src"),
            sandbox: f.getAttribute("sandbox"),
            allowfullscreen: f.hasAttribute("allowfullscreen"),
            width: Number(f.getAttribute("width")),
            height: Number(f.getAttribute("height")),
            title: f.getAttribute("title"),
          }
        );
      }, oembed.html as string);
      expect(iframe, where).toMatchObject({
        count: 1,
        src: expect.stringMatching(new RegExp(`embed/${notebook}/${cell}\\.html$`)),
        sandbox: SANDBOX,
        allowfullscreen: true,
        width: oembed.width,
        height: oembed.height,
        title: oembed.title,
      });
      // Served, with the types an LMS fetching them expects.
      for (const [path, type] of [
        [`figures/${notebook}/${cell}.png`, /image\/png/],
        [`figures/${notebook}/${cell}.svg`, /image\/svg\+xml/],
        [`oembed/${notebook}/${cell}.json`, /json/],
        [`embed/${notebook}/${cell}.html`, /text\/html/],
      ] as const) {
        const res = await page.request.get(`${baseUrl}${path}`);
        expect(res.status(), path).toBe(200);
        expect(res.headers()["content-type"], path).toMatch(type);
      }
    }
    await page.close();
  });

  it("a figure's embed page names its oEmbed, shows the figure without JavaScript, and fits 320 px", async () => {
    // Without JavaScript: the static figure, the discovery link, no horizontal overflow.
    const off = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 700 } });
    const page = await off.newPage();
    await page.goto(`${baseUrl}embed/guide/gd.html`);
    const link = await page.$eval(
      'link[rel="alternate"][type="application/json+oembed"]',
      (l) => (l as HTMLLinkElement).href,
    );
    expect(link).toBe(`${baseUrl}oembed/guide/gd.json`);
    const oembed = await (await page.request.get(link)).json();
    expect(oembed.type).toBe("rich");
    expect(await page.locator(".bl-static-plot svg").first().isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // The static toolbar's links lead to files that exist.
    const hrefs = await page.$$eval(".bl-static-plot .bl-toolbar a", (as) =>
      as.map((a) => (a as HTMLAnchorElement).href),
    );
    expect(hrefs.length).toBeGreaterThanOrEqual(4);
    for (const href of hrefs) expect((await page.request.get(href.split("#")[0])).status(), href).toBe(200);
    await off.close();

    // With JavaScript, live, with its controls: still no horizontal overflow at 320 px.
    const on = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const live = await on.newPage();
    const errors: string[] = [];
    live.on("pageerror", (e) => errors.push(e.message));
    live.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await live.goto(`${baseUrl}embed/guide/gd.html`);
    await completePlotParams(live, '[data-cell-id="gd"]');
    await live.waitForSelector(".bl-controls");
    expect(await live.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await live.getAttribute(".embed-source a", "href")).toBe("../../guide.html#fig-gd");
    expect(errors).toEqual([]);
    await on.close();
  });

  it("the embed page works inside an iframe with the sandbox an LMS keeps", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}index.html`);
    // A course page of the same origin (as when the LMS and the site share a host), made by the test.
    const lms = `${baseUrl}__lms-course-page.html`;
    await page.route(lms, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><title>Course</title><h1>Week 3</h1>
<iframe id="fig" src="embed/guide/gd.html" width="720" height="900" title="GD" sandbox="${SANDBOX}" allowfullscreen></iframe>
<iframe id="narrow" src="embed.html?nb=guide&amp;cell=gd&amp;K=300&amp;runs=3" width="320" height="900" title="GD narrow" sandbox="${SANDBOX}" allowfullscreen></iframe>`,
      }),
    );
    await page.goto(lms);
    for (const id of ["fig", "narrow"]) {
      const frame = await (await page.$(`#${id}`))!.contentFrame();
      expect(frame, id).not.toBeNull();
      await frame!.waitForFunction(
        () =>
          (document.querySelector('[data-cell-id="gd"] .bl-plot') as HTMLElement | null)?.dataset.complete === "true",
        null,
        { timeout: 60_000 },
      );
      const state = await frame!.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        controls: document.querySelectorAll(".bl-controls").length,
        params: (
          document.querySelector('[data-cell-id="gd"] .bl-plot') as unknown as {
            trace: { meta: { params: { K: number } } };
          }
        ).trace.meta.params,
      }));
      expect(state.overflow, id).toBeLessThanOrEqual(0);
      expect(state.controls, id).toBe(1);
      expect(state.params.K, id).toBe(id === "fig" ? 10000 : 300);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the toolbar's embed snippet carries the sandbox and allowfullscreen", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html`);
    await completePlotParams(page, '[data-cell-id="gd"]');
    await page.click('[data-cell-id="gd"] button[data-action="embed"]');
    const snippet = await page.inputValue('[data-cell-id="gd"] .bl-share');
    const attrs = await page.evaluate((html) => {
      const t = document.createElement("template");
      t.innerHTML = html;
      const f = t.content.querySelector("iframe")!;
      return {
        sandbox: f.getAttribute("sandbox"),
        allowfullscreen: f.hasAttribute("allowfullscreen"),
        width: f.getAttribute("width"),
        height: f.getAttribute("height"),
        title: f.getAttribute("title"),
      };
    }, snippet);
    expect(attrs).toMatchObject({ sandbox: SANDBOX, allowfullscreen: true, width: "720", title: expect.any(String) });
    expect(Number(attrs.height)).toBeGreaterThan(300);
    await page.close();
  });
});
