declare module "*.wgsl?raw" {
  const source: string;
  export default source;
}

declare module "virtual:boundlab/notebooks" {
  const catalogue: Record<
    string,
    {
      title: string;
      cellIds: string[];
      load: () => Promise<{ default: import("../src/notebook/runtime").NotebookModule }>;
    }
  >;
  export default catalogue;
}
