/**
 * Issue 17: every default figure is in the page before any JavaScript runs (drawn at build by
 * scripts/prerender.ts), the live figure takes its place in the same box without computing anything at
 * the defaults (the page ships the default traces), a parameter change computes, and the index shows a
 * thumbnail and typeset math for every notebook. How fast is measured in bench/first-paint.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));
const PLOT = '[data-cell-id="gd"]';

type Pool = { stats(): { spawned: number } };

/** Every request for a compute worker's script (or anything it imports on its own). */
function watchWorkers(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (/compute\.worker/.test(r.url())) seen.push(r.url());
  });
  page.on("worker", (w) => seen.push(`worker ${w.url()}`));
  return seen;
}

describe.skipIf(!baseUrl)("figures at first paint", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(notebooks)(
    "%s without JavaScript: prose, math, an SVG in every id= cell, and the noscript note",
    async (name) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}${name}.html`);
      const cells = await page.$$eval("[data-cell-id]", (els) =>
        els.map((el) => {
          const svg = el.querySelector("svg");
          const box = svg?.getBoundingClientRect();
          return { id: (el as HTMLElement).dataset.cellId, svg: !!svg && !!box && box.width > 0 && box.height > 0 };
        }),
      );
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.filter((c) => !c.svg).map((c) => c.id)).toEqual([]);
      expect(await page.locator(".bl-noscript").isVisible()).toBe(true);
      expect(await page.locator(".bl-noscript").textContent()).toMatch(/controls.*need JavaScript/);
      expect(await page.locator(".katex").count()).toBeGreaterThan(0);
      expect((await page.locator("main").innerText()).length).toBeGreaterThan(1000);
      // Most cells have their figure itself (the others say why not: a long run).
      const figures = await page.locator(".bl-static-plot, .bl-static[data-static=plot]").count();
      expect(figures).toBeGreaterThanOrEqual(Math.ceil(cells.length / 2));
      await context.close();
    },
  );

  it("with JavaScript, the live figure replaces the static one in its box, and nothing computes at the defaults", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const workers = watchWorkers(page);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    // The static figure's box in the last frame it was on screen (measured every frame until the swap).
    await page.addInitScript((sel) => {
      const w = window as unknown as { staticBox?: { top: number; height: number }; staticSeen?: boolean };
      const tick = () => {
        const el = document.querySelector(`${sel} .bl-static-plot`);
        if (el) {
          w.staticSeen = true;
          const r = el.getBoundingClientRect();
          w.staticBox = { top: r.top + scrollY, height: r.height };
        }
        if (el || !w.staticSeen) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, PLOT);
    await page.goto(`${baseUrl}guide.html`);
    const params = await completePlotParams(page, PLOT);
    expect(params).toMatchObject({ kappa: 1000, stepL: 1, d: 50, K: 10000, runs: 24, seed: 1 });
    const after = await page.evaluate((sel) => {
      const fig = document.querySelector(`${sel} .bl-plot`) as HTMLElement & { trace: { meta: { notes: string[] } } };
      const r = fig.getBoundingClientRect();
      const w = window as unknown as { staticBox?: { top: number; height: number }; staticSeen?: boolean };
      return {
        staticSeen: w.staticSeen,
        before: w.staticBox,
        live: { top: r.top + scrollY, height: r.height },
        staticLeft: document.querySelectorAll(`${sel} .bl-static`).length,
        notes: fig.trace.meta.notes,
        spawned: (globalThis as unknown as { boundlab: { pool: Pool } }).boundlab.pool.stats().spawned,
      };
    }, PLOT);
    expect(after.staticSeen).toBe(true);
    expect(after.staticLeft).toBe(0);
    // The same box: the live figure is the static one's height, and where it was.
    expect(Math.abs(after.live.height - (after.before?.height ?? 0))).toBeLessThanOrEqual(2);
    expect(Math.abs(after.live.top - (after.before?.top ?? 0))).toBeLessThanOrEqual(2);
    // Drawn from the shipped trace: no worker started, no worker script fetched.
    expect(after.notes).toContain("computed when the site was built");
    expect(after.spawned).toBe(0);
    expect(workers).toEqual([]);

    // A parameter change computes.
    const field = page.locator('.bl-field[data-param="K"] input[type=number]');
    await field.fill("300");
    await field.dispatchEvent("input");
    const changed = await completePlotParams(page, PLOT, 60_000, { K: 300 });
    expect(changed.K).toBe(300);
    const spawned = await page.evaluate(
      () => (globalThis as unknown as { boundlab: { pool: Pool } }).boundlab.pool.stats().spawned,
    );
    expect(spawned).toBeGreaterThan(0);
    expect(workers.length).toBeGreaterThan(0);
    const notes = await page.evaluate(
      (sel) =>
        (document.querySelector(`${sel} .bl-plot`) as unknown as { trace: { meta: { notes: string[] } } }).trace.meta
          .notes,
      PLOT,
    );
    expect(notes).not.toContain("computed when the site was built");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the static copies of the controls have the live panels' boxes (nothing under them moves)", async () => {
    const heights = () =>
      [...document.querySelectorAll(".bl-static-controls, .cell-displays > form.bl-controls")].map((el) =>
        Math.round(el.getBoundingClientRect().height),
      );
    for (const name of notebooks) {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      const off = await context.newPage();
      await off.goto(`${baseUrl}${name}.html`);
      const copies = await off.evaluate(heights);
      await context.close();
      if (copies.length === 0) continue;
      const { page, errors } = await openPage(browser, `${baseUrl}${name}.html`);
      // The live panels, once every copy is gone and their labels are typeset: the same heights.
      let live: number[] = [];
      await expect
        .poll(
          async () => {
            live = await page.evaluate(heights);
            return (await page.locator(".bl-static-controls").count()) === 0 &&
              live.length === copies.length &&
              live.every((h, i) => Math.abs(h - (copies[i] as number)) <= 2)
              ? "same"
              : `${live} vs ${copies}`;
          },
          { timeout: 20_000 },
        )
        .toBe("same");
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("every notebook at its defaults draws its live figures from the shipped traces", async () => {
    for (const name of notebooks) {
      // A long run left out at build (a note in a figure's box) is computed on load; nothing else is.
      const html = readFileSync(`dist/${name}.html`, "utf8");
      const computesOnLoad = html.includes("bl-static-box");
      const ids = [...html.matchAll(/data-cell-id="([a-z0-9-]+)"><div class="bl-static" data-static="figure">/g)].map(
        (m) => m[1],
      );
      const { page, errors } = await openPage(browser, `${baseUrl}${name}.html`);
      for (const id of ids) await completePlotParams(page, `[data-cell-id="${id}"]`, 60_000);
      const notes = await page.evaluate(
        (cells) =>
          cells.map(
            (id) =>
              (
                document.querySelector(`[data-cell-id="${id}"] .bl-plot`) as unknown as {
                  trace: { meta: { notes: string[] } };
                }
              ).trace.meta.notes,
          ),
        ids,
      );
      for (const [i, n] of notes.entries())
        expect(n, `${name}#${ids[i]}`).toContain("computed when the site was built");
      const spawned = await page.evaluate(
        () => (globalThis as unknown as { boundlab: { pool: Pool } }).boundlab.pool.stats().spawned,
      );
      if (!computesOnLoad) expect(spawned, `${name}: workers started at the defaults`).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it("the index: a thumbnail per notebook, the paper line, and the summary's math typeset", async () => {
    const { page, errors } = await openPage(browser, baseUrl);
    await page.waitForLoadState("load");
    const cards = await page.$$eval(".nb-card", (els) =>
      els.map((el) => {
        const img = el.querySelector("img.nb-thumb") as HTMLImageElement | null;
        const summary = el.querySelector(".nb-summary") as HTMLElement;
        // The text a reader sees: KaTeX's MathML copy (with its TeX annotation) is visually hidden.
        const visible = summary.innerText;
        return {
          title: el.querySelector("h2")?.textContent,
          thumb: !!img && img.complete && img.naturalWidth > 0,
          paper: !!el.querySelector(".nb-paper"),
          katex: summary.querySelectorAll(".katex").length,
          raw: /[\\$]|\^\{|_\{/.test(visible),
          visible,
        };
      }),
    );
    expect(cards.length).toBe(notebooks.length);
    for (const c of cards) {
      expect(c.thumb, `${c.title}: thumbnail`).toBe(true);
      expect(c.paper, `${c.title}: paper line`).toBe(true);
      expect(c.katex, `${c.title}: typeset math`).toBeGreaterThan(0);
      expect(c.raw, `${c.title}: raw TeX in "${c.visible}"`).toBe(false);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
