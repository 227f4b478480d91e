import { describe, expect, it } from "vitest";
import { csvField } from "../../src/stdlib/csv";

describe("csvField", () => {
  it("leaves plain fields alone and writes nothing for a missing value", () => {
    expect(csvField("UCB1")).toBe("UCB1");
    expect(csvField(0.25)).toBe("0.25");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });
  it("quotes a field holding a comma, quote or line break, doubling inner quotes", () => {
    expect(csvField("T = 10, Δ = 0.1")).toBe('"T = 10, Δ = 0.1"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("a\nb")).toBe('"a\nb"');
    expect(csvField("a\rb")).toBe('"a\rb"');
  });
  it("writes dates as ISO 8601", () => {
    expect(csvField(new Date(Date.UTC(2026, 0, 2)))).toBe("2026-01-02T00:00:00.000Z");
  });
});
