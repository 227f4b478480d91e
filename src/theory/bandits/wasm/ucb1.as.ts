// AssemblyScript source of the UCB1 run loop (compiled by scripts/build-wasm.ts into ucb1.wasm.ts;
// see src/theory/bandits/ucb1-fast.ts for the host side and why this exists).
//
// One run of UCB1 exactly as simulate.ts plays it with policies.ts's Ucb1: the same Philox words in
// the same order (DRAW ORDER), and per arm the same expression mean + width·√(2 ln t / n) in IEEE f64.
// Two arms fill one f64x2 (arithmetic is IEEE per lane, no fused multiply-add), the mean sum/n is
// kept per arm and recomputed only when that arm's sum changes (the same division, so the same bits),
// and 2 ln t comes from the host's table: Math.log's bits are the host's, and a WebAssembly libm
// would round differently. Box–Muller (Gaussian rewards) calls the host's Math.log/sin/cos for the
// same reason.
//
// Arguments after the scalars are byte offsets into linear memory: twoLog (≥ T + 1 f64: 2 ln t at t),
// mu (phases·K f64), phaseStart (phases i32), grid (G i32), gaps (K f64), best (G f64, or 0 when the
// environment is stationary), out (G f64), counts (K f64, receives the final pulls), and the scratch
// arrays sum, n, mean, index (Kp f64 each, Kp = K rounded up to even, 16-byte aligned).

// @ts-nocheck — AssemblyScript, not TypeScript: i32, u32, u64, usize, v128 and f64x2 are its built-ins.

// Imported from the host (module "input", the name asc gives a compiled string), see ucb1-fast.ts.
declare function hostLog(x: f64): f64;
declare function hostSin(x: f64): f64;
declare function hostCos(x: f64): f64;

const M0: u64 = 0xd2511f53;
const M1: u64 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;
const TWO_POW_M23: f64 = 1.1920928955078125e-7;

let key0: u32 = 0;
let key1: u32 = 0;
let ctr1: u32 = 0;
let ctr2: u32 = 0;
let block: u32 = 0;
let used: usize = 16; // byte offset of the next unused word in WORDS
let spare: f64 = 0;
let haveSpare = false;
/** The current Philox block (4 u32), in the first kilobyte the host leaves to the module. */
const WORDS: usize = 512;

/** Philox4x32-10 of counter (block, ctr1, ctr2, 0) into WORDS (src/theory/common/philox.ts). */
function refill(): void {
  let x0: u32 = block;
  let x1: u32 = ctr1;
  let x2: u32 = ctr2;
  let x3: u32 = 0;
  let k0 = key0;
  let k1 = key1;
  for (let r = 0; r < 10; r++) {
    const p0 = M0 * <u64>x0;
    const p1 = M1 * <u64>x2;
    const y0 = <u32>(p1 >> 32) ^ x1 ^ k0;
    const y2 = <u32>(p0 >> 32) ^ x3 ^ k1;
    x0 = y0;
    x1 = <u32>p1;
    x2 = y2;
    x3 = <u32>p0;
    k0 += W0;
    k1 += W1;
  }
  store<u32>(WORDS, x0);
  store<u32>(WORDS, x1, 4);
  store<u32>(WORDS, x2, 8);
  store<u32>(WORDS, x3, 12);
  block++;
  used = 0;
}

/** Rng.uniformF32: ((w >>> 9) + 0.5)·2⁻²³ of the next word. */
function uniform(): f64 {
  if (used === 16) refill();
  const w = load<u32>(WORDS + used);
  used += 4;
  return (<f64>(w >>> 9) + 0.5) * TWO_POW_M23;
}

/** Variates.normal (common/rng.ts): Box–Muller, the second normal kept for the next call. */
function normal(): f64 {
  if (haveSpare) {
    haveSpare = false;
    return spare;
  }
  const r = Math.sqrt(-2 * hostLog(uniform()));
  const theta = 2 * Math.PI * uniform();
  spare = r * hostSin(theta);
  haveSpare = true;
  return r * hostCos(theta);
}

