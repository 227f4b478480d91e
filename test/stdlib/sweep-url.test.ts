import { describe, expect, it } from "vitest";
import { MAX_PINS, parsePins, pinLabel } from "../../src/stdlib/pins";
import { formatSweep, parseSweep } from "../../src/stdlib/sweep-view";
import type { Param } from "../../src/theory/params";
import { loadSchema } from "../../src/theory/registry";

describe("sweep and pin state in the URL", () => {
  it("a sweep round-trips; a malformed one gets a message", () => {
    const s = { param: "T", from: 100, to: 1000, points: 5, summary: "final:ucb1" };
    expect(formatSweep(s)).toBe("T,100,1000,5,final:ucb1");
    expect(parseSweep(formatSweep(s))).toEqual(s);
    expect(parseSweep("T,100")).toMatch(/is not "parameter,from,to,points,summary"/);
    expect(parseSweep("T,,1000,5,final:ucb1")).toMatchObject({ from: Number.NaN });
  });

  it("pins are validated by the schema, labelled by what differs, and capped", async () => {
    const params = (await loadSchema("bandits/regret")).params as Record<string, Param>;
    const { pins, error } = parsePins(
      params,
      JSON.stringify([{ T: "1000" }, { T: "5", runs: "50" }, { constructor: "x" }]),
    );
    expect(pins.length).toBe(2);
    expect(pins[0].T).toBe(1000);
    expect(error).toMatch(/^pins left out: T = "5" is not valid/);
    expect(pinLabel(params, pins[0], { ...pins[0], T: 300 })).toBe("T = 1000");
    expect(pinLabel(params, pins[0], pins[0])).toBe("these parameters");
    expect(parsePins(params, "{").error).toBe("the pins in the link are not readable");
    expect(parsePins(params, '{"T":"1"}').error).toBe("the pins in the link are not a list");
    const many = parsePins(params, JSON.stringify(Array.from({ length: 1000 }, () => ({}))));
    expect(many.pins.length).toBe(MAX_PINS);
    expect(many.error).toMatch(/only 6 pins are kept/);
  });
});
