/** Tour blocks (src/notebook/tours.ts): what compiles, what the compiler refuses and how it says so. */
import { describe, expect, it } from "vitest";
import { notebookModule } from "../../src/notebook/codegen";
import { compileNotebook } from "../../src/notebook/compile";
import { NotebookError } from "../../src/notebook/errors";

const page = (tour: string) => `---
title: T
summary: S
---

Text.

\`\`\`js id=fig
1 + 1
\`\`\`

\`\`\`tour
${tour}
\`\`\`
`;

const good = `name: intro
figure: fig
title: A tour
steps:
  - caption: "First, $\\\\alpha = 1$"
    params: { a.T: 300, a.env: switching, flag: true }
  - caption: Second <b>bold</b> & more
`;

function refusal(tour: string): string {
  try {
    compileNotebook(page(tour), "nb.md", "nb");
  } catch (e) {
    expect(e).toBeInstanceOf(NotebookError);
    return (e as NotebookError).message;
  }
  throw new Error("compiled");
}

describe("tour blocks", () => {
  it("compile to steps: captions rendered (math by KaTeX, text escaped), params as URL entries in order", () => {
    const nb = compileNotebook(page(good), "nb.md", "nb");
    expect(nb.tours).toHaveLength(1);
    const [t] = nb.tours;
    expect(t).toMatchObject({ name: "intro", figure: "fig", title: "A tour" });
    expect(t.steps[0].params).toEqual([
      ["a.T", "300"],
      ["a.env", "switching"],
      ["flag", "true"],
    ]);
    expect(t.steps[0].caption).toContain('class="katex"');
    expect(t.steps[0].caption).toContain("<math");
    expect(t.steps[0].text).toBe("First, α = 1");
    expect(t.steps[1].caption).toBe("Second &lt;b&gt;bold&lt;/b&gt; &amp; more");
    expect(t.steps[1].params).toEqual([]);
    // The page offers the tour where it is declared; the cells module ships it.
    expect(nb.html).toContain('<a href="?tour=intro">');
    expect(notebookModule(nb)).toContain('export const tours = [{"name":"intro"');
  });

  it.each([
    ["name: intro\nfigure: nope\ntitle: X\nsteps: [{caption: a}]", 'names no cell: "nope" (cells with an id: fig)'],
    ["name: Intro\nfigure: fig\ntitle: X\nsteps: [{caption: a}]", '"name" must be lowercase'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: []", '"steps" is a list'],
    ["name: intro\nfigure: fig\nsteps: [{caption: a}]", '"title" is one line'],
    ["name: intro\nfigure: fig\ntitle: X $x$\nsteps: [{caption: a}]", '"title" is one line of plain text'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{params: {}}]", 'step 1 needs a "caption"'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: a, param: {}}]", 'step 1: unknown field "param"'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: 'a $\\frac{$ b'}]", "step 1: TeX error"],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: 'costs $5'}]", 'a "$" that opens no math'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: a, params: {step: 2}}]", '"step" is the tour\'s own key'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: a, params: {x: [1, 2]}}]", '"x" needs a number'],
    ["name: intro\nfigure: fig\ntitle: X\nsteps: [{caption: a, params: {'a b': 1}}]", "is not a URL key"],
    ["name: intro\nfigure: fig\ntitle: X\nstep: [{caption: a}]", 'unknown field "step"'],
    ["name: intro\nfigure: [fig", "not valid YAML"],
    ["just text", "a tour is a mapping"],
  ])("refuses %j: %s", (tour, message) => {
    const m = refusal(tour);
    expect(m).toContain(message);
    expect(m).toMatch(/^nb\.md:\d+:\d+: /);
  });

  it("refuses a tour declared twice", () => {
    const twice = `${page(good)}\n\`\`\`tour\n${good}\`\`\`\n`;
    expect(() => compileNotebook(twice, "nb.md", "nb")).toThrow('tour "intro" is declared twice');
  });
});
