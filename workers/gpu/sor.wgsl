// Red-black SOR on the 5-point stencil A = d·I − adjacency, batched over systems (one ω, shift and
// right-hand side each). The GPU runs the f32 *correction* sweeps of the mixed-precision scheme
// (spec § 5.3): it solves A e = r̂ from e = 0, where r̂ = f32(b − Ax) comes from the CPU's f64 state.
// Vectors live on each system's padded (m+2)² grid with zero ghosts, systems back to back.
//
// One SOR iteration = sweep(colour 0) ; sweep(colour 1) ; residual ; reduce ; advance, each its own
// dispatch: WGSL has no barrier across workgroups, and dispatches in one pass are ordered.
// Dispatch layout: workgroup_id.y picks the system order[y] (the host lists the systems with work in
// this submission, so finished ones cost nothing), workgroup_id.x a block of 64 points of it.
// counter[0] is the iteration's slot in the submission; a system sweeps only while slot < budget, so
// one submission can run a long chunk for some systems and a single sweep for others.
// workers/gpu/sor-emulator.ts repeats this arithmetic in f32 on the CPU, operation for operation:
// keep the two in step.

struct Params {
  m: u32,
  systems: u32,
  slots: u32,
  _pad: u32,
}

struct System {
  wd_hi: f32,   // ω/d split in two f32 (hi + lo ≈ ω/d to ~2⁻⁴⁸): f32(ω) alone moves ρ near ω*
  wd_lo: f32,
  diag: f32,    // d = 4 + c for the shifted Laplacian
  budget: u32,  // sweeps this system runs in this submission
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> systems: array<System>;
@group(0) @binding(2) var<storage, read> rhat: array<f32>;
@group(0) @binding(3) var<storage, read_write> e: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;
@group(0) @binding(5) var<storage, read_write> history: array<f32>;
@group(0) @binding(6) var<storage, read_write> counter: array<u32>;
@group(0) @binding(7) var<storage, read> order: array<u32>;

override colour: u32 = 0u;

var<workgroup> scratch: array<f32, 64>;

// r̂ − A e at padded index p (order: (r̂ − d·e) + (((west + east) + north) + south)).
fn defect(p: u32, W: u32, d: f32) -> f32 {
  return rhat[p] - d * e[p] + (e[p - 1u] + e[p + 1u] + e[p - W] + e[p + W]);
}

// Same-colour point q of row iy sits at column 2·(q mod h) + ((iy + colour) mod 2), h = ⌈m/2⌉.
@compute @workgroup_size(64)
fn sweep(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let s = order[wg.y];
  let sys = systems[s];
  if (counter[0] >= sys.budget) { return; }
  let m = params.m;
  let h = (m + 1u) / 2u;
  let q = wg.x * 64u + li;
  if (q >= h * m) { return; }
  let iy = q / h;
  let j = 2u * (q % h) + ((iy + colour) & 1u);
  if (j >= m) { return; }
  let W = m + 2u;
  let p = s * W * W + (iy + 1u) * W + j + 1u;
  let g = defect(p, W, sys.diag);
  e[p] = e[p] + (sys.wd_hi * g + sys.wd_lo * g);
}

// Per-workgroup partial sums of (r̂ − A e)² for 64 consecutive interior points of one system.
@compute @workgroup_size(64)
fn residual(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let m = params.m;
  let q = wg.x * 64u + li;
  let s = order[wg.y];
  let sys = systems[s];
  var v = 0.0;
  if (q < m * m && counter[0] < sys.budget) {
    let W = m + 2u;
    let r = defect(s * W * W + (q / m + 1u) * W + q % m + 1u, W, sys.diag);
    v = r * r;
  }
  scratch[li] = v;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (li < stride) { scratch[li] = scratch[li] + scratch[li + stride]; }
    workgroupBarrier();
  }
  if (li == 0u) { partials[s * nwg.x + wg.x] = scratch[0]; }
}

// One workgroup per system: sum its partials into history[slot · systems + system].
@compute @workgroup_size(64)
fn reduce(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let s = order[wg.y];
  let blocks = (params.m * params.m + 63u) / 64u;
  var v = 0.0;
  for (var b = li; b < blocks; b = b + 64u) { v = v + partials[s * blocks + b]; }
  scratch[li] = v;
  workgroupBarrier();
  for (var stride = 32u; stride > 0u; stride = stride / 2u) {
    if (li < stride) { scratch[li] = scratch[li] + scratch[li + stride]; }
    workgroupBarrier();
  }
  let slot = counter[0];
  if (li == 0u && slot < params.slots && slot < systems[s].budget) { history[slot * params.systems + s] = scratch[0]; }
}

@compute @workgroup_size(1)
fn advance() {
  counter[0] = counter[0] + 1u;
}
