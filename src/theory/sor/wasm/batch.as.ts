// AssemblyScript source of the batched SOR sweeps (compiled by scripts/build-wasm.ts into
// batch.wasm.ts; see src/theory/sor/batch.ts for the host side and why this exists).
//
// K systems ("lanes", K even) share the stencil d·I − s·adjacency and the right-hand side b but each
// has its own ω. They are interleaved point by point: lane k of padded point p sits at x[p·K + k], so
// two lanes fill one f64x2. Per lane, every operation is the scalar solver's (Stencil.naturalSweep /
// redBlackSweep in solver.ts) in the same order; WebAssembly has no fused multiply-add and f64x2
// arithmetic is IEEE per lane, so each lane's numbers are bitwise the scalar solver's.
//
// Arguments are byte offsets into linear memory: b (N f64), x and dx (N·K f64), wd = ω/d and
// cr = d(1 − ω)/ω (K f64 each), rr (K f64, receives ‖r‖² after the sweep), rowRR (K f64 scratch).

// @ts-nocheck — AssemblyScript, not TypeScript: i32, usize, v128 and f64x2 are its built-ins.

/**
 * One sweep of every lane: lexicographic (redBlack = 0), or red-black (red points, then black ones
 * with the red residual one row behind). Leaves each lane's post-sweep ‖r‖² in rr; rowRR is the
 * red-black sweep's scratch.
 */
export function sweep(
  redBlack: i32,
  m: i32,
  K: i32,
  d: f64,
  s: f64,
  b: usize,
  x: usize,
  dx: usize,
  wd: usize,
  cr: usize,
  rr: usize,
  rowRR: usize,
): void {
  const W = m + 2;
  const K8 = (<usize>K) << 3;
  const WK8 = (<usize>(W * K)) << 3;
  const vd = f64x2.splat(d);
  const vs = f64x2.splat(s);
  if (redBlack) {
    for (let i = 1; i <= m; i++) updatePoints(i * W + 2 - (i & 1), i * W + m, 2, b, x, dx, wd, vd, vs, K8, WK8);
    zero(rr, K8);
    for (let i = 1; i <= m; i++) {
      for (let p = i * W + 1 + (i & 1), e = i * W + m; p <= e; p += 2) {
        const vb = f64x2.splat(load<f64>(b + ((<usize>p) << 3)));
        const q = x + <usize>p * K8;
        const qd = dx + <usize>p * K8;
        for (let k: usize = 0; k < K8; k += 16) {
          const t = updateLanes(vb, vd, vs, q + k, qd + k, v128.load(wd + k), K8, WK8);
          accumulate(rr + k, f64x2.mul(v128.load(cr + k), t));
        }
      }
      if (i >= 2) addRedResidualRow(i - 1, m, W, K8, WK8, vs, dx, cr, rr, rowRR);
    }
    addRedResidualRow(m, m, W, K8, WK8, vs, dx, cr, rr, rowRR);
    return;
  }
  zero(rr, K8);
  // Row 1: no residual yet (row 0 is a ghost row).
  updatePoints(W + 1, W + m, 1, b, x, dx, wd, vd, vs, K8, WK8);
  // Rows 2..m: update the point, then finish the residual of the point above.
  for (let i = 2; i <= m; i++) {
    for (let p = i * W + 1, e = i * W + m; p <= e; p++) {
      const vb = f64x2.splat(load<f64>(b + ((<usize>p) << 3)));
      const q = x + <usize>p * K8;
      const qd = dx + <usize>p * K8;
      for (let k: usize = 0; k < K8; k += 16) {
        const t = updateLanes(vb, vd, vs, q + k, qd + k, v128.load(wd + k), K8, WK8);
        const u = qd + k - WK8;
        const r = f64x2.add(f64x2.mul(v128.load(cr + k), v128.load(u)), f64x2.mul(vs, f64x2.add(v128.load(u + K8), t)));
        accumulate(rr + k, r);
      }
    }
  }
  for (let p = m * W + 1, e = m * W + m; p <= e; p++) {
    const qd = dx + <usize>p * K8;
    for (let k: usize = 0; k < K8; k += 16) {
      const r = f64x2.add(f64x2.mul(v128.load(cr + k), v128.load(qd + k)), f64x2.mul(vs, v128.load(qd + k + K8)));
      accumulate(rr + k, r);
    }
  }
}

/** The scalar solver's redResidualRow: the row's sum is formed on its own, then added (same rounding). */
function addRedResidualRow(
  i: i32,
  m: i32,
  W: i32,
  K8: usize,
  WK8: usize,
  vs: v128,
  dx: usize,
  cr: usize,
  rr: usize,
  rowRR: usize,
): void {
  zero(rowRR, K8);
  for (let p = i * W + 2 - (i & 1), e = i * W + m; p <= e; p += 2) {
    const qd = dx + <usize>p * K8;
    for (let k: usize = 0; k < K8; k += 16) {
      const around = f64x2.add(
        f64x2.add(f64x2.add(v128.load(qd + k - K8), v128.load(qd + k + K8)), v128.load(qd + k - WK8)),
        v128.load(qd + k + WK8),
      );
      accumulate(rowRR + k, f64x2.add(f64x2.mul(v128.load(cr + k), v128.load(qd + k)), f64x2.mul(vs, around)));
    }
  }
  for (let k: usize = 0; k < K8; k += 16) v128.store(rr + k, f64x2.add(v128.load(rr + k), v128.load(rowRR + k)));
}

/** Update every lane of the points p0, p0 + stride, …, p1, with no residual bookkeeping. */
function updatePoints(
  p0: i32,
  p1: i32,
  stride: i32,
  b: usize,
  x: usize,
  dx: usize,
  wd: usize,
  vd: v128,
  vs: v128,
  K8: usize,
  WK8: usize,
): void {
  for (let p = p0; p <= p1; p += stride) {
    const vb = f64x2.splat(load<f64>(b + ((<usize>p) << 3)));
    const q = x + <usize>p * K8;
    const qd = dx + <usize>p * K8;
    for (let k: usize = 0; k < K8; k += 16) updateLanes(vb, vd, vs, q + k, qd + k, v128.load(wd + k), K8, WK8);
  }
}

/**
 * Two lanes of one point (x at byte offset q, dx at qd): t = ω/d · (b − d·x + s·(west + east + north +
 * south)), summed in the scalar solver's order; x += t, dx = t. Returns t.
 */
function updateLanes(vb: v128, vd: v128, vs: v128, q: usize, qd: usize, wdk: v128, K8: usize, WK8: usize): v128 {
  const xq = v128.load(q);
  const around = f64x2.add(
    f64x2.add(f64x2.add(v128.load(q - K8), v128.load(q + K8)), v128.load(q - WK8)),
    v128.load(q + WK8),
  );
  const t = f64x2.mul(wdk, f64x2.add(f64x2.sub(vb, f64x2.mul(vd, xq)), f64x2.mul(vs, around)));
  v128.store(q, f64x2.add(xq, t));
  v128.store(qd, t);
  return t;
}

/** *a += r² per lane. */
function accumulate(a: usize, r: v128): void {
  v128.store(a, f64x2.add(v128.load(a), f64x2.mul(r, r)));
}

/** K8 bytes of zeros at a. */
function zero(a: usize, K8: usize): void {
  for (let k: usize = 0; k < K8; k += 16) v128.store(a + k, f64x2.splat(0));
}
