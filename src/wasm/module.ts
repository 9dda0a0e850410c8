// Picks and compiles the kernel binary once: relaxed SIMD (fused multiply-add) where the
// engine validates it, else plain SIMD128. Raw instantiation: every kernel argument is a
// number, so a loader's marshalling would add weight and nothing else.
import { RELAXED_SIMD_WASM_BASE64, SIMD128_WASM_BASE64 } from "./binaries.generated.js";
import type { KernelExports } from "./kernels.js";
import { NMFError, OptionError } from "../errors.js";

export type KernelVariant = "relaxed-simd" | "simd128";

let requested: KernelVariant | "auto" = "auto";
let compiled: Promise<{ module: WebAssembly.Module; variant: KernelVariant }> | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Force a kernel build ('relaxed-simd' or 'simd128'), or go back to the automatic choice ('auto').
 * The kernels are compiled once, by the first factorization or the first `kernelVariant()` call:
 * after that only the build already chosen may be named again (anything else is an OptionError).
 */
export function setKernelVariant(variant: KernelVariant | "auto"): void {
  if (variant !== "auto" && variant !== "relaxed-simd" && variant !== "simd128") {
    throw new OptionError("INVALID_OPTION",
      `unknown kernel variant '${String(variant)}': use 'relaxed-simd', 'simd128' or 'auto'`, "variant");
  }
  if (compiled && variant !== requested) {
    throw new OptionError("INVALID_OPTION",
      `setKernelVariant('${variant}') comes too late: the kernels were already compiled ` +
      `(${requested === "auto" ? "automatic choice" : `'${requested}'`}) by a factorization or a kernelVariant() ` +
      "call; call setKernelVariant before either", "variant");
  }
  requested = variant;
}

function choose(): { bytes: Uint8Array<ArrayBuffer>; variant: KernelVariant } {
  const relaxed = decodeBase64(RELAXED_SIMD_WASM_BASE64);
  const simd = decodeBase64(SIMD128_WASM_BASE64);
  const relaxedOk = WebAssembly.validate(relaxed);
  const simdOk = WebAssembly.validate(simd);
  if (requested === "relaxed-simd" && !relaxedOk) {
    throw new NMFError("UNSUPPORTED_RUNTIME", "this WebAssembly engine does not support relaxed SIMD");
  }
  if (requested !== "simd128" && relaxedOk) return { bytes: relaxed, variant: "relaxed-simd" };
  if (simdOk) return { bytes: simd, variant: "simd128" };
  throw new NMFError("UNSUPPORTED_RUNTIME",
    "this WebAssembly engine does not support 128-bit SIMD (Node >= 20, Chrome >= 91, Firefox >= 89, Safari >= 16.4)");
}

/** @internal */
export function compileKernels(): Promise<{ module: WebAssembly.Module; variant: KernelVariant }> {
  compiled ??= (async () => {
    const { bytes, variant } = choose();
    return { module: await WebAssembly.compile(bytes), variant };
  })();
  return compiled;
}

/**
 * The kernel build in use ('relaxed-simd' or 'simd128'). Asynchronous: the first call compiles the
 * kernels (and so fixes the build, as a first factorization does).
 */
export async function kernelVariant(): Promise<KernelVariant> {
  return (await compileKernels()).variant;
}

/** @internal */
export async function instantiateKernels(memory: WebAssembly.Memory, module?: WebAssembly.Module): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module ?? (await compileKernels()).module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}

let compiledThreaded: Promise<WebAssembly.Module | undefined> | undefined;

/**
 * The shared-memory (threads) build of the variant compileKernels chose, so a fit gives the same
 * numbers on one thread or many; undefined where this engine cannot compile it. Its binaries are
 * a module of their own, loaded only when a fit asks for threads.
 * @internal
 */
export function compileThreadedKernels(): Promise<WebAssembly.Module | undefined> {
  compiledThreaded ??= (async () => {
    const { variant } = await compileKernels();
    const binaries = await import("./threaded-binaries.generated.js");
    const bytes = decodeBase64(variant === "relaxed-simd"
      ? binaries.RELAXED_SIMD_THREADS_WASM_BASE64 : binaries.SIMD128_THREADS_WASM_BASE64);
    return WebAssembly.validate(bytes) ? WebAssembly.compile(bytes) : undefined;
  })();
  return compiledThreaded;
}
