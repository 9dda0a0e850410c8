// The memory a problem needs, checked before anything proportional to it is allocated: a few
// bytes of input (rank 2²⁹, a CSR matrix declaring 2³¹ columns) must not start allocating
// gigabytes, nor fail a minute later with a raw RangeError.
import { NMFError } from "./errors.js";

/** WebAssembly memory's limit (65536 pages of 64 KiB), which every problem's buffers share. */
export const WASM_MEMORY_LIMIT_BYTES = 2 ** 32;

export interface ProblemShape {
  rows: number;
  cols: number;
  /** Entries of V stored: rows·cols dense, nnz for CSR. */
  stored: number;
  format: "dense" | "csr";
  rank: number;
}

/**
 * A lower bound of the WebAssembly memory a fit allocates (so nothing that fits is refused): V
 * (CSR also keeps its CSC copy and a zero-padded Hᵀ), W and H, and at least one more m×k and k×n
 * buffer every solver holds (numerators, or Hᵀ and V·Hᵀ), and two k×k Gram matrices.
 * Exact in float64 for every size that could fit.
 */
export function footprintLowerBound({ rows: m, cols: n, stored, format, rank: k }: ProblemShape): number {
  const data = format === "dense" ? 4 * stored : 4 * (m + 1) + 4 * (n + 1) + 16 * stored + 16 * n * Math.ceil(k / 4);
  return data + 8 * (m * k + k * n) + 8 * k * k;
}

/** Throws OUT_OF_MEMORY when the problem cannot fit in WebAssembly memory, before allocating. */
export function checkFootprint(shape: ProblemShape): void {
  const bytes = footprintLowerBound(shape);
  if (!(bytes <= WASM_MEMORY_LIMIT_BYTES)) {
    throw new NMFError("OUT_OF_MEMORY",
      `a ${shape.rows}×${shape.cols} ${shape.format} problem at rank ${shape.rank} needs at least ` +
      `${(bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory; the limit is ${WASM_MEMORY_LIMIT_BYTES / 2 ** 30} GiB`);
  }
}
