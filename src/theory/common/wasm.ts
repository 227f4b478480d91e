/**
 * Loading of the embedded WebAssembly kernels (scripts/wasm.ts writes each as base64 in a `.wasm.ts`
 * module next to its AssemblyScript source), and the memory layout their hosts share.
 */

const modules = new Map<string, WebAssembly.Module | null>();

/** The compiled module (once per kernel), or null where WebAssembly SIMD is unavailable. */
export function compileEmbedded(base64: string): WebAssembly.Module | null {
  let mod = modules.get(base64);
  if (mod === undefined) {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    try {
      mod = typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
    } catch {
      mod = null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
    }
    modules.set(base64, mod);
  }
  return mod;
}

/** Where a host lays out a kernel's data: the first kilobyte is left to the module (its own scratch). */
export const KERNEL_BASE = 1024;

/** `bytes` rounded up to a whole v128 (16 bytes), so every array starts aligned for SIMD loads. */
export const align16 = (bytes: number) => (bytes + 15) & ~15;

/** Grow `memory` to hold at least `bytes`. Views taken before a growth are detached: take them after. */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
