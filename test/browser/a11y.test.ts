import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileNotebook } from "../../src/notebook/compile";
import { completePlotParams, launch, openPage, waitSettled } from "./browser";

const baseUrl = inject("baseUrl");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));
/** Every tour of every notebook, as [notebook, tour name, its figure]. */
const tours = notebooks.flatMap((name) =>
  compileNotebook(readFileSync(`notebooks/${name}.md`, "utf8"), `notebooks/${name}.md`, name).tours.map(
    (t) => [name, t.name, t.figure] as const,
  ),
);

/**
 * What a screen reader needs on a page, as a list of problems (empty when all is well): every chart
 * (live or static), a trace figure's or one a cell draws with Plot.plot itself, names a description that
 * exists and says something, typeset math carries MathML, and no id is used twice (an aria reference
 * would then point at the wrong element).
 */
function textAlternativeProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    // Every Plot chart in a cell: Plot classes its root svg "plot-…" (a colour ramp legend "plot-…-ramp").
    const charts = document.querySelectorAll(
      ".bl-plot > svg, .bl-static-plot > svg, .cell svg[class^='plot-']:not([class$='-ramp'])",
    );
    if (document.querySelector("[data-notebook]") && charts.length === 0 && document.querySelector(".cell svg"))
      problems.push("no chart found on a page with figures: the selector above is out of date");
    for (const svg of charts) {
      const fig = svg.closest(".cell")?.getAttribute("data-cell-id") ?? svg.closest(".cell")?.id ?? "?";
      const ref = svg.getAttribute("aria-describedby");
      const desc = ref ? document.getElementById(ref) : null;
      if (!desc) problems.push(`${fig}: chart has no description (aria-describedby="${ref}")`);
      else if ((desc.textContent ?? "").length < 40)
        problems.push(`${fig}: description too short: ${desc.textContent}`);
      if (!svg.getAttribute("aria-label")) problems.push(`${fig}: chart has no accessible name`);
    }
    for (const k of document.querySelectorAll(".katex")) {
      if (!k.querySelector(".katex-mathml math")) problems.push(`math without MathML: ${k.textContent?.slice(0, 40)}`);
    }
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    for (const [id, n] of seen) if (n > 1) problems.push(`id "${id}" is used ${n} times`);
    return problems;
  });
}

type AxeImpact = "minor" | "moderate" | "serious" | "critical";

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations (rule, impact,
 * the first offending nodes), after printing one line of counts by impact for the report. The source is
 * evaluated through the DevTools protocol: the page's CSP forbids inline scripts, and this is no script
 * of the page's.
 */
