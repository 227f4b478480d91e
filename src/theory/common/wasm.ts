/**
 * Loading of the embedded WebAssembly kernels (scripts/wasm.ts writes each as base64 in a `.wasm.ts`
 * module next to its AssemblyScript source).
 */

/** The compiled module, or null where WebAssembly SIMD is unavailable; call once per kernel and keep it. */
export function compileEmbedded(base64: string): WebAssembly.Module | null {
  const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
  try {
    return typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval'
  }
}
