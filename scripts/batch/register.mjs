// What a batch process or worker thread needs to import the project's TypeScript as it is: tsx, and
// the `?raw` WGSL imports of workers/gpu/. Worker threads do not inherit tsx from `--import tsx` or
// from their parent (Node 20), so worker-entry.mjs imports this before the worker's TypeScript.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

registerTsx();
register("./wgsl-hooks.mjs", import.meta.url);
