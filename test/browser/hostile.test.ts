/**
 * The hostile corpus (issue 14 item 7): at least 300 hostile query strings on every page — every
 * notebook, the index, and the embed page with sampled notebook/cell pairs — from a fixed list
 * (non-finite and out-of-range numbers, -0, 100 kB strings, unicode, repeated keys, Object.prototype's
 * names as keys and values, script tags, broken percent-encoding, empty values, prefixed keys of the
 * URL namespaces) and from fast-check (seeded: the same strings every run). On each page: no uncaught
 * error, no blank page, a visible message for every refused value (the field's, or the note for an
 * older key no form reads), no message for an accepted one, the fields show what they read, and no
 * NaN in any plot, readout or field.
 *
 * One browser; two pages per target, navigated again and again, side by side. One page makes a full
 * load with the compute workers (its plots get 1 s to draw, then plots, readouts and cells are
 * checked). The other's workers never start (page.route holds their script): one full load, then the
 * rest of the strings the way back/forward reaches a page (replaceState + popstate: the forms read the
 * query synchronously, with the same parser as a load, so each string is checked before the next;
 * cells, plots and uncaught errors are checked after every 30). No run is waited for: a run there
 * would only be cancelled by the next string, and none competes for the shared machine. A server
 * refuses a 100 kB query (431), so long strings reach pages through popstate only.
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CompiledCell, compileNotebook } from "../../src/notebook/compile";
import { dependencies } from "../../src/notebook/graph";
import { planForms, readRaw, type UrlForm, unusedKeys } from "../../src/stdlib/url-state";
import { formatParam, type Param, parseParam } from "../../src/theory/params";
import { loadSchema } from "../../src/theory/registry";
import { launch } from "./browser";

const baseUrl = inject("baseUrl");
const PER_PAGE = 300;
/** Full loads per page with the workers (each a mixed string of the fixed list); one more without, then popstate. */
const LOADS = 1;
const EMBED_PAIRS = 6;
/** The index reads no query: a few full loads, the rest through popstate. */
const INDEX_LOADS = 20;
const PROTO = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];
const BROKEN = ["%E0%A4%A", "%", "%%", "%zz", "%u0041", "%C0%AF", "%ED%A0%80", "%F0%9F", "%00"];
const BIG = "9".repeat(100_000);
const BIG_TEXT = `é<${"x".repeat(100_000)}`;
const NUMBERS = [
  ...["1e309", "-1e309", "NaN", "Infinity", "-Infinity", "-0", "0", "+5", "0x10", "1_000", " 7", "7 ", "1e-400"],
  ...["5e-324", "1.7976931348623157e308", "9007199254740993", "0.1.2", "1,5", "١٢", "１２", "1\u200b0", "٣"],
];
const SCRIPTS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "{{7*7}}",
  "$" + "{7*7}",
];
const UNICODE = ["💥", "\u202eevil", "ｍ", "Ｔ", "\ufeff", "\u0000", "日本語", "e\u0301"];

const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""));
const compiled = new Map(
  notebooks.map((n) => [n, compileNotebook(readFileSync(`notebooks/${n}.md`, "utf8"), `notebooks/${n}.md`, n)]),
);

/** The controls() calls of some cells, in order: experiment id and `prefix` option. */
function formCalls(cells: CompiledCell[]): { id: string; prefix?: string }[] {
  return cells.flatMap((c) =>
    [...c.source.matchAll(/controls\("([^"]+)"(?:,\s*\{([^)]*)\})?\)/g)].map((m) => {
      const prefix = /prefix:\s*"([^"]*)"/.exec(m[2] ?? "")?.[1];
      return prefix === undefined ? { id: m[1] } : { id: m[1], prefix };
    }),
  );
}

/** The page's forms as the URL sees them, planned as the page plans them. */
async function modelOf(calls: { id: string; prefix?: string }[]): Promise<UrlForm[]> {
  const requests = [];
  for (const c of calls) requests.push({ ...c, params: (await loadSchema(c.id)).params as Record<string, Param> });
  return planForms(requests);
}

/** Every key a form reads: its own (written and canonical prefix), names and aliases. */
function keysOf(f: UrlForm): { key: string; param: Param }[] {
  return Object.entries(f.params).flatMap(([n, p]) =>
    [n, ...(p.aliases ?? [])].flatMap((k) => [
      { key: f.prefix + k, param: p },
      ...(f.plain ? [{ key: k, param: p }] : []),
    ]),
  );
}

