import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompiledNotebook } from "../../src/notebook/compile";
import { closureHash, experimentVersion } from "../../src/site/code-version";
import { catalogueModule } from "../../src/site/vite-plugin";

describe("experiment version tags (what permalinks carry as v=)", () => {
  it("a short hex tag per paper, stable, different between papers, none without code", () => {
    const guide = experimentVersion("guide");
    expect(guide).toMatch(/^[0-9a-f]{8}$/);
    expect(experimentVersion("guide")).toBe(guide);
    expect(experimentVersion("bandits")).not.toBe(guide);
    expect(experimentVersion("no-such-paper")).toBeUndefined();
  });

  it("changes with any file in the import closure, and only with those", () => {
    const root = mkdtempSync(join(tmpdir(), "bl-version-"));
    writeFileSync(join(root, "a.ts"), 'import { b } from "./b";\nexport const a = b + 1;\n');
    writeFileSync(join(root, "b.ts"), "export const b = 1;\n");
    writeFileSync(join(root, "c.ts"), "export const c = 1;\n");
    const before = closureHash(["a.ts"], "salt", root);
    writeFileSync(join(root, "c.ts"), "export const c = 2;\n");
    expect(closureHash(["a.ts"], "salt", root)).toBe(before);
    writeFileSync(join(root, "b.ts"), "export const b = 2;\n");
    expect(closureHash(["a.ts"], "salt", root)).not.toBe(before);
  });

  it("the catalogue gives each notebook its paper's tag", async () => {
    const fake = (name: string) =>
      ({ name, front: { title: name, summary: "" }, cells: [] }) as unknown as CompiledNotebook;
    const code = catalogueModule([fake("guide"), fake("notes")]);
    const catalogue = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)).default;
    expect(catalogue.get("guide").version).toBe(experimentVersion("guide"));
    expect(catalogue.get("notes").version).toBeNull();
  });
});
