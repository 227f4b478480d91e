/**
 * Random variates built only from Rng.uniformF32 (one Philox word each), so the WGSL kernel in
 * workers/gpu/bandits.wgsl can consume the very same words in the very same order. Rng.beta (53-bit
 * uniforms) is the general-purpose sampler; this one exists for CPU/GPU stream parity.
 */
import type { Rng } from "../common/rng";

/** A per-run stream plus the cached second Box–Muller normal (the GPU keeps it per invocation too). */
export class F32Stream {
  private spare = Number.NaN;
  constructor(readonly rng: Rng) {}

  uniform(): number {
    return this.rng.uniformF32();
  }

  /** Box–Muller on two words: returns r·cos θ now, keeps r·sin θ for the next call. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.rng.uniformF32()));
    const theta = 2 * Math.PI * this.rng.uniformF32();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Gamma(shape, 1), shape ≥ 1, by Marsaglia & Tsang (2000): one normal and one uniform per try. */
  gamma(shape: number): number {
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
      const u = this.rng.uniformF32();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b), a, b ≥ 1, as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b) (not as exponentials). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}
