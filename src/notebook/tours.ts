/**
 * Tours for a lecture: a ```` ```tour ```` block in a notebook declares saved parameter states of one
 * figure, each with a one-line caption. The block is YAML (the same parser as the front matter):
 *
 * ```tour
 * name: log-regret            # ?tour=log-regret
 * figure: regret              # an id= cell of this notebook
 * title: UCB1's regret grows like log T
 * steps:
 *   - caption: Two arms, gap $\Delta = 0.1$ …
 *     params: { regret.T: 1000 }   # URL keys, as the figure's "Copy link" writes them
 * ```
 *
 * A step's params are exactly the query of its permalink; keys it does not name take their defaults.
 * Compiled here (Node, at build): validated, captions rendered by KaTeX and flattened to plain text.
 * The browser side is src/site/tour.ts.
 */
import katex from "katex";
import { parse as parseYaml } from "yaml";
import { katexOptions } from "../stdlib/katex-options.ts";
import { plainText } from "../stdlib/tex-plain.ts";
import { NotebookError } from "./errors.ts";
import type { Tour, TourStep } from "./tour-spec.ts";

export type { Tour, TourStep };

/** Query keys a tour uses itself (a step may not set them). */
export const TOUR_KEYS = ["tour", "step"] as const;
const MAX_STEPS = 12;
const KNOWN = new Set(["name", "figure", "title", "steps"]);

export function isTourFence(info: string): boolean {
  return /^tour\b/.test(info.trim());
}

/** Parse one tour block; `line` is the fence's 1-based line, for messages. */
export function parseTour(source: string, file: string, line: number): Tour {
  const fail = (reason: string): never => {
    throw new NotebookError(file, line, 1, `in tour block: ${reason}`);
  };
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (e) {
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new NotebookError(
      file,
      line + (pos?.line ?? 0),
      pos?.col ?? 1,
      `tour block is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  if (!isRecord(data)) return fail("a tour is a mapping with name, figure, title and steps");
  for (const key of Object.keys(data))
    if (!KNOWN.has(key)) fail(`unknown field "${key}" (known: ${[...KNOWN].join(", ")})`);
  const name = data.name;
  if (typeof name !== "string" || !/^[a-z][a-z0-9-]*$/.test(name))
    fail(`"name" must be lowercase letters, digits and dashes, starting with a letter (got ${JSON.stringify(name)})`);
  if (typeof data.figure !== "string" || !data.figure) fail(`"figure" names the id= cell the tour shows`);
  if (typeof data.title !== "string" || !data.title.trim() || /[$\n]/.test(data.title))
    fail(`"title" is one line of plain text (no math)`);
  const steps = data.steps;
  if (!Array.isArray(steps) || steps.length === 0) fail(`"steps" is a list of { caption, params }`);
  if ((steps as unknown[]).length > MAX_STEPS) fail(`a tour has at most ${MAX_STEPS} steps`);
  return {
    name: name as string,
    figure: data.figure as string,
    title: data.title as string,
    steps: (steps as unknown[]).map((s, i) => parseStep(s, i + 1, fail)),
  };
}

function parseStep(s: unknown, n: number, fail: (reason: string) => never): TourStep {
  if (!isRecord(s)) return fail(`step ${n} is a mapping with caption and params`);
  for (const key of Object.keys(s))
    if (key !== "caption" && key !== "params") fail(`step ${n}: unknown field "${key}" (known: caption, params)`);
  const caption = s.caption;
  if (typeof caption !== "string" || !caption.trim()) fail(`step ${n} needs a "caption" (one line of text)`);
  if ((caption as string).includes("\n")) fail(`step ${n}: a caption is one line`);
  const raw = s.params ?? {};
  if (!isRecord(raw)) fail(`step ${n}: "params" is a mapping of URL keys to values`);
  const params: [string, string][] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!/^[A-Za-z][A-Za-z0-9_.~-]*$/.test(key)) fail(`step ${n}: "${key}" is not a URL key of a form`);
    if ((TOUR_KEYS as readonly string[]).includes(key)) fail(`step ${n}: "${key}" is the tour's own key`);
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean")
      fail(`step ${n}: "${key}" needs a number, text or true/false`);
    params.push([key, String(value)]);
  }
  return { caption: renderCaption(caption as string, n, fail), text: plainText(caption as string), params };
}

/** `$…$` math in a caption rendered by KaTeX; the rest escaped. */
function renderCaption(caption: string, n: number, fail: (reason: string) => never): string {
  const parts = caption.split(/(?<!\\)\$/);
  if (parts.length % 2 === 0) fail(`step ${n}: a "$" that opens no math in its caption`);
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part.replace(/\\\$/g, "$"));
      try {
        return katex.renderToString(part, katexOptions(false));
      } catch (e) {
        return fail(`step ${n}: TeX error in its caption: ${(e as Error).message.replace(/^KaTeX parse error: /, "")}`);
      }
    })
    .join("");
}

const ENTITIES = new Map([
  ["&", "&amp;"],
  ["<", "&lt;"],
  [">", "&gt;"],
  ['"', "&quot;"],
]);
function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ENTITIES.get(c)!);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
