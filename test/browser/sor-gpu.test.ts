import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { costVsOmega } from "../../src/theory/sor/experiments";
import type { CostVsOmegaParams } from "../../src/theory/sor/schema";
import { completePlotParams, launch, openPage } from "./browser";

const baseUrl = inject("baseUrl");
const PLOT = '[data-cell-id="cost-vs-omega"]';
const FORM = 'form[data-experiment="sor/cost-vs-omega"]';

type Meta = { backend: string; notes: string[] };

/** The plotted counts (NaN for capped ω as −1, to survive serialisation) and the trace's meta. */
function plotted(page: Page): Promise<{ counts: number[]; meta: Meta }> {
  return page.evaluate((sel) => {
    const fig = document.querySelector(`${sel} .bl-plot`) as unknown as {
      trace: { meta: Meta; series: { median: Float64Array }[] };
    };
    return {
      counts: Array.from(fig.trace.series[0].median, (v) => (Number.isNaN(v) ? -1 : v)),
      meta: { backend: fig.trace.meta.backend, notes: fig.trace.meta.notes },
    };
  }, PLOT);
}

async function cpuCounts(params: Record<string, unknown>): Promise<number[]> {
  const p = { ...params, backend: "cpu" } as CostVsOmegaParams;
  const chunk = await costVsOmega.run(p, { runStart: 0, runCount: 1, progress: () => {} });
  return Array.from(chunk.series[0].values, (v) => (Number.isNaN(v) ? -1 : v));
}

describe.skipIf(!baseUrl)("the SOR notebook's cost-vs-ω cell on WebGPU", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it("natural ordering falls back to the CPU and says so; red-black runs the kernel in a worker, same counts as the CPU", async () => {
    // A short grid (ω from 1.8) and cap keep the batch small on SwiftShader; m stays at its default 10.
    const { page, errors } = await openPage(browser, `${baseUrl}sor.html?backend=webgpu&omegaFrom=1.8&cap=400`);
    const natural = await completePlotParams(page, PLOT, 90_000, { backend: "webgpu", ordering: "natural" });
    const first = await plotted(page);
    expect(first.meta.backend).toBe("cpu");
    expect(first.meta.notes.join(" ")).toMatch(/red-black SOR only, not natural ordering: ran on the CPU/);
    expect(first.counts).toEqual(await cpuCounts(natural));

    await page.selectOption(`${FORM} .bl-field[data-param="ordering"] select`, { label: "red-black" });
    const rb = await completePlotParams(page, PLOT, 90_000, { ordering: "redblack" });
    const { counts, meta } = await plotted(page);
    expect(counts).toEqual(await cpuCounts(rb));
    expect(counts.filter((c) => c < 0).length).toBeGreaterThan(0); // ω near 1.99 hit the cap of 400
    if (process.env.REQUIRE_WEBGPU === "1") {
      expect(meta.backend).toBe("webgpu");
      expect(meta.notes.join(" ")).toMatch(/WebGPU, red-black SOR in mixed precision/);
      expect(meta.notes.join(" ")).toMatch(/WebGPU on /);
      expect(await page.textContent(`${PLOT} .bl-meta`)).toMatch(/^webgpu/);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
