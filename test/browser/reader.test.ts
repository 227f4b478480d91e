/**
 * What a reader sees, on every notebook (issue 15): no raw TeX, one colour per series, figures that fit
 * the printed page with the chrome hidden, a 390 px phone with no sideways scroll and legible ticks, and
 * axes with readable ticks in the field's notation. Each check collects every offender of its class, so
 * a failure names them all, and the suite prints a per-notebook summary of counts.
 */
import { readdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileNotebook } from "../../src/notebook/compile";
import { launch, openPage, waitSettled } from "./browser";

const baseUrl = inject("baseUrl");
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));

/** A4 at 96 px/in less Chromium's default print margins (0.4 in each side): the page box. */
const PAGE_BOX = { width: 718, height: 1047 };
const PHONE = { width: 390, height: 844 };
const MIN_TICK_PX = 9;

interface TextFindings {
  texts: number;
  rawTex: string[];
  katexErrors: number;
}

/** Every text node and accessible string outside math and code: TeX control sequences and `$` left raw. */
function rawTexOnPage(): TextFindings {
  const skip = "script, style, noscript, pre, code, textarea, .katex, .cell-source";
  const tex = /\\[A-Za-z]+|\$/;
  const rawTex: string[] = [];
  let texts = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent ?? "";
    if (!text.trim() || n.parentElement?.closest(skip)) continue;
    texts++;
    if (tex.test(text))
      rawTex.push(`text "${text.trim().slice(0, 80)}" in <${n.parentElement?.tagName.toLowerCase()}>`);
  }
  for (const el of document.querySelectorAll("[aria-label], [title], [alt], [placeholder]")) {
    if (el.closest(skip)) continue;
    for (const attr of ["aria-label", "title", "alt", "placeholder"]) {
      const v = el.getAttribute(attr);
      if (v === null) continue;
      texts++;
      if (tex.test(v)) rawTex.push(`${attr} "${v.slice(0, 80)}" on <${el.tagName.toLowerCase()}>`);
    }
  }
  if (tex.test(document.title)) rawTex.push(`document title "${document.title}"`);
  return { texts, rawTex, katexErrors: document.querySelectorAll(".katex-error").length };
}

interface Swatch {
  key?: string;
  label: string;
  color: string;
}

/** Legend entries of every plot: the trace plots' (with their series keys) and Plot's own swatches. */
function legendSwatches(): Swatch[] {
  const out: Swatch[] = [];
  document.querySelectorAll<HTMLElement>(".bl-legend li[data-series]").forEach((li) => {
    const color = li.querySelector("line")?.getAttribute("stroke") ?? "";
    out.push({ key: li.dataset.series, label: li.dataset.label ?? "", color });
  });
  document.querySelectorAll<HTMLElement>(".cell [class$='-swatch']").forEach((sw) => {
    // Plot sets the swatch's colour on its svg (fill) or on the shape inside it (a line's stroke).
    const svg = sw.querySelector("svg");
    const shape = svg?.querySelector("[fill]:not([fill='none']), [stroke]:not([stroke='none'])");
    const paint = (el: Element | null | undefined) =>
      [el?.getAttribute("fill"), el?.getAttribute("stroke")].find((c) => c && c !== "none" && c !== "currentColor");
    const color = paint(shape) ?? paint(svg) ?? "";
    out.push({ label: (sw.textContent ?? "").trim(), color });
  });
  return out;
}

interface AxisFindings {
  axes: number;
  siLabels: string[];
  sparseAxes: string[];
}

/** Tick labels of every numeric axis: no SI prefixes ("1m"), at least 3 labelled ticks. */
function axisTicks(): AxisFindings {
  const si = /^[−-]?\d+(\.\d+)?[yzafpnµumkMGTPEZY]$/;
  const numeric = /^[−-]?(\d|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹])/;
  const siLabels: string[] = [];
  const sparseAxes: string[] = [];
  let axes = 0;
  document.querySelectorAll(".cell svg g[aria-label$='-axis tick label']").forEach((g) => {
    const labels = [...g.querySelectorAll("text")].map((t) => (t.textContent ?? "").trim()).filter(Boolean);
    if (!labels.some((l) => numeric.test(l))) return; // a categorical axis
    axes++;
    const where = `${g.closest(".cell")?.id} ${g.getAttribute("aria-label")}`;
    for (const l of labels) if (si.test(l)) siLabels.push(`${where}: "${l}"`);
    if (labels.length < 3) sparseAxes.push(`${where}: [${labels.join(", ")}]`);
  });
  return { axes, siLabels, sparseAxes };
}

