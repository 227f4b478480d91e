/** Entry of every notebook page (and the embed page): styles, the worker pool, the cells on the runtime. */
import "katex/dist/katex.min.css";
import "@observablehq/inputs/dist/index.css";
import "@observablehq/inspector/dist/inspector.css"; // aliased in vite.config.ts: the package does not export it
import "./styles.css";
import { WorkerPool } from "../compute/pool";
import { mountNotebook, type NotebookModule } from "../notebook/runtime";
import { createBuiltins } from "../stdlib";
import { followFigureHash } from "./figure-anchor";
import { keyboardScrollRegions } from "./scroll-regions";

export function createPool(): WorkerPool {
  const size = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  return new WorkerPool(
    () => new Worker(new URL("../../workers/compute.worker.ts", import.meta.url), { type: "module" }),
    size,
  );
}

export function startNotebook(nb: NotebookModule): void {
  const pool = createPool();
  mountNotebook(nb, { root: document, builtins: createBuiltins(pool, nb) });
  keyboardScrollRegions(document);
  followFigureHash(document);
  // A handle for the console, the tests and the benchmarks: `await boundlab.pool.gpuInfo()`.
  Object.assign(globalThis, { boundlab: { notebook: nb.name, pool } });
}
