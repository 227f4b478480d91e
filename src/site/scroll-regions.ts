/**
 * Display math and code blocks wider than the column scroll sideways (styles.css); a region that scrolls must be reachable
 * by keyboard, so each one takes a tab stop while, and only while, it overflows (re-checked when it changes
 * size and when the page's fonts have arrived).
 */
const SCROLLERS = ".math-display, pre";

export function keyboardScrollRegions(root: ParentNode = document): void {
  const boxes = [...root.querySelectorAll<HTMLElement>(SCROLLERS)];
  if (boxes.length === 0 || typeof ResizeObserver === "undefined") return;
  const check = (box: HTMLElement) => {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver((entries) => {
    for (const e of entries) check(e.target as HTMLElement);
  });
  for (const box of boxes) observer.observe(box);
  document.fonts?.ready.then(() => boxes.forEach(check));
}
