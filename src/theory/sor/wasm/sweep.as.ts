// AssemblyScript source of the single-system red-black SOR sweep (compiled by scripts/build-wasm.ts
// into sweep.wasm.ts; src/theory/sor/sweep.ts is the host side and says why this exists).
//
// It is Stencil.redBlackSweep (solver.ts) point by point: the same wavefront (step i updates the red
// points of row i + 1, the black points of row i, then finishes the red residuals of row i − 1), each
// point's expression in the same order, and the same two ‖r‖² partial sums, each added to in column
// order and merged at the same points. WebAssembly has no fused multiply-add and f64 arithmetic is
// IEEE in every f64x2 lane, so the bits are the JavaScript loop's.
//
// Layout: each padded row is split by colour and compacted (column j is compact column k = j >> 1 of
// its colour), and compact columns are grouped in pairs, one 64-byte block per pair holding
// [x red | x black | dx red | dx black], two lanes each; b lives in 32-byte blocks [b red | b black]
// in a second region. Two neighbouring points of one colour are then one aligned f64x2, and a point's
// neighbours of the other colour sit in the same block column (above and below) or one lane over
// (west and east: one shuffle). Compact column k is stored at k + 2, so the blocks either side of any
// real one exist (and hold zeros).

// @ts-nocheck — AssemblyScript, not TypeScript: i32, usize, v128, f64x2 and load/store are its built-ins.

const BLOCK: usize = 64; // [x red | x black | dx red | dx black]
const BBLOCK: usize = 32; // [b red | b black]
const BLACK: usize = 16; // black lanes' offset in either block
const DX: usize = 32; // dx's offset in an x block

// The current grid (set by `setup`).
let gXD: usize = 0; // x blocks, row 0
let gBB: usize = 0; // b blocks, row 0
let gRS: usize = 0; // one row of x blocks
let gRSB: usize = 0; // one row of b blocks
// The ‖r‖² partial sums of `sweep` (black points so far, red residuals of the current row).
let rr: f64 = 0;
let rred: f64 = 0;

/** Blocks per row: compact columns 0 … (m + 1) >> 1 stored at 2 …, plus a zero block either side. */
function blocksPerRow(m: i32): usize {
  return <usize>((((m + 1) >> 1) + 3) >> 1) + 2;
}

function setup(m: i32, base: usize): void {
  const W = m + 2;
  const NB = blocksPerRow(m);
  gRS = NB * BLOCK;
  gRSB = NB * BBLOCK;
  gXD = (base + ((<usize>(W * W)) << 3) + BLOCK - 1) & ~(BLOCK - 1);
  gBB = gXD + <usize>W * gRS;
}

/** Bytes the grid of side m needs from `base` (64-byte aligned): a padded scratch vector, then the blocks. */
export function bytes(m: i32, base: usize): usize {
  setup(m, base);
  return gBB + <usize>(m + 2) * gRSB - base;
}

/** Byte offset of padded point (r, j)'s x; its dx is DX further on. */
function xAt(r: i32, j: i32): usize {
  const k = (j >> 1) + 2;
  return gXD + <usize>r * gRS + <usize>(k >> 1) * BLOCK + ((<usize>((r + j) & 1)) << 4) + ((<usize>(k & 1)) << 3);
}

function bAt(r: i32, j: i32): usize {
  const k = (j >> 1) + 2;
  return gBB + <usize>r * gRSB + <usize>(k >> 1) * BBLOCK + ((<usize>((r + j) & 1)) << 4) + ((<usize>(k & 1)) << 3);
}

function xv(r: i32, j: i32): f64 {
  return load<f64>(xAt(r, j));
}

function dv(r: i32, j: i32): f64 {
  return load<f64>(xAt(r, j), DX);
}

// Padded columns 4n − 4 … 4n − 1 of a row are block n's lanes: compact column 2n − 2 (padded 4n − 4,
// 4n − 3) in lane 0, 2n − 1 in lane 1; even columns have the row's parity (red in even rows). So four
// consecutive values (v0, v1 | v2, v3) are the pairs (v0, v2) and (v1, v3).

/** x = dx = 0 everywhere and b from the padded vector at `base` (all of it, ghosts included). */
export function start(m: i32, base: usize): void {
  const size = bytes(m, base);
  memory.fill(gXD, 0, base + size - gXD);
  const W = m + 2;
  const nb = (m + 2) >> 2; // blocks 1 … nb have all four columns in the row (0 … m + 1)
  for (let r = 0; r < W; r++) {
    const src = base + ((<usize>(r * W)) << 3);
    const row = gBB + <usize>r * gRSB;
    const even = (r & 1) === 0;
    for (let blk = 1; blk <= nb; blk++) {
      const lo = v128.load(src + ((<usize>(4 * blk - 4)) << 3));
      const hi = v128.load(src + ((<usize>(4 * blk - 2)) << 3));
      const e = v128.shuffle<f64>(lo, hi, 0, 2);
      const o = v128.shuffle<f64>(lo, hi, 1, 3);
      const q = row + <usize>blk * BBLOCK;
      v128.store(q, even ? e : o);
      v128.store(q, even ? o : e, BLACK);
    }
    for (let j = 4 * nb; j < W; j++) store<f64>(bAt(r, j), load<f64>(src + ((<usize>j) << 3)));
  }
}

