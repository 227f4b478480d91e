/** Oracle accounting: identical for every method (spec §2 "Oracle accounting"). */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import {
  alg1FullPassProbability,
  eag,
  extragradient,
  halpern,
  inexactHalpern,
  type MethodContext,
  minibatchSize,
  vrExtragradient,
  vrHalpern,
} from "../../../src/theory/halpern/algorithms";
import { alg1ExpectedCalls, alg1ExpectedCost, alg1LateCost } from "../../../src/theory/halpern/bounds";
import { Oracle } from "../../../src/theory/halpern/operators";
import { bilinearGame, leastSquares, type Problem } from "../../../src/theory/halpern/problems";
import { Recorder } from "../../../src/theory/halpern/recorder";

/** A recorder that logs the cumulative calls at every step and stops after K steps. */
class CallLog extends Recorder {
  readonly calls: number[] = [];
  constructor(problem: Problem, K: number) {
    super(
      problem,
      Float64Array.from({ length: K }, (_, i) => i + 1),
      "iterations",
      new Float64Array(K),
    );
  }
  override tick(k: number, calls: number, u: Float64Array): void {
    this.calls.push(calls);
    super.tick(k, calls, u);
  }
}

function logCalls(p: Problem, method: (c: MethodContext) => Float64Array, K: number, seed = 1): number[] {
  const rec = new CallLog(p, K);
  method({ problem: p, oracle: new Oracle(p.op), rec, rng: new Rng(seed, 0) });
  return rec.calls;
}

const increments = (calls: number[]) => calls.map((c, i) => c - (i ? calls[i - 1] : 0));

describe("oracle accounting", () => {
  const p = leastSquares(100, 5, 1, new Rng(31));
  const n = p.op.n;

  it("full pass = n calls, one component = 1, a difference = 2", () => {
    const o = new Oracle(p.op);
    const u = new Float64Array(5);
    const out = new Float64Array(5);
    o.full(u, out);
    expect(o.calls).toBe(n);
    o.component(3, u, 1, out);
    expect(o.calls).toBe(n + 1);
    o.diff(3, u, u, 1, out);
    expect(o.calls).toBe(n + 3);
  });

  it("Halpern costs n per iteration; EG and EAG cost 2n", () => {
    expect(increments(logCalls(p, (c) => halpern(c, 1), 20))).toEqual(new Array(20).fill(n));
    expect(increments(logCalls(p, (c) => extragradient(c, 0.5), 20))).toEqual(new Array(20).fill(2 * n));
    expect(increments(logCalls(p, (c) => eag(c, { kind: "constant", alpha: 0.1 }), 20))).toEqual(
      new Array(20).fill(2 * n),
    );
  });

  it("Algorithm 1: two forced full passes, then n or 2b per iteration (b = ⌊√n⌋)", () => {
    const b = minibatchSize(n);
    expect(b).toBe(10);
    const inc = increments(logCalls(p, (c) => vrHalpern(c, 0.5), 300));
    expect(inc[0]).toBe(n);
    expect(inc[1]).toBe(n);
    for (const c of inc) expect([n, 2 * b]).toContain(c);
    expect(inc.filter((c) => c === 2 * b).length).toBeGreaterThan(150);
  });

  it("Algorithm 1: the mean cost matches c_i = p_i n + (1 − p_i) 2b summed over iterations", () => {
    const K = 200;
    let total = 0;
    const seeds = 300;
    for (let s = 0; s < seeds; s++) total += logCalls(p, (c) => vrHalpern(c, 0.5), K, s)[K - 1];
    const expected = alg1ExpectedCalls(K, n);
    expect(total / seeds / expected).toBeGreaterThan(0.97);
    expect(total / seeds / expected).toBeLessThan(1.03);
    // Schedule facts: p_i = 4/(i+4) while i − 1 ≤ √n, then 4/(√n+5); late cost ≈ 6√n.
    expect(alg1FullPassProbability(5, 100, "matrix-game")).toBeCloseTo(4 / 9, 15);
    expect(alg1FullPassProbability(50, 100, "matrix-game")).toBeCloseTo(4 / 15, 15);
    expect(alg1ExpectedCost(50, 100)).toBeCloseTo((4 / 15) * 100 + (11 / 15) * 20, 12);
    expect(alg1LateCost(10000) / (6 * 100)).toBeGreaterThan(0.9);
    expect(alg1LateCost(10000) / (6 * 100)).toBeLessThan(1.1);
  });

  it("VR-EG: 2 per inner step, plus n at each snapshot refresh", () => {
    const inc = increments(logCalls(p, (c) => vrExtragradient(c, 0.05), 2000));
    inc[0] -= n; // the initial F(w)
    for (const c of inc) expect([2, 2 + n]).toContain(c);
    const refreshes = inc.filter((c) => c === 2 + n).length;
    expect(refreshes).toBeGreaterThan(5); // p = 1/n = 0.01 → ≈ 20 expected
    expect(refreshes).toBeLessThan(45);
  });

  it("Algorithm 2: outer step k costs n + 2M_k + n·(snapshot refreshes)", () => {
    const q = bilinearGame(40, 4, 0.5, 0.3, new Rng(32));
    const m = q.op.n;
    const coef = 0.3;
    const inc = increments(
      logCalls(q, (c) => inexactHalpern(c, { eta: 1, gamma: 0.05, innerCoef: coef, snapshot: "standard" }), 60),
    );
    let refreshes = 0;
    let inner = 0;
    inc.forEach((c, k) => {
      const M = Math.floor(coef * m * Math.log(k + 2));
      inner += M;
      const extra = c - m - 2 * M;
      expect(extra % m).toBe(0);
      expect(extra).toBeGreaterThanOrEqual(0);
      refreshes += extra / m;
    });
    // Each inner step refreshes with probability p = 1/n.
    expect(refreshes).toBeGreaterThan(0.5 * (inner / m));
    expect(refreshes).toBeLessThan(1.6 * (inner / m));
  });
});
