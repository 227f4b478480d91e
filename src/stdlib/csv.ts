/** One CSV field as RFC 4180 writes it: quoted (with inner quotes doubled) only when it holds a quote, comma or newline. */
export function csvField(value: unknown): string {
  if (value == null) return "";
  const s = value instanceof Date ? value.toISOString() : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
