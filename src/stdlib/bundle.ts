/**
 * "Download figure": one zip a teacher can drop into a lecture folder. In a folder named after the
 * figure: the SVG, the PNG at 2×, the CSV of the plotted data, params.json (parameters, seed, the
 * experiment's version tag and the site's version), the paper's BibTeX, the written description (the
 * alt text) and the permalink. The zip is fflate's; the pure parts run in Node too (test/stdlib/bundle.test.ts).
 */
import { strToU8, type Zippable, zipSync } from "fflate";
import { version as siteVersion } from "../../package.json";
import type { Trace } from "../theory/trace";
import { figureSvg, svgToPngBrowser, traceCsv } from "./export";
import type { PlotOptions } from "./figure-model";

/** The notebook's front matter that names its paper (`paper`, `venue`, `arxiv`). */
export interface PaperFront {
  paper?: string;
  venue?: string;
  arxiv?: string;
}

export interface FigureBundleParts {
  /** File stem and folder name, e.g. "guide-gd". */
  stem: string;
  svg: string;
  /** The PNG at 2×. */
  png: Uint8Array;
  csv: string;
  trace: Trace;
  /** The experiment's version tag (src/site/code-version.ts), when the page has one. */
  experimentVersion?: string;
  front: PaperFront;
  altText: string;
  permalink: string;
}

export const PNG_SCALE = 2;

/** What params.json holds: enough to run the figure again (`npm run batch`, or the permalink). */
export function bundleParams(p: Pick<FigureBundleParts, "trace" | "experimentVersion" | "permalink">) {
  const { meta } = p.trace;
  return {
    experiment: meta.experiment,
    parameters: meta.params,
    seed: meta.params.seed ?? null,
    experimentVersion: p.experimentVersion ?? null,
    siteVersion,
    backend: meta.backend,
    runs: meta.runsTotal,
    permalink: p.permalink,
  };
}

const bibEscape = (s: string) => s.replace(/[\\{}]/g, (c) => `\\${c}`).replace(/[&%$#_]/g, (c) => `\\${c}`);

/**
 * BibTeX for the notebook's paper. `paper` is "Authors — Title", and may list several works separated by
 * "; " (the first is the entry, the others its note; a venue listing one per work, " · "-separated, gives
 * the first its own, and the arXiv id, which cannot be told apart, goes in the note). Authors "A, B & C"
 * become "A and B and C"; the year is the first four-digit year of the entry's venue (else of `paper`).
 */
export function paperBibtex(front: PaperFront): string {
  const paper = front.paper?.trim();
  if (!paper) throw new Error("this notebook names no paper in its front matter (paper: Authors — Title)");
  const [first, ...others] = paper.split(/;\s+/);
  const dash = first.split(/\s+[—–]\s+/);
  const authors = dash.length > 1 ? dash[0] : "";
  const title = dash.length > 1 ? dash.slice(1).join(" — ") : first;
  const venues = front.venue?.split(/\s+·\s+/) ?? [];
  const venue = others.length && venues.length === others.length + 1 ? venues[0] : front.venue;
  const arxiv = others.length ? undefined : front.arxiv;
  const yearIn = (text: string | undefined) => /\b(1[89]\d\d|20\d\d)\b/.exec(text ?? "")?.[1];
  const year = yearIn(venue) ?? yearIn(first);
  const surname = (authors.split(/,|&| and /)[0] ?? "").trim().split(/\s+/).pop() ?? "";
  const word = title.match(/[A-Za-z]{4,}/)?.[0] ?? "paper";
  const key = `${surname}${year ?? ""}${word}`
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toLowerCase();
  const fields: [string, string | undefined][] = [
    [
      "author",
      authors
        ? authors
            .split(/\s*,\s*|\s+&\s+/)
            .filter(Boolean)
            .join(" and ")
        : undefined,
    ],
    ["title", title],
    ["year", year],
    ["howpublished", venue],
    ["eprint", arxiv],
    ["archiveprefix", arxiv ? "arXiv" : undefined],
    ["url", arxiv ? `https://arxiv.org/abs/${arxiv}` : undefined],
    ["note", others.length ? `With ${others.join("; ")}${front.arxiv ? `; arXiv:${front.arxiv}` : ""}` : undefined],
  ];
  const body = fields
    .filter((f): f is [string, string] => Boolean(f[1]))
    .map(([k, v]) => `  ${k} = {${k === "url" ? v : bibEscape(v)}}`);
  return `@misc{${key || "boundlab"},\n${body.join(",\n")}\n}\n`;
}

/** The zip's bytes. PNG bytes are stored (already compressed); text is deflated. */
export function figureBundle(p: FigureBundleParts): Uint8Array {
  const text = (s: string) => strToU8(s.endsWith("\n") ? s : `${s}\n`);
  const files: Zippable = {
    [`${p.stem}.svg`]: text(p.svg),
    [`${p.stem}@${PNG_SCALE}x.png`]: [p.png, { level: 0 }],
    [`${p.stem}.csv`]: text(p.csv),
    "params.json": text(JSON.stringify(bundleParams(p), null, 2)),
    // A notebook that names no paper (front matter) has nothing to cite: the rest is still worth having.
    ...(p.front.paper ? { "citation.bib": text(paperBibtex(p.front)) } : {}),
    "alt-text.txt": text(p.altText),
    "permalink.txt": text(p.permalink),
  };
  return zipSync({ [p.stem]: files });
}

/** In the browser: the bundle of a drawn figure, its description and citation read from the page. */
export async function figureBundleBrowser(
  figure: HTMLElement,
  trace: Trace,
  opts: PlotOptions,
  link: { stem: string; permalink: string },
): Promise<Blob> {
  const svg = await figureSvg(figure, trace, { title: opts.title, plotOptions: opts });
  const png = new Uint8Array(await (await svgToPngBrowser(svg, PNG_SCALE)).arrayBuffer());
  const chart = figure.querySelector(":scope > svg");
  const described = chart?.getAttribute("aria-describedby");
  const altText = (described && document.getElementById(described)?.textContent) || chart?.getAttribute("aria-label");
  if (!altText) throw new Error("this figure has no description yet");
  const root = document.querySelector<HTMLElement>("[data-notebook]");
  const { paper, venue, arxiv, version } = root?.dataset ?? {};
  const bytes = figureBundle({
    ...link,
    svg,
    png,
    csv: traceCsv(trace, opts),
    trace,
    experimentVersion: version,
    front: { paper, venue, arxiv },
    altText,
  });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/zip" });
}
