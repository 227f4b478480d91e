/**
 * TeX at run time (parameter labels, bound legends, the `tex` template in cells). KaTeX loads lazily:
 * prose math is pre-rendered at build time, so most pages never need KaTeX's JavaScript.
 */
import { katexOptions } from "./katex-options";
import { plainText } from "./tex-plain";

type Katex = typeof import("katex").default;
let katexPromise: Promise<Katex> | undefined;
let katexReady: Katex | undefined;

export function loadKatex(): Promise<Katex> {
  katexPromise ??= import("katex").then((m) => (katexReady = m.default));
  return katexPromise;
}

let firstPlotDrawn: () => void = () => {};
/**
 * Resolves when the page has drawn its first plot (or after 2 s). Libraries the first figure does not
 * need (KaTeX for labels and `tex`, all of d3) load after it, so they never delay it.
 */
export const afterFirstPlot = new Promise<void>((resolve) => {
  firstPlotDrawn = resolve;
  setTimeout(resolve, 2000);
});

/** Called by the plot helpers: from now on, fetching KaTeX no longer delays the first figure. */
export function markFirstPlotDrawn(): void {
  firstPlotDrawn();
}

/**
 * Render "text with $math$" into `el`. The plain text shows at once; the typeset math replaces it once
 * the first plot is on screen, so KaTeX (78 kB gzip) never delays the first figure.
 */
export function renderLabel(el: HTMLElement, label: string): HTMLElement {
  // The build typesets a static copy's labels by it, and the live page reuses them (seedTypesetLabels).
  if (label.includes("$")) el.dataset.texLabel = label;
  const ready = typeset.get(label);
  if (ready !== undefined) {
    el.innerHTML = ready; // typeset already: at build (a static figure's legend) or by an earlier draw
    return el;
  }
  if (katexReady && label.includes("$")) {
    el.innerHTML = typesetLabel(katexReady, label); // redraws: no flash of plain text
    return el;
  }
  el.textContent = plainText(label);
  if (label.includes("$")) {
    void afterFirstPlot.then(loadKatex).then((katex) => {
      el.innerHTML = typesetLabel(katex, label);
    });
  }
  return el;
}

const typeset = new Map<string, string>();

/**
 * Labels the page typeset at build time: the legends of its static figures and the labels of its static
 * controls carry `data-tex-label` and KaTeX's HTML. The live ones reuse that HTML, so they neither wait
 * for KaTeX (a page whose labels were all built never loads it) nor change height when it arrives.
 */
export function seedTypesetLabels(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(".bl-static [data-tex-label]")) {
    const label = el.dataset.texLabel;
    if (label && !typeset.has(label) && el.querySelector(".katex")) typeset.set(label, el.innerHTML);
  }
}

/** "text with $math$" as HTML; memoized, since every redraw of a plot re-renders its bound legends. */
export function typesetLabel(katex: Katex, label: string): string {
  let html = typeset.get(label);
  if (html === undefined) {
    html = label
      .split(/(\$[^$]*\$)/)
      .map((part) =>
        part.startsWith("$") && part.endsWith("$") && part.length > 1
          ? katex.renderToString(part.slice(1, -1), katexOptions(false, false))
          : part.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
      )
      .join("");
    typeset.set(label, html);
  }
  return html;
}

/** `tex\`…\`` in cells: inline math as an element. A builtin resolved after KaTeX loads. */
export async function texTemplate(): Promise<(strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement> {
  await afterFirstPlot;
  const katex = await loadKatex();
  const make =
    (display: boolean) =>
    (strings: TemplateStringsArray, ...values: unknown[]) => {
      const el = document.createElement(display ? "div" : "span");
      katex.render(String.raw(strings, ...values), el, katexOptions(display));
      return el;
    };
  return Object.assign(make(false), { block: make(true) });
}