interface WidthFindings {
  checked: number;
  /** Outermost elements that stick out of the page (an element inside an offender is not listed again). */
  tooWide: string[];
  smallTicks: string[];
  /** Controls, toolbars and progress boxes that are still displayed (print only). */
  chromeShown: string[];
  /** Legend swatches wider than a swatch (print). */
  swatches: string[];
}

/** Elements wider than `limit` px (or past the viewport's right edge) that no scrolling box of their own contains. */
function widths({ limit, minTick }: { limit: number; minTick: number }): WidthFindings {
  const tooWide: string[] = [];
  const name = (el: Element) =>
    `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}> in ${el.closest(".cell")?.id ?? el.closest("section, main")?.tagName.toLowerCase()}`;
  let checked = 0;
  const offenders = new Set<Element>();
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    checked++;
    if (r.right <= limit + 1 && r.left >= -1) continue;
    let contained = false;
    let inOffender = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (offenders.has(a)) inOffender = true;
      const ox = getComputedStyle(a).overflowX;
      if (ox !== "visible" && a.getBoundingClientRect().right <= limit + 1) contained = true;
    }
    if (contained) continue;
    offenders.add(el);
    if (!inOffender) tooWide.push(`${name(el)}: ${Math.round(r.left)}…${Math.round(r.right)} px`);
  }
  const smallTicks: string[] = [];
  document.querySelectorAll<SVGTextElement>(".cell svg g[aria-label$='tick label'] text").forEach((t) => {
    const svg = t.ownerSVGElement;
    if (!svg || !t.textContent?.trim()) return;
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const scale = vb && vb.width > 0 ? box.width / vb.width : 1;
    const px = Number.parseFloat(getComputedStyle(t).fontSize) * scale;
    if (box.width > 0 && px < minTick)
      smallTicks.push(`${t.closest(".cell")?.id}: "${t.textContent}" at ${px.toFixed(1)} px`);
  });
  const chromeShown = [...document.querySelectorAll(".bl-controls, .bl-toolbar, .bl-progress, .bl-run-status")]
    .filter((el) => getComputedStyle(el).display !== "none" && el.getClientRects().length > 0)
    .map(name);
  const swatches = [...document.querySelectorAll(".bl-legend svg, .cell [class$='-swatch'] svg")]
    .filter((s) => !s.closest(".katex") && s.getBoundingClientRect().width > 40) // KaTeX draws √ as a wide svg
    .map((s) => `${name(s.parentElement!)}: ${Math.round(s.getBoundingClientRect().width)} px`);
  return { checked, tooWide, smallTicks, chromeShown, swatches };
}

/** One colour per series key (trace plots) and per series label (every plot's legend), within a notebook. */
function colourConflicts(swatches: Swatch[]): string[] {
  const conflicts: string[] = [];
  for (const by of ["key", "label"] as const) {
    const seen = new Map<string, Set<string>>();
    for (const s of swatches) {
      const k = s[by];
      if (!k || !s.color) continue;
      if (!seen.has(k)) seen.set(k, new Set());
      seen.get(k)!.add(s.color.toLowerCase());
    }
    for (const [k, colors] of seen) if (colors.size > 1) conflicts.push(`${by} "${k}": ${[...colors].join(", ")}`);
  }
  return conflicts;
}

function pdfPages(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0;
}

async function settledPage(browser: Browser, url: string, viewport?: { width: number; height: number }) {
  const watched = await openPage(browser, url, viewport);
  await waitSettled(watched.page, 120_000);
  return watched;
}

async function settledIndex(browser: Browser) {
  const watched = await openPage(browser, baseUrl);
  await watched.page.waitForSelector(".nb-card");
  return watched;
}

const summary: Record<string, Record<string, string | number>> = {};

// The build's half of the TeX check: a `$` that opens no math never reaches a page.
describe("the compiler refuses math that would reach readers as raw TeX", () => {
  it("fails on a $ after a letter (poly$(d/ε)$) and accepts \\$ and code spans", () => {
    const nb = (body: string) => compileNotebook(`---\ntitle: T\nsummary: S\n---\n${body}\n`, "t.md", "t");
    expect(() => nb("With poly$(d/\\varepsilon)$ queries")).toThrow(/t\.md:5:1: a "\$" that opens no math/);
    expect(() => nb("A lone $ sign")).toThrow(/opens no math/);
    expect(() => nb("costs \\$5, `a$b`, and $\\mathrm{poly}(d/\\varepsilon)$")).not.toThrow();
    expect(() => nb("# A second title")).toThrow(/the page's title is the front matter's "title"/);
  });
});

