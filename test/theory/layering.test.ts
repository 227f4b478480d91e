import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

// The import table of ARCHITECTURE.md (.dependency-cruiser.cjs), checked on every test run as well as by `npm run lint`.
const config = createRequire(import.meta.url)("../../.dependency-cruiser.cjs");

describe("layering", () => {
  it("no import crosses a layer upwards and no folder holds an import circle", async () => {
    const result = await cruise(["src", "workers"], {
      ...config.options,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
    });
    const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(violations).toEqual([]);
  }, 60_000);

  it("the rules name every top-level folder of src/", () => {
    const text = readFileSync(new URL("../../.dependency-cruiser.cjs", import.meta.url), "utf8");
    for (const dir of ["theory", "compute", "stdlib", "notebook", "site"]) expect(text).toContain(`src/${dir}/`);
  });
});