const enc = encodeURIComponent;

/** Values a parameter should refuse or accept at its edges. */
function edgeValues(p: Param): string[] {
  if (p.kind === "int" || p.kind === "num")
    return [p.min, p.max, p.min - 1, p.max + 1, p.max * 10, (p.min + p.max) / 2].map(String);
  if (p.kind === "choice" || p.kind === "multi")
    return [...p.options, p.options.join(","), `${p.options[0]},__proto__`];
  if (p.kind === "numbers") return [p.default, `${p.default},${p.default}`, "0.5,NaN", "1e309,0.5"];
  return ["1", "0", "true", "yes"];
}

/** The fixed list: each category applied to every key a form reads, plus older unprefixed keys. */
function fixedList(model: UrlForm[]): string[][] {
  const own = model.flatMap(keysOf);
  const plain = [...new Set(model.flatMap((f) => Object.keys(f.params)))];
  const each = (value: (p: Param) => string) => own.map(({ key, param }) => `${enc(key)}=${enc(value(param))}`);
  const p0 = model[0]?.prefix ?? "";
  return [
    each(() => "1e309"),
    each(() => "NaN"),
    each(() => "-0"),
    each(() => "Infinity"),
    each(() => "-Infinity"),
    [
      ...PROTO.map((k) => `${k}=1`),
      ...PROTO.map((k) => `${enc(p0 + k)}=${k}`),
      ...own.map(({ key }, i) => `${enc(key)}=${PROTO[i % 5]}`),
    ],
    each(() => SCRIPTS[0]).concat(SCRIPTS.map((s) => `${enc(s)}=${enc(s)}`)),
    own.map(({ key }, i) => `${enc(key)}=${BROKEN[i % BROKEN.length]}`).concat(BROKEN.map((b) => `${b}=1`)),
    [`${enc(own[0]?.key ?? "x")}=${BIG}`, `${BIG}=1`, `${enc(own[1]?.key ?? "y")}=${enc(BIG_TEXT)}`],
    own.map(({ key }, i) => `${enc(key)}=${enc(UNICODE[i % UNICODE.length])}`),
    own.flatMap(({ key, param }) => [
      `${enc(key)}=${enc(edgeValues(param)[3])}`,
      `${enc(key)}=${enc(edgeValues(param)[0])}`,
    ]),
    own.flatMap(({ key }, i) => (i % 2 ? [`${enc(key)}=`] : [enc(key)])),
    plain.map((k, i) => `${enc(k)}=${enc(["1e309", "200", "805", "-1", "abc", "0"][i % 6])}`),
    own.map(({ key, param }, i) => `${enc(key)}=${enc(edgeValues(param)[i % 6] ?? "")}`),
    model.flatMap((f) => [`${enc(f.prefix)}=1`, `${enc(`${f.prefix}nope`)}=1`, `${enc(`x${f.prefix}m`)}=1`]),
  ];
}

/** A full load mixes the fixed list: key k takes category (k + j) of the list. */
function mixed(fixed: string[][], j: number): string {
  const longest = Math.max(...fixed.map((c) => c.length));
  const out: string[] = [];
  for (let k = 0; k < longest; k++) {
    const c = fixed[(k + j) % fixed.length];
    // A server refuses a request line of 100 kB (431): long strings reach the page through popstate only.
    const piece = c[k % c.length];
    if (piece && piece.length <= 1000) out.push(piece);
  }
  return out.join("&");
}

