/**
 * URL namespaces (issue 14 item 2): one page, many forms, one URL. Every form reads only its own keys,
 * so a link restores exactly the state it was taken in; older unprefixed links still work where they
 * are unambiguous. Checked on made-up pages and on every notebook's real forms.
 */
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  joinPage,
  pageForms,
  planForms,
  queryEntries,
  readRaw,
  resetPage,
  type UrlForm,
  type UrlFormRequest,
  unusedKeys,
  urlKey,
} from "../../src/stdlib/url-state";
import { formatParam, int, num, type Param, parseParam, seed } from "../../src/theory/params";
import { loadSchema } from "../../src/theory/registry";

const young = { m: int({ min: 4, max: 32, default: 10, label: "m" }), seed: seed() };
const cost = {
  m: int({ min: 4, max: 1024, default: 10, label: "m" }),
  eps: num({ min: 0, max: 1, default: 0.5, label: "eps" }),
  seed: seed(),
};
const learn = {
  T: int({ min: 20, max: 5000, default: 500, label: "T" }),
  runs: int({ min: 1, max: 40, default: 2, label: "runs", aliases: ["trials"] }),
  seed: seed(),
};

const sorLike = (): UrlForm[] =>
  planForms([
    { id: "sor/young", params: young },
    { id: "sor/cost-vs-omega", params: cost },
    { id: "sor/learning", params: learn },
  ]);
const q = (s: string) => new URLSearchParams(s);
const read = (query: string, page: UrlForm[], i: number, name: string) => readRaw(q(query), page[i], name, page);

describe("planForms: one namespace per form", () => {
  it("prefixes every form with its experiment's name on a page of several", () => {
    const page = sorLike();
    expect(page.map((f) => [f.prefix, f.plain])).toEqual([
      ["young.", false],
      ["cost-vs-omega.", false],
      ["learning.", false],
    ]);
    expect(urlKey(page[0], "m")).toBe("young.m");
  });

  it("the only form of a page writes unprefixed keys (links stay as they were)", () => {
    const [gd] = planForms([{ id: "guide/gd", params: young }]);
    expect(gd).toMatchObject({ prefix: "gd.", plain: true });
    expect(urlKey(gd, "m")).toBe("m");
  });

  it("a notebook's prefix is kept; the one form without one beside them stays unprefixed (halpern)", () => {
    const page = planForms([
      { id: "halpern/residual", params: learn },
      { id: "halpern/ratio", prefix: "r_", params: learn },
      { id: "halpern/gain", prefix: "g_", params: learn },
    ]);
    expect(page.map((f) => urlKey(f, "T"))).toEqual(["T", "r_T", "g_T"]);
  });

  it("two forms of one experiment get two namespaces; prefix '' asks for unprefixed keys", () => {
    const page = planForms([
      { id: "sor/young", params: young },
      { id: "sor/young", params: young },
      { id: "sor/cost-vs-omega", prefix: "", params: cost },
    ]);
    expect(page.map((f) => urlKey(f, "m"))).toEqual(["young.m", "young-2.m", "m"]);
  });

  it("forms that join later never take over keys a settled form writes", () => {
    const first = planForms([{ id: "guide/gd", params: young }]);
    const later = planForms([{ id: "guide/other", params: young }], first);
    expect(later[0]).toMatchObject({ prefix: "other.", plain: false });
    expect(readRaw(q("m=7"), later[0], "m", [...first, ...later])).toBeNull();
  });
});

describe("readRaw: a form reads only its own keys", () => {
  it("the cost-vs-omega plot's m is not Young's (the issue's m=200)", () => {
    const page = sorLike();
    expect(read("cost-vs-omega.m=200", page, 1, "m")).toBe("200");
    expect(read("cost-vs-omega.m=200", page, 0, "m")).toBeNull();
  });

  it("property: a query of other forms' keys gives a form nothing", () => {
    const page = sorLike();
    const key = fc.constantFrom(...page.flatMap((f) => Object.keys(f.params).map((n) => [f, urlKey(f, n)] as const)));
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string())), fc.nat(2), (pairs, i) => {
        const query = new URLSearchParams();
        for (const [[f, k], v] of pairs) if (f !== page[i]) query.append(k, v);
        for (const name of Object.keys(page[i].params)) expect(readRaw(query, page[i], name, page)).toBeNull();
      }),
    );
  });

  it("aliases work, prefixed too", () => {
    const page = sorLike();
    expect(read("learning.trials=7", page, 2, "runs")).toBe("7");
    expect(read("trials=7", page, 2, "runs")).toBe("7"); // only learning has it
    expect(read("learning.runs=5&learning.trials=7", page, 2, "runs")).toBe("5");
  });

  it("a repeated key: the first value (URLSearchParams.get), as everywhere", () => {
    expect(read("young.m=5&young.m=9", sorLike(), 0, "m")).toBe("5");
  });

  it("prototype names are only names: no form has them", () => {
    const page = sorLike();
    for (const k of ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]) {
      const query = q(`${k}=1&young.${k}=1`);
      expect(unusedKeys(query, page[0], page)).toEqual([]);
      expect(Object.keys(page[0].params).map((n) => readRaw(query, page[0], n, page))).toEqual([null, null]);
    }
  });
});

