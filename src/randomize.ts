// R NMF's randomize(): the null data of a rank survey. R permutes the entries within each column of
// its features × samples matrix, i.e. within each sample; on our samples × features V that is each
// row's values shuffled across the features, independently per row. Marginal distribution of
// every sample kept, structure shared between samples destroyed.
import { denseSource, type DenseMatrixLike, type Matrix, type MatrixInput } from "./matrix.js";
import type { Random } from "./random.js";
import { csrSource, isCsr, type CsrMatrix, type CsrMatrixLike } from "./sparse/csr.js";

/** Fisher–Yates shuffle of a[start, end) in place. */
function shuffle(a: Float32Array | Int32Array, start: number, end: number, rng: Random): void {
  for (let i = end - 1; i > start; i--) {
    const j = start + Math.floor(rng.uniform() * (i - start + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** V with each row's values permuted at random (a new matrix; V is validated and not written). */
export function randomizeRows(V: CsrMatrixLike, rng: Random): CsrMatrix;
export function randomizeRows(V: DenseMatrixLike | number[][], rng: Random): Matrix;
export function randomizeRows(V: MatrixInput, rng: Random): Matrix | CsrMatrix;
export function randomizeRows(V: MatrixInput, rng: Random): Matrix | CsrMatrix {
  if (isCsr(V)) {
    const source = csrSource(V, "V");
    const indptr = new Int32Array(source.rows + 1), indices = new Int32Array(source.nnz), data = new Float32Array(source.nnz);
    source.copyInto(indptr, indices, data);
    for (let i = 0; i < source.rows; i++) {
      // A random permutation of the whole row puts its non-zeros at a uniform random set of
      // columns (Floyd's sampling), in random order.
      const start = indptr[i], end = indptr[i + 1], count = end - start;
      const chosen = new Set<number>();
      for (let j = source.cols - count; j < source.cols; j++) {
        const t = Math.floor(rng.uniform() * (j + 1));
        chosen.add(chosen.has(t) ? j : t);
      }
      indices.set(Int32Array.from(chosen).sort(), start);
      shuffle(data, start, end, rng);
    }
    return { format: "csr", rows: source.rows, cols: source.cols, indptr, indices, data };
  }
  const source = denseSource(V, "V");
  const data = new Float32Array(source.rows * source.cols);
  source.copyInto(data);
  for (let i = 0; i < source.rows; i++) shuffle(data, i * source.cols, (i + 1) * source.cols, rng);
  return { rows: source.rows, cols: source.cols, data };
}