export function run(
  K: i32,
  T: i32,
  G: i32,
  phases: i32,
  bernoulli: i32,
  width: f64,
  sigma: f64,
  seedLo: u32,
  seedHi: u32,
  stream: u32,
  substream: u32,
  twoLog: usize,
  mu: usize,
  phaseStart: usize,
  grid: usize,
  gaps: usize,
  best: usize,
  out: usize,
  counts: usize,
  sum: usize,
  n: usize,
  mean: usize,
  index: usize,
): void {
  key0 = seedLo;
  key1 = seedHi;
  ctr1 = stream;
  ctr2 = substream;
  block = 0;
  used = 16;
  haveSpare = false;
  const Kp = (K + 1) & ~1;
  const K8 = (<usize>K) << 3;
  const Kp8 = (<usize>Kp) << 3;
  for (let k: usize = 0; k < Kp8; k += 8) {
    store<f64>(sum + k, 0);
    store<f64>(n + k, 0);
    store<f64>(mean + k, 0);
  }
  // The padding lane: index −∞ + finite = −∞ never reaches the maximum of the real arms.
  if (Kp !== K) {
    store<f64>(n + K8, 1);
    store<f64>(mean + K8, -Infinity);
  }
  const vwidth = f64x2.splat(width);
  let phase = 0;
  let muAt = mu;
  let nextStart = phases > 1 ? load<i32>(phaseStart + 4) : T + 1;
  let collected: f64 = 0;
  let c = 0;
  let checkpoint = load<i32>(grid);
  for (let t = 1; t <= T; t++) {
    if (t === nextStart) {
      phase++;
      muAt = mu + <usize>(phase * K) * 8;
      nextStart = phase + 1 < phases ? load<i32>(phaseStart + ((<usize>(phase + 1)) << 2)) : T + 1;
    }
    // uniform() written out here and below: the hot loop's two draws, inlined (binaryen does not).
    if (used === 16) refill();
    const u = (<f64>(load<u32>(WORDS + used) >>> 9) + 0.5) * TWO_POW_M23;
    used += 4;
    let a = K - 1;
    if (t <= K) {
      // Arms not yet played have index +∞ (and every played arm a finite one): the maximal entries
      // are the K − t + 1 unplayed arms, and argmaxRandom picks the ⌊u·m⌋-th of them in arm order.
      let pick = <i32>Math.floor(u * <f64>(K - t + 1));
      for (let k = 0; k < K; k++) {
        if (load<f64>(n + ((<usize>k) << 3)) === 0 && pick-- === 0) {
          a = k;
          break;
        }
      }
    } else {
      const vlog = f64x2.splat(load<f64>(twoLog + ((<usize>t) << 3)));
      let vmax = f64x2.splat(-Infinity);
      for (let k: usize = 0; k < Kp8; k += 16) {
        const v = f64x2.add(v128.load(mean + k), f64x2.mul(vwidth, f64x2.sqrt(f64x2.div(vlog, v128.load(n + k)))));
        v128.store(index + k, v);
        // pmax is one instruction (max's NaN and ±0 rules cost several); indices are never NaN,
        // and which zero wins does not matter: ties are counted by equality.
        vmax = f64x2.pmax(vmax, v);
      }
      const top = Math.max(f64x2.extract_lane(vmax, 0), f64x2.extract_lane(vmax, 1));
      const vtop = f64x2.splat(top);
      // Count the maximal entries, and OR their arm numbers (the arm itself when there is one).
      let vties = i64x2.splat(0);
      let vwhere = i64x2.splat(0);
      let varm = i64x2(0, 1);
      for (let k: usize = 0; k < Kp8; k += 16) {
        const eq = f64x2.eq(v128.load(index + k), vtop);
        vties = i64x2.sub(vties, eq);
        vwhere = v128.or(vwhere, v128.and(eq, varm));
        varm = i64x2.add(varm, i64x2.splat(2));
      }
      const ties = <i32>(i64x2.extract_lane(vties, 0) + i64x2.extract_lane(vties, 1));
      if (ties === 1) a = <i32>(i64x2.extract_lane(vwhere, 0) | i64x2.extract_lane(vwhere, 1));
      else {
        let pick = <i32>Math.floor(u * <f64>ties);
        for (let k = 0; k < K; k++) {
          if (load<f64>(index + ((<usize>k) << 3)) === top && pick-- === 0) {
            a = k;
            break;
          }
        }
      }
    }
    const m = load<f64>(muAt + ((<usize>a) << 3));
    let reward: f64;
    if (bernoulli) {
      if (used === 16) refill();
      reward = (<f64>(load<u32>(WORDS + used) >>> 9) + 0.5) * TWO_POW_M23 < m ? 1 : 0;
      used += 4;
    } else reward = m + sigma * normal();
    // Update arm a's lane with 16-byte loads and stores: the next round's 16-byte loads then
    // forward from them (an 8-byte store under a 16-byte load stalls the pipeline). The other lane
    // adds +0 (n and sum are never −0), which leaves it as it is.
    const pair = (<usize>(a >> 1)) << 4;
    const lane = a & 1 ? i64x2(0, -1) : i64x2(-1, 0);
    const vn = f64x2.add(v128.load(n + pair), v128.and(lane, f64x2.splat(1)));
    const vs = f64x2.add(v128.load(sum + pair), v128.and(lane, f64x2.splat(reward)));
    v128.store(n + pair, vn);
    v128.store(sum + pair, vs);
    v128.store(mean + pair, v128.bitselect(f64x2.div(vs, vn), v128.load(mean + pair), lane));
    collected += m;
    if (t === checkpoint) {
      const cAt = (<usize>c) << 3;
      if (best) store<f64>(out + cAt, load<f64>(best + cAt) - collected);
      else {
        // simulateRun's Σ Δ_k T_k(t) in arm order, on n: its counts equal n (both step from 0).
        let r: f64 = 0;
        for (let k: usize = 0; k < K8; k += 8) r += load<f64>(gaps + k) * load<f64>(n + k);
        store<f64>(out + cAt, r);
      }
      c++;
      checkpoint = c < G ? load<i32>(grid + ((<usize>c) << 2)) : 0;
    }
  }
  memory.copy(counts, n, K8);
}
