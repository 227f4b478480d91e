/**
 * A page-level indicator for runs longer than ~300 ms: one line per active run with its share done,
 * fixed at the bottom of the window, so progress shows however a cell draws its result (built-in plots
 * also show a bar on their partial traces). Removed as soon as the run completes or is cancelled.
 */
import type { ProgressReporter } from "../compute/run";

export function pageProgress(): ProgressReporter {
  const rows = new Map<object, HTMLElement>();
  let box: HTMLElement | undefined;
  return {
    update(key, label, fraction, ms) {
      if (!box) {
        box = document.createElement("div");
        box.className = "bl-run-status";
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
        document.body.append(box);
      }
      let row = rows.get(key);
      if (!row) {
        row = box.appendChild(document.createElement("div"));
        row.append(document.createElement("progress"), document.createElement("span"));
        rows.set(key, row);
      }
      const bar = row.firstChild as HTMLProgressElement;
      bar.max = 1;
      bar.value = fraction;
      (row.lastChild as HTMLElement).textContent =
        ` ${label}: ${Math.round(fraction * 100)}% · ${(ms / 1000).toFixed(1)} s`;
    },
    done(key) {
      rows.get(key)?.remove();
      rows.delete(key);
    },
  };
}