describe.skipIf(!baseUrl)("what a reader sees, on every notebook", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (Object.keys(summary).length) console.log(`reader checks, per notebook:\n${JSON.stringify(summary, null, 1)}`);
  });

  it.each(notebooks)("%s: math, colours, axes and print", { timeout: 300_000 }, async (name) => {
    const { page, errors } = await settledPage(browser, `${baseUrl}${name}.html`);
    const tex = await page.evaluate(rawTexOnPage);
    const swatches = await page.evaluate(legendSwatches);
    const colours = colourConflicts(swatches);
    const axes = await page.evaluate(axisTicks);
    // Leaks: an object a cell evaluates to ("▸Array(2)"), and a run's status line once every run is done
    // (cells drawn by hand may still be computing when the trace plots are complete: wait for their runs).
    await page
      .waitForFunction(() => !document.querySelector(".bl-run-status > *"), null, { timeout: 120_000 })
      .catch(() => undefined);
    const leaks = await page.evaluate(() => [
      ...[...document.querySelectorAll(".cell .observablehq--inspect.observablehq--collapsed")].map(
        (el) => `${el.closest(".cell")?.id}: "${el.textContent?.trim().slice(0, 80)}"`,
      ),
      ...[...document.querySelectorAll(".bl-run-status > *")].map((el) => `status line "${el.textContent}"`),
      // Plot draws "⚠️" in a chart it warned about (data its scales could not take).
      ...[...document.querySelectorAll(".cell svg text")]
        .filter((t) => t.textContent?.includes("⚠"))
        .map((t) => `${t.closest(".cell")?.id}: Plot's warning glyph`),
    ]);
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize(PAGE_BOX);
    const print = await page.evaluate(widths, { limit: PAGE_BOX.width, minTick: 0 });
    const pages = pdfPages(await page.pdf({ format: "A4", printBackground: false }));
    summary[name] = {
      textsChecked: tex.texts,
      rawTex: tex.rawTex.length,
      katexErrors: tex.katexErrors,
      legendEntries: swatches.length,
      colourConflicts: colours.length,
      numericAxes: axes.axes,
      siTickLabels: axes.siLabels.length,
      axesUnder3Ticks: axes.sparseAxes.length,
      leakedValues: leaks.length,
      printElements: print.checked,
      printTooWide: print.tooWide.length,
      printSwatchesTooWide: print.swatches.length,
      printChromeShown: print.chromeShown.length,
      printPages: pages,
      ...summary[name],
    };
    expect(tex.rawTex).toEqual([]);
    expect(tex.katexErrors).toBe(0);
    expect(colours).toEqual([]);
    expect(axes.siLabels).toEqual([]);
    expect(axes.sparseAxes).toEqual([]);
    expect(leaks).toEqual([]);
    expect(print.tooWide).toEqual([]);
    expect(print.swatches).toEqual([]);
    expect(print.chromeShown).toEqual([]);
    expect(pages).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the index: no raw TeX in the summaries", async () => {
    const { page, errors } = await settledIndex(browser);
    const tex = await page.evaluate(rawTexOnPage);
    summary.index = { textsChecked: tex.texts, rawTex: tex.rawTex.length, katexErrors: tex.katexErrors };
    expect(tex.rawTex).toEqual([]);
    expect(tex.katexErrors).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(notebooks)("%s: on a 390 px phone", { timeout: 300_000 }, async (name) => {
    const { page, errors } = await settledPage(browser, `${baseUrl}${name}.html`, PHONE);
    const phone = await page.evaluate(widths, { limit: PHONE.width, minTick: MIN_TICK_PX });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    summary[name] = {
      ...summary[name],
      phoneElements: phone.checked,
      phoneTooWide: phone.tooWide.length,
      phoneTicksUnder9px: phone.smallTicks.length,
      phoneScrollWidth: scrollWidth,
    };
    expect(phone.tooWide).toEqual([]);
    expect(phone.smallTicks).toEqual([]);
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await page.close();
  });
});
