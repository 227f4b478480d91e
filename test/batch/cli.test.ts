/**
 * `npm run batch` as a user runs it (a child process): bad arguments get the schema's messages and
 * exit code 2 without a stack trace; a sharded run merged on the command line equals the unsharded
 * run; CSV is the page's CSV; `npm run figure -- --trace` draws a saved trace; progress goes to
 * stderr (plain lines off a terminal, a bar on one).
 */
import { copyFileSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { createProgress, progressBar } from "../../scripts/batch/progress";
import { csvOf } from "../../scripts/batch/summary";
import { decodeF64, encodeF64, identityOf, readTraceFile } from "../../scripts/batch/trace-file";
import { experimentVersion, sourceClosure, ROOT as VERSION_ROOT } from "../../scripts/batch/version";
import { cli, hasStack, ROOT, tempDir } from "./helpers";

const tmp = tempDir("boundlab-batch-cli-");
afterAll(() => tmp.remove());

describe("bad arguments: the schema's messages on stderr, exit code 2, no stack trace", () => {
  const out = () => ["--out", tmp.path("never.json")];
  it.each([
    [["nope/x", ...out()], /unknown experiment "nope\/x"; experiments: guide\/gd, bandits\/regret, /],
    [["guide/gd", "--foo=1", ...out()], /unknown parameter --foo for guide\/gd\nparameters of guide\/gd/],
    [["guide/gd", "--K=5", ...out()], /K = "5" is not valid \(out of range\): expected an integer from 10 to 1000000/],
    [["guide/gd", "--kappa", "abc", ...out()], /kappa = "abc" is not valid: expected a number from 1 to 1000000/],
    [
      ["guide/gd", "--runs", "2.5", ...out()],
      /runs = "2.5" is not valid \(not an integer\): expected an integer from 1 to 256/,
    ],
    [["sor/young", "--runs", "3", ...out()], /--runs: sor\/young has no runs parameter/],
    [["guide/gd"], /--out is required/],
    [["guide/gd", "--out", "x.txt"], /--out must name a \.json or \.csv file; got x\.txt/],
    [["guide/gd", "--shard", "4/3", ...out()], /--shard = "4\/3" is not valid: expected i\/n with 1 ≤ i ≤ n/],
    [["guide/gd", "--shard", "1/3", "--out", "s.csv"], /a shard is written as JSON/],
    [["guide/gd", "--threads", "0", ...out()], /--threads = "0" is not valid: expected a positive integer/],
    [["merge", "--out", "m.json"], /merge needs the shard files/],
  ])("%j", async (args, message) => {
    const r = await cli(args);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(hasStack(r.stderr), r.stderr).toBe(false);
  });
});

describe("the command line end to end", () => {
  const common = ["guide/gd", "--runs", "7", "--K=300", "--d=8", "--seed=11"];

  it("3 shards merged on the command line equal the unsharded run; CSV is the page's", async () => {
    const shards = [1, 2, 3].map((i) => tmp.path(`shard-${i}.json`));
    const runs = await Promise.all([
      cli([...common, "--out", tmp.path("whole.json")]),
      ...shards.map((out, i) => cli([...common, "--shard", `${i + 1}/3`, "--threads", "1", "--out", out])),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    // Off a terminal, progress is plain lines on stderr: one at the start, one at the end.
    expect(runs[0].stderr).toMatch(/^guide\/gd: 7 runs on \d threads?: started\n/);
    expect(runs[0].stderr).toMatch(/guide\/gd: 7 runs \(0–6\) on \d threads?, cpu, [\d.]+ s; wrote .*whole\.json\n$/);
    expect(runs[2].stderr).toMatch(/guide\/gd shard 2\/3: 2 runs \(3–4\) on 1 thread, cpu/);

    const merged = await cli(["merge", ...shards.reverse(), "--out", tmp.path("merged.json")]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toMatch(/guide\/gd: merged 3 shards \(7 runs, cpu\); wrote .*merged\.json/);
    const text = (f: string) => readFileSync(tmp.path(f), "utf8");
    expect(identityOf(text("merged.json"))).toBe(identityOf(text("whole.json")));

    const whole = readTraceFile(tmp.path("whole.json"));
    expect(whole).toMatchObject({ experiment: "guide/gd", seed: 11, backend: "cpu", runsTotal: 7, kind: "trace" });
    expect(whole.params).toEqual({ kappa: 1000, stepL: 1, d: 8, K: 300, runs: 7, seed: 11 });
    expect(whole.version).toBe(experimentVersion("guide/gd", false));
    expect(whole.version).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{16}$/);

    const csv = await cli(["merge", ...shards, "--out", tmp.path("merged.csv")]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(text("merged.csv")).toBe(csvOf(whole));
    expect(text("merged.csv")).toMatch(
      /^# BoundLab figure data — experiment guide\/gd\n# parameters: kappa=1000; stepL=1; d=8; K=300; runs=7; seed=11\n/,
    );
  });

  it("a merge that refuses says why, names the files, exits 2", async () => {
    copyFileSync(tmp.path("shard-1.json"), tmp.path("shard-1-again.json"));
    const missing = await cli([
      "merge",
      tmp.path("shard-1.json"),
      tmp.path("shard-3.json"),
      "--out",
      tmp.path("m.json"),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^merge refused: missing shard 2\/3 \(runs 3–4\); have 1, 3 of 3 from .*shard-1\.json, .*shard-3\.json\n$/,
    );
    const twice = await cli([
      "merge",
      ...[1, 2, 3].map((i) => tmp.path(`shard-${i}.json`)),
      tmp.path("shard-1-again.json"),
      "--out",
      tmp.path("m.json"),
    ]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(
      /overlapping shards:\n {2}.*shard-1\.json, .*shard-1-again\.json are both shard 1\/3 \(runs 0–2\)/,
    );
    const notATrace = await cli(["merge", tmp.path("merged.csv"), "--out", tmp.path("m.json")]);
    expect(notATrace.code).toBe(2);
    expect(notATrace.stderr).toMatch(/merged\.csv is not JSON/);
    for (const r of [missing, twice, notATrace]) expect(hasStack(r.stderr)).toBe(false);
  });

  it("npm run figure -- --trace draws the saved trace with the page's plot code", async () => {
    const r = await cli(["--trace", tmp.path("merged.json"), "--out", tmp.path("fig.svg")], {
      script: "scripts/figure.ts",
    });
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(tmp.path("fig.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain("Gradient descent on a quadratic");
    expect(svg).toContain("median and 10–90% band over 7 runs");
    const csv = await cli(["--trace", tmp.path("merged.json"), "--out", tmp.path("fig.csv")], {
      script: "scripts/figure.ts",
    });
    expect(csv.code, csv.stderr).toBe(0);
    expect(readFileSync(tmp.path("fig.csv"), "utf8")).toBe(readFileSync(tmp.path("merged.csv"), "utf8"));
    const bad = await cli(["--trace", tmp.path("nope.json"), "--out", tmp.path("fig.svg")], {
      script: "scripts/figure.ts",
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
  });
});

describe("pieces", () => {
  it("Float64Arrays survive JSON bit for bit, NaN, ±Infinity and −0 included", () => {
    const a = Float64Array.of(
      0,
      -0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.1 + 0.2,
      5e-324,
      -1.7976931348623157e308,
    );
    const back = decodeF64(JSON.parse(JSON.stringify(encodeF64(a))), "a");
    expect(Buffer.from(back.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(() => decodeF64([1, "x"], "a")).toThrow('a[1] is "x", not a number');
  });

  it("the version hashes the experiment's source closure, and only that", () => {
    const rel = (fs: string[]) => fs.map((f) => f.slice(VERSION_ROOT.length + 1));
    const guide = rel(sourceClosure([`${ROOT}/src/theory/guide/experiments.ts`]));
    expect(guide).toEqual(
      expect.arrayContaining([
        "src/theory/guide/experiments.ts",
        "src/theory/guide/schema.ts",
        "src/theory/kit/define.ts",
        "src/theory/common/rng.ts",
      ]),
    );
    expect(guide.some((f) => f.startsWith("src/theory/bandits/"))).toBe(false);
    const gpu = rel(sourceClosure([`${ROOT}/workers/gpu/backend.ts`]));
    expect(gpu).toEqual(
      expect.arrayContaining(["workers/gpu/bandits.ts", "workers/gpu/bandits.wgsl", "workers/gpu/philox.wgsl"]),
    );
    expect(experimentVersion("bandits/regret", true)).not.toBe(experimentVersion("bandits/regret", false));
  });

  it("progress: a bar redrawn in place on a terminal, plain lines elsewhere", () => {
    let t = 0;
    const sink = () => {
      const s = {
        text: "",
        isTTY: false,
        columns: 80,
        write: (x: string) => {
          s.text += x;
          return true;
        },
      };
      return s;
    };
    const tty = sink();
    const bar = createProgress({
      label: "guide/gd",
      runs: 24,
      stream: tty as unknown as NodeJS.WriteStream,
      tty: true,
      now: () => t,
    });
    t = 500;
    bar.update(0.5);
    bar.done("done");
    expect(tty.text).toBe(`\rguide/gd ${progressBar(0.5)} 50% (12/24 runs), 0.50 s, 0.50 s left\x1b[K\r\x1b[Kdone\n`);
    const log = sink();
    const lines = createProgress({
      label: "guide/gd",
      runs: 24,
      stream: log as unknown as NodeJS.WriteStream,
      tty: false,
      now: () => t,
    });
    lines.update(0.1);
    t = 40_000;
    lines.update(0.75);
    lines.done("done");
    expect(log.text).toBe("guide/gd: started\nguide/gd: 75% (18/24 runs), 39.5 s, 13.2 s left\ndone\n");
  });
});