/** The iterate x into the padded vector at `base` (ghosts 0). */
export function finish(m: i32, base: usize): void {
  setup(m, base);
  const W = m + 2;
  const nb = (m + 2) >> 2; // blocks 1 … nb have all four columns in the row (0 … m + 1)
  for (let r = 0; r < W; r++) {
    const dst = base + ((<usize>(r * W)) << 3);
    const row = gXD + <usize>r * gRS;
    const even = (r & 1) === 0;
    for (let blk = 1; blk <= nb; blk++) {
      const q = row + <usize>blk * BLOCK;
      const red = v128.load(q);
      const black = v128.load(q, BLACK);
      const e = even ? red : black;
      const o = even ? black : red;
      v128.store(dst + ((<usize>(4 * blk - 4)) << 3), v128.shuffle<f64>(e, o, 0, 2));
      v128.store(dst + ((<usize>(4 * blk - 2)) << 3), v128.shuffle<f64>(e, o, 1, 3));
    }
    for (let j = 4 * nb; j < W; j++) store<f64>(dst + ((<usize>j) << 3), xv(r, j));
  }
}

/**
 * Step i over `np` pairs of black compact columns (k, k + 1), k even, from the x block at q (b block
 * at qb): each lane does the body of redBlackSweep's loop for one column. `below`/`above`: rows i + 1 / i − 1 are interior (false in
 * rows m / 1). `lanes`: 3 for both, else a single column (1: lane 0, 2: lane 1; its pair's other lane
 * is computed from neighbouring cells and dropped). The other colour's west and east neighbours are
 * lanes (k − 1, k) and (k, k + 1) in odd rows, (k, k + 1) and (k + 1, k + 2) in even ones (rows i ± 1
 * have the other parity, the same rule), so one shuffle of two blocks gives the shifted pair.
 * `Kind` picks a compiled copy: u8 takes the flags as given; u16 and u32 are the interior rows' loop
 * (both neighbour rows, both lanes) for odd and even rows, with those flags constant so that the
 * branches and shuffle choices fold away.
 */
function pairsOf<Kind>(
  oddRow: bool,
  hasBelow: bool,
  hasAbove: bool,
  lanesGiven: i32,
  q: usize,
  qb: usize,
  np: i32,
  vd: v128,
  vs: v128,
  vwd: v128,
  vcr: v128,
): void {
  const given = sizeof<Kind>() === 1;
  const odd = given ? oddRow : sizeof<Kind>() === 2;
  const below = given ? hasBelow : true;
  const above = given ? hasAbove : true;
  const lanes = given ? lanesGiven : 3;
  const lo: usize = odd ? <usize>0 - BLOCK : 0; // the block pair (lo, lo + BLOCK) holding both neighbours
  // A single column's pair keeps the other lane's old bits.
  const full = lanes === 3;
  const keep = lanes === 1 ? i64x2(-1, 0) : i64x2(0, -1);
  const RS = gRS;
  const RSB = gRSB;
  let a = rr;
  let c = rred;
  for (let n = 0; n < np; n++) {
    const u = q - RS;
    const v = q + RS;
    const xp = v128.load(q, BLACK);
    let yn = v128.load(v); // row m + 1 is the ghost row
    if (below) {
      // The red pair below (row i + 1): black neighbours all old.
      const yp = yn;
      const yl = v128.load(v + lo, BLACK);
      const yh = v128.load(v + lo, BLOCK + BLACK);
      const yw = odd ? v128.shuffle<f64>(yl, yh, 1, 2) : yl;
      const ye = odd ? yh : v128.shuffle<f64>(yl, yh, 1, 2);
      const ysum = f64x2.add(f64x2.add(f64x2.add(yw, ye), xp), v128.load(v + RS, BLACK));
      const tr = f64x2.mul(vwd, f64x2.add(f64x2.sub(v128.load(qb + RSB), f64x2.mul(vd, yp)), f64x2.mul(vs, ysum)));
      yn = f64x2.add(yp, tr);
      v128.store(v, full ? yn : v128.bitselect(yn, v128.load(v), keep));
      v128.store(v, full ? tr : v128.bitselect(tr, v128.load(v, DX), keep), DX);
    }
    // The black pair (row i): red neighbours all new (the ones below are yn).
    const xl = v128.load(q + lo);
    const xh = v128.load(q + lo, BLOCK);
    const xw = odd ? v128.shuffle<f64>(xl, xh, 1, 2) : xl;
    const xe = odd ? xh : v128.shuffle<f64>(xl, xh, 1, 2);
    const xsum = f64x2.add(f64x2.add(f64x2.add(xw, xe), v128.load(u)), yn);
    const t = f64x2.mul(vwd, f64x2.add(f64x2.sub(v128.load(qb, BLACK), f64x2.mul(vd, xp)), f64x2.mul(vs, xsum)));
    const xn = f64x2.add(xp, t);
    v128.store(q, full ? xn : v128.bitselect(xn, xp, keep), BLACK);
    v128.store(q, full ? t : v128.bitselect(t, v128.load(q, DX + BLACK), keep), DX + BLACK);
    const r = f64x2.mul(vcr, t);
    const r2 = f64x2.mul(r, r);
    // One term at a time, in column order.
    if (lanes & 1) a += f64x2.extract_lane(r2, 0);
    if (lanes & 2) a += f64x2.extract_lane(r2, 1);
    if (above) {
      // The red pair above (row i − 1): all four black neighbours' dx final (the ones below are t).
      const dl = v128.load(u + lo, DX + BLACK);
      const dh = v128.load(u + lo, BLOCK + DX + BLACK);
      const dw = odd ? v128.shuffle<f64>(dl, dh, 1, 2) : dl;
      const de = odd ? dh : v128.shuffle<f64>(dl, dh, 1, 2);
      const dsum = f64x2.add(f64x2.add(f64x2.add(dw, de), v128.load(u - RS, DX + BLACK)), t);
      const g = f64x2.add(f64x2.mul(vcr, v128.load(u, DX)), f64x2.mul(vs, dsum));
      const g2 = f64x2.mul(g, g);
      if (lanes & 1) c += f64x2.extract_lane(g2, 0);
      if (lanes & 2) c += f64x2.extract_lane(g2, 1);
    }
    q += BLOCK;
    qb += BBLOCK;
  }
  rr = a;
  rred = c;
}

