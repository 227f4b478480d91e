/**
 * Async iterators the runtime can consume. They are written by hand rather than as `async function*`
 * because an async generator queues `return()` behind a pending `next()`: the runtime would then
 * wait for a stale value before re-running a cell. These settle a pending `next()` at once on return().
 */

export interface Channel<T> extends AsyncIterableIterator<T> {
  /** Offer a value; a waiting consumer gets it, otherwise it replaces any unread value (latest wins). */
  push(value: T): void;
  /** Fail the consumer (its cell shows the error). */
  fail(error: unknown): void;
  /** End the stream. */
  close(): void;
  readonly closed: boolean;
}

/**
 * `onReturn` runs when the consumer stops early; `onStart` runs at the first `next()` — for the
 * runtime that is after it has returned the stale iterator, so lazy work never competes with it.
 */
export function channel<T>(onReturn?: () => void, onStart?: () => void): Channel<T> {
  let started = !onStart;
  let pending: { value: T } | null = null;
  let failure: { error: unknown } | null = null;
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  let done = false;
  let closing = false; // close() was called: deliver what is unread, then end
  const finish = () => {
    if (done) return;
    done = true;
    waiting?.resolve({ value: undefined, done: true });
    waiting = null;
  };
  const ch: Channel<T> = {
    get closed() {
      return done;
    },
    push(value) {
      if (done) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        w.resolve({ value, done: false });
      } else pending = { value };
    },
    fail(error) {
      if (done) return;
      if (waiting) {
        const w = waiting;
        waiting = null;
        done = true;
        w.reject(error);
      } else failure = { error };
    },
    close() {
      closing = true;
      if (!pending && !failure) finish();
    },
    next() {
      if (!started) {
        started = true;
        onStart?.();
      }
      if (failure) {
        const f = failure;
        failure = null;
        done = true;
        return Promise.reject(f.error);
      }
      if (pending) {
        const p = pending;
        pending = null;
        return Promise.resolve({ value: p.value, done: false });
      }
      if (done || closing) {
        finish();
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      pending = null;
      failure = null;
      finish();
      onReturn?.();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return ch;
    },
  };
  return ch;
}
