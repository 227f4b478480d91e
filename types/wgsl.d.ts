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
      load: () => Promise<{ default: import("../src/notebook/runtime").NotebookModule }>;
    }
  >;
  export default catalogue;
  /** Former notebook names → current ones. */
  export const renamed: ReadonlyMap<string, string>;
}
