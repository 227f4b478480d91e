/**
 * One page, many forms, one URL (issue 14 items 2 and 4), in the built site: on every notebook a
 * reader moves one log slider; the URL gets that form's keys with a short value; after a reload every
 * form shows what it showed and every plot was drawn with the parameters it had (its trace's meta),
 * with no error anywhere. Older unprefixed links still open where they are unambiguous.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completePlotParams, launch, openPage, waitSettled } from "./browser";

const baseUrl = inject("baseUrl");

/** The control moved on each notebook: a log slider, on a parameter name other forms there share where there is one. */
const MOVES: [notebook: string, key: string, forms: number][] = [
  ["guide", "kappa", 1],
  ["bandits", "regret.epsilon", 4],
  ["bilevel", "landscape-sigma.rho", 5],
  ["halpern", "alg1Step", 4], // residual: the one form without a prefix option, beside r_, g_, f_
  ["omd", "regret.lambda", 6],
  ["sor", "cost-vs-omega.eps", 7],
  ["sparse-bandits", "suboptimality.sigma", 5],
];

// Live forms sit in a cell's `.cell-displays`; the build's inert copy of each form (scripts/prerender.ts,
// `.bl-static`) stands beside it until the live one arrives, so every selector here names live forms.

/** Every field's shown value, by its URL key. */
function formState(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const f of document.querySelectorAll<HTMLElement>(".cell-displays .bl-controls .bl-field")) {
      const number = f.querySelector<HTMLInputElement>("input[type=number]");
      const select = f.querySelector<HTMLSelectElement>("select");
      const boxes = [...f.querySelectorAll<HTMLInputElement>("input[type=checkbox]")];
      const text = f.querySelector<HTMLInputElement>("input[type=text], input:not([type])");
      out[f.dataset.urlKey ?? f.dataset.param ?? "?"] = number
        ? number.value
        : select
          ? select.value
          : boxes.length
            ? boxes.map((b) => (b.checked ? "1" : "0")).join("")
            : (text?.value ?? "");
    }
    return out;
  });
}

/** Waits until every cell has settled and no plot is partial; every plot's parameters, by cell. */
async function settledPlots(page: Page, timeout = 180_000): Promise<Record<string, Record<string, unknown>>> {
  await waitSettled(page, timeout);
  return page.evaluate(() => {
    const out: Record<string, Record<string, unknown>> = {};
    for (const fig of document.querySelectorAll<
      HTMLElement & { trace?: { meta: { params: Record<string, unknown> } } }
    >(".bl-plot")) {
      const cell = fig.closest(".cell")?.id ?? "?";
      if (fig.trace) out[cell] = fig.trace.meta.params;
    }
    return out;
  });
}

/** Messages on screen: visible field and form errors, and cells in error. */
function shownErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll<HTMLElement>(".bl-error")]
      .filter((e) => !e.hidden && !e.closest("[hidden]"))
      .map((e) => e.textContent ?? ""),
    ...[...document.querySelectorAll<HTMLElement>('.cell[data-state="error"]')].map((c) => `${c.id}: ${c.textContent}`),
  ]);
}

const formsRendered = (page: Page, n: number) =>
  page.waitForFunction((k) => document.querySelectorAll(".cell-displays form.bl-controls").length >= k, n, {
    timeout: 60_000,
  });

