/**
 * Text measurement and wrapping for exported SVG (pure: no DOM, no canvas, so Node and the browser
 * give the same lines). Widths come from DejaVu Sans's own advance widths (src/stdlib/text-metrics.ts),
 * the font the export names first and resvg renders with; a character outside the table counts as a
 * wide glyph (1 em), so an unknown character can only make a line wrap early, never overflow.
 */
import { DEJAVU_SANS_WIDTHS } from "./text-metrics";

function table(runs: number[][]): Map<number, number> {
  const m = new Map<number, number>();
  for (const [first, ...ws] of runs) for (let i = 0; i < ws.length; i++) m.set(first + i, ws[i] / 1000);
  return m;
}
const REGULAR = table(DEJAVU_SANS_WIDTHS.regular);
const BOLD = table(DEJAVU_SANS_WIDTHS.bold);

/** A piece of text in one style: a legend entry is its label (ink) then its note (muted, smaller). */
export interface TextRun {
  text: string;
  size: number;
  bold?: boolean;
  /** The run's fill; the caller's default when absent. */
  fill?: string;
}

/** Width in px of `text` at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  const widths = bold ? BOLD : REGULAR;
  let em = 0;
  for (const ch of text) em += widths.get(ch.codePointAt(0)!) ?? 1;
  return em * size;
}

/**
 * Styled runs broken into lines no wider than `maxWidth`: breaks fall at spaces (a space at a break is
 * dropped); a word wider than a whole line is cut by characters. Each line is a list of runs.
 */
export function wrapRuns(runs: TextRun[], maxWidth: number): TextRun[][] {
  if (!(maxWidth > 0)) throw new Error(`wrapRuns: the width must be positive, got ${maxWidth}`);
  // Tokens: words and the spaces between them, each in its run's style.
  const tokens: TextRun[] = [];
  for (const r of runs) for (const t of r.text.split(/( +)/)) if (t) tokens.push({ ...r, text: t });
  const lines: TextRun[][] = [[]];
  let used = 0;
  const push = (t: TextRun) => {
    const line = lines[lines.length - 1];
    const last = line[line.length - 1];
    // Same style as the run before it: extend that run, so the SVG keeps one tspan per style.
    if (last && last.size === t.size && last.bold === t.bold && last.fill === t.fill) last.text += t.text;
    else line.push({ ...t });
    used += textWidth(t.text, t.size, t.bold);
  };
  const newLine = () => {
    const line = lines[lines.length - 1];
    const last = line[line.length - 1];
    if (last) last.text = last.text.replace(/ +$/, "");
    if (last && !last.text) line.pop();
    lines.push([]);
    used = 0;
  };
  for (const t of tokens) {
    const w = textWidth(t.text, t.size, t.bold);
    const isSpace = /^ +$/.test(t.text);
    if (used + w <= maxWidth) {
      if (!(isSpace && used === 0)) push(t);
      continue;
    }
    if (isSpace) {
      newLine();
      continue;
    }
    if (used > 0) newLine();
    if (w <= maxWidth) {
      push(t);
      continue;
    }
    // A word longer than the line: cut it where it fills the line.
    let piece = "";
    for (const ch of t.text) {
      if (piece && used + textWidth(piece + ch, t.size, t.bold) > maxWidth) {
        push({ ...t, text: piece });
        newLine();
        piece = "";
      }
      piece += ch;
    }
    if (piece) push({ ...t, text: piece });
  }
  const last = lines[lines.length - 1];
  if (last.length) {
    const tail = last[last.length - 1];
    tail.text = tail.text.replace(/ +$/, "");
  }
  return lines.filter((l) => l.some((r) => r.text));
}

/** Plain text of one size broken into lines no wider than `maxWidth`. */
export function wrapText(text: string, size: number, maxWidth: number, bold = false): string[] {
  return wrapRuns([{ text, size, bold }], maxWidth).map((line) => line.map((r) => r.text).join(""));
}

/** Width of one line of runs. */
export function runsWidth(line: TextRun[]): number {
  return line.reduce((w, r) => w + textWidth(r.text, r.size, r.bold), 0);
}
