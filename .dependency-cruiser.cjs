/**
 * The import table of ARCHITECTURE.md, enforced (`npm run lint:deps`, part of `npm run lint`).
 * Layers, bottom up: theory → compute → stdlib → notebook → site; workers run theory (and implement
 * the compute protocol). A folder may import itself and anything below it, never above.
 */
const layer = (from, allowed) => ({
  name: `${from.replace(/[^a-z]/g, "")}-imports-only-below`,
  comment: `${from} may import only ${allowed.join(", ")}`,
  severity: "error",
  from: { path: `^${from}` },
  to: { path: "^(src|workers)/", pathNot: `^(${[from, ...allowed].join("|")})` },
});

module.exports = {
  forbidden: [
    layer("src/theory/", []),
    layer("src/compute/", ["src/theory/"]),
    layer("src/stdlib/", ["src/compute/", "src/theory/"]),
    layer("src/notebook/", ["src/stdlib/", "src/compute/", "src/theory/"]),
    layer("src/site/", ["src/notebook/", "src/stdlib/", "src/compute/", "src/theory/"]),
    layer("workers/", ["src/theory/", "src/compute/protocol"]),
    {
      name: "theory-has-no-dom-or-node",
      comment: "src/theory runs the same in Node, a worker and tests: no DOM libraries, no node: modules",
      severity: "error",
      from: { path: "^src/theory/" },
      to: { path: "^(node:|@observablehq|d3|htl|katex)", dependencyTypes: ["npm", "core"] },
    },
    {
      name: "page-loads-no-algorithms",
      comment: "the page loads declarations (schema.ts and the constants they name) only; algorithms load in workers",
      severity: "error",
      from: { path: "^src/site/(page|embed-page|notebook-page)\\.ts$" },
      to: {
        path: "^src/theory/",
        pathNot:
          "^src/theory/(params|experiment|registry|trace)\\.ts$|^src/theory/common/stats\\.ts$|^src/theory/[a-z-]+/(schema|options)\\.ts$|^src/theory/kit/(cost|summary)\\.ts$|^src/theory/sparse-bandits/combinatorics\\.ts$",
        reachable: true,
      },
    },
    {
      name: "no-circular",
      comment: "import circles make load order matter and folders impossible to read one at a time",
      severity: "error",
      from: { path: "^(src|workers)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.wasm\\.ts$" },
    parser: "swc",
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
