import { philox4x32 } from "./philox";

/** 2^-32: maps a u32 to [0, 1). */
const TWO_POW_M32 = 2 ** -32;

/**
 * Normal, Gamma and Beta variates on a stream's uniforms on (0, 1): Rng draws them from 53-bit
 * uniforms, the bandits' F32Stream from one Philox word each (as the GPU draws).
 */
export abstract class Variates {
  private spareNormal = Number.NaN;

  abstract uniform(): number;

  /** Standard normal by Box–Muller on two uniforms: returns r·cos θ now, keeps r·sin θ for the next call. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const z = this.spareNormal;
      this.spareNormal = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Gamma(shape, 1) by Marsaglia & Tsang (2000): one normal and one uniform per try; shape < 1 by the
   * U^(1/shape) boost.
   */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b) (not as exponentials). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}

/**
 * A seeded stream of random numbers built on Philox4x32-10.
 *
 * The key is the seed (two 32-bit words); the counter is (block index, stream, substream, 0).
 * `stream` separates independent runs (run r of an experiment uses stream r), so splitting runs
 * across workers or GPU invocations never changes what any single run sees.
 *
 * `uniformF32` is the form the WGSL twin computes: ((u32 >> 9) + 0.5) · 2^-23, exact in f32 and
 * f64 alike, so CPU and GPU draw bit-identical uniforms.
 */
export class Rng extends Variates {
  private readonly block = new Uint32Array(4);
  private next = 4; // index of the next unused word in `block`
  private counter = 0;
  private readonly k0: number;
  private readonly k1: number;

  constructor(
    readonly seed: number,
    readonly stream = 0,
    readonly substream = 0,
  ) {
    super();
    if (!Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    }
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / 2 ** 32) >>> 0;
  }

  /** No word drawn yet: a twin of a loop may replay the stream from its start (bandits/ucb1-fast.ts). */
  get untouched(): boolean {
    return this.counter === 0 && this.next === 4;
  }

  /** The next raw 32-bit word. */
  u32(): number {
    if (this.next === 4) {
      philox4x32(this.counter, this.stream, this.substream, 0, this.k0, this.k1, this.block);
      this.counter = (this.counter + 1) >>> 0;
      this.next = 0;
    }
    return this.block[this.next++];
  }

  /** Uniform on (0, 1) with 53 random bits (never exactly 0, so safe under log). */
  uniform(): number {
    const hi = this.u32() >>> 5; // 27 bits
    const lo = this.u32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) * 2 ** -53;
  }

  /** Uniform on (0, 1) with 23 random bits: the exact twin of the WGSL generator. */
  uniformF32(): number {
    return ((this.u32() >>> 9) + 0.5) * 2 ** -23;
  }

  /** Integer uniform on {0, …, n-1} (Lemire's multiply-shift; bias < n·2^-32). */
  int(n: number): number {
    return Math.floor(this.u32() * TWO_POW_M32 * n);
  }

  /** 1 with probability p, else 0. */
  bernoulli(p: number): number {
    return this.uniform() < p ? 1 : 0;
  }
}
