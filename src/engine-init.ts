// Initialization companions of the engine: the kernel calls of the randomized SVD (Gram matrix,
// right multiplication, normal draws) and of NNDSVD. Like engine.ts and engine-sparse.ts, the
// only place their pointers are spelled out.
import { rowRange, type Buf, type Engine } from "./engine.js";
import { allocF64, viewF64 } from "./engine-sparse.js";

/**
 * Rows per chunk of the chunked reductions. Fixed, so a worker pool that hands out whole chunks
 * sums the same partials in the same order as one thread: the result never depends on the split.
 */
export const REDUCE_CHUNK_ROWS = 256;

const chunkCount = (rows: number) => Math.max(1, Math.ceil(rows / REDUCE_CHUNK_ROWS));

/** YᵀY (Y.cols × Y.cols, symmetric, f64) of an f32 block whose width is a multiple of 4. */
export function gramOfColumns(engine: Engine, Y: Buf): Float64Array {
  const lp = Y.cols, count = chunkCount(Y.rows);
  if (lp % 4 !== 0) throw new Error(`internal: gramOfColumns needs a width that is a multiple of 4, got ${lp}`);
  const mark = engine.mark();
  const partials = allocF64(engine, count * lp * lp), out = allocF64(engine, lp * lp);
  // Chunk ranges split across threads: each chunk writes its own partial Gram.
  engine.run("gramChunks", [0, 0, REDUCE_CHUNK_ROWS, Y.rows, lp, Y.ptr, Y.cols, partials.ptr], rowRange(0, 0, count, 1));
  engine.k.gramCombine(count, lp, partials.ptr, out.ptr);
  const gram = viewF64(engine, out).slice();
  engine.release(mark);
  return gram;
}

/**
 * Q = Y·T, accumulated in f64: T is Y.cols × Q.cols, row-major f64, Q.cols a multiple of 4;
 * `upper` says T is upper triangular (half the work). Q must not overlap Y.
 */
export function multiplyRight(engine: Engine, Q: Buf, Y: Buf, T: Float64Array, upper: boolean): void {
  if (T.length !== Y.cols * Q.cols || Q.rows !== Y.rows || Q.cols % 4 !== 0 || Y.cols % 4 !== 0) {
    throw new Error(`internal: multiplyRight shapes ${Q.rows}×${Q.cols} = ${Y.rows}×${Y.cols} · ${T.length}`);
  }
  const mark = engine.mark();
  const t = allocF64(engine, T.length);
  viewF64(engine, t).set(T);
  engine.run("applyRight", [0, 0, Y.cols, Y.ptr, Y.cols, t.ptr, Q.cols, +upper, Q.ptr, Q.cols], rowRange(0, 0, Y.rows));
  engine.release(mark);
}

/** Two 32-bit keys of the counter-based normal generator (assembly/normal.ts). */
export type NormalKeys = readonly [number, number];

/** out[:, 0:cols] = standard normals of element index i·cols + c; out[:, cols:] = 0. */
export function fillNormal(engine: Engine, out: Buf, cols: number, keys: NormalKeys): void {
  engine.run("fillNormalRows", [0, 0, cols, out.cols, keys[0], keys[1], out.ptr], rowRange(0, 0, out.rows));
}

/** Norms of the positive and of the negative parts of X's first k columns (f64). */
export function partNorms(engine: Engine, X: Buf, k: number): { positive: Float64Array; negative: Float64Array } {
  const count = chunkCount(X.rows);
  const mark = engine.mark();
  const partials = allocF64(engine, count * k * 2);
  engine.run("partNormChunks", [0, 0, REDUCE_CHUNK_ROWS, X.rows, k, X.ptr, X.cols, partials.ptr], rowRange(0, 0, count, 1));
  const sums = viewF64(engine, partials);
  const positive = new Float64Array(k), negative = new Float64Array(k);
  // The chunks' partial sums combined in chunk order (count·k terms, not per element).
  for (let ch = 0; ch < count; ch++) {
    for (let c = 0; c < k; c++) {
      positive[c] += sums[2 * (ch * k + c)];
      negative[c] += sums[2 * (ch * k + c) + 1];
    }
  }
  engine.release(mark);
  for (let c = 0; c < k; c++) {
    positive[c] = Math.sqrt(positive[c]);
    negative[c] = Math.sqrt(negative[c]);
  }
  return { positive, negative };
}

/** How NNDSVD fills the entries it leaves below 1e-6: zero, the mean, or |mean·N(0,1)/100|. */
export const NndsvdFill = { zero: 0, mean: 1, scaledNormal: 2 } as const;

export interface NndsvdFactorSpec {
  /** Per component: the factor multiplying |x|. */
  factors: Float64Array;
  /** Per component: 0 = all of |x|, 1 = the positive part, −1 = the negative part. */
  modes: Float64Array;
  fill: keyof typeof NndsvdFill;
  fillValue: number;
  /** Keys of the scaled-normal fill, and the element index of out[0] in its stream. */
  keys: NormalKeys;
  indexBase: number;
}

/**
 * One NNDSVD factor from the singular vectors in X's first k columns (X rows × ≥k): W (out m×k)
 * as is, or H (out k×n) from X = Hᵀ when `transposed`.
 */
export function nndsvdFactor(engine: Engine, out: Buf, X: Buf, k: number, spec: NndsvdFactorSpec, transposed: boolean): void {
  const mark = engine.mark();
  const coef = allocF64(engine, 2 * k);
  const view = viewF64(engine, coef);
  view.set(spec.factors, 0);
  view.set(spec.modes, k);
  const [oRow, oCol] = transposed ? [1, out.cols] : [out.cols, 1];
  engine.run("nndsvdFactorRows", [0, 0, k, X.ptr, X.cols, coef.ptr, NndsvdFill[spec.fill], spec.fillValue,
    spec.keys[0], spec.keys[1], spec.indexBase, out.ptr, oRow, oCol], rowRange(0, 0, X.rows));
  engine.release(mark);
}
