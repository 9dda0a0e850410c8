// Building CSR matrices: from coordinates (COO, duplicates summed as scipy does), from dense
// data, and back to dense. Structure is checked here; values are checked (non-negative,
// finite) when the matrix is passed to nmf.
import { MatrixShapeError, MatrixValueError } from "../errors.js";
import { denseSource, type Matrix, type MatrixInput } from "../matrix.js";
import { MAX_INDEX, csrSource, isCsr, type CsrMatrix, type CsrMatrixLike } from "./csr.js";

/**
 * The most the sparse helpers allocate for one matrix in JavaScript arrays: nmf-wasm's whole
 * WebAssembly memory (4 GiB) could not hold more, so larger is refused before allocating.
 */
export const HOST_ARRAY_LIMIT_BYTES = 2 ** 32;

/** Bytes of a CSR matrix's arrays (i32 indptr and indices, f32 values). */
export function csrHostBytes(rows: number, nnz: number): number {
  return 4 * (rows + 1) + 8 * nnz;
}

export interface CooMatrixLike {
  rows: number;
  cols: number;
  /** Row and column of each entry, 0-based. */
  row: ArrayLike<number>;
  col: ArrayLike<number>;
  data: ArrayLike<number>;
}

function shapeError(code: "INVALID_TYPE" | "SHAPE_MISMATCH" | "EMPTY_MATRIX" | "INVALID_INDEX", message: string, name: string) {
  return new MatrixShapeError(code, message, name);
}

/**
 * CSR from coordinates: entries sorted by row, then column; entries at the same (row, col)
 * are summed. Explicit zeros are kept (as scipy keeps them); they change nothing in a fit.
 */
export function cooToCsr(coo: CooMatrixLike, name = "coo"): CsrMatrix {
  if (typeof coo !== "object" || coo === null) throw shapeError("INVALID_TYPE", `${name} must be { rows, cols, row, col, data }`, name);
  const { rows, cols, row, col, data } = coo;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1 || rows > MAX_INDEX || cols > MAX_INDEX) {
    throw shapeError(rows === 0 || cols === 0 ? "EMPTY_MATRIX" : "INVALID_TYPE", `${name}.rows and ${name}.cols must be positive integers ≤ 2³¹ − 1`, name);
  }
  const nnz = data?.length;
  if (nnz !== undefined && csrHostBytes(rows, nnz) > HOST_ARRAY_LIMIT_BYTES) {
    throw shapeError("SHAPE_MISMATCH", `${name} is ${rows}×${cols}: its CSR would exceed ${HOST_ARRAY_LIMIT_BYTES / 2 ** 30} GiB`, name);
  }
  if (nnz === undefined || row?.length !== nnz || col?.length !== nnz) {
    throw shapeError("SHAPE_MISMATCH", `${name}.row, ${name}.col and ${name}.data must have the same length`, name);
  }
  for (let t = 0; t < nnz; t++) {
    const i = row[t], j = col[t];
    if (typeof data[t] !== "number") throw new MatrixValueError("NAN_ENTRY", `${name} entry ${t} is not a number (${typeof data[t]})`, name, i, j);
    if (!Number.isInteger(i) || i < 0 || i >= rows || !Number.isInteger(j) || j < 0 || j >= cols) {
      throw shapeError("INVALID_INDEX", `${name} entry ${t} is at (${i}, ${j}), outside ${rows}×${cols}`, name);
    }
  }
  // Counting sort by row, then each row sorted by column with duplicates summed.
  const start = new Int32Array(rows + 1);
  for (let t = 0; t < nnz; t++) start[row[t] + 1]++;
  for (let i = 0; i < rows; i++) start[i + 1] += start[i];
  const fill = start.slice(0, rows);
  const order = new Int32Array(nnz);
  for (let t = 0; t < nnz; t++) order[fill[row[t]]++] = t;
  const indptr = new Int32Array(rows + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const entries = Array.from(order.subarray(start[i], start[i + 1])).sort((a, b) => col[a] - col[b] || a - b);
    for (const t of entries) {
      if (indices.length > indptr[i] && indices[indices.length - 1] === col[t]) values[values.length - 1] += data[t];
      else {
        indices.push(col[t]);
        values.push(data[t]);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { format: "csr", rows, cols, indptr, indices: Int32Array.from(indices), data: Float32Array.from(values) };
}

/** CSR holding the non-zeros of a dense matrix (any form nmf accepts as dense). */
export function denseToCsr(input: MatrixInput, name = "V"): CsrMatrix {
  const source = denseSource(input, name);
  const dense = new Float32Array(source.rows * source.cols);
  source.copyInto(dense);
  const indptr = new Int32Array(source.rows + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < source.rows; i++) {
    for (let j = 0; j < source.cols; j++) {
      const x = dense[i * source.cols + j];
      if (x !== 0) {
        indices.push(j);
        values.push(x);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { format: "csr", rows: source.rows, cols: source.cols, indptr, indices: Int32Array.from(indices), data: Float32Array.from(values) };
}

/** The dense row-major form of a CSR matrix. */
export function csrToDense(csr: CsrMatrixLike): Matrix {
  if (!isCsr(csr)) throw shapeError("INVALID_TYPE", "csrToDense needs a CSR matrix { format: 'csr', rows, cols, indptr, indices, data }", "csr");
  csrSource(csr, "csr");
  if (csr.rows * csr.cols * 4 > HOST_ARRAY_LIMIT_BYTES) {
    throw shapeError("SHAPE_MISMATCH", `a dense ${csr.rows}×${csr.cols} float32 matrix would exceed ${HOST_ARRAY_LIMIT_BYTES / 2 ** 30} GiB`, "csr");
  }
  const data = new Float32Array(csr.rows * csr.cols);
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) data[i * csr.cols + csr.indices[p]] += csr.data[p];
  }
  return { rows: csr.rows, cols: csr.cols, data };
}
