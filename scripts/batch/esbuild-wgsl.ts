/** esbuild plugin: `import code from "./x.wgsl?raw"` (Vite's raw import) as the file's text. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "esbuild";

export const wgslRaw: Plugin = {
  name: "wgsl-raw",
  setup(b) {
    b.onResolve({ filter: /\.wgsl\?raw$/ }, (a) => ({
      path: join(a.resolveDir, a.path.replace(/\?raw$/, "")),
      namespace: "wgsl-raw",
    }));
    b.onLoad({ filter: /.*/, namespace: "wgsl-raw" }, (a) => ({
      contents: readFileSync(a.path, "utf8"),
      loader: "text",
    }));
  },
};
