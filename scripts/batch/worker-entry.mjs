// Entry of a batch worker thread: register the TypeScript loader, then run the worker.
import "./register.mjs";

await import("./worker.ts");
