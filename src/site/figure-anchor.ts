/**
 * Figure anchors: the compiler puts `<a id="fig-<cell>">` before each id= cell (namespaced, so a
 * heading's id never collides), and the toolbar's "Copy link" ends in `#fig-<cell>`. A link from before
 * (`#<cell>`) names no element: it scrolls to the figure's anchor instead. The page keeps changing size
 * after load (live figures replace static ones; cells and prose off screen are laid out only as they
 * come near, content-visibility in styles.css), so the figure is scrolled to again whenever the page
 * changes size, until it has kept its size for STILL_MS or the reader moves the page themselves.
 */
import { FIGURE_ANCHOR_PREFIX, figureAnchorId } from "../stdlib/anchor";

const STILL_MS = 1000;

export function followFigureHash(doc: Document = document): void {
  const win = doc.defaultView;
  let stop = () => {};
  const go = () => {
    stop();
    const name = decodeURIComponent(doc.location.hash.slice(1));
    if (!name) return;
    const anchor = doc.getElementById(name.startsWith(FIGURE_ANCHOR_PREFIX) ? name : figureAnchorId(name));
    if (!anchor) return;
    anchor.scrollIntoView({ block: "start" });
    if (!win || typeof ResizeObserver === "undefined") return;
    const inputs = ["wheel", "keydown", "pointerdown", "touchstart"];
    let still = win.setTimeout(() => stop(), STILL_MS);
    const sizes = new ResizeObserver(() => {
      anchor.scrollIntoView({ block: "start" });
      win.clearTimeout(still);
      still = win.setTimeout(() => stop(), STILL_MS);
    });
    sizes.observe(doc.body);
    stop = () => {
      sizes.disconnect();
      win.clearTimeout(still);
      for (const t of inputs) win.removeEventListener(t, stop, true);
      stop = () => {};
    };
    for (const t of inputs) win.addEventListener(t, stop, { capture: true, passive: true });
  };
  go();
  win?.addEventListener("hashchange", go);
}
