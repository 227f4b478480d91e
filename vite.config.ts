import { defineConfig } from "vite";
import { contentSecurityPolicy } from "./src/site/csp.ts";
import { notebooks } from "./src/site/vite-plugin.ts";

export default defineConfig({
  resolve: {
    alias: {
      "@observablehq/inspector/dist/inspector.css": `${import.meta.dirname}/node_modules/@observablehq/inspector/dist/inspector.css`,
    },
  },
  root: import.meta.dirname,
  // Relative asset URLs: the built site works from any folder of any static host.
  base: "./",
  plugins: [notebooks(), contentSecurityPolicy()],
  worker: { format: "es" },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { port: 5173 },
  preview: { port: 4173 },
});