describe("older, unprefixed links", () => {
  it("a key that only one form has goes to it", () => {
    const page = sorLike();
    expect(read("eps=0.25", page, 1, "eps")).toBe("0.25");
    expect(read("T=805", page, 2, "T")).toBe("805");
  });

  it("a key that several forms have, and every one accepts, goes to all (the page opens as it did)", () => {
    const page = sorLike();
    expect([0, 1, 2].map((i) => read("seed=3", page, i, "seed"))).toEqual(["3", "3", "3"]);
    expect([0, 1].map((i) => read("m=20", page, i, "m"))).toEqual(["20", "20"]);
  });

  it("a key that some form would refuse goes to none, and each form that has it says so", () => {
    const page = sorLike();
    expect([0, 1].map((i) => read("m=200", page, i, "m"))).toEqual([null, null]);
    expect(unusedKeys(q("m=200"), page[0], page)).toEqual([
      { key: "m", value: "200", keys: ["young.m", "cost-vs-omega.m"] },
    ]);
    expect(unusedKeys(q("m=200"), page[2], page)).toEqual([]); // learning has no m
  });

  it("a form's own key wins over an older one", () => {
    expect(read("seed=3&young.seed=8", sorLike(), 0, "seed")).toBe("8");
  });

  it("forms with a notebook prefix never read unprefixed keys; the unprefixed form reads them all", () => {
    const page = planForms([
      { id: "halpern/residual", params: learn },
      { id: "halpern/ratio", prefix: "r_", params: learn },
    ]);
    expect(readRaw(q("T=100&seeds=2"), page[1], "T", page)).toBeNull();
    expect(readRaw(q("T=100"), page[0], "T", page)).toBe("100");
    expect(readRaw(q("residual.T=90"), page[0], "T", page)).toBe("90"); // its prefixed key (an embed link)
  });
});

describe("queryEntries: what a form writes", () => {
  it("its own keys, dropping its aliases and the unprefixed keys only it would read", () => {
    const page = sorLike();
    const values = { T: 805, runs: 3, seed: 1 };
    expect(queryEntries(q("trials=9&learning.trials=9&T=5&seed=4"), page[2], values, page)).toEqual({
      trials: undefined,
      "learning.trials": undefined,
      T: undefined,
      "learning.T": "805",
      "learning.runs": "3",
      "learning.seed": "1",
      // seed=4 stays: the other forms read it
    });
  });

  it("a refused value is not overwritten by its default", () => {
    const page = sorLike();
    expect(queryEntries(q("young.m=abc"), page[0], { m: 10, seed: 1 }, page, new Set(["m"]))).toEqual({
      "young.seed": "1",
    });
  });
});

/** The controls() calls of a notebook, in order. */
function formsOf(source: string): { id: string; prefix?: string }[] {
  return [...source.matchAll(/controls\("([^"]+)"(?:,\s*\{([^)]*)\})?\)/g)].map((m) => {
    const prefix = /prefix:\s*"([^"]*)"/.exec(m[2] ?? "")?.[1];
    return prefix === undefined ? { id: m[1] } : { id: m[1], prefix };
  });
}

const notebooks = readdirSync("notebooks").filter((f) => f.endsWith(".md"));

async function realPage(file: string): Promise<UrlForm[]> {
  const requests: UrlFormRequest[] = [];
  for (const f of formsOf(readFileSync(`notebooks/${file}`, "utf8")))
    requests.push({ ...f, params: (await loadSchema(f.id)).params as Record<string, Param> });
  return planForms(requests);
}

