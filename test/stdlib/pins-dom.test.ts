// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from "vitest";
import { convergencePlot } from "../../src/stdlib/plots";
import { loadSchema } from "../../src/theory/registry";
import { summarize } from "../../src/theory/trace";

/** A complete bandits/regret trace at horizon T: one series, y = x. */
function regretTrace(T: number) {
  const x = Float64Array.of(1, 10, 100);
  return summarize(
    {
      x,
      series: [{ key: "ucb1", label: "UCB1", values: x.map((t) => t), runs: 1 }],
      bounds: [],
      runStart: 0,
      backend: "cpu",
      notes: [],
    },
    {
      experiment: "bandits/regret",
      params: { T, runs: 20, policies: ["ucb1"] },
      backend: "cpu",
      ms: 1,
      runsDone: 1,
      runsTotal: 1,
      complete: true,
    },
  );
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const pinLegends = () => [...document.querySelectorAll(".bl-plot .bl-legend .bl-pin")].map((li) => li.textContent);

describe("pins and figures that reach the page late", () => {
  beforeAll(async () => {
    await loadSchema("bandits/regret");
    document.body.innerHTML = `<form class="bl-controls" data-experiment="bandits/regret" data-url-prefix="regret."></form>
      <div id="a"></div><div id="b"></div>`;
  });

  it("a figure drawn before a pin and inserted after it is redrawn with the pin on arrival", async () => {
    const a = convergencePlot(regretTrace(100));
    document.getElementById("a")?.append(a);
    await settle();
    // Drawn now, while nothing is pinned; put in the page only after the pin (a busy cell).
    const late = convergencePlot(regretTrace(200));
    a.querySelector<HTMLButtonElement>('button[data-action="pin"]')?.click();
    await settle();
    expect(new URL(location.href).searchParams.get("regret.~pins")).not.toBeNull();
    expect(late.querySelector(".bl-pin")).toBeNull();
    document.getElementById("b")?.append(late);
    await settle();
    await settle();
    expect(late.isConnected).toBe(false);
    const b = document.querySelector("#b .bl-plot");
    expect(b?.querySelector(".bl-legend .bl-pin")?.textContent).toBe(" pinned: T = 100");
    // "Clear pins" then takes them off every figure of the page, the late one included.
    document.querySelector<HTMLButtonElement>('#b button[data-action="clear-pins"]')?.click();
    await settle();
    expect(pinLegends()).toEqual([]);
  });
});