async function axeAudit(page: Page, label: string): Promise<string[]> {
  await page.evaluate(axeSource);
  expect(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe)).toBe("object");
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResults> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)),
    }));
  });
  const count = (impact: AxeImpact) => violations.filter((v) => v.impact === impact).reduce((n, v) => n + v.nodes, 0);
  const rules = violations.map((v) => `${v.id}(${v.impact}×${v.nodes})`).join(" ");
  console.log(
    `axe ${label}: critical ${count("critical")}, serious ${count("serious")}, moderate ${count("moderate")}, minor ${count("minor")}${rules ? ` — ${rules}` : ""}`,
  );
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes): ${v.targets.join(" ")}`);
}

/** The first cell of the page showing a trace figure (its embed page is audited too). */
const firstFigureCell = (page: Page) =>
  page.evaluate(
    () => document.querySelector(".bl-plot")?.closest<HTMLElement>(".cell[data-cell-id]")?.dataset.cellId ?? null,
  );

describe.skipIf(!baseUrl)("accessible by default", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("the index: math with MathML, unique ids", async () => {
    const { page, errors } = await openPage(browser, baseUrl);
    expect(await textAlternativeProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(notebooks)(
    "%s: static and live figures described, prose math with MathML; its first figure's embed page too",
    async (name) => {
      const { page, errors } = await openPage(browser, `${baseUrl}${name}.html`);
      // Before the live figures replace them: the build's static copies, ids prefixed per cell.
      await page.waitForSelector(".math-display, .katex", { state: "attached" });
      expect(await textAlternativeProblems(page)).toEqual([]);
      await waitSettled(page);
      expect(await page.locator(".bl-plot > svg[aria-describedby]").count()).toBeGreaterThan(0);
      // Every cell that draws its own chart (Plot.plot) shows it as a figure with its description.
      const drawn = compileNotebook(readFileSync(`notebooks/${name}.md`, "utf8"), `notebooks/${name}.md`, name)
        .cells.filter((c) => /\bPlot\.plot\(/.test(c.source))
        .map((c) => c.index);
      const described = await page.evaluate(
        (indices) => indices.filter((i) => !document.querySelector(`#cell-${i} .bl-drawn svg[aria-describedby]`)),
        drawn,
      );
      expect(described, "cells whose Plot.plot chart has no described figure").toEqual([]);
      expect(await textAlternativeProblems(page)).toEqual([]);
      const cell = await firstFigureCell(page);
      expect(cell).not.toBeNull();
      expect(errors).toEqual([]);
      await page.close();

      // The toolbar's embed (a per-figure page embed/<nb>/<cell>.html exists only for figures the build drew).
      const embed = await openPage(browser, `${baseUrl}embed.html?nb=${name}&cell=${cell}&controls=1`);
      await waitSettled(embed.page);
      expect(await embed.page.locator(".bl-plot > svg[aria-describedby]").count()).toBe(1);
      expect(await textAlternativeProblems(embed.page)).toEqual([]);
      expect(embed.errors).toEqual([]);
      await embed.page.close();
    },
  );

  it("guide: the description says what the trace says, and Table shows and hides the plotted data", async () => {
    const PLOT = '[data-cell-id="gd"]';
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html?K=300&runs=5&kappa=200&seed=3`);
    await completePlotParams(page, PLOT, 30_000, { K: 300, runs: 5 });
    const fromTrace = await page.evaluate((sel) => {
      const fig = document.querySelector(`${sel} .bl-plot`) as HTMLElement & {
        trace: { x: Float64Array; series: { label: string; runs: number }[]; bounds: { label: string }[] };
      };
      const svg = fig.querySelector(":scope > svg")!;
      return {
        description: document.getElementById(svg.getAttribute("aria-describedby")!)!.textContent!,
        series: fig.trace.series.map((s) => `${s.label}: the median of ${s.runs} runs`),
        bounds: fig.trace.bounds.map((b) => b.label),
        points: fig.trace.x.length,
      };
    }, PLOT);
    for (const s of fromTrace.series) expect(fromTrace.description).toContain(s);
    for (const b of fromTrace.bounds) expect(fromTrace.description).toContain(b);
    expect(fromTrace.description).toMatch(/5 of 5 runs of .* were below it/);

    const toggle = page.locator(`${PLOT} button[data-action="table"]`);
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.click();
    const table = page.locator(`${PLOT} .bl-data-table table`);
    await table.waitFor();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator(`${PLOT} .bl-data-table`).getAttribute("id")).toBe(
      await toggle.getAttribute("aria-controls"),
    );
    const header = await table.locator("thead th").allTextContents();
    expect(header[0]).toBe("iteration k");
    for (const b of fromTrace.bounds) expect(header).toContain(b);
    expect(await table.locator("tbody tr").count()).toBe(fromTrace.points);
    await toggle.click();
    await page.locator(`${PLOT} .bl-data-table`).waitFor({ state: "hidden" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("axe-core: zero serious or critical violations on the index", async () => {
    const { page, errors } = await openPage(browser, baseUrl);
    await page.waitForLoadState("load");
    expect(await axeAudit(page, "index")).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(notebooks)(
    "axe-core: zero serious or critical violations on %s and its first figure's embed",
    async (name) => {
      const { page, errors } = await openPage(browser, `${baseUrl}${name}.html`);
      await waitSettled(page);
      const cell = await firstFigureCell(page);
      expect(await axeAudit(page, `${name}.html`)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
      const embed = await openPage(browser, `${baseUrl}embed.html?nb=${name}&cell=${cell}&controls=1`);
      await waitSettled(embed.page);
      expect(await axeAudit(embed.page, `embed.html?nb=${name}&cell=${cell}`)).toEqual([]);
      expect(embed.errors).toEqual([]);
      await embed.page.close();
    },
  );

  it("display math wider than the column takes a tab stop, and only math that overflows", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}halpern.html`);
    await waitSettled(page);
    // Each box as a reader reaches it: on screen, laid out (prose and cells off screen are not:
    // content-visibility, styles.css).
    const boxes = page.locator("main > .math-display");
    const count = await boxes.count();
    let overflowing = 0;
    for (let i = 0; i < count; i++) {
      const box = boxes.nth(i);
      await box.scrollIntoViewIfNeeded();
      // Two frames: the one that lays out what came on screen, and the check after it.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.waitForFunction(
        (el) => {
          const wide = el.scrollWidth > el.clientWidth + 1;
          return wide === (el.getAttribute("tabindex") === "0");
        },
        await box.elementHandle(),
        { timeout: 5000 },
      );
      if (await box.evaluate((el) => el.scrollWidth > el.clientWidth + 1)) overflowing++;
    }
    expect(overflowing, "halpern has display math wider than the column").toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(tours)(
    "axe-core: zero serious or critical violations on %s's tour %s, full-window and embedded",
    async (name, tour, figure) => {
      const { page, errors } = await openPage(browser, `${baseUrl}${name}.html?tour=${tour}`);
      await page.locator(".bl-tour-page").waitFor();
      await waitSettled(page);
      expect(await axeAudit(page, `${name}.html?tour=${tour}`)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
      const embed = await openPage(browser, `${baseUrl}embed.html?nb=${name}&cell=${figure}&tour=${tour}`);
      await embed.page.locator(".bl-tour-embed").waitFor();
      await waitSettled(embed.page);
      expect(await axeAudit(embed.page, `embed.html?nb=${name}&cell=${figure}&tour=${tour}`)).toEqual([]);
      expect(embed.errors).toEqual([]);
      await embed.page.close();
    },
  );
});
