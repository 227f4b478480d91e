/**
 * Names a reader or a link supplies (the embed page's ?nb= and ?cell=, the figure command's notebook
 * and --flags) are looked up in Maps and arrays, never by indexing a plain object: Object.prototype's
 * own names must read as unknown, with the message that lists the valid ones.
 */
import { describe, expect, it } from "vitest";
import { parseArgs, renderFigure } from "../../scripts/figure";
import type { CompiledNotebook } from "../../src/notebook/compile";
import { type EmbeddableNotebook, findEmbedTarget } from "../../src/site/embed-target";
import { catalogueModule } from "../../src/site/vite-plugin";

const HOSTILE = [
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "isPrototypeOf",
];

const fakeNotebook = (name: string, title: string, ids: string[]) =>
  ({ name, front: { title, summary: "" }, cells: ids.map((id) => ({ id })) }) as unknown as CompiledNotebook;

/** The catalogue module the Vite plugin generates, evaluated (its lazy import()s are never called). */
async function generatedCatalogue(): Promise<ReadonlyMap<string, EmbeddableNotebook>> {
  const code = catalogueModule([
    fakeNotebook("guide", "The guide", ["gd"]),
    fakeNotebook("bandits", "Bandits", ["regret"]),
  ]);
  const url = `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`;
  return (await import(url)).default;
}

describe("the embed page's catalogue lookup", () => {
  it("the generated catalogue is a Map: Object.prototype's names are not notebooks", async () => {
    const catalogue = await generatedCatalogue();
    expect(catalogue).toBeInstanceOf(Map);
    expect([...catalogue.keys()]).toEqual(["guide", "bandits"]);
    for (const name of HOSTILE) expect(catalogue.get(name), name).toBeUndefined();
  });

  it.each(HOSTILE)("nb=%s gets the message listing the valid notebooks", async (name) => {
    const found = findEmbedTarget(await generatedCatalogue(), name, "gd");
    expect(found).toEqual({
      ok: false,
      message: `Unknown notebook "${name}".`,
      listTitle: "Notebooks:",
      items: [
        ["guide", "The guide"],
        ["bandits", "Bandits"],
      ],
    });
  });

  it.each(HOSTILE)("cell=%s gets the message listing the notebook's cells", async (name) => {
    const found = findEmbedTarget(await generatedCatalogue(), "guide", name);
    expect(found).toEqual({
      ok: false,
      message: `Notebook "guide" has no cell with id "${name}".`,
      listTitle: "Cells that can be embedded:",
      items: [["gd", ""]],
    });
  });

  it("a valid notebook and cell are found", async () => {
    const found = findEmbedTarget(await generatedCatalogue(), "guide", "gd");
    expect(found.ok && found.entry.title).toBe("The guide");
  });
});

describe("npm run figure with hostile names", () => {
  it("--__proto__ and --constructor are parameters like any other: kept as own keys", () => {
    const args = parseArgs(["guide", "gd", "--__proto__=1", "--constructor", "2", "--out=x.svg"]);
    expect(Object.keys(args.params)).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(args.params)).toBe(Object.prototype);
  });

  it.each(["__proto__", "constructor", "toString"])("--%s=… is refused as an unknown parameter", async (flag) => {
    await expect(
      renderFigure({
        notebook: "guide",
        cell: "gd",
        params: parseArgs(["guide", "gd", `--${flag}=1`, "--out=x.svg"]).params,
        out: "x.svg",
        scale: 1,
      }),
    ).rejects.toThrow(new RegExp(`unknown parameter --${flag}\\b`));
  });

  it.each([...HOSTILE, "../README", "notebooks/guide"])(
    "notebook %s is refused with the list of notebooks",
    async (name) => {
      await expect(renderFigure({ notebook: name, cell: "gd", params: {}, out: "x.svg", scale: 1 })).rejects.toThrow(
        /^no notebook ".*" in notebooks\/ \(there are: .*\bguide\b/,
      );
    },
  );
});
