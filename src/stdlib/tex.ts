/**
 * TeX at run time (parameter labels, bound legends, the `tex` template in cells). KaTeX loads lazily:
 * prose math is pre-rendered at build time, so most pages never need KaTeX's JavaScript.
 */
type Katex = typeof import("katex").default;
let katexPromise: Promise<Katex> | undefined;

export function loadKatex(): Promise<Katex> {
  katexPromise ??= import("katex").then((m) => m.default);
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
  el.textContent = label.replace(/\$([^$]*)\$/g, "$1");
  if (label.includes("$")) {
    void afterFirstPlot.then(loadKatex).then((katex) => {
      el.replaceChildren();
      label.split(/(\$[^$]*\$)/).forEach((part) => {
        if (part.startsWith("$") && part.endsWith("$") && part.length > 1) {
          const span = el.appendChild(document.createElement("span"));
          katex.render(part.slice(1, -1), span, { throwOnError: false });
        } else if (part) el.append(part);
      });
    });
  }
  return el;
}

/** `tex\`…\`` in cells: inline math as an element. A builtin resolved after KaTeX loads. */
export async function texTemplate(): Promise<(strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement> {
  await afterFirstPlot;
  const katex = await loadKatex();
  const make =
    (display: boolean) =>
    (strings: TemplateStringsArray, ...values: unknown[]) => {
      const el = document.createElement(display ? "div" : "span");
      katex.render(String.raw(strings, ...values), el, { displayMode: display, throwOnError: true });
      return el;
    };
  return Object.assign(make(false), { block: make(true) });
}
