import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkParams, declareExperiment } from "../../src/theory/experiment";
import {
  choice,
  formatParam,
  int,
  multi,
  num,
  numbers,
  type Param,
  parseParam,
  parseParams,
  seed,
} from "../../src/theory/params";

const schema = {
  n: int({ min: 2, max: 5000, default: 200, label: "components $n$" }),
  L: num({ min: 1e-3, max: 1e3, default: 1, scale: "log", label: "Lipschitz $L$" }),
  method: choice({ options: ["eg", "halpern"], default: "eg", label: "method" }),
  shown: multi({ options: ["a", "b", "c"], default: ["a"], label: "series" }),
  seed: seed(),
};

describe("parameter schema", () => {
  it("rejects hostile strings with a message naming the parameter, the value and the range", () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const r = parseParam("n", schema.n, raw);
        if (r.ok) {
          expect(Number.isInteger(r.value) && r.value >= 2 && r.value <= 5000).toBe(true);
        } else {
          expect(r.message).toContain("n = ");
          expect(r.message).toContain("an integer from 2 to 5000");
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each(["", " ", "1e400", "NaN", "Infinity", "0x10", "12abc", "2.5", "-3", "5001", "1,000", "١٢"])(
    "refuses n = %j",
    (raw) => {
      const r = parseParam("n", schema.n, raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/^n = .* is not valid.*: expected an integer from 2 to 5000$/);
    },
  );

  it("accepts well-formed numbers in range", () => {
    expect(parseParam("n", schema.n, "200")).toEqual({ ok: true, value: 200 });
    expect(parseParam("n", schema.n, " 2e3 ")).toEqual({ ok: true, value: 2000 });
    expect(parseParam("L", schema.L, ".5")).toEqual({ ok: true, value: 0.5 });
    expect(parseParam("L", schema.L, "1e-3")).toEqual({ ok: true, value: 0.001 });
  });

  it("choices and multi-selections accept only their options", () => {
    expect(parseParam("method", schema.method, "halpern")).toEqual({ ok: true, value: "halpern" });
    expect(parseParam("method", schema.method, "__proto__").ok).toBe(false);
    expect(parseParam("shown", schema.shown, "a,c,a")).toEqual({ ok: true, value: ["a", "c"] });
    expect(parseParam("shown", schema.shown, "a,toString").ok).toBe(false);
  });

  it("format then parse gives every valid value back", () => {
    const arb: Record<string, fc.Arbitrary<unknown>> = {
      n: fc.integer({ min: 2, max: 5000 }),
      L: fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
      method: fc.constantFrom("eg", "halpern"),
      shown: fc.uniqueArray(fc.constantFrom("a", "b", "c"), { minLength: 1 }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    };
    for (const [name, p] of Object.entries(schema)) {
      fc.assert(
        fc.property(arb[name], (v) => {
          const back = parseParam(name, p as Param, formatParam(p as Param, v));
          expect(back).toEqual({ ok: true, value: v });
        }),
      );
    }
  });

  it("parseParams: defaults for missing names, one message per bad name, URLSearchParams too", () => {
    const q = new URLSearchParams("n=abc&L=0.5&unrelated=1&method=halpern");
    const { values, errors } = parseParams(schema, q);
    expect(values).toMatchObject({ n: 200, L: 0.5, method: "halpern", shown: ["a"], seed: 1 });
    expect(errors).toEqual([{ name: "n", message: 'n = "abc" is not valid: expected an integer from 2 to 5000' }]);
  });

  it("typed lists of numbers: canonical form, element ranges and lengths, hostile strings", () => {
    const means = numbers({ min: 0, max: 1, minLength: 2, maxLength: 4, default: "0.9,0.5", label: "means" });
    expect(parseParam("means", means, " 0.9, 0.8 0.50 ")).toEqual({ ok: true, value: "0.9,0.8,0.5" });
    expect(parseParam("means", means, "0.9")).toMatchObject({
      ok: false,
      message: 'means = "0.9" is not valid (1 numbers): expected 2 to 4 numbers from 0 to 1, separated by commas',
    });
    expect(parseParam("means", means, "0.9,1.5").ok).toBe(false);
    expect(parseParam("means", means, "0.9,abc").ok).toBe(false);
    fc.assert(
      fc.property(fc.string(), (raw) => {
        const r = parseParam("means", means, raw);
        if (r.ok) {
          const xs = r.value.split(",").map(Number);
          expect(xs.length >= 2 && xs.length <= 4 && xs.every((x) => x >= 0 && x <= 1)).toBe(true);
          expect(parseParam("means", means, r.value)).toEqual(r); // canonical form is a fixed point
        }
      }),
      { numRuns: 1000 },
    );
    expect(() => numbers({ min: 0, max: 1, minLength: 2, maxLength: 4, default: "0.9", label: "m" })).toThrow(
      /canonical/,
    );
  });

  it("schemas refuse inconsistent definitions", () => {
    expect(() => int({ min: 1, max: 10, default: 11, label: "x" })).toThrow(/outside/);
    expect(() => num({ min: 0, max: 1, default: 0.5, scale: "log", label: "x" })).toThrow(/log scale/);
    expect(() => choice({ options: ["a"], default: "b" as "a", label: "x" })).toThrow(/not an option/);
  });

  it("cross-parameter validation blocks the run with its own message", () => {
    const e = declareExperiment({
      id: "test/cross",
      title: "t",
      params: {
        a: int({ min: 1, max: 10, default: 2, label: "a" }),
        b: int({ min: 1, max: 10, default: 5, label: "b" }),
      },
      plot: { xLabel: "x", yLabel: "y" },
      validate: (p) => (p.a > p.b ? `a (${p.a}) must not exceed b (${p.b})` : undefined),
    });
    expect(checkParams(e, { a: "7", b: "3" }).errors).toEqual(["a (7) must not exceed b (3)"]);
    expect(checkParams(e, { a: "x" }).errors[0]).toMatch(/^a = "x"/);
    expect(checkParams(e, {}).errors).toEqual([]);
  });

  it("a renamed parameter still reads its old key; the new key wins", () => {
    const e = declareExperiment({
      id: "test/alias",
      title: "t",
      params: { runs: int({ min: 1, max: 10, default: 2, label: "runs", aliases: ["seeds"] }) },
      plot: { xLabel: "x", yLabel: "y" },
    });
    expect(e.runsParam).toBe("runs");
    expect(checkParams(e, { seeds: "7" }).values.runs).toBe(7);
    expect(checkParams(e, { seeds: "7", runs: "3" }).values.runs).toBe(3);
    expect(checkParams(e, { seeds: "70" }).errors[0]).toMatch(/runs = "70"/);
    // Names from outside never reach the prototype.
    expect(checkParams(e, JSON.parse('{"__proto__": {"runs": 9}}')).values.runs).toBe(2);
  });
});
