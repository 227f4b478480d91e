/**
 * The element id of an id= cell's figure anchor, `fig-<cell>`: namespaced, so a heading's id never
 * collides. One definition for the compiler (which emits the anchor), the prerendered embed pages, the
 * embed's link back, "Copy link" and the page's hash handling (src/site/figure-anchor.ts).
 */
export const FIGURE_ANCHOR_PREFIX = "fig-";
export const figureAnchorId = (cellId: string) => `${FIGURE_ANCHOR_PREFIX}${cellId}`;
