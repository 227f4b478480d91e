/** Playwright on Debian's Chromium, with the flags of stack.md: offline, WebGPU on (SwiftShader here). */
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-unsafe-webgpu",
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface WatchedPage {
  page: Page;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Requests to anywhere but the site's own origin. */
  offOrigin: string[];
}

export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1100, height: 900 },
): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport });
  const origin = new URL(url).origin;
  const errors: string[] = [];
  const offOrigin: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  // Every page ships a strict CSP (src/site/csp.ts): any violation is an error of the page.
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(
        `CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      ),
    ),
  );
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) offOrigin.push(u);
  });
  await page.goto(url);
  return { page, errors, offOrigin };
}

/**
 * Waits for the plot in `selector` to show a complete trace — whose parameters include `where`, when
 * given (right after a change, the previous complete plot is still on screen) — and returns its parameters.
 */
export async function completePlotParams(
  page: Page,
  selector: string,
  timeout = 30_000,
  where: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  await page.waitForFunction(
    ([sel, want]) => {
      const fig = document.querySelector(`${sel} .bl-plot`) as
        | (HTMLElement & { trace?: { meta: { params: Record<string, unknown> } } })
        | null;
      if (fig?.dataset.complete !== "true" || !fig.trace) return false;
      return Object.entries(want).every(([k, v]) => JSON.stringify(fig.trace!.meta.params[k]) === JSON.stringify(v));
    },
    [selector, where] as const,
    { timeout },
  );
  return page.evaluate((sel) => {
    const fig = document.querySelector(`${sel} .bl-plot`) as HTMLElement & {
      trace: { meta: { params: Record<string, unknown> } };
    };
    return fig.trace.meta.params;
  }, selector);
}

/** How long the trace on the plot in `selector` took to compute (its `meta.ms`: run start → last chunk). */
export function plotTraceMs(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      (document.querySelector(`${sel} .bl-plot`) as unknown as { trace: { meta: { ms: number } } }).trace.meta.ms,
    selector,
  );
}

/** Waits until every cell has a state, none is still pending and no plot is partial. */
export async function waitSettled(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const cells = [...document.querySelectorAll<HTMLElement>(".cell")];
      return (
        cells.length > 0 &&
        cells.every((c) => c.dataset.state !== undefined && c.dataset.state !== "pending") &&
        !document.querySelector('.bl-plot[data-complete="false"]')
      );
    },
    null,
    { timeout, polling: 200 },
  );
}
