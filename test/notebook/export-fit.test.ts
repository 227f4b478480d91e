import { readdirSync, readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { controlledExperiments, exportable, renderFigure } from "../../scripts/figure";
import { svgToPng } from "../../scripts/png";
import { compileNotebook } from "../../src/notebook/compile";
import { textWidth, wrapText } from "../../src/stdlib/svg-text";
import { loadExperiment } from "../../src/theory/experiment-registry";

// Every id= figure the figure command exports (convergencePlot/regretPlot cells; cells that call
// Plot.plot themselves have no export path and are left out by `exportable`), at its defaults but
// with its fewest runs so the file runs in seconds: the text is the same at any run count but the legend's
// "over N runs", a few characters shorter.
// Left out: halpern figure1 and sor paper-figure, whose runs take minutes in-process even at 2 runs
// (the build marks them long runs too); they go through the same figureSvg as every figure here.
const SLOW = new Set(["halpern figure1", "sor paper-figure"]);
const figures = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .flatMap((f) => {
    const name = f.slice(0, -3);
    const nb = compileNotebook(readFileSync(`notebooks/${f}`, "utf8"), `notebooks/${f}`, name);
    return nb.cells
      .filter((c) => c.id && exportable(c))
      .filter((c) => !SLOW.has(`${name} ${c.id}`))
      .map((c) => [name, c.id!, controlledExperiments(nb, c.id!)] as const);
  });

interface Box {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** The box of each of the export's own text lines (root-level <text>: title, legend, readouts), from the font metrics. */
function textBoxes(svg: string): { width: number; height: number; boxes: Box[] } {
  const doc = new JSDOM(svg, { contentType: "image/svg+xml" }).window.document;
  const root = doc.documentElement;
  const boxes: Box[] = [];
  for (const t of root.querySelectorAll(":scope > text")) {
    const base = Number(t.getAttribute("font-size"));
    const bold = t.getAttribute("font-weight") === "600";
    let w = 0;
    let size = base;
    for (const node of t.childNodes) {
      const s = node.nodeType === 1 ? Number((node as Element).getAttribute("font-size") ?? base) : base;
      size = Math.max(size, s);
      w += textWidth(node.textContent ?? "", s, bold);
    }
    const x = Number(t.getAttribute("x"));
    const y = Number(t.getAttribute("y"));
    // DejaVu Sans: ascent 0.93 em, descent 0.24 em.
    boxes.push({ text: t.textContent ?? "", x0: x, x1: x + w, top: y - 0.93 * size, bottom: y + 0.24 * size });
  }
  return { width: Number(root.getAttribute("width")), height: Number(root.getAttribute("height")), boxes };
}

describe("exported figures fit their canvas", () => {
  it(`finds the exportable id= figures (${figures.length})`, () => {
    expect(figures.length).toBeGreaterThan(10);
  });

  it.each(figures)(
    "%s %s: every text line lies inside the SVG at 1×, 2× and 4×",
    async (notebook, cell, ids) => {
      // The fewest runs every experiment of the cell allows (none when one has no runs parameter).
      const mins = (await Promise.all(ids.map(loadExperiment))).map(
        (e) => (e.params as Record<string, { min?: number } | undefined>).runs?.min,
      );
      const params: Record<string, string> = mins.every((m) => m !== undefined)
        ? { runs: String(Math.max(2, ...(mins as number[]))) }
        : {};
      const { svg } = await renderFigure({ notebook, cell, params, out: "f.svg", scale: 1 });
      const { width, height, boxes } = textBoxes(svg);
      expect(boxes.length).toBeGreaterThan(0);
      const outside = boxes.filter((b) => b.x0 < 0 || b.x1 > width + 0.5 || b.top < 0 || b.bottom > height + 0.5);
      expect(outside.map((b) => `${b.text} [${b.x0.toFixed(0)}, ${b.x1.toFixed(0)}] of ${width}`)).toEqual([]);
      // A legend entry's note keeps its leading space ("UCB1 — median", not resvg's "UCB1— median"):
      // a <text> whose tspan starts with a space preserves its spaces.
      const spaced = [...svg.matchAll(/<text[^>]*>[^<]*<tspan[^>]*> /g)].map((m) => m[0]);
      expect(spaced.filter((t) => !t.includes('xml:space="preserve"'))).toEqual([]);
      for (const scale of [1, 2, 4]) {
        const png = svgToPng(svg, scale);
        // PNG IHDR: width and height at bytes 16 and 20; the raster is the viewBox scaled, nothing cropped.
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([
          Math.round(width * scale),
          Math.round(height * scale),
        ]);
      }
    },
    120_000,
  );
});

describe("svg-text wrapping", () => {
  it("breaks at spaces within the width and keeps every word", () => {
    const text = "UCB1 — median and 10–90% band over 256 runs, against the lower bound as t → ∞";
    const lines = wrapText(text, 12, 150);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(150);
    expect(lines.join(" ")).toBe(text);
  });
  it("cuts a word longer than a line", () => {
    const lines = wrapText("x".repeat(100), 12, 60);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(60);
    expect(lines.join("")).toBe("x".repeat(100));
  });
  it("measures DejaVu Sans: bold is wider, an unknown glyph counts 1 em", () => {
    expect(textWidth("median", 12, true)).toBeGreaterThan(textWidth("median", 12));
    expect(textWidth(" ", 10)).toBeCloseTo(3.18, 2);
    expect(textWidth("\u{1F600}", 10)).toBe(10);
    expect(() => wrapText("a", 12, 0)).toThrow(/width must be positive/);
  });
});
