/** Oracle accounting: identical for every method (spec §2 "Oracle accounting"). */
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/theory/common/rng";
import {
  alg1FullPassProbability,
  alg1Lambda,
  eag,
  extragradient,
  halpern,
  inexactHalpern,
  type MethodContext,
  minibatchSize,
  vrExtragradient,
  vrHalpern,
} from "../../../src/theory/halpern/algorithms";
import {
  alg1ExpectedCalls,
  alg1ExpectedCost,
  alg1LateCost,
  alg2ExpectedCost,
  iterationsWithin,
} from "../../../src/theory/halpern/bounds";
import { type MethodPlan, planMethod } from "../../../src/theory/halpern/methods";
import { Oracle } from "../../../src/theory/halpern/operators";
import {
  bilinearGame,
  hardQP,
  leastSquares,
  type Problem,
  policemanBurglar,
} from "../../../src/theory/halpern/problems";
import { Recorder } from "../../../src/theory/halpern/recorder";
import { runIterations } from "./helpers";

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
    expect(alg1FullPassProbability(5, 100)).toBeCloseTo(4 / 9, 15);
    expect(alg1FullPassProbability(50, 100)).toBeCloseTo(4 / 15, 15);
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

describe("Algorithm 1's schedule: the one both scripts run at the cited commit 638fc27", () => {
  it("λ_i = 2/(i+4); full passes at i ≤ 1; p_i = 4/(i+4) while i − 1 ≤ √n, then 4/(√n+5)", () => {
    expect([0, 1, 2, 3, 10].map(alg1Lambda)).toEqual([2 / 4, 2 / 5, 2 / 6, 2 / 7, 2 / 14]);
    // n = 200: √n ≈ 14.14, so the burn-in branch ends after i = 15.
    const n = 200;
    const p = (i: number) => alg1FullPassProbability(i, n);
    expect([p(0), p(1)]).toEqual([1, 1]);
    expect([p(2), p(3), p(15)]).toEqual([4 / 6, 4 / 7, 4 / 19]);
    expect(p(16)).toBe(4 / (Math.sqrt(n) + 5));
    // Not the reverted schedule of commit 28e3051 (λ_i = 2/(i+5), p_i = 4/(i+6) while i + 1 ≤ √n).
    expect(alg1Lambda(1)).not.toBe(2 / 6);
    expect(p(2)).not.toBe(4 / 8);
  });

  it("the hard QP runs it too: its second (forced full-pass) step anchors with λ_1 = 2/5", () => {
    const q = hardQP(16);
    const plan = planMethod("alg1", q, { alg1Step: 1, innerCoef: 0.05, forbC: 5, snapshot: "standard" }) as MethodPlan;
    const eta = plan.steps.eta;
    expect(eta).toBe(0.3);
    const rec = new Recorder(q, [1, 2], "iterations", new Float64Array(2));
    const got = plan.run({ problem: q, oracle: new Oracle(q.op), rec, rng: new Rng(1, 0) });
    // By hand: u1 = u0 − ηF(u0) (λ_0 has no effect at u = u0); u2 = λ_1 u0 + (1 − λ_1) u1 − ηF(u1).
    const d = q.op.dim;
    const F = new Float64Array(d);
    q.op.apply(q.u0, F);
    const u1 = q.u0.map((x, i) => x - eta * F[i]);
    q.op.apply(u1, F);
    const lam = 2 / 5;
    const u2 = u1.map((x, i) => lam * q.u0[i] + (1 - lam) * x - eta * F[i]);
    for (let i = 0; i < d; i++) expect(got[i]).toBeCloseTo(u2[i], 13);
  });
});

describe("Algorithm 2 on the matrix game: B(u_k) is charged (matrix_game.py does not count it)", () => {
  // Figure 1 (a)'s plan: the scripts' constants, released-code snapshot, anchored output.
  const n = 40;
  const mg = policemanBurglar(n, 0.8, new Rng(5));
  const settings = { alg1Step: 1, innerCoef: 0.05, forbC: 5, snapshot: "released-code", paperConstants: true } as const;
  const plan = planMethod("alg2", mg, settings) as MethodPlan;
  const K = 80;

  it("outer step k costs n (B(u_k)) + 2M_k + n per snapshot refresh", () => {
    const inc = increments(logCalls(mg, (c) => plan.run(c), K));
    let refreshes = 0;
    inc.forEach((c, k) => {
      const M = Math.floor(0.05 * n * Math.log(k + 2));
      const extra = c - n - 2 * M;
      expect(extra % n).toBe(0);
      expect(extra).toBeGreaterThanOrEqual(0);
      refreshes += extra / n;
    });
    // The first outer step (M_0 = 1 inner step) costs at least the n of B(u_0) and 2 for the step.
    expect(inc[0]).toBeGreaterThanOrEqual(n + 2);
    expect(refreshes).toBeLessThan(K);
  });

  it("the script's count (countCentre: false) is the same run charged exactly n less per outer step", () => {
    const { eta, gamma } = plan.steps;
    const opts = { eta, gamma, innerCoef: 0.05, snapshot: "released-code", report: "anchor" } as const;
    const honest = logCalls(mg, (c) => inexactHalpern(c, opts), K, 3);
    const script = logCalls(mg, (c) => inexactHalpern(c, { ...opts, countCentre: false }), K, 3);
    const viaPlan = logCalls(mg, (c) => plan.run(c), K, 3);
    expect(viaPlan).toEqual(honest);
    for (let k = 0; k < K; k++) expect(honest[k] - script[k]).toBe(n * (k + 1));
    const res = (countCentre: boolean) =>
      runIterations(mg, (c) => inexactHalpern(c, { ...opts, countCentre }), K, 3).residual;
    expect(Array.from(res(false))).toEqual(Array.from(res(true)));
  });

  it("within the paper's budget of 5000 epochs (n = 500) the honest count reaches about 0.55× the outer steps", () => {
    const m = 500;
    const budget = 5000 * m;
    const honestK = iterationsWithin(budget, (k) => alg2ExpectedCost(k, m, 0.05));
    const scriptK = iterationsWithin(budget, (k) => alg2ExpectedCost(k, m, 0.05) - m);
    expect(honestK).toBe(2475);
    expect(scriptK).toBe(4506);
  });
});