/** A valid value of a parameter, from a seed in [0, 1). */
function pick(p: Param, u: number): unknown {
  switch (p.kind) {
    case "int":
      return Math.min(p.max, p.min + Math.floor(u * (p.max - p.min + 1)));
    case "num":
      return p.min + u * (p.max - p.min);
    case "choice":
      return p.options[Math.floor(u * p.options.length)];
    case "multi":
      return p.options.filter((_, i) => (Math.floor(u * 2 ** p.options.length) >> i) & 1);
    case "bool":
      return u < 0.5;
    case "numbers":
      return p.default;
  }
}

describe.each(notebooks)("the forms of %s", (file) => {
  it("have distinct keys, and a link restores every form exactly, whichever forms were moved", async () => {
    const page = await realPage(file);
    const keys = page.flatMap((f) => Object.keys(f.params).map((n) => urlKey(f, n)));
    expect(new Set(keys).size).toBe(keys.length);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(page.length - 1), fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }))), {
          maxLength: 6,
        }),
        async (moves) => {
          // Start from an older link's unprefixed keys, then move forms one after another.
          const query = new URLSearchParams("seed=3&T=805&m=200&runs=2");
          const state = page.map((f) => {
            const v: Record<string, unknown> = {};
            for (const [n, p] of Object.entries(f.params)) {
              const raw = readRaw(query, f, n, page);
              const parsed = raw === null ? undefined : parseParam(n, p, raw);
              v[n] = parsed?.ok ? parsed.value : p.default;
            }
            return v;
          });
          for (const [i, us] of moves) {
            Object.entries(page[i].params).forEach(([n, p], k) => {
              state[i][n] = pick(p, us[k % Math.max(1, us.length)] ?? 0.5);
            });
            for (const [k, v] of Object.entries(queryEntries(query, page[i], state[i], page))) {
              if (v === undefined) query.delete(k);
              else query.set(k, v);
            }
          }
          // Opening the link: every form reads back exactly what it showed.
          page.forEach((f, i) => {
            for (const [n, p] of Object.entries(f.params)) {
              const raw = readRaw(query, f, n, page);
              const parsed = raw === null ? { ok: true as const, value: p.default } : parseParam(n, p, raw);
              expect(parsed.ok && formatParam(p, parsed.value)).toBe(formatParam(p, state[i][n]));
            }
          });
        },
      ),
      { seed: 14, numRuns: 60 },
    );
  });
});

describe("joinPage: forms whose cells run together are planned together", () => {
  beforeEach(() => resetPage());

  it("every form of a batch sees the others; a later form joins the settled page", async () => {
    const a = joinPage("sor/young");
    const b = joinPage("sor/cost-vs-omega");
    const [fa, fb] = await Promise.all([a.ready(young), b.ready(cost)]);
    expect([fa.prefix, fb.prefix, fa.plain, fb.plain]).toEqual(["young.", "cost-vs-omega.", false, false]);
    const c = await joinPage("sor/learning").ready(learn);
    expect(c).toMatchObject({ prefix: "learning.", plain: false });
    expect(pageForms().length).toBe(3);
  });

  it("a form whose schema did not load leaves; one alone on the page is unprefixed", async () => {
    const a = joinPage("guide/gd");
    joinPage("guide/missing").leave();
    expect(await a.ready(young)).toMatchObject({ plain: true });
  });

  it("each document is its own page (the build's prerender mounts notebook after notebook on fresh documents)", async () => {
    const g = globalThis as { document?: object };
    const saved = g.document;
    try {
      const planned: string[] = [];
      for (const doc of [{}, {}, {}]) {
        g.document = doc;
        const a = joinPage("bandits/regret");
        const b = joinPage("sor/young");
        const [fa] = await Promise.all([a.ready(young), b.ready(young)]);
        planned.push(fa.prefix);
        expect(pageForms().length).toBe(2);
      }
      expect(planned).toEqual(["regret.", "regret.", "regret."]); // never "regret-2.", "regret-3."
    } finally {
      g.document = saved;
    }
  });

  it("a cell computed again (its form left the document) keeps its namespace", async () => {
    const a = joinPage("sor/young");
    const b = joinPage("sor/young");
    const [fa, fb] = await Promise.all([a.ready(young), b.ready(young)]);
    a.attach({ isConnected: false });
    b.attach({ isConnected: true });
    expect([fa.prefix, fb.prefix]).toEqual(["young.", "young-2."]);
    expect((await joinPage("sor/young").ready(young)).prefix).toBe("young.");
    expect(pageForms().length).toBe(2);
  });
});