/** Generated strings: keys the page reads (and near misses), values hostile and edge. */
function generated(model: UrlForm[], seed: number, n: number): string[] {
  const own = model.flatMap(keysOf);
  const plain = [
    ...new Set(model.flatMap((f) => Object.entries(f.params).flatMap(([k, p]) => [k, ...(p.aliases ?? [])]))),
  ];
  const params = own.map((o) => o.param);
  const key = fc.oneof(
    { arbitrary: fc.constantFrom(...(own.length ? own.map((o) => o.key) : ["x"])), weight: 6 },
    { arbitrary: fc.constantFrom(...(plain.length ? plain : ["x"])), weight: 3 },
    { arbitrary: fc.constantFrom(...PROTO, ...model.flatMap((f) => PROTO.map((p) => f.prefix + p))), weight: 1 },
    { arbitrary: fc.constantFrom("nope.T", ".", "", "nb", "cell", "controls", "a[b]", "T.", "..T"), weight: 1 },
    { arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }), weight: 1 },
  );
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...NUMBERS), weight: 5 },
    { arbitrary: fc.double().map(String), weight: 2 },
    { arbitrary: fc.integer().map(String), weight: 1 },
    { arbitrary: fc.constantFrom(...(params.length ? params.flatMap(edgeValues) : ["1"])), weight: 6 },
    { arbitrary: fc.constantFrom(...PROTO), weight: 2 },
    { arbitrary: fc.constantFrom(...SCRIPTS), weight: 1 },
    { arbitrary: fc.constantFrom(...UNICODE), weight: 1 },
    { arbitrary: fc.string({ unit: "binary", maxLength: 12 }), weight: 2 },
    { arbitrary: fc.constant(""), weight: 2 },
  );
  const piece = fc.oneof(
    { arbitrary: fc.tuple(key, value).map(([k, v]) => `${enc(k)}=${enc(v)}`), weight: 120 },
    { arbitrary: fc.tuple(key, fc.constantFrom(...BROKEN)).map(([k, b]) => `${enc(k)}=${b}`), weight: 10 },
    { arbitrary: fc.tuple(fc.constantFrom(...BROKEN), value).map(([b, v]) => `${b}=${enc(v)}`), weight: 10 },
    { arbitrary: key.map(enc), weight: 10 },
    // 100 kB, now and then (the fixed list has them too): a URL that long is slow to push, not to read.
    { arbitrary: fc.tuple(key, fc.constantFrom(BIG, BIG_TEXT)).map(([k, v]) => `${enc(k)}=${enc(v)}`), weight: 1 },
  );
  // Repeated keys: now and then a piece twice, or the same key with another value.
  const query = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 8 }), fc.boolean(), value).map(([ps, again, v]) => {
    const first = ps[0];
    if (again) ps.push(first.includes("=") ? `${first.split("=")[0]}=${enc(v)}` : first);
    return ps.join("&");
  });
  return fc.sample(query, { seed, numRuns: n });
}

interface FieldReport {
  error: string | null;
  number: string | null;
}
interface FormReport {
  experiment: string;
  urlPrefix: string;
  note: string | null;
  messages: string[];
  fields: Record<string, FieldReport>;
}
/** What the forms show: read right after the query reaches them (they read it synchronously). */
interface Report {
  search: string;
  forms: FormReport[];
  text: number;
  cards: number;
}
/** What the rest of the page shows, once the runtime has had its frames. */
interface PageReport {
  nan: string[];
  /** Cells in error whose message no form shows (a refused value's cell repeats the form's message). */
  unexplained: string[];
}

/** Installed in every page: what a check reads, in one call, and a wait for the runtime's next frames. */
function installReport() {
  const g = globalThis as unknown as {
    hostileFrames: () => Promise<void>;
    hostileReport: () => Report;
    hostilePage: () => PageReport;
  };
  g.hostileFrames = () =>
    new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))));
  // Messages are shown and hidden with the hidden attribute. Live forms only (in `.cell-displays`): the
  // build's inert copies (`.bl-static`) stand in for them until they arrive.
  const shown = (el: Element | null): el is HTMLElement =>
    el instanceof HTMLElement && !el.hidden && !el.closest("[hidden]");
  const forms = (): FormReport[] =>
    [...document.querySelectorAll<HTMLFormElement>(".cell-displays form.bl-controls")].map((f) => {
      const note = f.querySelector(":scope > .bl-url-note");
      return {
        experiment: f.dataset.experiment ?? "",
        urlPrefix: f.dataset.urlPrefix ?? "",
        note: shown(note) ? (note.textContent ?? "") : null,
        messages: [...f.querySelectorAll(".bl-error")].filter(shown).map((e) => e.textContent ?? ""),
        fields: Object.fromEntries(
          [...f.querySelectorAll<HTMLElement>(":scope > .bl-field")].map((x) => {
            const error = x.querySelector(":scope > .bl-error");
            const number = x.querySelector<HTMLInputElement>("input[type=number]");
            return [
              x.dataset.param ?? "",
              { error: shown(error) ? error.textContent : null, number: number?.value ?? null },
            ];
          }),
        ),
      };
    });
  g.hostileReport = () => ({
    search: location.search,
    forms: forms(),
    text: (document.body.textContent ?? "").trim().length,
    cards: document.querySelectorAll(".nb-card").length,
  });
  g.hostilePage = () => {
    const messages = forms().flatMap((f) => f.messages);
    return {
      nan: [
        ...[...document.querySelectorAll(".bl-plot, .bl-readouts, .bl-meta, .bl-legend")]
          .filter((el) => /\bNaN\b/.test(el.textContent ?? ""))
          .map((el) => `${el.className}: ${(el.textContent ?? "").slice(0, 80)}`),
        ...[...document.querySelectorAll<HTMLInputElement>(".cell-displays .bl-controls input")]
          .filter((i) => /NaN/.test(i.value))
          .map((i) => `input ${i.name}: ${i.value}`),
      ],
      unexplained: [...document.querySelectorAll<HTMLElement>('.cell[data-state="error"]')]
        .map((c) => c.textContent ?? "")
        .filter((text) => !messages.some((m) => m && text.includes(m))),
    };
  };
}

