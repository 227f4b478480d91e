/**
 * The static HTML of the site's pages, generated at build time (Node) by the Vite plugin: prose and
 * math are in the page itself, so they show (and print) before any JavaScript runs.
 */
import type { CompiledNotebook, FrontMatter } from "../notebook/compile";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function shell(title: string, description: string, body: string, script: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="description" content="${esc(description)}">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
</head>
<body>
${body}
<script type="module">
${script}
</script>
</body>
</html>
`;
}

/** The paper's front matter on the notebook's root, for the figure bundle's BibTeX (src/stdlib/bundle.ts). */
function paperData(f: FrontMatter): string {
  return (["paper", "venue", "arxiv"] as const).map((k) => (f[k] ? ` data-${k}="${esc(f[k])}"` : "")).join("");
}

function paperLine(f: FrontMatter): string {
  const parts: string[] = [];
  if (f.paper) parts.push(esc(f.paper));
  if (f.venue) parts.push(esc(f.venue));
  if (f.arxiv) parts.push(`arXiv:<a href="https://arxiv.org/abs/${esc(f.arxiv)}" rel="noopener">${esc(f.arxiv)}</a>`);
  return parts.join(" · ");
}

/**
 * Where the build puts what scripts/prerender.ts drew (src/site/vite-plugin.ts fills them in): each
 * notebook's default traces as data blocks, and each index card's thumbnail.
 */
export const TRACES_SLOT = "<!--bl-default-traces-->";
export const thumbSlot = (name: string) => `<!--bl-thumb:${name}-->`;

/** Shown without JavaScript: the figures are there (at their defaults), the controls are not. */
export const NOSCRIPT_NOTE = `<noscript><p class="bl-noscript">JavaScript is off: the figures show their default parameters, drawn when the site was built. The controls, and computing at other parameters, need JavaScript.</p></noscript>`;

export function notebookPage(nb: CompiledNotebook): string {
  const body = `<header class="site-header"><a href="./" class="site-name">BoundLab</a></header>
<main class="notebook" data-notebook="${esc(nb.name)}"${paperData(nb.front)}>
<header class="nb-header">
<h1>${esc(nb.front.title)}</h1>
${paperLine(nb.front) ? `<p class="nb-paper">${paperLine(nb.front)}</p>` : ""}
<p class="nb-summary">${nb.summaryHtml}</p>
${NOSCRIPT_NOTE}
</header>
${nb.html}
</main>
${TRACES_SLOT}`;
  const script = `import { startNotebookPage } from "/src/site/page.ts";
startNotebookPage(${JSON.stringify(nb.name)});`;
  return shell(`${nb.front.title} — BoundLab`, nb.summaryText, body, script);
}

export function indexPage(notebooks: CompiledNotebook[]): string {
  const items = notebooks
    .map(
      (nb) => `<li class="nb-card">
<a class="nb-thumb-link" href="./${esc(nb.name)}.html" tabindex="-1" aria-hidden="true">${thumbSlot(nb.name)}</a>
<div class="nb-card-text">
<h2><a href="./${esc(nb.name)}.html">${esc(nb.front.title)}</a></h2>
${paperLine(nb.front) ? `<p class="nb-paper">${paperLine(nb.front)}</p>` : ""}
<p class="nb-summary">${nb.summaryHtml}</p>
</div>
</li>`,
    )
    .join("\n");
  const body = `<header class="site-header"><span class="site-name">BoundLab</span></header>
<main class="index">
<h1>BoundLab</h1>
<p class="lede">Theory results you can see: each notebook runs a paper's algorithms live in your browser and plots what they do against what the paper proves. Move a slider; the curve and the bound move together.</p>
<ul class="nb-list">
${items}
</ul>
</main>`;
  return shell(
    "BoundLab — notebooks of theory results",
    "Reactive notebooks that plot algorithms against the bounds their papers prove.",
    body,
    `import "katex/dist/katex.min.css";
import "/src/site/styles.css";`,
  );
}

/** The embed page: one cell of one notebook, chosen by the query string (see src/site/embed-page.ts). */
/** An old page name: the new page, with the same query and hash (links and key aliases keep working). */
export function redirectPage(target: string): string {
  const href = `./${esc(target)}.html`;
  const body = `<main class="notebook"><p>This notebook moved to <a href="${href}">${href.slice(2)}</a>.</p></main>`;
  const script = `import { redirectTo } from "/src/site/redirect.ts";
redirectTo(${JSON.stringify(target)});`;
  return shell("Moved — BoundLab", `This notebook moved to ${target}.html.`, body, script);
}

export function embedPage(): string {
  const body = `<main class="embed" id="embed"><p class="embed-loading">Loading…</p></main>`;
  const script = `import { startEmbed } from "/src/site/page.ts";
startEmbed();`;
  return shell("BoundLab figure", "One figure of a BoundLab notebook.", body, script);
}
