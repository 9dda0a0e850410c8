// Calls of the graph kernels (assembly/graph.ts) and the sample-affinity matrix in the arena.
// Like engine.ts, the only place their pointers are spelled out.
import type { Buf, Engine } from "./engine.js";
import { allocSparse, sparseViews, type SparseBuf } from "./engine-sparse.js";

/** The affinity scaled by λ, and its degrees λ·D (m), in the arena. */
export interface GraphBuf {
  readonly A: SparseBuf;
  readonly degrees: Buf;
}

/** Copy a validated, symmetric CSR affinity into the arena, every weight and degree times λ. */
export function loadGraph(engine: Engine, indptr: Int32Array, indices: Int32Array, values: Float32Array, lambda: number): GraphBuf {
  const m = indptr.length - 1;
  const A = allocSparse(engine, m, m, indices.length);
  const degrees = engine.alloc(m, 1);
  const views = sparseViews(engine, A);
  views.indptr.set(indptr);
  views.indices.set(indices);
  const scaled = views.values, d = engine.view(degrees);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let p = indptr[i]; p < indptr[i + 1]; p++) {
      scaled[p] = lambda * values[p];
      sum += scaled[p];
    }
    d[i] = sum;
  }
  return { A, degrees };
}

/** out (m×k) = λA·W, or out += λA·W with `accumulate`. */
export function affinityTimes(engine: Engine, out: Buf, graph: GraphBuf, W: Buf, accumulate: boolean): void {
  const { A } = graph;
  engine.k.spmm(0, A.rows, A.indptr, A.indptr + 4, A.indices, A.values, W.ptr, W.cols, W.cols, out.ptr, out.cols, 0, +accumulate);
}

/** out += λD·W, row by row. */
export function addDegreeTerm(engine: Engine, out: Buf, graph: GraphBuf, W: Buf): void {
  engine.k.addScaledRows(0, W.rows, W.cols, out.ptr, out.cols, graph.degrees.ptr, W.ptr, W.cols);
}

/** The KL W update with the graph term (assembly/graph.ts), given numer = (V/WH)·Hᵀ, hSums = H·1, AW = λA·W. */
export function graphKlUpdateW(engine: Engine, W: Buf, numer: Buf, hSums: Buf, AW: Buf, graph: GraphBuf,
  l1: number, l2: number, zeroBelow: number): void {
  engine.k.graphKlUpdateW(0, W.rows, W.cols, W.ptr, W.cols, numer.ptr, numer.cols, hSums.ptr, AW.ptr, AW.cols,
    graph.degrees.ptr, l1, l2, zeroBelow);
}

/** out[c] = ‖H[c, :]‖₂. */
export function rowNormsL2(engine: Engine, H: Buf, out: Buf): void {
  engine.k.rowNormsL2(0, H.rows, H.cols, H.ptr, H.cols, out.ptr);
}

/** H[c, :] ·= s[c]. */
export function scaleRows(engine: Engine, H: Buf, s: Buf): void {
  engine.k.scaleRows(0, H.rows, H.cols, H.ptr, H.cols, s.ptr);
}

/** W[:, c] ·= s[c]. */
export function scaleColumns(engine: Engine, W: Buf, s: Buf): void {
  engine.k.scaleColumns(0, W.rows, W.cols, W.ptr, W.cols, s.ptr);
}

/** Rows [start, end) of X as a matrix of its own (same memory). */
export function rowBlock(X: Buf, start: number, end: number): Buf {
  return { ptr: X.ptr + start * X.cols * 4, rows: end - start, cols: X.cols };
}

/** Rows of the distance block computed at a time: ROW_BLOCK × m floats of scratch. */
const ROW_BLOCK = 256;

/**
 * Each row's `count` nearest other rows of X (Euclidean), nearest first: squared distances
 * ‖xᵢ‖² + ‖xⱼ‖² − 2·xᵢ·xⱼ from GEMM blocks of ROW_BLOCK rows, selected by assembly/graph.ts's knnSelect.
 */
export function nearestRows(engine: Engine, X: Buf, count: number): { nearest: Int32Array; distances: Float32Array } {
  const m = X.rows;
  const norms = engine.alloc(m, 1);
  rowNormsL2(engine, X, norms);
  const squared = engine.view(norms);
  for (let i = 0; i < m; i++) squared[i] *= squared[i];
  const block = engine.alloc(Math.min(ROW_BLOCK, m), m);
  const nearest = engine.alloc(m, count), distances = engine.alloc(m, count); // nearest holds i32
  for (let start = 0; start < m; start += ROW_BLOCK) {
    const end = Math.min(m, start + ROW_BLOCK);
    const dots = rowBlock(block, 0, end - start);
    engine.gemm(dots, rowBlock(X, start, end), X, { transB: true });
    engine.k.knnSelect(dots.rows, start, m, dots.ptr, dots.cols, norms.ptr, count, nearest.ptr, distances.ptr);
  }
  return { nearest: new Int32Array(engine.memory.buffer, nearest.ptr, m * count).slice(), distances: engine.read(distances) };
}
