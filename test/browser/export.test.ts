import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { JSDOM } from "jsdom";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectedBundleFiles } from "../stdlib/bundle-files";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="gd"]';
const QUERY = "?K=300&runs=5&kappa=200&seed=3";

async function download(page: Page, action: string, scale?: string): Promise<Buffer> {
  if (scale) await page.selectOption(`${PLOT} .bl-toolbar select`, scale);
  const [dl] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`${PLOT} button[data-action="${action}"]`),
  ]);
  return readFileSync((await dl.path())!);
}

function parseCsv(text: string) {
  const lines = text.split("\n").filter((l) => l && !l.startsWith("#"));
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => {
    const cells = l
      .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
      .map((c) => c.replace(/,$/, "").replace(/^"|"$/g, "").replace(/""/g, '"'));
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
  return { header, rows };
}

type FigureData = { x: number[]; median: number[]; lo: number[]; hi: number[]; bounds: { key: string; y: number[] }[] };

async function plotted(page: Page): Promise<FigureData> {
  return page.evaluate((sel) => {
    const t = (
      document.querySelector(`${sel} .bl-plot`) as unknown as {
        trace: {
          x: Float64Array;
          series: { median: Float64Array; lo: Float64Array; hi: Float64Array }[];
          bounds: { key: string; y: Float64Array }[];
        };
      }
    ).trace;
    return {
      x: Array.from(t.x),
      median: Array.from(t.series[0].median),
      lo: Array.from(t.series[0].lo),
      hi: Array.from(t.series[0].hi),
      bounds: t.bounds.map((b) => ({ key: b.key, y: Array.from(b.y) })),
    };
  }, PLOT);
}

describe.skipIf(!baseUrl)("exports, embeds, print, themes", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("SVG: a standalone document with the plotted paths and the TeX labels as paths, no external references", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const svg = (await download(page, "svg")).toString("utf8");
    const doc = new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
    expect(doc.querySelector("parsererror")).toBeNull();
    const root = doc.documentElement;
    expect(root.tagName).toBe("svg");
    expect(root.getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    // The chart: the median line and the two bounds are <path> elements with data.
    const chartPaths = [...doc.querySelectorAll("g > svg path")].filter((p) => (p.getAttribute("d") ?? "").length > 50);
    expect(chartPaths.length).toBeGreaterThanOrEqual(3);
    // TeX labels: MathJax output, glyphs as paths (data-mml-node marks the math tree).
    expect(doc.querySelectorAll('[data-mml-node="math"]').length).toBe(2);
    expect(svg).toContain("Nesterov (2018), Thm 2.1.14");
    // Self-contained and light: no links out, no currentColor left, a white background.
    expect(svg).not.toMatch(/(href|src)="https?:/);
    expect(svg).not.toContain("currentColor");
    expect(svg).toContain('<rect width="100%" height="100%" fill="#ffffff"/>');
    await page.close();
  });

  it("Download figure: one zip with the SVG, the PNG at 2×, CSV, params.json, BibTeX, the description and the permalink", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    const params = await completePlotParams(page, PLOT);
    const files = unzipSync(new Uint8Array(await download(page, "download-figure")));
    const text = (name: string) => strFromU8(files[`guide-gd/${name}`]);
    expect(Object.keys(files).sort()).toEqual(expectedBundleFiles("guide-gd"));
    const svg = new JSDOM(text("guide-gd.svg"), { contentType: "image/svg+xml" }).window.document;
    expect(svg.querySelector("parsererror")).toBeNull();
    expect(svg.documentElement.tagName).toBe("svg");
    const png = Buffer.from(files["guide-gd/guide-gd@2x.png"]);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(png.readUInt32BE(16)).toBe(Math.round(Number(svg.documentElement.getAttribute("width")) * 2));
    expect(text("guide-gd.csv")).toContain("# parameters: kappa=200; stepL=1; d=50; K=300; runs=5; seed=3");
    const v = await page.getAttribute("[data-notebook]", "data-version");
    expect(JSON.parse(text("params.json"))).toMatchObject({
      experiment: "guide/gd",
      parameters: params,
      seed: 3,
      experimentVersion: v,
      permalink: `${baseUrl}guide.html${QUERY}&v=${v}#fig-gd`,
    });
    expect(text("citation.bib")).toMatch(/^@misc\{nesterov2018lectures,\n {2}author = \{Y\. Nesterov\},/);
    const description = await page.evaluate((sel) => {
      const chart = document.querySelector(`${sel} .bl-plot > svg`)!;
      return document.getElementById(chart.getAttribute("aria-describedby")!)!.textContent;
    }, PLOT);
    expect(text("alt-text.txt")).toBe(`${description}\n`);
    expect(text("permalink.txt")).toBe(`${baseUrl}guide.html${QUERY}&v=${v}#fig-gd\n`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(["1", "2", "4"])("PNG at %s× has the requested pixel size", async (scale) => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const png = await download(page, "png", scale);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const svg = (await download(page, "svg")).toString("utf8");
    const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)![1]);
    const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)![1]);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
      Math.round(w * Number(scale)),
      Math.round(h * Number(scale)),
    ]);
    await page.close();
  });

  it("CSV round-trips to exactly the plotted numbers, with units and parameters in its header", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const text = (await download(page, "csv")).toString("utf8");
    expect(text).toContain("# parameters: kappa=200; stepL=1; d=50; K=300; runs=5; seed=3");
    expect(text).toContain("# x: iteration k; y: f(xₖ) − f*");
    const { header, rows } = parseCsv(text);
    expect(header).toEqual(["curve", "role", "label", "x", "y", "y_lo", "y_hi", "runs"]);
    const data = await plotted(page);
    const series = rows.filter((r) => r.role === "series");
    expect(series.length).toBe(data.x.length);
    series.forEach((r, j) => {
      expect(Number(r.x)).toBe(data.x[j]);
      expect(Number(r.y)).toBe(data.median[j]);
      expect(Number(r.y_lo)).toBe(data.lo[j]);
      expect(Number(r.y_hi)).toBe(data.hi[j]);
    });
    for (const b of data.bounds) {
      const ys = rows.filter((r) => r.curve === b.key).map((r) => Number(r.y));
      expect(ys).toEqual(b.y);
    }
    await page.close();
  });

  it("the figure command writes the same data as the browser's CSV for the same parameters and seed", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const browserCsv = parseCsv((await download(page, "csv")).toString("utf8")).rows;
    await page.close();
    const { renderFigure } = await import("../../scripts/figure");
    const { csv, svg } = await renderFigure({
      notebook: "guide",
      cell: "gd",
      params: { K: "300", runs: "5", kappa: "200", seed: "3" },
      out: "x.csv",
      scale: 2,
    });
    const nodeCsv = parseCsv(csv).rows;
    expect(nodeCsv.map((r) => [r.curve, r.role, r.x])).toEqual(browserCsv.map((r) => [r.curve, r.role, r.x]));
    // Node's V8 and Chromium's may differ in the last bit of Math.log/sin/cos: equal to 1e-12 relative.
    nodeCsv.forEach((r, i) => {
      for (const k of ["y", "y_lo", "y_hi"]) {
        if (r[k] === "") expect(browserCsv[i][k]).toBe("");
        else
          expect(Math.abs(Number(r[k]) - Number(browserCsv[i][k]))).toBeLessThanOrEqual(1e-12 * Math.abs(Number(r[k])));
      }
    });
    expect(svg).toContain('data-mml-node="math"');
  });

  it("embed: one cell, its parameters from the URL, controls shown or hidden, a link to the notebook", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}embed.html?nb=guide&cell=gd&controls=0&K=250&runs=3`);
    const params = await completePlotParams(page, PLOT);
    expect(params).toMatchObject({ K: 250, runs: 3 });
    expect(await page.locator(".cell").count()).toBe(1);
    expect(await page.locator(".bl-controls").count()).toBe(0);
    expect(await page.getAttribute(".embed-source a", "href")).toBe("./guide.html?K=250&runs=3#fig-gd");
    await page.goto(`${baseUrl}embed.html?nb=guide&cell=gd&controls=1&K=250&runs=3`);
    await completePlotParams(page, PLOT);
    expect(await page.locator(".bl-controls").count()).toBe(1);
    expect(await page.locator(".cell").count()).toBe(2);
    // A control moved in the embed: the link back carries it at once, before any pointer comes near.
    const k = page.locator('.bl-field[data-param="K"] input[type=number]');
    await k.fill("400");
    await k.dispatchEvent("input");
    await page.waitForFunction(
      () => document.querySelector(".embed-source a")?.getAttribute("href")?.includes("K=400"),
      undefined,
      { timeout: 10_000 },
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("embed: unknown notebooks and cells get a message listing the valid ones", async () => {
    const { page } = await openPage(browser, `${baseUrl}embed.html?nb=nope&cell=gd`);
    await page.waitForSelector(".embed-error");
    expect(await page.textContent(".embed-error")).toBe('Unknown notebook "nope". Notebooks:');
    expect(await page.$$eval(".embed-choices code", (c) => c.map((x) => x.textContent))).toContain("guide");
    await page.goto(`${baseUrl}embed.html?nb=guide&cell=nope`);
    await page.waitForSelector(".embed-error");
    expect(await page.textContent(".embed-error")).toBe(
      'Notebook "guide" has no cell with id "nope". Cells that can be embedded:',
    );
    expect(await page.$$eval(".embed-choices code", (c) => c.map((x) => x.textContent))).toEqual(["gd"]);
    await page.close();
  });

  it("the toolbar's embed code and link reproduce the current parameters", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    await page.click(`${PLOT} button[data-action="embed"]`);
    const snippet = await page.inputValue(`${PLOT} .bl-share`);
    // Both carry the version tag of the code that drew the figure (v=, from the build).
    const v = await page.getAttribute("[data-notebook]", "data-version");
    expect(v).toMatch(/^[0-9a-f]{8}$/);
    const amp = "&(?:amp;)?";
    expect(snippet).toMatch(
      new RegExp(
        `^<iframe src="[^"]+embed\\.html\\?nb=guide${amp}cell=gd${amp}controls=1${amp}K=300${amp}runs=5${amp}kappa=200${amp}seed=3${amp}v=${v}"`,
      ),
    );
    await page.click(`${PLOT} button[data-action="copy-link"]`);
    expect(await page.inputValue(`${PLOT} .bl-share`)).toBe(`${baseUrl}guide.html${QUERY}&v=${v}#fig-gd`);
    await page.close();
  });

  it("a link made with another version of the experiments says so; one made with this version does not", async () => {
    const note = ".bl-version-note";
    const { page, errors } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const v = (await page.getAttribute("[data-notebook]", "data-version"))!;
    expect(await page.locator(note).count()).toBe(0);
    for (const [url, shown] of [
      [`guide.html${QUERY}&v=${v}`, null],
      [`guide.html${QUERY}&v=0123abcd`, "version 0123abcd"],
      [`guide.html${QUERY}&v=%3Cb%3Ex`, "another version"],
      [`embed.html?nb=guide&cell=gd&v=0123abcd`, "version 0123abcd"],
    ] as const) {
      await page.goto(`${baseUrl}${url}`);
      await completePlotParams(page, PLOT);
      if (shown === null) expect(await page.locator(note).count(), url).toBe(0);
      else
        expect(await page.textContent(note), url).toBe(
          `This link was made with ${shown} of this notebook's experiments; this page runs version ${v}: numbers may differ.`,
        );
    }
    // The embed's link to the notebook passes the tag on.
    expect(await page.getAttribute(".embed-source a", "href")).toContain("v=0123abcd");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("print: no controls or toolbars, plots fit the page, math intact", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".bl-controls").isVisible()).toBe(false);
    expect(await page.locator(".bl-toolbar").isVisible()).toBe(false);
    expect(await page.locator(".katex").first().isVisible()).toBe(true);
    const widths = await page.evaluate(() => ({
      svg: document.querySelector(".bl-plot svg")!.getBoundingClientRect().width,
      main: document.querySelector("main")!.getBoundingClientRect().width,
    }));
    expect(widths.svg).toBeLessThanOrEqual(widths.main + 1);
    await page.close();
  });

  it("dark mode follows the system; exported SVGs stay light", async () => {
    const page = await browser.newPage({ colorScheme: "dark" });
    await page.goto(`${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe("rgb(22, 23, 26)");
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`${PLOT} button[data-action="svg"]`)]);
    expect(readFileSync((await dl.path())!, "utf8")).toContain('fill="#ffffff"');
    await page.close();
  });

  it("accessibility: every input has a label, plots describe their bounds and readouts, keys move sliders", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html${QUERY}`);
    await completePlotParams(page, PLOT);
    const unlabelled = await page.$$eval(".bl-controls input, .bl-controls select, .bl-toolbar select", (els) =>
      els
        .filter(
          (el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute("aria-label") && !el.closest("label"),
        )
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    const aria = await page.getAttribute(`${PLOT} .bl-plot svg[role=img]`, "aria-label");
    expect(aria).toContain("Bound R² / (2ηk) (Nesterov (2018), Thm 2.1.14, upper)");
    // Series and bounds by their labels, not internal keys (issue 15).
    expect(aria).toMatch(/Largest ratio of GD[^:]* to its bound R² \/ \(2ηk\): [\d.]+/);
    await page.close();
  });
});
