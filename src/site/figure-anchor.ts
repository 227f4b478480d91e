/**
 * Figure anchors: the compiler puts `<a id="fig-<cell>">` before each id= cell (namespaced, so a
 * heading's id never collides), and the toolbar's "Copy link" ends in `#fig-<cell>`. A link from before
 * (`#<cell>`) names no element: it scrolls to the figure's anchor instead. The figure is drawn after
 * load, so the scroll is repeated once its cell has content (the page above it may grow meanwhile).
 */
import { FIGURE_ANCHOR_PREFIX, figureAnchorId } from "../stdlib/anchor";

export function followFigureHash(doc: Document = document): void {
  const go = () => {
    const name = decodeURIComponent(doc.location.hash.slice(1));
    if (!name) return;
    const anchor = doc.getElementById(name.startsWith(FIGURE_ANCHOR_PREFIX) ? name : figureAnchorId(name));
    if (!anchor) return;
    anchor.scrollIntoView({ block: "start" });
    const cell = anchor.nextElementSibling;
    if (cell && !cell.firstElementChild) {
      // Until the figure draws, its cell shows an error, or the reader moves the page themselves.
      const win = doc.defaultView;
      const inputs = ["wheel", "keydown", "pointerdown", "touchstart"];
      const stop = () => {
        seen.disconnect();
        for (const t of inputs) win?.removeEventListener(t, stop, true);
      };
      const seen = new MutationObserver(() => {
        if (cell.matches("[data-state=error]") || cell.querySelector(".observablehq--error")) return stop();
        if (!cell.querySelector(".bl-plot, svg")) return;
        stop();
        anchor.scrollIntoView({ block: "start" });
      });
      seen.observe(cell, { childList: true, subtree: true });
      for (const t of inputs) win?.addEventListener(t, stop, { capture: true, passive: true });
    }
  };
  go();
  doc.defaultView?.addEventListener("hashchange", go);
}