describe.skipIf(!baseUrl)("one URL for many forms", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(() => browser?.close());

  it.each(MOVES)(
    "%s: moving %s writes its own key, short; a reload restores every form and plot",
    { timeout: 480_000 },
    async (nb, key, forms) => {
      const { page, errors } = await openPage(browser, `${baseUrl}${nb}.html`);
      await formsRendered(page, forms);
      const before = await formState(page);
      expect(Object.keys(before)).toContain(key);

      const slider = page.locator(`.cell-displays .bl-field[data-url-key="${key}"] input[type=range]`);
      await slider.focus();
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction((k) => new URLSearchParams(location.search).has(k), key);
      const written = new URL(page.url()).searchParams.get(key)!;
      // A log slider writes 3 significant digits: "871", "8.13e-9", "0.0442" — never "870.9636..."
      expect(Number(written)).toBe(Number(Number(written).toPrecision(3)));
      expect(written.length).toBeLessThanOrEqual(8);
      expect(await page.inputValue(`.cell-displays .bl-field[data-url-key="${key}"] input[type=number]`)).toBe(written);

      // Every key in the URL is the moved form's own (prefixed unless it is the page's unprefixed form).
      const prefix = key.includes(".") ? key.slice(0, key.indexOf(".") + 1) : "";
      const keys = [...new URL(page.url()).searchParams.keys()];
      const ownKeys = await page.$$eval(
        `.cell-displays .bl-controls:has(.bl-field[data-url-key="${key}"]) .bl-field`,
        (fs) => fs.map((f) => (f as HTMLElement).dataset.urlKey),
      );
      expect(keys.sort()).toEqual(ownKeys.sort());

      const moved = await formState(page);
      expect(moved).toEqual({ ...before, [key]: written });
      // The moved form's plot is drawn with the new value (the previous plot stays until then).
      const name = key.slice(prefix.length);
      await page.waitForFunction(
        ([n, v]) =>
          [
            ...document.querySelectorAll<HTMLElement & { trace?: { meta: { params: Record<string, unknown> } } }>(
              '.bl-plot[data-complete="true"]',
            ),
          ].some((fig) => fig.trace?.meta.params[n] === v),
        [name, Number(written)] as const,
        { timeout: 180_000, polling: 200 },
      );
      const plots = await settledPlots(page);

      await page.reload();
      await formsRendered(page, forms);
      expect(await formState(page)).toEqual(moved);
      expect(await settledPlots(page)).toEqual(plots);
      expect(await shownErrors(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it("an older link on sor: m=200 reaches no form (Young's max is 32) and says so; seed=3 and c=0.1, which all accept, reach all", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}sor.html?m=200&seed=3&c=0.1`);
    await formsRendered(page, 7);
    const state = await formState(page);
    expect(state["young.m"]).toBe("10");
    expect(state["cost-vs-omega.m"]).toBe("10");
    expect(state["young.c"]).toBe("0.1");
    expect(state["cost-vs-omega.c"]).toBe("0.1");
    expect(
      Object.entries(state)
        .filter(([k]) => k.endsWith(".seed"))
        .map(([, v]) => v),
    ).toEqual(Array(7).fill("3"));
    const notes = await page.$$eval(".cell-displays .bl-url-note:not([hidden])", (ns) =>
      ns.map((n) => n.textContent ?? ""),
    );
    expect(notes.length).toBe(6); // every form with an m (the heat form has none)
    expect(notes[0]).toBe(
      "m=200 in the link is not used: 6 plots on this page have m, and not all of them accept this value (this plot reads young.m).",
    );
    // No field refuses anything, and nothing fails.
    expect(await page.locator(".cell-displays .bl-field-invalid").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an older link on bandits: T=805 no longer fails the tallying cells (their T starts at 1000)", async () => {
    const { page, errors } = await openPage(browser, `${baseUrl}bandits.html?T=805&policies=ucb1,klucb`);
    await formsRendered(page, 4);
    const state = await formState(page);
    expect([state["regret.T"], state["sweep.T"], state["tallying.T"], state["tallying-m.T"]]).toEqual([
      "300",
      "1000",
      "10000",
      "5000",
    ]);
    // policies: two forms have it and both accept it.
    expect([state["regret.policies"], state["sweep.policies"]]).toEqual(["110000", "110000"]);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>(".cell")].every((c) => c.dataset.state !== undefined),
    );
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.locator('.cell[data-state="error"]').count()).toBe(0);
    expect(await page.locator(".cell-displays .bl-field-invalid").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("halpern's prefixed forms keep their links; an alias works prefixed (r_seeds for r_runs)", async () => {
    const { page } = await openPage(browser, `${baseUrl}halpern.html?r_seeds=3&seeds=2`);
    await formsRendered(page, 4);
    const state = await formState(page);
    expect(state.runs).toBe("2"); // residual, the unprefixed form, reads the old name
    expect(state.r_runs).toBe("3");
    expect(state.g_runs).not.toBe("2"); // never another form's key
    await page.close();
  });

  it("a typed number is kept as typed, off the slider's step (stepL's step is 0.01)", async () => {
    const { page } = await openPage(browser, `${baseUrl}guide.html?K=200&runs=2`);
    await completePlotParams(page, '[data-cell-id="gd"]');
    const field = page.locator('.cell-displays .bl-field[data-param="stepL"] input[type=number]');
    await field.fill("0.123");
    await field.dispatchEvent("input");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("stepL") === "0.123");
    expect((await completePlotParams(page, '[data-cell-id="gd"]', 30_000, { stepL: 0.123 })).stepL).toBe(0.123);
    await page.reload();
    await formsRendered(page, 1);
    expect(await field.inputValue()).toBe("0.123"); // not snapped to 0.12 on the way back from the URL
    await page.close();
  });

  it("an embedded cell reads the notebook page's prefixed keys", async () => {
    const { page } = await openPage(
      browser,
      `${baseUrl}embed.html?nb=sor&cell=young-curve&young.m=12&cost-vs-omega.m=200`,
    );
    await formsRendered(page, 1);
    // Alone on the embed page, the form writes unprefixed keys; it reads its prefixed ones first.
    expect(await formState(page)).toMatchObject({ m: "12" });
    expect(await shownErrors(page)).toEqual([]);
    await page.close();
  });
});
