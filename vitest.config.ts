import { defineConfig } from "vitest/config";

// The suites (ARCHITECTURE.md § Tests). The browser suite drives the built site through Playwright in
// Debian's Chromium from Node, so it can watch console errors, requests and timings of real pages.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "theory",
          include: [
            "test/theory/**/*.test.ts",
            "test/notebook/**/*.test.ts",
            "test/stdlib/**/*.test.ts",
            "test/compute/**/*.test.ts",
          ],
          environment: "node",
          // Tests assert correctness, not speed: a busy machine may take many times longer than an idle one.
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "gpu",
          include: ["test/gpu/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // `npm run batch` (scripts/batch/): the CLI in child processes, worker threads, shards, merge.
        test: {
          name: "batch",
          include: ["test/batch/**/*.test.ts"],
          exclude: ["test/batch/slurm.test.ts"],
          environment: "node",
          // Each case starts processes and worker threads (tsx): slow on a loaded 2-core machine.
          testTimeout: 300_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // A real single-node Slurm (slurmctld + slurmd + munged on localhost) running the job array.
        // Skips where Slurm cannot be installed, unless REQUIRE_SLURM=1 (CI).
        test: {
          name: "slurm",
          include: ["test/batch/slurm.test.ts"],
          environment: "node",
          testTimeout: 300_000,
          hookTimeout: 900_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["test/browser/setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // After the Node suites, so timing-sensitive page tests do not share the two cores with them.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
