import { describe, expect, it } from "vitest";
import { withFontPreloads } from "../../src/site/vite-plugin";

const page = `<html><head><link rel="stylesheet" href="./assets/page.css"></head><body></body></html>`;
const files = [
  "assets/KaTeX_Main-Regular-B22Nviop.woff2",
  "assets/KaTeX_Main-Regular-Dr94JaBh.woff",
  "assets/KaTeX_Math-Italic-t53AETM-.woff2",
  "assets/KaTeX_Fraktur-Bold-CL6g_b3V.woff2",
  "assets/page-abc.js",
];

describe("KaTeX font preloads", () => {
  it("asks for the common faces' woff2 with the stylesheet, in the head, and nothing else", () => {
    const out = withFontPreloads(page, files);
    const links = [...out.matchAll(/<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin>/g)];
    expect(links.map((m) => m[1])).toEqual([
      "./assets/KaTeX_Main-Regular-B22Nviop.woff2",
      "./assets/KaTeX_Math-Italic-t53AETM-.woff2",
    ]);
    expect(out.indexOf("preload")).toBeLessThan(out.indexOf("</head>"));
  });

  it("leaves a page without the stylesheet (a redirect) as it is", () => {
    const redirect = `<html><head><meta http-equiv="refresh" content="0; url=./omd.html"></head></html>`;
    expect(withFontPreloads(redirect, files)).toBe(redirect);
  });
});
