/**
 * Random variates built only from Rng.uniformF32 (one Philox word each), so the WGSL kernel in
 * workers/gpu/bandits.wgsl can consume the very same words in the very same order. Rng's own
 * variates (53-bit uniforms) are the general-purpose samplers; this stream exists for CPU/GPU parity.
 */
import { type Rng, Variates } from "../common/rng";

/** A per-run stream plus the cached second Box–Muller normal (the GPU keeps it per invocation too). */
export class F32Stream extends Variates {
  constructor(readonly rng: Rng) {
    super();
  }

  uniform(): number {
    return this.rng.uniformF32();
  }
}