const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** What is wrong with a page after `report`'s query: one line per problem. */
function problems(r: Report, model: UrlForm[]): string[] {
  const out: string[] = [];
  if (r.text < 20) out.push("blank page");
  if (r.forms.length !== model.length) out.push(`${r.forms.length} of ${model.length} forms`);
  const q = new URLSearchParams(r.search);
  model.forEach((f, i) => {
    const dom = r.forms[i];
    if (!dom) return;
    if (dom.experiment !== f.id || dom.urlPrefix !== (f.plain ? "" : f.prefix))
      out.push(`form ${i} is ${dom.experiment} [${dom.urlPrefix}], expected ${f.id} [${f.plain ? "" : f.prefix}]`);
    for (const [name, p] of Object.entries(f.params)) {
      const field = dom.fields[name];
      if (!field) {
        out.push(`${f.id}: no field ${name}`);
        continue;
      }
      const raw = readRaw(q, f, name, model);
      const parsed = raw === null ? { ok: true as const, value: p.default } : parseParam(name, p, raw);
      if (!parsed.ok) {
        if (field.error !== parsed.message)
          out.push(`${f.id} ${name}=${short(JSON.stringify(raw))}: shows ${JSON.stringify(field.error)}`);
        continue;
      }
      if (field.error) out.push(`${f.id} ${name}=${short(JSON.stringify(raw))} is valid but shows ${field.error}`);
      if ((p.kind === "int" || p.kind === "num") && field.number !== formatParam(p, parsed.value))
        out.push(
          `${f.id} ${name}=${short(JSON.stringify(raw))} reads ${formatParam(p, parsed.value)}, field shows ${field.number}`,
        );
    }
    for (const u of unusedKeys(q, f, model))
      if (!dom.note?.includes(`${u.key}=`)) out.push(`${f.id}: no note for the unused key ${u.key}`);
  });
  return out;
}

interface Target {
  name: string;
  page: Page;
  errors: string[];
}

/** A page for one target; `quick`: its compute workers never start (page.route holds their script). */
async function openTarget(browser: Browser, name: string, quick = false): Promise<Target> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  if (quick) await page.route(WORKER, () => {});
  // One worker: the corpus checks the page, not the runs, and the machine is shared.
  await page.addInitScript(() => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => 1 }));
  await page.addInitScript(installReport);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return { name, page, errors };
}

type PageGlobals = { hostileFrames: () => Promise<void>; hostileReport: () => Report; hostilePage: () => PageReport };

/** A full load; the report once the forms have rendered and every cell has a state. */
async function load(t: Target, url: string, forms: number): Promise<Report | string> {
  try {
    await t.page.goto(url);
    await t.page.waitForFunction(
      (n) =>
        document.querySelectorAll(".cell-displays form.bl-controls").length >= n &&
        [...document.querySelectorAll<HTMLElement>(".cell")].every((c) => c.dataset.state !== undefined),
      forms,
      { timeout: 30_000, polling: 50 },
    );
    return await t.page.evaluate(() => (globalThis as unknown as PageGlobals).hostileReport());
  } catch (e) {
    return `did not render: ${short((e as Error).message.split("\n")[0])}`;
  }
}

/**
 * The same page, as back/forward reaches it, for each query of a batch in turn: the forms read each
 * query at once (their popstate handler is synchronous), so each is checked before the next; the
 * cells and plots see the batch's last values, in the runtime's next frame.
 */
