// Sparse companions of the engine: compressed-row matrices in the arena and the calls of the
// sparse kernels. Like engine.ts, this is the only place their pointers are spelled out.
import type { Buf, Engine, ScratchBuf } from "./engine.js";
import { rowRange } from "./threads/dispatch.js";
import { SparseTerms } from "./wasm/kernels.js";

/** A compressed-row matrix in the engine's memory: CSR of V, or CSR of Vᵀ (= CSC of V). */
export interface SparseBuf {
  readonly rows: number;
  readonly cols: number;
  readonly nnz: number;
  readonly indptr: number;
  readonly indices: number;
  readonly values: number;
  readonly blocks: ColumnBlocks;
}

/**
 * How the gather kernels sweep S: `count` column blocks, block b's row bounds at
 * starts = bounds + 4·b·step, ends = starts + 4·step. Whole rows: bounds = indptr, step = 1.
 */
export interface ColumnBlocks {
  readonly count: number;
  readonly bounds: number;
  readonly step: number;
}

// Column blocks trade two costs, measured on this machine's 512 KiB L2 with spmm and the KL
// numerator: a block that fits in L2 beside the streams serves the gathers faster, but each
// visit of a row in a block jumps to a new stretch of its indices and values, which the
// prefetcher cannot follow (about 100 ns per visit, measured with a gathered operand that sits
// in L1). Blocks paid on SOTU (233 rows of ~1360 non-zeros, 4–8 blocks: 7–35 % faster) and cost
// up to 2× on shorter rows (10000 rows of 100: 3 blocks 25 % slower, 6 blocks 2× slower), and
// cutting an operand that fits in L2 anyway gained nothing.
/** Gathered operands up to this size already stay in L2: they are never cut. */
const L2_BYTES = 256 * 1024;
/** The block size aimed for when cutting… */
const GATHER_BLOCK_BYTES = 64 * 1024;
/** …as long as a row's share of a block stays this long on average. */
const MIN_NNZ_PER_ROW_BLOCK = 200;

/**
 * Column blocks for gathering rows of `gatheredRowBytes` bytes through S: 1 (whole rows) unless the
 * gathered operand outgrows L2 and S's rows are long enough to cut it into blocks that fit L2.
 */
export function columnBlockCount(S: { rows: number; cols: number; nnz: number }, gatheredRowBytes: number): number {
  const bytes = S.cols * gatheredRowBytes;
  if (bytes <= L2_BYTES) return 1;
  const forCache = Math.ceil(bytes / GATHER_BLOCK_BYTES);
  const forRowLength = Math.floor(S.nnz / (Math.max(S.rows, 1) * MIN_NNZ_PER_ROW_BLOCK));
  const count = Math.min(forCache, forRowLength);
  return count > 1 && bytes / count <= L2_BYTES ? count : 1;
}

/** S with its non-zeros cut into `count` column blocks of equal width (bounds computed once). */
export function withColumnBlocks(engine: Engine, S: SparseBuf, count: number): SparseBuf {
  if (count <= 1) return S;
  const bounds = engine.allocBytes((count + 1) * S.rows * 4);
  const { indptr, indices } = sparseViews(engine, S);
  const out = new Int32Array(engine.memory.buffer, bounds, (count + 1) * S.rows);
  const width = Math.ceil(S.cols / count);
  for (let i = 0; i < S.rows; i++) {
    let p = indptr[i];
    for (let b = 0; b < count; b++) {
      out[b * S.rows + i] = p;
      const limit = (b + 1) * width;
      while (p < indptr[i + 1] && indices[p] < limit) p++;
    }
    out[count * S.rows + i] = indptr[i + 1];
  }
  return { ...S, blocks: { count, bounds, step: S.rows } };
}

/** Calls `pass(starts, ends, first)` for each column block of S, in order. */
function forEachBlock(S: SparseBuf, pass: (starts: number, ends: number, first: boolean) => void): void {
  const { count, bounds, step } = S.blocks;
  for (let b = 0; b < count; b++) {
    const starts = bounds + 4 * b * step;
    pass(starts, starts + 4 * step, b === 0);
  }
}

