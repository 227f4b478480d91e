/**
 * Progress of a batch run on stderr. On a terminal: one bar redrawn in place (at most 10 times a
 * second) and cleared at the end. Anywhere else (a pipe, a file, a Slurm job's log): plain lines, one
 * when the run starts, one every 30 s while it runs, and one at the end, so a log stays readable.
 */

export interface Progress {
  /** Fraction of the runs done, 0…1. */
  update(fraction: number): void;
  /** The last line (always printed). */
  done(line: string): void;
}

export interface ProgressOptions {
  label: string;
  runs: number;
  stream?: NodeJS.WriteStream;
  /** Override the TTY test (tests). */
  tty?: boolean;
  now?: () => number;
  quiet?: boolean;
}

const WIDTH = 28;
const LINE_EVERY_MS = 30_000;

export function seconds(ms: number): string {
  return ms < 10_000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms < 600_000
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 60_000)} min`;
}

export function progressBar(fraction: number, width = WIDTH): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.floor(f * width);
  const part = f * width - full;
  const partial = full < width ? (part >= 0.5 ? "▌" : " ") : "";
  return `[${"█".repeat(full)}${partial}${" ".repeat(Math.max(0, width - full - partial.length))}]`;
}

export function createProgress({
  label,
  runs,
  stream = process.stderr,
  tty = Boolean(stream.isTTY),
  now = () => performance.now(),
  quiet = false,
}: ProgressOptions): Progress {
  const t0 = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastLine = t0;
  let drawn = false;
  const status = (fraction: number) => {
    const ms = now() - t0;
    const eta = fraction > 0.02 && fraction < 1 ? `, ${seconds((ms * (1 - fraction)) / fraction)} left` : "";
    return `${Math.floor(fraction * 100)}% (${Math.floor(fraction * runs + 1e-9)}/${runs} runs), ${seconds(ms)}${eta}`;
  };
  if (!quiet && !tty) stream.write(`${label}: started\n`);
  return {
    update(fraction) {
      if (quiet) return;
      const t = now();
      if (tty) {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        const cols = stream.columns || 100;
        const text = `${label} ${progressBar(fraction)} ${status(fraction)}`;
        stream.write(`\r${text.slice(0, cols - 1)}\x1b[K`);
        drawn = true;
      } else if (t - lastLine >= LINE_EVERY_MS) {
        lastLine = t;
        stream.write(`${label}: ${status(fraction)}\n`);
      }
    },
    done(line) {
      if (tty && drawn) stream.write("\r\x1b[K");
      stream.write(`${line}\n`);
    },
  };
}
