/**
 * Parameters live in the URL query string, so a link reproduces a view exactly and back/forward
 * steps through changes. One burst of edits (a slider drag) makes one history entry: the first
 * change pushes, later changes within the burst replace it.
 *
 * One page may mount many forms whose experiments share parameter names (`m`, `T`, `seed`, `runs`)
 * with different ranges and meanings, so every form has its own namespace of URL keys:
 * - its prefix is the notebook's `prefix` option, else the experiment id's name part and a dot
 *   (`sor/young` → `young.m`, a second form of the same experiment on the page → `young-2.m`);
 * - the one form on a page that has no `prefix` option beside forms that all have one (the guide's
 *   only form, halpern's residual plot) writes its keys unprefixed, as before; it still reads its
 *   prefixed keys (a link taken on the embed page or elsewhere);
 * - a form reads only its own keys, so a link restores exactly the state it was taken in.
 * Older links wrote every key unprefixed. Where such a key is unambiguous it still works: when only
 * one form on the page could have read it, that form reads it; when several could and every one of
 * them accepts its value, all of them read it (the page opens as it did before). Otherwise no form
 * reads it, and each form that has the parameter says so (`unusedKeys`).
 * Aliases (older parameter names, `seeds` for `runs`) are read wherever the name is, prefixed too.
 */
import { formatParam, type Param, parseParam } from "../theory/params";

const BURST_MS = 500;
let inBurst = false;
let burstTimer: ReturnType<typeof setTimeout> | undefined;

export function readQuery(): URLSearchParams {
  return new URLSearchParams(location.search);
}

/** What a form's dataset says of its URL keys (controls.ts): the prefix it writes, and one it also reads. */
interface KeyedForm {
  readonly dataset: DOMStringMap;
}

/**
 * A view key of a form (`~sweep`, `~down`, `~pins`): under the prefix the form writes, else under its
 * namespace's prefix, which a form writing unprefixed keys reads too (a link taken on the notebook,
 * opened in an embed).
 */
export function readViewKey(form: KeyedForm, name: string): string | null {
  const q = readQuery();
  const own = q.get(`${form.dataset.urlPrefix ?? ""}${name}`);
  const also = form.dataset.readPrefix;
  return own !== null || also === undefined ? own : q.get(`${also}${name}`);
}

/** The query entries that set a form's view keys, each in the one spelling the form writes. */
export function viewKeyEntries(form: KeyedForm, entries: Record<string, string | undefined>) {
  const out = new Map<string, string | undefined>();
  for (const [name, v] of Object.entries(entries)) {
    if (form.dataset.readPrefix !== undefined) out.set(`${form.dataset.readPrefix}${name}`, undefined);
    out.set(`${form.dataset.urlPrefix ?? ""}${name}`, v);
  }
  return Object.fromEntries(out) as Record<string, string | undefined>;
}

/**
 * Fired on `window` after every history write this code makes: history writes fire no event of their
 * own, and what shows the view elsewhere (the embed's link back) follows it.
 */
export const QUERY_CHANGE = "boundlab:querychange";

