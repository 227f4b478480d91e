import { Runtime } from "@observablehq/runtime";
import { describe, expect, it } from "vitest";
import { notebookModule } from "../../src/notebook/codegen";
import { compileNotebook } from "../../src/notebook/compile";
import { NotebookError } from "../../src/notebook/errors";
import { parseCell } from "../../src/notebook/parse-cell";

const FRONT = "---\ntitle: T\nsummary: S\n---\n";
const nb = (body: string) => compileNotebook(FRONT + body, "notebooks/t.md", "t");
const errorOf = (body: string): NotebookError => {
  try {
    nb(body);
  } catch (e) {
    if (e instanceof NotebookError) return e;
    throw e;
  }
  throw new Error("compiled without error");
};

describe("cell analysis", () => {
  it("destructuring declares every bound name", () => {
    const c = parseCell("const {a, b: [c, ...d], e = f} = obj");
    expect(c.outputs).toEqual(["a", "c", "d", "e"]);
    expect(c.inputs).toEqual(["f", "obj"]);
  });

  it("shadowed names are not inputs; names used before a nested declaration are", () => {
    const c = parseCell("function g(p) { const q = 1; return p + q + r } const h = (x) => { let p = x; return p + s }");
    expect(c.inputs).toEqual(["r", "s"]);
    expect(c.outputs).toEqual(["g", "h"]);
    expect(parseCell("{ const inner = 1; outer + inner }").inputs).toEqual(["outer"]);
  });

  it("globals stay globals; cells' own declarations are not inputs", () => {
    const c = parseCell("const x = Math.max(y, 1); console.log(x, window.innerWidth)");
    expect(c.inputs).toEqual(["y"]);
  });

  it("top-level await makes an async cell; await inside a nested async function does not", () => {
    expect(parseCell("const x = await f()").async).toBe(true);
    expect(parseCell("const g = async () => await f()").async).toBe(false);
    expect(parseCell("for await (const v of s) display(v)").async).toBe(true);
  });

  it("top-level yield makes a generator cell; it may not also declare names", () => {
    const c = parseCell("for (let i = 0; i < 3; ++i) yield i");
    expect(c.generator).toBe(true);
    expect(c.expression).toBe(false);
    expect(() => parseCell("const a = 1; yield a")).toThrow(/cannot also declare/);
    expect(parseCell("const g = function* () { yield 1 }").generator).toBe(false);
  });

  it("displayed cells: an expression, a block that returns, a generator; not declarations", () => {
    expect(parseCell("plot(trace)")).toMatchObject({ expression: true, display: true });
    expect(parseCell("const a = 1")).toMatchObject({ expression: false, display: false });
    expect(parseCell("{ const n = 3; return Plot.plot({n}) }")).toMatchObject({ expression: false, display: true });
    expect(parseCell("const f = () => { return 1 }")).toMatchObject({ display: false });
    expect(parseCell("for (const v of vs) yield v")).toMatchObject({ display: true });
    expect(() => parseCell("const a = 1; return a")).toThrow(/cannot also declare/);
  });

  it("refuses assignment to another cell's value, and imports", () => {
    expect(() => parseCell("p = 3")).toThrow(/cannot assign to "p"/);
    expect(() => parseCell("const q = 1; q = 2")).not.toThrow();
    expect(() => parseCell("import x from 'y'")).toThrow(/cannot import/);
  });
});

