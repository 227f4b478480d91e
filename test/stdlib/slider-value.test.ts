/**
 * Readable numbers in URLs and fields (issue 14 item 4): a slider's value is rounded to the precision
 * its step and scale imply — 3 significant digits on a log slider — and stays a valid value in range.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decimalsOf,
  formatParam,
  type IntParam,
  int,
  type NumParam,
  num,
  parseParam,
  sliderValue,
} from "../../src/theory/params";

const kappa = num({ min: 1, max: 1e6, default: 1000, scale: "log", label: "kappa" });
const eps = num({ min: 1e-12, max: 1e-3, default: 1e-8, scale: "log", label: "eps" });
const stepL = num({ min: 0.01, max: 2.5, default: 1, step: 0.01, label: "stepL" });
const shift = num({ min: -0.15, max: 0.45, default: 0, label: "c" }); // default step: a thousandth of the range
const K = int({ min: 10, max: 1_000_000, default: 10_000, scale: "log", label: "K" });
const m = int({ min: 4, max: 32, default: 10, label: "m" });

/** Significant digits of a number's shortest decimal form. */
const significant = (x: number) => x.toExponential().split("e")[0].replace(/[-.]/g, "").replace(/0+$/, "").length;

describe("sliderValue", () => {
  it("the issue's values", () => {
    expect(sliderValue(kappa, 10000.0000000001)).toBe(10000);
    expect(formatParam(kappa, sliderValue(kappa, 10000.0000000001))).toBe("10000");
    expect(sliderValue(num({ min: 0.05, max: 0.5, default: 0.2, scale: "log", label: "eps" }), 0.293559853524413)).toBe(
      0.294,
    );
    expect(formatParam(eps, sliderValue(eps, 2.935598535e-7))).toBe("2.94e-7");
    expect(sliderValue(stepL, 0.07000000000000001)).toBe(0.07);
    expect(sliderValue(shift, 0.12340000001)).toBe(0.1236); // on its grid: −0.15 + k · 0.0006
    expect(sliderValue(K, 123456.7)).toBe(123000);
    expect(sliderValue(m, 7.4)).toBe(7);
  });

  it("an end stays the end, however rounding falls", () => {
    const p = num({ min: 0.01, max: 0.2937, default: 0.1, scale: "log", label: "x" });
    expect(sliderValue(p, 0.29369)).toBe(0.2937);
    expect(sliderValue(kappa, 1)).toBe(1);
    expect(sliderValue(kappa, 1e6)).toBe(1e6);
  });

  it("decimalsOf ignores float noise", () => {
    expect([0.01, 0.0025, 2.5, 1, 0.6000000000000001 / 1000, 1e-7].map(decimalsOf)).toEqual([2, 4, 1, 0, 4, 7]);
  });

  /** Ranges a schema may declare: log (min > 0) or linear, int or num, with or without a step. */
  const rangeParam: fc.Arbitrary<IntParam | NumParam> = fc
    .record({
      kind: fc.constantFrom("int" as const, "num" as const),
      log: fc.boolean(),
      lo: fc.double({ min: -12, max: 6, noNaN: true }),
      span: fc.double({ min: 0.01, max: 8, noNaN: true }),
      step: fc.option(fc.constantFrom(0.1, 0.01, 0.001, 0.005, 0.25)),
    })
    .map(({ kind, log, lo, span, step }) => {
      if (kind === "int") {
        const min = log ? Math.max(1, Math.round(10 ** Math.min(lo, 4))) : Math.round(lo * 100);
        const max = min + Math.max(1, Math.round(10 ** Math.min(span, 6)));
        return int({ min, max, default: min, scale: log ? "log" : "linear", label: "x" });
      }
      const min = log ? 10 ** lo : Number((lo * 10).toFixed(2));
      const max = log ? 10 ** (lo + span) : min + Number(span.toFixed(2));
      return num({
        min,
        max,
        default: min,
        scale: log ? "log" : "linear",
        label: "x",
        ...(step && !log ? { step } : {}),
      });
    });
  const slid = rangeParam.chain((p) =>
    fc.tuple(
      fc.constant(p),
      fc.double({ min: 0, max: 1, noNaN: true }).map((u) =>
        // A slider position: uniform on the slider's own (log or linear) scale.
        p.scale === "log"
          ? Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min)))
          : p.min + u * (p.max - p.min),
      ),
    ),
  );

  it("property: a valid value in range, idempotent, and its URL form reads back as itself", () => {
    fc.assert(
      fc.property(slid, ([p, v]) => {
        const r = sliderValue(p, v);
        expect(r).toBeGreaterThanOrEqual(p.min);
        expect(r).toBeLessThanOrEqual(p.max);
        expect(sliderValue(p, r)).toBe(r);
        const parsed = parseParam("x", p, formatParam(p, r));
        expect(parsed).toEqual({ ok: true, value: r });
      }),
      { seed: 4, numRuns: 2000 },
    );
  });

  it("property: a log slider keeps 3 significant digits (an end keeps its own), within 0.5 %", () => {
    fc.assert(
      fc.property(
        slid.filter(([p]) => p.scale === "log"),
        ([p, v]) => {
          const r = sliderValue(p, v);
          if (r !== p.min && r !== p.max) {
            expect(significant(r)).toBeLessThanOrEqual(3);
            expect(Math.abs(r - v)).toBeLessThanOrEqual(0.005 * v + (p.kind === "int" ? 0.5 : 0));
          }
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });

  it("property: a linear slider lands on its step's grid, written with the step's decimals", () => {
    fc.assert(
      fc.property(
        slid.filter(([p]) => p.scale === "linear"),
        ([p, v]) => {
          const r = sliderValue(p, v);
          const step = p.kind === "int" ? 1 : ((p as NumParam).step ?? (p.max - p.min) / 1000);
          const d = Math.max(decimalsOf(step), decimalsOf(p.min));
          if (r !== p.max) {
            const k = (r - p.min) / step;
            expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
          }
          expect(decimalsOf(r)).toBeLessThanOrEqual(Math.max(d, decimalsOf(p.max)));
          expect(Math.abs(r - v)).toBeLessThanOrEqual(step / 2 + 1e-9 * Math.max(1, Math.abs(v)));
        },
      ),
      { seed: 6, numRuns: 2000 },
    );
  });
});