function pop(t: Target, queries: string[]): Promise<Report[]> {
  return t.page.evaluate((qs) => {
    const g = globalThis as unknown as PageGlobals;
    return qs.map((q) => {
      history.replaceState(null, "", `${location.pathname}?${q}`);
      dispatchEvent(new PopStateEvent("popstate"));
      return g.hostileReport();
    });
  }, queries);
}

/** After a batch: the runtime's frames, then plots, readouts and cells. */
async function settle(t: Target): Promise<PageReport | string> {
  try {
    return await t.page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals;
      await g.hostileFrames();
      return g.hostilePage();
    });
  } catch (e) {
    return short((e as Error).message.split("\n")[0], 300);
  }
}

interface Tally {
  tried: number;
  loads: number;
  failures: string[];
}

/** Strings between two looks at the whole page (cells, plots): the forms are checked after every one. */
const BATCH = 30;
/** How long a full load's plots get to draw before the page is checked. */
const PLOT_MS = 1000;
const WORKER = /compute\.worker/;

/** Run `queries` on a page: the first `loads` as full loads, the rest through popstate. */
interface Pages {
  /** Full loads with the workers. */
  live: Target;
  /** One full load, then popstate, with no run. */
  quick: Target;
}

/**
 * Run `queries` on a target: the first `loads` as full loads with the workers (plots get a moment to
 * draw; no run is waited for), at the same time as the rest on a page whose workers never start,
 * which reads each string as fast as it can (a run there would only be cancelled by the next string,
 * and none competes with it for the machine): one full load, then popstate in batches.
 */
async function corpusOn(
  pages: Pages,
  url: (q: string) => string,
  prefix: string,
  queries: string[],
  model: UrlForm[],
  loads = LOADS,
): Promise<Tally> {
  const tally: Tally = { tried: 0, loads: 0, failures: [] };
  const full = queries.map((q) => `${prefix}${q}`);
  const on = (t: Target) => {
    let batch: string[] = [];
    let before = t.errors.length;
    return {
      async flush() {
        const r = await settle(t);
        const found =
          typeof r === "string"
            ? [r]
            : [...r.nan.map((n) => `NaN shown: ${n}`), ...r.unexplained.map((c) => `cell error: ${short(c, 200)}`)];
        found.push(...t.errors.slice(before).map((e) => short(e, 300)));
        const which =
          batch.length === 1 ? `?${short(batch[0])}` : `one of ${batch.length} strings from ?${short(batch[0], 40)}`;
        for (const f of found) tally.failures.push(`${t.name} ${which} → ${f}`);
        batch = [];
        before = t.errors.length;
      },
      check(q: string, r: Report | string) {
        tally.tried++;
        for (const f of typeof r === "string" ? [r] : problems(r, model))
          tally.failures.push(`${t.name} ?${short(q)} → ${f}`);
        batch.push(q);
      },
    };
  };
  const live = async () => {
    const t = on(pages.live);
    for (const q of full.slice(0, loads)) {
      t.check(q, await load(pages.live, url(q), model.length));
      tally.loads++;
      await pages.live.page.waitForTimeout(PLOT_MS);
      await t.flush();
    }
  };
  const quick = async () => {
    const t = on(pages.quick);
    t.check(full[loads], await load(pages.quick, url(full[loads]), model.length));
    tally.loads++;
    await t.flush();
    for (let i = loads + 1; i < full.length; i += BATCH) {
      const qs = full.slice(i, i + BATCH);
      for (const [k, r] of (await pop(pages.quick, qs)).entries()) t.check(qs[k], r);
      await t.flush();
    }
  };
  await Promise.all([live(), quick()]);
  return tally;
}

const results = new Map<string, Tally>();