describe("the Plot members a cell names (all a page bundles of Plot)", () => {
  it.each([
    ["Plot.plot({marks: [Plot.line(d), Plot.ruleY([0])]})", ["line", "plot", "ruleY"]],
    ["const f = (Plot) => Plot.geo(x); const y = Plot.dot(d)", ["dot"]],
    ["{ let Plot = 1; return Plot.whatever; }", []],
    ["const o = {Plot: 1, k: x.Plot}; const m = Plot.text", ["text"]],
    ["const P = Plot", "all"],
    ["const o = {Plot}", "all"],
    ['const m = Plot["line"]', "all"],
    ["const m = f(Plot)", "all"],
    ["const m = {...Plot}", "all"],
    ["const m = 1", []],
  ])("%s", (source, members) => {
    expect(parseCell(source).members.Plot).toEqual(members);
  });

  it("the module imports the members its cells name, all of Plot if one cell takes it whole, none if none does", () => {
    const two = notebookModule(
      nb("```js\nPlot.plot({marks: [Plot.dot(d)]})\n```\n\n```js\nconst l = Plot.line\n```\n"),
    );
    expect(two).toContain('import * as Plot from "@observablehq/plot";');
    expect(two).toContain("export const plot = {dot: Plot.dot, line: Plot.line, plot: Plot.plot};");
    const whole = notebookModule(nb("```js\nPlot.dot(d)\n```\n\n```js\nconst P = Plot\n```\n"), {
      Plot: "file:///p.js",
      d3: "file:///d3.js",
    });
    expect(whole).toContain('import * as plot from "file:///p.js";');
    const none = notebookModule(nb("```js\nconst x = 1\n```\n"));
    expect(none).not.toContain("import");
    expect(none).toContain("export const plot = {};");
  });

  it("every member the notebooks name is one of Plot's or d3's exports", async () => {
    const exports = { Plot: await import("@observablehq/plot"), d3: await import("d3") };
    const { readdirSync, readFileSync } = await import("node:fs");
    for (const library of ["Plot", "d3"] as const) {
      let all = 0;
      for (const file of readdirSync("notebooks").filter((f) => f.endsWith(".md"))) {
        const c = compileNotebook(readFileSync(`notebooks/${file}`, "utf8"), `notebooks/${file}`, file.slice(0, -3));
        const named = c.cells.flatMap((cell) => (cell.members[library] === "all" ? [] : cell.members[library]));
        expect(
          named.filter((m) => !(m in exports[library])),
          `${file}: ${library}`,
        ).toEqual([]);
        all += named.length;
      }
      expect(all, library).toBeGreaterThan(0);
    }
  });

  it("d3 loads the members the cells name, when a cell asks for it", async () => {
    const c = nb("```js\nconst m = d3.max([1, 3, 2])\n```\n\n```js\nconst s = d3.sum([1, 2])\n```\n");
    expect(c.cells.map((cell) => cell.members.d3)).toEqual([["max"], ["sum"]]);
    const url = `data:text/javascript;base64,${Buffer.from(
      notebookModule(c, { Plot: "file:///unused.js", d3: import.meta.resolve("d3") }),
    ).toString("base64")}`;
    const mod = (await import(/* @vite-ignore */ url)) as { d3: () => Promise<Record<string, unknown>> };
    const d3 = await mod.d3();
    expect(Object.keys(d3).sort()).toEqual(["max", "sum"]);
    expect((d3.max as (v: number[]) => number)([1, 3, 2])).toBe(3);
  });
});

