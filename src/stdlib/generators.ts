/** Async iterators over inputs and streams, for the runtime (the channel itself lives in compute/). */
import { type Channel, channel } from "../compute/channel";

export { type Channel, channel };

/** The value of an input now, then again after every `input` event (Observable's Generators.input). */
export function observeInput<T>(input: EventTarget & { value: T }): Channel<T> {
  const onInput = () => ch.push(input.value);
  const ch = channel<T>(() => input.removeEventListener("input", onInput));
  input.addEventListener("input", onInput);
  ch.push(input.value);
  return ch;
}

/**
 * `fn` applied to every value of `source`, as an iterator the runtime can return early: `return()`
 * goes straight to the source (cancelling a run), and the source starts only when first asked.
 */
export function mapStream<A, B>(source: AsyncIterator<A>, fn: (value: A) => B): AsyncIterableIterator<B> {
  const mapped: AsyncIterableIterator<B> = {
    next: () =>
      source.next().then((r) => (r.done ? { value: undefined, done: true } : { value: fn(r.value), done: false })),
    return: () =>
      (source.return ? source.return() : Promise.resolve({ value: undefined, done: true })).then(() => ({
        value: undefined,
        done: true as const,
      })),
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}

export function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return (
    typeof (value as AsyncIterator<unknown> | null)?.next === "function" && Symbol.asyncIterator in (value as object)
  );
}