describe.skipIf(!baseUrl)("the hostile corpus", () => {
  let browser: Browser;
  const started = Date.now();
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    const lines = [...results].map(
      ([page, t]) => `  ${page}: ${t.tried} strings (${t.loads} full loads), ${t.failures.length} failures`,
    );
    console.log(`hostile corpus, ${((Date.now() - started) / 1000).toFixed(0)} s:\n${lines.join("\n")}`);
  });

  it.each(notebooks)("%s.html", { timeout: 120_000 }, async (nb) => {
    const cells = compiled.get(nb)!.cells;
    const model = await modelOf(formCalls(cells));
    const fixed = fixedList(model);
    const loads = Array.from({ length: LOADS + 1 }, (_, j) => mixed(fixed, j));
    const queries = [
      ...loads,
      ...fixed.map((c) => c.join("&")),
      ...generated(model, 14 + notebooks.indexOf(nb), PER_PAGE - loads.length - fixed.length),
    ];
    const pages = {
      live: await openTarget(browser, `${nb}.html`),
      quick: await openTarget(browser, `${nb}.html`, true),
    };
    const tally = await corpusOn(pages, (q) => `${baseUrl}${nb}.html?${q}`, "", queries, model);
    results.set(`${nb}.html`, tally);
    await Promise.all([pages.live.page.close(), pages.quick.page.close()]);
    expect(tally.tried).toBeGreaterThanOrEqual(PER_PAGE);
    expect(tally.failures.slice(0, 20)).toEqual([]);
  });

  it("index.html", { timeout: 120_000 }, async () => {
    const t = await openTarget(browser, "index.html");
    const model: UrlForm[] = [];
    const queries = [...fixedList(model).map((c) => c.join("&")), ...generated(model, 7, PER_PAGE)].slice(0, PER_PAGE);
    const tally: Tally = { tried: 0, loads: 0, failures: [] };
    const checkIndex = (q: string, r: Report, errors: string[]) => {
      tally.tried++;
      const found = [...(r.cards === notebooks.length ? [] : [`${r.cards} notebook cards`]), ...errors];
      if (r.text < 20) found.push("blank page");
      for (const f of found) tally.failures.push(`index ?${short(q)} → ${short(f, 300)}`);
    };
    // What a server accepts is a full load; the rest (and 100 kB strings: 431 from the server) through popstate.
    const loaded = queries.filter((q) => q.length <= 8000).slice(0, INDEX_LOADS);
    for (const q of loaded) {
      const before = t.errors.length;
      await t.page.goto(`${baseUrl}index.html?${q}`, { waitUntil: "load" });
      tally.loads++;
      checkIndex(
        q,
        await t.page.evaluate(() => (globalThis as unknown as PageGlobals).hostileReport()),
        t.errors.slice(before),
      );
    }
    const rest = queries.filter((q) => !loaded.includes(q));
    for (let i = 0; i < rest.length; i += BATCH) {
      const before = t.errors.length;
      const qs = rest.slice(i, i + BATCH);
      const reports = await pop(t, qs);
      await settle(t);
      for (const [k, r] of reports.entries()) checkIndex(qs[k], r, k === 0 ? t.errors.slice(before) : []);
    }
    results.set("index.html", tally);
    await t.page.close();
    expect(tally.failures.slice(0, 20)).toEqual([]);
  });

  it("embed.html with sampled notebook/cell pairs", { timeout: 150_000 }, async () => {
    const pairs = fc.sample(
      fc.constantFrom(
        ...[...compiled].flatMap(([nb, c]) => c.cells.flatMap((cell) => (cell.id ? [[nb, cell.id] as const] : []))),
      ),
      { seed: 21, numRuns: EMBED_PAIRS },
    );
    const live = await openTarget(browser, "embed.html");
    const quick = await openTarget(browser, "embed.html", true);
    const tally: Tally = { tried: 0, loads: 0, failures: [] };
    for (const [k, [nb, cellId]] of pairs.entries()) {
      const cells = compiled.get(nb)!.cells;
      const target = cells.find((c) => c.id === cellId)!;
      const shown = dependencies(cells, target).filter((c) => c.inputs.includes("view"));
      const model = await modelOf(formCalls([...shown, target]));
      const fixed = fixedList(model);
      const n = Math.ceil(PER_PAGE / pairs.length);
      const queries = [mixed(fixed, k), mixed(fixed, k + 1), ...fixed.map((c) => c.join("&"))];
      queries.push(...generated(model, 100 + k, n - queries.length));
      const one = await corpusOn(
        { live: { ...live, name: `embed ${nb}/${cellId}` }, quick: { ...quick, name: `embed ${nb}/${cellId}` } },
        (q) => `${baseUrl}embed.html?${q}`,
        `nb=${nb}&cell=${cellId}&controls=1&`,
        queries,
        model,
        k === 0 ? 1 : 0,
      );
      tally.tried += one.tried;
      tally.loads += one.loads;
      tally.failures.push(...one.failures);
    }
    results.set("embed.html", tally);
    await Promise.all([live.page.close(), quick.page.close()]);
    expect(tally.tried).toBeGreaterThanOrEqual(PER_PAGE);
    expect(tally.failures.slice(0, 20)).toEqual([]);
  });
});
