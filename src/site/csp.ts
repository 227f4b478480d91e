/**
 * The Content-Security-Policy every built page ships as a <meta>: scripts, workers and connections
 * from the site's own origin only, no eval (cells are compiled at build time, never evaluated in the
 * browser). Styles may be inline: KaTeX and Observable Plot write style attributes. Images may be
 * data:/blob: URLs (PNG export, inline SVG previews). The dev server injects inline scripts for hot
 * reload, so the policy is added at build only.
 */
import { createHash } from "node:crypto";
import type { Plugin } from "vite";

/**
 * htl (under Observable Inputs) writes a function-valued attribute such as `oninput=${f}` as the
 * placeholder "::<index>" while it parses its template, then sets the handler as a property and
 * removes the attribute. Parsing that placeholder counts as an inline handler, so the policy allows
 * exactly these strings by hash ('unsafe-hashes'): each is a JavaScript syntax error, nothing can run.
 */
const HTL_PLACEHOLDERS = Array.from(
  { length: 64 },
  (_, j) => `'sha256-${createHash("sha256").update(`::${j}`).digest("base64")}'`,
);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `script-src-attr 'unsafe-hashes' ${HTL_PLACEHOLDERS.join(" ")}`,
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

export function contentSecurityPolicy(): Plugin {
  return {
    name: "boundlab-csp",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler: () => [
        {
          tag: "meta",
          attrs: { "http-equiv": "Content-Security-Policy", content: CONTENT_SECURITY_POLICY },
          injectTo: "head-prepend",
        },
      ],
    },
  };
}
