// V validated once into compact typed arrays, then loaded into an engine a range of rows at a
// time (mini-batches): each load is a block copy, with no per-entry check repeated.
import type { Engine } from "../engine.js";
import { denseSource, largestEntry, type MatrixInput } from "../matrix.js";
import { csrSource, isCsr } from "../sparse/csr.js";
import { CsrData } from "./csr-data.js";
import type { DataMatrix } from "./data-matrix.js";
import { DenseData } from "./dense-data.js";

export interface RowStore {
  readonly rows: number;
  readonly cols: number;
  readonly format: "dense" | "csr";
  /** Rows [start, end) as a DataMatrix in the engine's arena, set up for factors of `rank`. */
  load(engine: Engine, rank: number, start?: number, end?: number): DataMatrix;
}

/** Validate V (shape, structure, every value) and keep a float32 copy of it. */
export function rowStore(input: MatrixInput, name: string): RowStore {
  if (isCsr(input)) {
    const source = csrSource(input, name);
    const { rows, cols, nnz } = source;
    const indptr = new Int32Array(rows + 1), indices = new Int32Array(nnz), values = new Float32Array(nnz);
    source.copyInto(indptr, indices, values);
    return {
      rows, cols, format: "csr",
      load(engine, rank, start = 0, end = rows) {
        const p0 = indptr[start], p1 = indptr[end];
        return CsrData.create(engine, {
          rows: end - start, cols, nnz: p1 - p0,
          copyInto(outIndptr, outIndices, outValues) {
            for (let i = start; i <= end; i++) outIndptr[i - start] = indptr[i] - p0;
            outIndices.set(indices.subarray(p0, p1));
            outValues.set(values.subarray(p0, p1));
            return largestEntry(outValues);
          },
        }, rank);
      },
    };
  }
  const source = denseSource(input, name);
  const { rows, cols } = source;
  const data = new Float32Array(rows * cols);
  source.copyInto(data);
  return {
    rows, cols, format: "dense",
    load(engine, _rank, start = 0, end = rows) {
      return DenseData.create(engine, {
        rows: end - start, cols,
        copyInto: (dest) => {
          dest.set(data.subarray(start * cols, end * cols));
          return largestEntry(dest);
        },
      });
    },
  };
}
