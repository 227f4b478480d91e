/**
 * Random variates built only from Rng.uniformF32 (one Philox word each), so the WGSL kernel in
 * workers/gpu/bandits.wgsl can consume the very same words in the very same order. Rng.beta (53-bit
 * uniforms) is the general-purpose sampler; this one exists for CPU/GPU stream parity.
 */
import { marsagliaTsang, type Rng } from "../common/rng";

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

  /** Gamma(shape, 1), shape ≥ 1 (Marsaglia & Tsang), on this stream's words. */
  gamma(shape: number): number {
    return marsagliaTsang(shape, this);
  }

  /** Beta(a, b), a, b ≥ 1, as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b) (not as exponentials). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
}
