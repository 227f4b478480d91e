/**
 * A chunk runner that computes in the calling thread: for Node (the figure command, tests). It goes
 * through the same split, merge and summary as the worker pool, so its traces are the browser's.
 */
import { checkParams } from "../theory/experiment";
import { loadExperiment } from "../theory/experiment-registry";
import type { RunChunk } from "../theory/trace";
import type { ChunkRunner } from "./run";

export const inProcessRunner: ChunkRunner = {
  size: 1,
  prepare() {},
  async runChunk(job, onProgress) {
    const e = await loadExperiment(job.experiment);
    const { values, errors } = checkParams(e, job.params);
    if (errors.length) throw new Error(errors.join("\n"));
    const chunk: RunChunk = await e.run(values, {
      runStart: job.runStart,
      runCount: job.runCount,
      series: job.series,
      progress: (partial, fraction) => onProgress(partial, fraction),
    });
    return chunk;
  },
};