/** Σ over the column blocks of S of `part(starts, ends)`. */
function sumOverBlocks(S: SparseBuf, part: (starts: number, ends: number) => number): number {
  let total = 0;
  forEachBlock(S, (starts, ends) => { total += part(starts, ends); });
  return total;
}

/** An f64 vector in the engine's memory. */
export interface F64Buf {
  readonly ptr: number;
  readonly length: number;
}

export function allocSparse(engine: Engine, rows: number, cols: number, nnz: number): SparseBuf {
  const indptr = engine.allocBytes((rows + 1) * 4);
  return {
    rows, cols, nnz, indptr,
    indices: engine.allocBytes(nnz * 4),
    values: engine.allocBytes(nnz * 4),
    blocks: { count: 1, bounds: indptr, step: 1 },
  };
}

/** Live views of a sparse matrix's arrays (invalid after an allocation that grows memory). */
export function sparseViews(engine: Engine, S: SparseBuf): { indptr: Int32Array; indices: Int32Array; values: Float32Array } {
  const buffer = engine.memory.buffer;
  return {
    indptr: new Int32Array(buffer, S.indptr, S.rows + 1),
    indices: new Int32Array(buffer, S.indices, S.nnz),
    values: new Float32Array(buffer, S.values, S.nnz),
  };
}

export function allocF64(engine: Engine, length: number): F64Buf {
  return { ptr: engine.allocBytes(length * 8), length };
}

export function viewF64(engine: Engine, buf: F64Buf): Float64Array {
  return new Float64Array(engine.memory.buffer, buf.ptr, buf.length);
}

/** The compressed form of Sᵀ (the CSC of S), built once in the arena. */
export function transposeSparse(engine: Engine, S: SparseBuf): SparseBuf {
  const T = allocSparse(engine, S.cols, S.rows, S.nnz);
  engine.k.csrTranspose(S.rows, S.cols, S.indptr, S.indices, S.values, T.indptr, T.indices, T.values);
  return T;
}

/**
 * out = S·B[:, 0:k] (out rows×k), or with `transposed` its transpose (out k×rows).
 * B's rows may be longer than k (padding); k defaults to out's width.
 */
export function spmm(engine: Engine, out: Buf, S: SparseBuf, B: Buf | ScratchBuf, k: number, transposed: boolean): void {
  forEachBlock(S, (starts, ends, first) =>
    engine.run("spmm", [0, 0, starts, ends, S.indices, S.values, engine.operand(B), B.cols, k, out.ptr, out.cols, +transposed, +!first],
      rowRange(0, 0, S.rows)));
}

/**
 * KL numerator from the non-zeros of S: r = S / max(A·Bᵀ, eps) at the non-zeros, out = r·B
 * (or its transpose); for β ≠ 1, r = S·(A·Bᵀ)^(β−2). A and B are padded to a multiple of 4
 * columns with zeros; k is the rank.
 */
export function klNumeratorSparse(engine: Engine, out: Buf, S: SparseBuf, A: Buf, B: Buf, k: number,
  transposed: boolean, ratio: Buf, beta = 1): void {
  forEachBlock(S, (starts, ends, first) =>
    engine.run("klNumeratorSparse", [0, 0, starts, ends, S.indices, S.values, engine.operand(A), A.cols, engine.operand(B), B.cols, k,
      out.ptr, out.cols, +transposed, engine.local(ratio), beta, +!first, 0], rowRange(0, 0, S.rows)));
}

/**
 * The KL numerator (as klNumeratorSparse, β = 1) and, from the same WH at the non-zeros,
 * Σ_{S > eps} S·log(S / A·Bᵀ) − S (f64, as klDivergenceSparse): an error check in the pass that
 * needs WH anyway. `whRow` holds a row's WH (≥ S.cols + 3 floats).
 */