/** One red-black sweep of the grid `start` laid out at `base` (stencil d·I − s·adjacency); ‖r‖² after it. */
export function sweep(m: i32, d: f64, s: f64, omega: f64, base: usize): f64 {
  setup(m, base);
  const wd = omega / d;
  const cr = (d * (1 - omega)) / omega;
  // Red row 1.
  for (let j = 1; j <= m; j += 2) {
    const q = xAt(1, j);
    const xp = load<f64>(q);
    const t = wd * (load<f64>(bAt(1, j)) - d * xp + s * (xv(1, j - 1) + xv(1, j + 1) + xv(0, j) + xv(2, j)));
    store<f64>(q, xp + t);
    store<f64>(q, t, DX);
  }
  rr = 0;
  const vd = f64x2.splat(d);
  const vs = f64x2.splat(s);
  const vwd = f64x2.splat(wd);
  const vcr = f64x2.splat(cr);
  for (let i = 1; i <= m; i++) {
    rred = 0;
    // Black points of row i: j = 2k + off, compact k = k0 … k1 (k0 = 1 in odd rows, 0 in even ones).
    const odd = (i & 1) !== 0;
    const off = (i & 1) ^ 1;
    let k = i & 1;
    const k1 = (m - off) >> 1;
    const below = i < m;
    const above = i >= 2;
    // Compact column k is in x block (k + 2) >> 1 of its row.
    let q = gXD + <usize>i * gRS + <usize>((k + 2) >> 1) * BLOCK;
    let qb = gBB + <usize>i * gRSB + <usize>((k + 2) >> 1) * BBLOCK;
    if (k & 1 && k <= k1) {
      pairsOf<u8>(odd, below, above, 2, q, qb, 1, vd, vs, vwd, vcr);
      k++;
      q += BLOCK;
      qb += BBLOCK;
    }
    const np = (k1 - k + 1) >> 1;
    // Two copies of the interior rows' loop, so that the shuffles are fixed in each.
    if (!below || !above) pairsOf<u8>(odd, below, above, 3, q, qb, np, vd, vs, vwd, vcr);
    else if (odd) pairsOf<u16>(true, true, true, 3, q, qb, np, vd, vs, vwd, vcr);
    else pairsOf<u32>(false, true, true, 3, q, qb, np, vd, vs, vwd, vcr);
    k += 2 * np;
    q += <usize>np * BLOCK;
    qb += <usize>np * BBLOCK;
    if (k <= k1) pairsOf<u8>(odd, below, above, 1, q, qb, 1, vd, vs, vwd, vcr);
    rr += rred;
  }
  // Red row m: its residuals (the row below is the ghost row).
  let last = 0.0;
  for (let j = 2 - (m & 1); j <= m; j += 2) {
    const g = cr * dv(m, j) + s * (dv(m, j - 1) + dv(m, j + 1) + dv(m - 1, j) + dv(m + 1, j));
    last += g * g;
  }
  return rr + last;
}
