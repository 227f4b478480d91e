/**
 * The one set of KaTeX options the site renders with: prose math at build (src/notebook/compile.ts),
 * bound legends and `tex` cells in the page (tex.ts). Output is HTML for the eye plus MathML for screen
 * readers (KaTeX hides the HTML from assistive technology and the MathML from the eye).
 */
import type { KatexOptions } from "katex";

export function katexOptions(displayMode: boolean, throwOnError = true): KatexOptions {
  return { displayMode, throwOnError, output: "htmlAndMathml" };
}
