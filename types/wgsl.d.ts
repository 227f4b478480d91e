declare module "*.wgsl?raw" {
  const source: string;
  export default source;
}

declare module "virtual:boundlab/notebooks" {
  /** A Map (src/site/vite-plugin.ts), so a name from a URL can never hit Object.prototype. */
  const catalogue: ReadonlyMap<
    string,
    {
      title: string;
      cellIds: string[];
      /** Version tag of the paper's experiments (a hash of their code at build); null without code. */
      version: string | null;
      load: () => Promise<{ default: import("../src/notebook/runtime").NotebookModule }>;
    }
  >;
  export default catalogue;
  /** Former notebook names → current ones. */
  export const renamed: ReadonlyMap<string, string>;
}
