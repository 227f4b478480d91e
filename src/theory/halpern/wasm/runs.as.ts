// AssemblyScript source of the run-encoded dot products (compiled by scripts/build-wasm.ts into
// runs.wasm.ts; src/theory/halpern/runs.ts is the host side and says why this exists).
//
// Lines are encoded as in runs.ts: line l's runs are start[l] .. start[l+1]; run r begins at index
// first[r] of v and holds vals[off[r] .. off[r+1]). Each line's sum runs in four f64x2 accumulators
// (eight lanes) over whole blocks of eight, and in one scalar accumulator t, which starts at out[l],
// over each run's last len % 8 terms; the lanes are added to t at the end. A line with no run of eight
// or more is thus summed exactly as a plain loop would (out[l], then each term in order), bit for bit:
// sparse operators (the hard QP's bands) give the numbers they gave before this kernel.
// `PackedRuns.dotAllScalar` in runs.ts does the same operations in the same order (WebAssembly has
// no fused multiply-add and f64x2 is IEEE per lane), so both give the same bits.
//
// Arguments are byte offsets into linear memory: start (lines + 1 i32), first and off (i32 per run,
// off one longer), vals and v (f64), out (lines f64, added to).

// @ts-nocheck — AssemblyScript, not TypeScript: i32, usize, v128 and f64x2 are its built-ins.

/** out[l] += Σ over line l's runs of vals · v, for every line l < lines. */
export function dotLines(lines: i32, start: usize, first: usize, off: usize, vals: usize, v: usize, out: usize): void {
  for (let l: i32 = 0; l < lines; l++) {
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let a2 = f64x2.splat(0);
    let a3 = f64x2.splat(0);
    const p = out + ((<usize>l) << 3);
    let t = load<f64>(p);
    let dense = false;
    const rEnd = load<i32>(start + ((<usize>(l + 1)) << 2));
    for (let r = load<i32>(start + ((<usize>l) << 2)); r < rEnd; r++) {
      const k0 = load<i32>(off + ((<usize>r) << 2));
      const len = load<i32>(off + ((<usize>(r + 1)) << 2)) - k0;
      let pa = vals + ((<usize>k0) << 3);
      let pv = v + ((<usize>load<i32>(first + ((<usize>r) << 2))) << 3);
      const blocks = pa + ((<usize>(len & ~7)) << 3);
      dense = dense || len >= 8;
      while (pa < blocks) {
        a0 = f64x2.add(a0, f64x2.mul(v128.load(pa), v128.load(pv)));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(pa, 16), v128.load(pv, 16)));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(pa, 32), v128.load(pv, 32)));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(pa, 48), v128.load(pv, 48)));
        pa += 64;
        pv += 64;
      }
      const end = pa + ((<usize>(len & 7)) << 3);
      while (pa < end) {
        t += load<f64>(pa) * load<f64>(pv);
        pa += 8;
        pv += 8;
      }
    }
    if (dense) {
      const a = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
      t += f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
    }
    store<f64>(p, t);
  }
}
