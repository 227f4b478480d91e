/**
 * Parameters live in the URL query string, so a link reproduces a view exactly and back/forward
 * steps through changes. One burst of edits (a slider drag) makes one history entry: the first
 * change pushes, later changes within the burst replace it.
 */
const BURST_MS = 500;
let inBurst = false;
let burstTimer: ReturnType<typeof setTimeout> | undefined;

export function readQuery(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** Set (or with `undefined`, remove) query parameters. */
export function writeQuery(entries: Record<string, string | undefined>): void {
  const q = readQuery();
  for (const [k, v] of Object.entries(entries)) {
    if (v === undefined) q.delete(k);
    else q.set(k, v);
  }
  const search = q.toString();
  if (search === location.search.replace(/^\?/, "")) return;
  const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  if (inBurst) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  inBurst = true;
  clearTimeout(burstTimer);
  burstTimer = setTimeout(() => {
    inBurst = false;
  }, BURST_MS);
}
