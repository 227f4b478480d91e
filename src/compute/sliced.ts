/**
 * Runs a computation written as steps (a generator) on the page's main thread in slices of at most
 * SLICE_MS, giving the event loop back between slices: input, rendering and other cells' messages go
 * on while it works, and no task it makes is a long one (the 50 ms budget of a "long task").
 */
import { type RunChunk, type SummarizeOptions, summarizeSteps, type Trace, type TraceMeta } from "../theory/trace";

/** Work per slice: well under a frame, so a slice and a frame's rendering fit together in 16 ms. */
const SLICE_MS = 8;

type Scheduler = { yield?: () => Promise<void> };

/** Back to the event loop: `scheduler.yield()` where the browser has it (it keeps this task's priority). */
function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The generator's value, or undefined once `signal` has aborted (checked between slices). */
export async function runSliced<T>(
  steps: Generator<void, T, void>,
  signal?: AbortSignal,
  now: () => number = () => performance.now(),
): Promise<T | undefined> {
  for (;;) {
    const sliceEnd = now() + SLICE_MS;
    do {
      const step = steps.next();
      if (step.done) return step.value;
    } while (now() < sliceEnd);
    await yieldToEventLoop();
    if (signal?.aborted) return undefined;
  }
}

/** `summarize` (src/theory/trace.ts) on this thread, in slices; undefined once `signal` has aborted. */
export function summarizeSliced(
  chunk: RunChunk,
  meta: Omit<TraceMeta, "notes">,
  opts: SummarizeOptions,
  signal?: AbortSignal,
): Promise<Trace | undefined> {
  return runSliced(summarizeSteps(chunk, meta, opts), signal);
}
