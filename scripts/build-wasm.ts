/** `npm run build:wasm`: regenerate the embedded WebAssembly modules (see scripts/wasm.ts). */
import { writeFileSync } from "node:fs";
import { compileKernel, generatedModule, generatedPath, WASM_KERNELS } from "./wasm";

for (const source of WASM_KERNELS) {
  const binary = await compileKernel(source);
  writeFileSync(generatedPath(source), generatedModule(source, binary));
  console.log(`${generatedPath(source)}: ${binary.length} bytes of WebAssembly`);
}
