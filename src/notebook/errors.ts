/** A notebook that cannot be built: file, 1-based line and column, and a readable reason. */
export class NotebookError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = "NotebookError";
  }
}
