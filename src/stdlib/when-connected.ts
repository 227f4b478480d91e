/**
 * Waiting for an element to reach the page. A cell may put a figure in the document a while after drawing
 * it (on a busy page, seconds later), and what a figure does once placed (find its form, restore a
 * sweep or pins from the URL) must not depend on how quickly that happens.
 */
/** A figure drawn but never put in the page (a newer trace replaced it first) is let go after this. */
const INSERT_WAIT_MS = 120_000;
const waiting = new Map<Element, { calls: (() => void)[]; since: number }>();
let insertions: MutationObserver | undefined;

/** Calls `then` once `el` is in the document: watched with a MutationObserver, not polled. */
export function whenConnected(el: Element, then: () => void): void {
  if (el.isConnected) {
    queueMicrotask(then);
    return;
  }
  if (typeof MutationObserver === "undefined") return;
  const w = waiting.get(el);
  if (w) w.calls.push(then);
  else waiting.set(el, { calls: [then], since: Date.now() });
  if (!insertions) {
    insertions = new MutationObserver(() => {
      const now = Date.now();
      for (const [e, w] of waiting) {
        if (e.isConnected) {
          waiting.delete(e);
          for (const f of w.calls) queueMicrotask(f);
        } else if (now - w.since > INSERT_WAIT_MS) waiting.delete(e);
      }
      if (!waiting.size) {
        insertions?.disconnect();
        insertions = undefined;
      }
    });
    insertions.observe(el.ownerDocument.documentElement, { childList: true, subtree: true });
  }
}