export function klNumeratorAndDivergenceSparse(engine: Engine, out: Buf, S: SparseBuf, A: Buf, B: Buf, k: number,
  ratio: Buf, whRow: Buf): number {
  let total = 0;
  forEachBlock(S, (starts, ends, first) => {
    total += engine.run("klNumeratorSparse", [0, 0, starts, ends, S.indices, S.values, engine.operand(A), A.cols, engine.operand(B), B.cols, k,
      out.ptr, out.cols, 0, engine.local(ratio), 1, +!first, engine.local(whRow)], rowRange(0, 0, S.rows, 4, true));
  });
  return total;
}

/** Σ over the non-zeros (S > eps) of the β-divergence terms (beta.ts), f64 (A, B padded). */
export function betaDivergenceSparse(engine: Engine, S: SparseBuf, A: Buf, B: Buf, beta: number): number {
  return sumOverBlocks(S, (starts, ends) =>
    engine.run("betaDivergenceSparsePart", [0, 0, starts, ends, S.indices, S.values, engine.operand(A), A.cols, engine.operand(B), B.cols, A.cols, beta],
      rowRange(0, 0, S.rows, 4, true)));
}

/** Σ_{S > eps} S·log(S / A·Bᵀ) − S over the non-zeros, f64 (A, B padded; scratch ≥ S.cols + 3). */
export function klDivergenceSparse(engine: Engine, S: SparseBuf, A: Buf, B: Buf, scratch: Buf): number {
  return sumOverBlocks(S, (starts, ends) =>
    engine.run("klDivergenceSparsePart", [0, 0, starts, ends, S.indices, S.values, engine.operand(A), A.cols, engine.operand(B), B.cols, A.cols,
      engine.local(scratch)], rowRange(0, 0, S.rows, 4, true)));
}

/**
 * Σ over the non-zeros of (S − A·Bᵀ)² − (A·Bᵀ)² (default), of (S − A·Bᵀ)² alone, or of A·Bᵀ,
 * f64 (A, B padded).
 */
export function squaredErrorSparse(engine: Engine, S: SparseBuf, A: Buf, B: Buf,
  terms: keyof typeof SparseTerms = "squaredMinusWh2"): number {
  return sumOverBlocks(S, (starts, ends) =>
    engine.run("squaredErrorSparsePart", [0, 0, starts, ends, S.indices, S.values, engine.operand(A), A.cols, engine.operand(B), B.cols, A.cols,
      SparseTerms[terms]], rowRange(0, 0, S.rows, 4, true)));
}

/** Upper triangle of AᵀA (k×k, f64) over all rows of A, k = out's order. */
export function gramF64(engine: Engine, A: Buf, k: number, out: F64Buf): void {
  viewF64(engine, out).fill(0);
  engine.k.gramF64(0, A.rows, k, A.ptr, A.cols, out.ptr);
}

/** Column sums of A[:, 0:cols] in f64. */
export function columnSumsF64(engine: Engine, A: Buf, cols: number, out: F64Buf): void {
  viewF64(engine, out).fill(0);
  engine.k.columnSumsF64(0, A.rows, cols, A.ptr, A.cols, out.ptr);
}

/** Σ of a sparse matrix's stored values (f64). */
export function sumSparse(engine: Engine, S: SparseBuf): number {
  return engine.k.sumF64(S.values, S.nnz);
}

/** How many of a sparse matrix's stored values are not zero. */
export function countNonZerosSparse(engine: Engine, S: SparseBuf): number {
  return engine.k.countNonZeros(S.values, S.nnz);
}

/** Σ of the squares of a sparse matrix's stored values (f64). */
export function sumSquaresSparse(engine: Engine, S: SparseBuf): number {
  return engine.k.dotF64(S.values, S.values, S.nnz);
}

/**
 * out (cols×A.rows) = A[:, 0:cols]ᵀ, split by A's rows as the sparse passes over A.rows rows are
 * (so each thread transposes the rows it just wrote, whatever the size).
 */
export function transposeRows(engine: Engine, out: Buf, A: Buf, cols: number): void {
  engine.run("transpose", [0, 0, cols, A.ptr, A.cols, out.ptr, out.cols], rowRange(0, 0, A.rows));
}
