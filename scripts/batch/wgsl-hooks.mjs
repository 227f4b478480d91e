// Node module hooks (module.register) for what Vite gives the site and vitest gives the tests:
// `import code from "./kernel.wgsl?raw"` is the file's text as the default export.
import { readFile } from "node:fs/promises";

const RAW = /\.wgsl\?raw$/;

export async function resolve(specifier, context, next) {
  if (RAW.test(specifier))
    return { url: new URL(specifier, context.parentURL).href, format: "module", shortCircuit: true };
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (RAW.test(url)) {
    const text = await readFile(new URL(url.replace(/\?raw$/, "")), "utf8");
    return { format: "module", source: `export default ${JSON.stringify(text)};\n`, shortCircuit: true };
  }
  return next(url, context);
}