describe("notebook compiler", () => {
  it("renders prose and summary math with MathML for screen readers, the HTML hidden from them", () => {
    const c = compileNotebook(
      "---\ntitle: T\nsummary: rate $O(1/k)$\n---\nInline $x^2$ and\n\n$$\n\\sum_i a_i\n$$\n",
      "t.md",
      "t",
    );
    for (const html of [c.html, c.summaryHtml]) {
      expect(html).toContain('<span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML"');
      expect(html).toContain('<span class="katex-html" aria-hidden="true">');
    }
    expect(c.html).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
    expect(c.html).toContain('display="block"');
  });

  it("renders prose math at build time and places cells with id= and echo", () => {
    const c = nb(
      "Some $x^2$ math.\n\n$$\n\\int_0^1 f\n$$\n\n```js id=plot echo\nconst a = 1\n```\n\n```js\na + 1\n```\n",
    );
    expect(c.html).toContain('class="katex"');
    expect(c.html).toContain('<div class="math-display">');
    expect(c.html).toContain('<div class="cell" id="cell-0" data-cell-id="plot"></div>');
    expect(c.html).toContain('<pre class="cell-source"><code class="hljs language-js">');
    expect(c.cells.map((x) => [x.id, x.echo, x.line])).toEqual([
      ["plot", true, 12],
      [undefined, false, 16],
    ]);
    expect(c.front).toEqual({ title: "T", summary: "S" });
  });

  it("non-js code blocks stay code", () => {
    const c = nb("```ts\nconst x: number = 1\n```\n");
    expect(c.cells).toHaveLength(0);
    expect(c.html).toContain("<pre><code");
  });

  it("a syntax error names the file, the line in the .md and the reason", () => {
    const e = errorOf("text\n\n```js\nconst a = 1\nconst = 2\n```\n");
    expect(e.file).toBe("notebooks/t.md");
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/^notebooks\/t\.md:9:\d+: in js cell: Unexpected token/);
  });

  it("malformed TeX fails with the line", () => {
    const e = errorOf("ok\n\nbad $\\frac{1}{$ here\n");
    expect(e.line).toBe(7);
    expect(e.message).toMatch(/TeX error in \$…\$/);
    expect(errorOf("$$\n\\begin{x}\n$$\n").message).toMatch(/:5:1: TeX error in \$\$…\$\$/);
  });

  it("refuses names defined twice, duplicate ids, unknown attributes, bad front matter", () => {
    expect(errorOf("```js\nconst a = 1\n```\n\n```js\nconst a = 2\n```\n").message).toMatch(
      /"a" is defined by two cells \(lines 6 and 10\)/,
    );
    expect(errorOf("```js id=x\n1\n```\n\n```js id=x\n2\n```\n").message).toMatch(/id "x" is used twice/);
    expect(errorOf("```js hidden\n1\n```\n").message).toMatch(/unknown cell attribute "hidden"/);
    expect(() => compileNotebook("no front matter", "f.md", "f")).toThrow(/front matter/);
    expect(() => compileNotebook("---\ntitle: [\n---\n", "f.md", "f")).toThrow(/not valid YAML/);
    expect(() => compileNotebook("---\ntitle: T\n---\n", "f.md", "f")).toThrow(/"summary"/);
  });
});

describe("generated module on the Observable runtime", () => {
  it("runs cells reactively: declarations, async, generators, and redefinition", async () => {
    const c = nb(
      "```js\nconst base = 2\n```\n\n```js\nconst {sq, half} = {sq: base * base, half: base / 2}\n```\n\n```js\nconst later = await Promise.resolve(sq + 1)\n```\n\n```js\nfor (let i = 0; i < 3; i++) yield later + i\n```\n",
    );
    const url = `data:text/javascript;base64,${Buffer.from(notebookModule(c)).toString("base64")}`;
    const mod = (await import(/* @vite-ignore */ url)) as {
      cells: { inputs: string[]; outputs: string[]; index: number; body: (...a: unknown[]) => unknown }[];
    };
    const runtime = new Runtime();
    const main = runtime.module();
    const seen: unknown[] = [];
    for (const cell of mod.cells) {
      const v = main.variable(cell.index === 3 ? { fulfilled: (x: unknown) => seen.push(x) } : true);
      if (cell.outputs.length) {
        v.define(`cell ${cell.index}`, cell.inputs, cell.body as never);
        for (const o of cell.outputs)
          main.define(o, [`cell ${cell.index}`], ((x: Record<string, unknown>) => x[o]) as never);
      } else v.define(null, cell.inputs, cell.body as never);
    }
    expect(await main.value("half")).toBe(1);
    expect(await main.value("later")).toBe(5);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([5, 6, 7]);
    main.redefine("cell 0", [], (() => ({ base: 3 })) as never);
    expect(await main.value("later")).toBe(10);
    runtime.dispose();
  });
});

describe("cell dependency graph", () => {
  it("finds what a cell reads from, transitively, in notebook order, without the cell itself", async () => {
    const { dependencies } = await import("../../src/notebook/graph");
    const cells = [
      { id: "a", inputs: [], outputs: ["p"] },
      { id: "b", inputs: ["p"], outputs: ["trace"] },
      { id: "c", inputs: ["view"], outputs: ["unused"] },
      { id: "d", inputs: ["trace", "p", "Plot"], outputs: [] },
      { id: "e", inputs: ["loop"], outputs: ["loop2"] },
      { id: "f", inputs: ["loop2"], outputs: ["loop"] },
    ];
    expect(dependencies(cells, cells[3]).map((c) => c.id)).toEqual(["a", "b"]);
    expect(dependencies(cells, cells[0])).toEqual([]);
    expect(dependencies(cells, cells[4]).map((c) => c.id)).toEqual(["e", "f"]); // a cycle terminates
  });
});
