import { readdirSync, readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { svgToPng } from "../../scripts/png";
import { compileNotebook } from "../../src/notebook/compile";
import { experimentVersion } from "../../src/site/code-version";
import { figureBundle, paperBibtex } from "../../src/stdlib/bundle";
import { expectedBundleFiles } from "./bundle-files";

const front = (name: string) =>
  compileNotebook(readFileSync(`notebooks/${name}.md`, "utf8"), `notebooks/${name}.md`, name).front;

describe("paperBibtex", () => {
  it("sor: authors joined by and, title, year from the venue, the arXiv id", () => {
    expect(paperBibtex(front("sor"))).toBe(
      [
        "@misc{khodak2024learning,",
        "  author = {Khodak and Chow and Balcan and Talwalkar},",
        "  title = {Learning to Relax: Setting Solver Parameters Across a Sequence of Linear System Instances},",
        "  year = {2024},",
        "  howpublished = {ICLR 2024},",
        "  eprint = {2310.02246},",
        "  archiveprefix = {arXiv},",
        "  url = {https://arxiv.org/abs/2310.02246}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("a list of works: the first is the entry with its own venue, the others and the arXiv id its note; TeX specials escaped", () => {
    const bib = paperBibtex({
      paper: "A & B — Regret 100% of the time; C (1985)",
      venue: "COLT 2012 · X 1985",
      arxiv: "1204.5721",
    });
    expect(bib).toContain("@misc{a2012regret,");
    expect(bib).toContain("author = {A and B}");
    expect(bib).toContain("title = {Regret 100\\% of the time}");
    expect(bib).toContain("year = {2012}");
    expect(bib).toContain("howpublished = {COLT 2012}");
    expect(bib).not.toContain("eprint");
    expect(bib).toContain("note = {With C (1985); arXiv:1204.5721}");
  });

  it("every notebook's front matter gives an entry with balanced braces, an author and a title", () => {
    for (const f of readdirSync("notebooks").filter((x) => x.endsWith(".md"))) {
      const bib = paperBibtex(front(f.replace(/\.md$/, "")));
      expect(bib, f).toMatch(/^@misc\{[a-z0-9]+,\n/);
      expect(bib, f).toMatch(/\n {2}author = \{.+\},\n {2}title = \{.+\},/);
      const depth = [...bib.replace(/\\[{}]/g, "")].reduce((d, c) => d + (c === "{" ? 1 : c === "}" ? -1 : 0), 0);
      expect(depth, f).toBe(0);
    }
  });

  it("no paper: a clear message", () => {
    expect(() => paperBibtex({})).toThrow(/names no paper/);
  });
});

describe("figureBundle", () => {
  it("guide/gd from a real run: every file in the zip is valid", async () => {
    const { renderFigure } = await import("../../scripts/figure");
    const params = { K: "300", runs: "5", kappa: "200", seed: "3" };
    const { trace, svg, csv, figure } = await renderFigure({
      notebook: "guide",
      cell: "gd",
      params,
      out: "x.svg",
      scale: 2,
    });
    const chart = figure.querySelector(":scope > svg")!;
    const altText = figure.ownerDocument.getElementById(chart.getAttribute("aria-describedby")!)!.textContent!;
    const version = experimentVersion("guide")!;
    const permalink = `https://example.org/guide.html?${new URLSearchParams(params)}&v=${version}#gd`;
    const parts = {
      stem: "guide-gd",
      svg,
      png: svgToPng(svg, 2),
      csv,
      trace,
      experimentVersion: version,
      front: front("guide"),
      altText,
      permalink,
    };
    const files = unzipSync(figureBundle(parts));
    expect(Object.keys(files).sort()).toEqual(expectedBundleFiles("guide-gd"));
    const text = (name: string) => strFromU8(files[`guide-gd/${name}`]);

    const doc = new JSDOM(text("guide-gd.svg"), { contentType: "image/svg+xml" }).window.document;
    expect(doc.querySelector("parsererror")).toBeNull();
    expect(doc.documentElement.tagName).toBe("svg");
    const width = Number(doc.documentElement.getAttribute("width"));

    const png = files["guide-gd/guide-gd@2x.png"];
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(Buffer.from(png).readUInt32BE(16)).toBe(Math.round(width * 2));

    const csvLines = text("guide-gd.csv").split("\n");
    expect(csvLines).toContain("curve,role,label,x,y,y_lo,y_hi,runs");
    expect(csvLines.filter((l) => l.startsWith("gd,series,")).length).toBe(trace.x.length);

    const json = JSON.parse(text("params.json"));
    expect(json).toMatchObject({
      experiment: "guide/gd",
      parameters: { K: 300, runs: 5, kappa: 200, seed: 3 },
      seed: 3,
      experimentVersion: version,
      permalink,
    });
    expect(json.parameters).toEqual(trace.meta.params);
    expect(json.siteVersion).toMatch(/^\d+\.\d+\.\d+/);

    const bib = text("citation.bib");
    expect(bib).toMatch(/^@misc\{nesterov2018lectures,/);
    expect(bib).toContain("author = {Y. Nesterov}");
    expect(bib).toContain("title = {Lectures on Convex Optimization (2nd ed.), §2.1}");
    expect(bib).toContain("year = {2018}");

    expect(text("alt-text.txt")).toBe(`${altText}\n`);
    expect(altText).toContain("against iteration k");
    expect(text("permalink.txt")).toBe(`${permalink}\n`);

    // A notebook that names no paper: the same bundle without citation.bib.
    const uncited = Object.keys(unzipSync(figureBundle({ ...parts, front: {} })));
    expect(uncited.sort()).toEqual(expectedBundleFiles("guide-gd").filter((f) => !f.endsWith("citation.bib")));
  });
});
