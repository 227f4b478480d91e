/**
 * The pieces of the build's default figures that need no browser: the exact trace JSON, the lookup
 * key of parameters, the PNG of the compute threads against `npm run figure`'s, the embed sandbox the
 * toolbar and the oEmbed files share, and how a built page is filled in.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { svgToPng } from "../../scripts/png";
import {
  figureEmbedPage,
  fillNotebookPage,
  headlineOf,
  oembedJson,
  type PrerenderedNotebook,
  EMBED_SANDBOX as SITE_SANDBOX,
} from "../../src/site/prerendered";
import { fromExactJson, paramsKey, toExactJson } from "../../src/stdlib/export";
import { EMBED_SANDBOX } from "../../src/stdlib/figure-toolbar";

describe("exact trace JSON", () => {
  it("keeps every bit: NaN, ±Infinity, −0, subnormals, and typed arrays at an offset", () => {
    const buf = new Float64Array([9, 1.5, Number.NaN, -0, 5e-324, Number.POSITIVE_INFINITY, -1e308]);
    const view = buf.subarray(1);
    const value = { x: view, slope: Number.NaN, atX: Number.NEGATIVE_INFINITY, zero: -0, label: "</script><b>" };
    const json = toExactJson(value);
    expect(json).not.toContain("<");
    const back = fromExactJson<typeof value>(json);
    expect(back.x).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.x.buffer).equals(Buffer.from(view.buffer, view.byteOffset, view.byteLength))).toBe(true);
    expect(back.slope).toBeNaN();
    expect(back.atX).toBe(Number.NEGATIVE_INFINITY);
    expect(Object.is(back.zero, -0)).toBe(true);
    expect(back.label).toBe("</script><b>");
  });

  it("looks parameters up whatever the order of their keys", () => {
    expect(paramsKey({ b: 1, a: [2, 3], c: { y: 1, x: 2 } })).toBe(paramsKey({ c: { x: 2, y: 1 }, a: [2, 3], b: 1 }));
    expect(paramsKey({ a: 1 })).not.toBe(paramsKey({ a: 2 }));
  });
});

describe("the build's figure files", () => {
  it("the PNG (npm run figure's and the compute threads') is the SVG at its scale, on white", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><rect width="30" height="40" fill="#4269d0"/><text x="34" y="20">k</text></svg>`;
    const png = svgToPng(svg, 2);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // IHDR: width and height, big-endian, right after the 8-byte signature and the chunk header.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([120, 80]);
    expect(svgToPng(svg, 1).readUInt32BE(16)).toBe(60);
  });

  it("the toolbar and the oEmbed files give an iframe the same sandbox", () => {
    expect(SITE_SANDBOX).toBe(EMBED_SANDBOX);
    expect(EMBED_SANDBOX).toBe("allow-scripts allow-same-origin allow-downloads");
  });
});

describe("filling the built pages", () => {
  const files = {
    title: "A & B",
    svg: "/x.svg",
    png: "/x.png",
    thumb: "/x.thumb.svg",
    csv: "/x.csv",
    width: 680,
    height: 554,
    thumbWidth: 680,
    thumbHeight: 380,
  };
  const nb: PrerenderedNotebook = {
    name: "guide",
    ms: 0,
    traces: [{ experiment: "guide/gd", key: "k", json: '{"experiment":"guide/gd"}' }],
    cells: [
      { index: 0, id: "", kind: "controls", html: "<form>f</form>", experiments: [] },
      {
        index: 2,
        id: "gd",
        kind: "figure",
        html: '<figure><a href="__BL_BASE__/figures/guide/gd.svg">SVG</a></figure>',
        experiments: ["guide/gd"],
        files,
      },
    ],
  };

  it("a notebook page: figures in their placeholders, links from its folder, traces as data blocks", () => {
    const page = `<main><div class="cell" id="cell-0"></div><div class="cell" id="cell-2" data-cell-id="gd"></div></main>\n<!--bl-default-traces-->`;
    const out = fillNotebookPage(page, nb);
    expect(out).toContain('<div class="cell" id="cell-0"><form>f</form></div>');
    expect(out).toContain('data-cell-id="gd"><figure><a href="./figures/guide/gd.svg">');
    expect(out).toContain(
      '<script type="application/json" class="bl-default-trace" data-experiment="guide/gd">{"experiment":"guide/gd"}</script>',
    );
    expect(headlineOf(nb)?.id).toBe("gd");
  });

  it("a figure's embed page: two folders down, its oEmbed link, its traces", () => {
    const embed = `<!doctype html><html><head><title>BoundLab figure</title><script type="module" crossorigin src="./assets/embed-1.js"></script><link rel="stylesheet" href="./assets/page.css"></head><body>\n<main class="embed" id="embed"><p class="embed-loading">Loading…</p></main>\n</body></html>`;
    const out = figureEmbedPage(embed, nb, nb.cells[1], "How to write a notebook");
    expect(out).toContain('src="../../assets/embed-1.js"');
    expect(out).toContain('href="../../assets/page.css"');
    expect(out).toContain('<link rel="alternate" type="application/json+oembed" href="../../oembed/guide/gd.json"');
    expect(out).toContain('data-nb="guide" data-cell="gd" data-base="../../"');
    expect(out).toContain('href="../../figures/guide/gd.svg"');
    expect(out).toContain("<title>A &#38; B — BoundLab</title>");
    expect(out).toContain('class="bl-default-trace"');
    expect(out).not.toContain("Loading…");
  });

  it("oEmbed: rich, with the iframe, its size, title and thumbnail; absolute under BOUNDLAB_SITE_URL", () => {
    const cell = nb.cells[1] as (typeof nb.cells)[1] & { files: typeof files };
    const rel = oembedJson("guide", cell);
    expect(rel).toMatchObject({ type: "rich", version: "1.0", provider_name: "BoundLab", title: "A & B" });
    expect(rel.thumbnail_url).toBe("../../figures/guide/gd.png");
    const abs = oembedJson("guide", cell, "https://example.org/lab");
    expect(abs.html).toContain('src="https://example.org/lab/embed/guide/gd.html"');
    expect(abs.html).toContain(`sandbox="${EMBED_SANDBOX}"`);
    expect(abs.html).toContain("allowfullscreen");
    expect(abs.html).toContain(`width="${abs.width}" height="${abs.height}"`);
    expect(abs.thumbnail_url).toBe("https://example.org/lab/figures/guide/gd.png");
  });

  it("the compiled notebooks' summaries carry their math as KaTeX, and plain text for descriptions", async () => {
    const { compileNotebook } = await import("../../src/notebook/compile");
    const nb = compileNotebook(readFileSync("notebooks/bilevel.md", "utf8"), "notebooks/bilevel.md", "bilevel");
    expect(nb.summaryHtml).toContain('class="katex"');
    expect(nb.summaryText).toContain("ε⁻³"); // Unicode superscripts (issue 15: src/stdlib/tex-plain.ts)
    expect(nb.summaryText).not.toMatch(/[\\$]/);
    expect(() =>
      compileNotebook("---\ntitle: T\nsummary: S\nheadline: nope\n---\n```js id=a\n1\n```\n", "f.md", "f"),
    ).toThrow(/headline.*"nope".*cells with an id: a/);
  });
});
