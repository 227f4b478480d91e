// Philox4x32-10, the WGSL twin of src/theory/common/philox.ts (same counter/key layout), so a seed
// names the same random stream on the GPU and the CPU. WGSL has no 64-bit integers: the high half of
// each 32×32 product is assembled from 16-bit pieces.

fn philox_mulhi(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let lolo = a_lo * b_lo;
  let mid1 = a_hi * b_lo;
  let mid2 = a_lo * b_hi;
  let carry = ((lolo >> 16u) + (mid1 & 0xffffu) + (mid2 & 0xffffu)) >> 16u;
  return a_hi * b_hi + (mid1 >> 16u) + (mid2 >> 16u) + carry;
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var x = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let hi0 = philox_mulhi(0xd2511f53u, x.x);
    let lo0 = 0xd2511f53u * x.x;
    let hi1 = philox_mulhi(0xcd9e8d57u, x.z);
    let lo1 = 0xcd9e8d57u * x.z;
    x = vec4<u32>(hi1 ^ x.y ^ k.x, lo1, hi0 ^ x.w ^ k.y, lo0);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return x;
}

// A stream in the layout of the TypeScript Rng: counter = (block, stream, substream, 0), key = seed.
struct PhiloxStream {
  key: vec2<u32>,
  stream: u32,
  substream: u32,
  block: u32,
  words: vec4<u32>,
  next: u32,
}

fn philox_stream(seed_lo: u32, seed_hi: u32, stream: u32, substream: u32) -> PhiloxStream {
  return PhiloxStream(vec2<u32>(seed_lo, seed_hi), stream, substream, 0u, vec4<u32>(0u), 4u);
}

fn philox_u32(s: ptr<function, PhiloxStream>) -> u32 {
  if ((*s).next == 4u) {
    (*s).words = philox4x32_10(vec4<u32>((*s).block, (*s).stream, (*s).substream, 0u), (*s).key);
    (*s).block = (*s).block + 1u;
    (*s).next = 0u;
  }
  let w = (*s).words[(*s).next];
  (*s).next = (*s).next + 1u;
  return w;
}

// Uniform on (0, 1): ((u >> 9) + 0.5) · 2^-23, bit-identical to Rng.uniformF32().
fn philox_uniform(s: ptr<function, PhiloxStream>) -> f32 {
  return (f32(philox_u32(s) >> 9u) + 0.5) * 1.1920928955078125e-7;
}
