// The options the per-section bench scripts share on their command line.

/** { quick, wasmOnly, variant, json } from `--quick`, `--wasm-only`, `--variant NAME`, `--json`. */
export function benchArgs(argv = process.argv.slice(2)) {
  const variantIndex = argv.indexOf("--variant");
  return {
    quick: argv.includes("--quick"),
    wasmOnly: argv.includes("--wasm-only"),
    variant: variantIndex >= 0 ? argv[variantIndex + 1] : "auto",
    json: argv.includes("--json"),
  };
}
