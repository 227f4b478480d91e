/**
 * Browser suite set-up: build the site once, serve dist/ with `vite preview` on a free loopback port,
 * and hand the URL to the tests. Without Chromium the suite skips, unless REQUIRE_BROWSER=1 (CI),
 * where a missing browser is a failure.
 */
import { existsSync } from "node:fs";
import { build, preview } from "vite";
import type { TestProject } from "vitest/node";
import { CHROMIUM } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    if (process.env.REQUIRE_BROWSER === "1")
      throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
    console.warn(`browser suite: no Chromium at ${CHROMIUM}; its tests will be skipped`);
    project.provide("baseUrl", "");
    return;
  }
  // Every default figure, however busy the machine: the prerender's wall-clock budget is the build's
  // speed (bench/first-paint.ts), not what these tests check.
  process.env.BOUNDLAB_PRERENDER_TOTAL_MS ??= "900000";
  await build({ logLevel: "warn" });
  const server = await preview({ preview: { port: 0, host: "127.0.0.1", strictPort: false }, logLevel: "warn" });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview did not report a URL");
  project.provide("baseUrl", url);
  return async () => {
    await server.close();
  };
}
