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
      const seen = new MutationObserver(() => {
        if (!cell.querySelector(".bl-plot, svg")) return;
        seen.disconnect();
        anchor.scrollIntoView({ block: "start" });
      });
      seen.observe(cell, { childList: true, subtree: true });
    }
  };
  go();
  doc.defaultView?.addEventListener("hashchange", go);
}
