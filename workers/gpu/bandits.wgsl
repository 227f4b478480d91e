// Batched Bernoulli bandits: one invocation = one independent run of one policy (UCB1, Thompson
// sampling or Exp3), writing the pseudo-regret Σ_k Δ_k T_k(t) at the checkpoints and the final pull
// counts. Concatenated after philox.wgsl by workers/gpu/bandits.ts.
//
// Every random draw follows the DRAW ORDER documented in src/theory/bandits/simulate.ts (run r uses
// philox_stream(seed_lo, seed_hi, r, 0), the twin of new Rng(seed, r)); policies.ts and sampling.ts
// are the CPU twins of the functions below. UCB1 and Exp3 consume the same words as the CPU and
// differ only where f32 rounding flips a near-tie; Thompson's Gamma draws use the same words in the
// same order but f32 transcendental functions, so its runs agree statistically, mostly exactly.

const MAX_K = 32u;
const UNPLAYED = 3.0e38; // stands for +∞: every real index is below 1 + √(2 ln T) < 10
const POLICY_UCB1 = 0u;
const POLICY_TS = 1u;
const POLICY_EXP3 = 2u;

struct Params {
  K: u32,
  T: u32,
  n_check: u32,
  run_start: u32,
  run_count: u32,
  seed_lo: u32,
  seed_hi: u32,
  policy: u32,
  // Exp3: 0 = anytime η_t = √(ln K/(tK)); otherwise the fixed η below
  exp3_fixed: u32,
  exp3_eta: f32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
// Bernoulli reward thresholds ⌈μ·2²³ − ½⌉·2⁻²³: u < thr ⇔ u < μ for every u = (x + ½)·2⁻²³
@group(0) @binding(1) var<storage, read> thresholds: array<f32>;
@group(0) @binding(2) var<storage, read> gaps: array<f32>;
@group(0) @binding(3) var<storage, read> checkpoints: array<u32>;
@group(0) @binding(4) var<storage, read_write> regret: array<f32>;   // run_count × n_check
@group(0) @binding(5) var<storage, read_write> counts: array<u32>;   // run_count × K

// F32Stream twin (sampling.ts): a Philox stream plus the cached second Box–Muller normal.
struct Sampler {
  ps: PhiloxStream,
  spare: f32,
  has_spare: u32,
}

fn sampler_normal(s: ptr<function, Sampler>) -> f32 {
  if ((*s).has_spare == 1u) {
    (*s).has_spare = 0u;
    return (*s).spare;
  }
  let r = sqrt(-2.0 * log(philox_uniform(&(*s).ps)));
  let theta = 6.283185307179586 * philox_uniform(&(*s).ps);
  (*s).spare = r * sin(theta);
  (*s).has_spare = 1u;
  return r * cos(theta);
}

// Gamma(shape), shape ≥ 1, Marsaglia & Tsang: per try a normal, then one uniform.
fn sampler_gamma(s: ptr<function, Sampler>, shape: f32) -> f32 {
  let d = shape - 1.0 / 3.0;
  let c = 1.0 / sqrt(9.0 * d);
  loop {
    var x: f32;
    var v: f32;
    loop {
      x = sampler_normal(s);
      v = 1.0 + c * x;
      if (v > 0.0) { break; }
    }
    v = v * v * v;
    let u = philox_uniform(&(*s).ps);
    if (u < 1.0 - 0.0331 * x * x * x * x) { return d * v; }
    if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) { return d * v; }
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let run = gid.x;
  if (run >= params.run_count) { return; }
  let K = params.K;
  var s = Sampler(philox_stream(params.seed_lo, params.seed_hi, params.run_start + run, 0u), 0.0, 0u);
  var n: array<f32, MAX_K>;        // pulls
  var sum: array<f32, MAX_K>;      // reward sums (UCB1, TS)
  var index: array<f32, MAX_K>;    // UCB1 indices
  var loss_est: array<f32, MAX_K>; // Exp3 L̂
  var prob: array<f32, MAX_K>;     // Exp3 P_t
  for (var k = 0u; k < K; k++) {
    n[k] = 0.0;
    sum[k] = 0.0;
    loss_est[k] = 0.0;
  }
  let log_k = log(f32(K));
  var c = 0u;
  for (var t = 1u; t <= params.T; t++) {
    var arm = 0u;
    if (params.policy == POLICY_UCB1) {
      let word = philox_u32(&s.ps) >> 9u; // tie-break word (u = (word + ½)·2⁻²³)
      let two_log_t = 2.0 * log(f32(t));
      var best = -3.4e38;
      var ties = 0u;
      for (var k = 0u; k < K; k++) {
        var idx = UNPLAYED;
        if (n[k] > 0.0) { idx = sum[k] / n[k] + sqrt(two_log_t / n[k]); }
        index[k] = idx;
        if (idx > best) { best = idx; ties = 1u; } else if (idx == best) { ties++; }
      }
      var pick = ((2u * word + 1u) * ties) >> 24u; // ⌊u·ties⌋, exactly
      for (var k = 0u; k < K; k++) {
        if (index[k] == best) {
          if (pick == 0u) { arm = k; break; }
          pick--;
        }
      }
    } else if (params.policy == POLICY_TS) {
      var best_theta = -1.0;
      for (var k = 0u; k < K; k++) {
        let x = sampler_gamma(&s, sum[k] + 1.0);
        let y = sampler_gamma(&s, n[k] - sum[k] + 1.0);
        let theta = x / (x + y);
        if (theta > best_theta) { best_theta = theta; arm = k; }
      }
    } else {
      let u = philox_uniform(&s.ps);
      var eta = params.exp3_eta;
      if (params.exp3_fixed == 0u) { eta = sqrt(log_k / (f32(t) * f32(K))); }
      var min_loss = 3.4e38;
      for (var k = 0u; k < K; k++) { min_loss = min(min_loss, loss_est[k]); }
      var total = 0.0;
      for (var k = 0u; k < K; k++) {
        prob[k] = exp(-eta * (loss_est[k] - min_loss));
        total += prob[k];
      }
      var acc = 0.0;
      arm = K - 1u;
      var found = false;
      for (var k = 0u; k < K; k++) {
        prob[k] = prob[k] / total;
        acc += prob[k];
        if (!found && k < K - 1u && u < acc) { arm = k; found = true; }
      }
    }
    // reward word
    let reward = select(0.0, 1.0, philox_uniform(&s.ps) < thresholds[arm]);
    n[arm] += 1.0;
    sum[arm] += reward;
    if (params.policy == POLICY_EXP3) { loss_est[arm] += (1.0 - reward) / prob[arm]; }
    if (c < params.n_check && t == checkpoints[c]) {
      var r = 0.0;
      for (var k = 0u; k < K; k++) { r += gaps[k] * n[k]; }
      regret[run * params.n_check + c] = r;
      c++;
    }
  }
  for (var k = 0u; k < K; k++) { counts[run * K + k] = u32(n[k]); }
}