/** The one place the page writes its history: a new entry or the current one, then QUERY_CHANGE. */
export function writeUrl(url: string, how: "push" | "replace"): void {
  if (how === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  window.dispatchEvent(new Event(QUERY_CHANGE));
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
  writeUrl(url, inBurst ? "replace" : "push");
  inBurst = true;
  clearTimeout(burstTimer);
  burstTimer = setTimeout(() => {
    inBurst = false;
  }, BURST_MS);
}

// ——— Namespaces (pure: the Node tests run them) ———

/** One controls form as the URL sees it. */
export interface UrlForm {
  /** Experiment id, "paper/name". */
  readonly id: string;
  /** Its keys' prefix: the notebook's `prefix` option, else the id's name part and a dot ("young."). */
  readonly prefix: string;
  /** The notebook gave the prefix: the form never reads unprefixed keys (unless the prefix is ""). */
  readonly explicit: boolean;
  /** It writes its keys unprefixed (and reads them so): the one form on the page without a `prefix` option. */
  readonly plain: boolean;
  readonly params: Readonly<Record<string, Param>>;
}

/** A form being added to a page: what `controls(id, { prefix })` knows once its schema has loaded. */
export interface UrlFormRequest {
  id: string;
  prefix?: string;
  params: Readonly<Record<string, Param>>;
}

/**
 * Namespaces for forms joining a page that already holds `settled` forms (whose namespaces are fixed:
 * a link they wrote keeps its meaning). Pure and deterministic: the same forms in the same order get
 * the same prefixes.
 */
export function planForms(batch: readonly UrlFormRequest[], settled: readonly UrlForm[] = []): UrlForm[] {
  const taken = new Set(settled.map((f) => f.prefix));
  for (const r of batch) if (r.prefix !== undefined) taken.add(r.prefix);
  const prefixes = batch.map((r) => {
    if (r.prefix !== undefined) return r.prefix;
    const base = r.id.slice(r.id.indexOf("/") + 1);
    let prefix = `${base}.`;
    for (let k = 2; taken.has(prefix); k++) prefix = `${base}-${k}.`;
    taken.add(prefix);
    return prefix;
  });
  // Who writes unprefixed keys: nobody new if a settled form does; else a form whose option is
  // prefix "" (the notebook asked for it), else the only form on the page without a prefix option.
  let plainAt = -1;
  if (!settled.some((f) => f.plain)) {
    plainAt = batch.findIndex((r) => r.prefix === "");
    if (plainAt < 0) {
      const unprefixed = batch.flatMap((r, i) => (r.prefix === undefined ? [i] : []));
      if (unprefixed.length === 1 && !settled.some((f) => !f.explicit)) plainAt = unprefixed[0];
    }
  }
  return batch.map((r, i) => ({
    id: r.id,
    prefix: prefixes[i],
    explicit: r.prefix !== undefined,
    plain: i === plainAt,
    params: r.params,
  }));
}

/** The parameter of `form` that an unprefixed key names: the parameter of that name, else the one with that alias. */
function paramNamed(form: UrlForm, key: string): [string, Param] | undefined {
  if (Object.hasOwn(form.params, key)) return [key, form.params[key]];
  for (const [name, p] of Object.entries(form.params)) if (p.aliases?.includes(key)) return [name, p];
  return undefined;
}

/** Forms that read unprefixed keys before namespaces (no prefix option, or prefix ""), with the parameter `key` names in each. */
function oldReaders(page: readonly UrlForm[], key: string): { form: UrlForm; name: string; param: Param }[] {
  return page.flatMap((form) => {
    if (form.explicit && form.prefix !== "") return [];
    const hit = paramNamed(form, key);
    return hit ? [{ form, name: hit[0], param: hit[1] }] : [];
  });
}

/** An unprefixed key from an older link that `form` may read: nobody writes unprefixed keys here, and the key is unambiguous. */
function oldKeyReadable(q: URLSearchParams, form: UrlForm, key: string, page: readonly UrlForm[]): boolean {
  const raw = q.get(key);
  if (raw === null || form.explicit || page.some((f) => f.plain)) return false;
  const readers = oldReaders(page, key);
  return readers.length === 1 || readers.every((r) => parseParam(r.name, r.param, raw).ok);
}

const keysOf = (name: string, p: Param) => [name, ...(p.aliases ?? [])];

/** The key `form` writes parameter `name` under. */
export function urlKey(form: UrlForm, name: string): string {
  return form.plain ? name : form.prefix + name;
}

/** The raw URL value of parameter `name` of `form`, or null: its own keys first, then an unambiguous older key. */
export function readRaw(q: URLSearchParams, form: UrlForm, name: string, page: readonly UrlForm[]): string | null {
  const keys = keysOf(name, form.params[name]);
  for (const k of keys) {
    const v = q.get(form.prefix + k);
    if (v !== null) return v;
  }
  if (form.plain) {
    for (const k of keys) {
      const v = q.get(k);
      if (v !== null) return v;
    }
    return null;
  }
  for (const k of keys) if (oldKeyReadable(q, form, k, page)) return q.get(k);
  return null;
}

/** An unprefixed key of `form`'s parameters that the URL carries and no form reads: it could be any of `keys`. */
export interface UnusedKey {
  key: string;
  value: string;
  /** The keys of every form that has the parameter (this form's first). */
  keys: string[];
}

export function unusedKeys(q: URLSearchParams, form: UrlForm, page: readonly UrlForm[]): UnusedKey[] {
  if (form.plain || form.explicit || page.some((f) => f.plain)) return [];
  const out: UnusedKey[] = [];
  for (const [name, p] of Object.entries(form.params)) {
    for (const k of keysOf(name, p)) {
      const value = q.get(k);
      if (value === null || oldKeyReadable(q, form, k, page)) continue;
      const others = oldReaders(page, k).filter((r) => r.form !== form);
      out.push({ key: k, value, keys: [urlKey(form, name), ...others.map((r) => urlKey(r.form, r.name))] });
    }
  }
  return out;
}

/**
 * What `form` writes for `values` (every parameter, except those in `skip`: a refused value stays in
 * the URL as it was), and the keys it removes: its aliases, its own keys in the spelling it does not
 * write, and unprefixed keys of its parameters that no other form reads.
 */
export function queryEntries(
  q: URLSearchParams,
  form: UrlForm,
  values: Record<string, unknown>,
  page: readonly UrlForm[],
  skip: ReadonlySet<string> = new Set(),
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const drop = (k: string) => {
    if (q.has(k)) out[k] = undefined;
  };
  for (const [name, p] of Object.entries(form.params)) {
    if (skip.has(name)) continue;
    const keys = keysOf(name, p);
    for (const k of keys) {
      drop(form.prefix + k);
      if (form.plain) drop(k);
      else if (!form.explicit && !page.some((f) => f.plain) && q.has(k)) {
        const shared = oldReaders(page, k).length > 1 && oldKeyReadable(q, form, k, page);
        if (!shared) drop(k);
      }
    }
    out[urlKey(form, name)] = formatParam(p, values[name]);
  }
  return out;
}

// ——— The page's forms ———

interface Entry {
  id: string;
  prefix?: string;
  params?: Readonly<Record<string, Param>>;
  form?: UrlForm;
  element?: { readonly isConnected: boolean };
}

/**
 * The forms of one page are those of its document: a process that mounts notebook after notebook,
 * each on a fresh document (the build's prerender on jsdom), plans each page's forms apart.
 */
interface PageState {
  entries: Entry[];
  joins: number;
  settling?: Promise<void>;
}
const pages = new WeakMap<object, PageState>();
const noDocument = {};

function page(): PageState {
  const key = (globalThis as { document?: object }).document ?? noDocument;
  let state = pages.get(key);
  if (!state) pages.set(key, (state = { entries: [], joins: 0 }));
  return state;
}

export interface PageTicket {
  /** The form's namespace, once every form that joined with it has its schema (one batch, planned together). */
  ready(params: Readonly<Record<string, Param>>): Promise<UrlForm>;
  /** The form element: once it leaves the document, a form of the same experiment and options takes its place. */
  attach(element: { readonly isConnected: boolean }): void;
  /** The form was not built (its schema did not load). */
  leave(): void;
}

/**
 * Join the page's forms. Call before the first await, so that forms whose cells run together are
 * planned together: their namespaces are decided when all have their schemas and a task has passed
 * with no new form.
 */
export function joinPage(id: string, prefix?: string): PageTicket {
  const state = page();
  // A cell computed again (its form replaced) keeps its namespace.
  const old = state.entries.findIndex(
    (e) => e.id === id && e.prefix === prefix && e.form && e.element && !e.element.isConnected,
  );
  const entry: Entry = old >= 0 ? { id, prefix, form: state.entries[old].form } : { id, prefix };
  if (old >= 0) state.entries[old] = entry;
  else {
    state.entries.push(entry);
    state.joins++;
  }
  return {
    async ready(params) {
      entry.params = params;
      if (!entry.form) await settle(state);
      return entry.form!;
    },
    attach(element) {
      entry.element = element;
    },
    leave() {
      state.entries = state.entries.filter((e) => e !== entry);
    },
  };
}

function settle(state: PageState): Promise<void> {
  state.settling ??= (async () => {
    for (;;) {
      const seen = state.joins;
      await new Promise((done) => setTimeout(done, 0));
      if (seen === state.joins && state.entries.every((e) => e.form || e.params)) break;
    }
    const settled = state.entries.flatMap((e) => (e.form ? [e.form] : []));
    const batch = state.entries.filter((e) => !e.form);
    const planned = planForms(
      batch.map((e) => ({ id: e.id, prefix: e.prefix, params: e.params! })),
      settled,
    );
    batch.forEach((e, i) => {
      e.form = planned[i];
    });
    state.settling = undefined;
  })();
  return state.settling;
}

/** Every form on the page whose namespace is decided. */
export function pageForms(): UrlForm[] {
  return page().entries.flatMap((e) => (e.form ? [e.form] : []));
}

/** Forget the page's forms (tests). */
export function resetPage(): void {
  const key = (globalThis as { document?: object }).document ?? noDocument;
  pages.delete(key);
}
