// CSR input: types, the structural checks made before anything is copied, and the one pass
// that validates values while copying them (canonical: column indices sorted in each row).
import { MatrixShapeError } from "../errors.js";
import { badEntry } from "../matrix.js";

type IndexArray = Int32Array | Uint32Array | number[];

/** Indices are stored as i32: no dimension can exceed this. */
export const MAX_INDEX = 2 ** 31 - 1;

/** A compressed-sparse-row matrix as callers may pass it. */
export interface CsrMatrixLike {
  format: "csr";
  rows: number;
  cols: number;
  /** rows + 1 offsets into indices/data, non-decreasing, from 0 to nnz. */
  indptr: IndexArray;
  /** Column of each stored entry (unsorted allowed, duplicates within a row are not). */
  indices: IndexArray;
  data: Float32Array | Float64Array | number[];
}

/** A CSR matrix as nmf-wasm returns them: sorted rows, float32 values. */
export interface CsrMatrix {
  format: "csr";
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

export interface CsrSource {
  rows: number;
  cols: number;
  nnz: number;
  /** Copy into arrays of length rows+1, nnz, nnz: rows sorted by column, values checked; returns the largest value. */
  copyInto(indptr: Int32Array, indices: Int32Array, values: Float32Array): number;
}

export function isCsr(x: unknown): x is CsrMatrixLike {
  return typeof x === "object" && x !== null && (x as { format?: unknown }).format === "csr";
}

const isIndexArray = (x: unknown): x is IndexArray =>
  Array.isArray(x) || x instanceof Int32Array || x instanceof Uint32Array;
const isValueArray = (x: unknown): x is CsrMatrixLike["data"] =>
  Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array;

function shapeError(code: "INVALID_TYPE" | "SHAPE_MISMATCH" | "EMPTY_MATRIX" | "INVALID_INDEX" | "DUPLICATE_ENTRY",
  message: string, name: string): MatrixShapeError {
  return new MatrixShapeError(code, message, name);
}

/** Check a CSR matrix's type, shape and structure (O(nnz + cols)), reading no values. */
export function csrSource(input: CsrMatrixLike, name: string): CsrSource {
  const { rows, cols, indptr, indices, data } = input;
  if (rows === 0 || cols === 0) throw shapeError("EMPTY_MATRIX", `${name} is empty (${rows}×${cols})`, name);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows > MAX_INDEX || cols > MAX_INDEX) {
    throw shapeError("INVALID_TYPE", `${name}.rows and ${name}.cols must be positive integers ≤ 2³¹ − 1`, name);
  }
  if (!isIndexArray(indptr) || !isIndexArray(indices)) {
    throw shapeError("INVALID_TYPE", `${name}.indptr and ${name}.indices must be Int32Array, Uint32Array or number[]`, name);
  }
  if (!isValueArray(data)) {
    throw shapeError("INVALID_TYPE", `${name}.data must be a Float32Array, Float64Array or number[]`, name);
  }
  if (indptr.length !== rows + 1) {
    throw shapeError("SHAPE_MISMATCH", `${name}.indptr has ${indptr.length} entries, expected rows + 1 = ${rows + 1}`, name);
  }
  const nnz = indices.length;
  if (data.length !== nnz) {
    throw shapeError("SHAPE_MISMATCH", `${name}.data has ${data.length} entries but ${name}.indices has ${nnz}`, name);
  }
  if (indptr[0] !== 0) throw shapeError("INVALID_INDEX", `${name}.indptr[0] must be 0, got ${indptr[0]}`, name);
  if (indptr[rows] !== nnz) {
    throw shapeError("INVALID_INDEX", `${name}.indptr[${rows}] is ${indptr[rows]} but there are ${nnz} stored entries`, name);
  }
  // Memory in proportion to the stored entries, never to cols (a 1-entry matrix may declare 2³¹
  // columns): a sorted row shows a duplicate as two equal neighbours; an unsorted one is sorted.
  let sorted = true;
  for (let i = 0; i < rows; i++) {
    const start = indptr[i], end = indptr[i + 1];
    if (!Number.isInteger(end) || end < start || end > nnz) {
      throw shapeError("INVALID_INDEX", `${name}.indptr decreases at row ${i} (${start} → ${end})`, name);
    }
    let rowSorted = true;
    for (let p = start; p < end; p++) {
      const j = indices[p];
      if (!Number.isInteger(j) || j < 0 || j >= cols) {
        throw shapeError("INVALID_INDEX", `${name}.indices[${p}] = ${j} (row ${i}) is not a column in [0, ${cols})`, name);
      }
      if (p > start && j <= indices[p - 1]) rowSorted = false;
    }
    const duplicate = rowSorted ? undefined : firstDuplicate(indices, start, end);
    if (duplicate !== undefined) {
      throw shapeError("DUPLICATE_ENTRY", `${name} stores (${i}, ${duplicate}) twice; sum duplicates first (cooToCsr does)`, name);
    }
    if (!rowSorted) sorted = false;
  }
  return {
    rows, cols, nnz,
    copyInto(outIndptr, outIndices, values) {
      let largest = 0;
      for (let i = 0; i <= rows; i++) outIndptr[i] = indptr[i];
      for (let p = 0; p < nnz; p++) {
        outIndices[p] = indices[p];
        // A BigInt would throw a raw TypeError on assignment: check the type first.
        if (typeof data[p] !== "number") throw badEntry(name, data[p], rowOf(indptr, p), indices[p]);
        values[p] = data[p];
        // One compare covers negative, NaN, ±Infinity and float32 overflow.
        if (!(values[p] >= 0 && values[p] < Infinity)) throw badEntry(name, data[p], rowOf(indptr, p), indices[p]);
        if (values[p] > largest) largest = values[p];
      }
      if (!sorted) sortRows(outIndptr, outIndices, values, rows);
      return largest;
    },
  };
}

/** A column stored twice in indices[start, end), if any (the row's indices sorted in a copy). */
function firstDuplicate(indices: IndexArray, start: number, end: number): number | undefined {
  const row = Float64Array.from({ length: end - start }, (_, t) => indices[start + t]).sort();
  for (let t = 1; t < row.length; t++) if (row[t] === row[t - 1]) return row[t];
  return undefined;
}

function rowOf(indptr: IndexArray, p: number): number {
  let lo = 0, hi = indptr.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (indptr[mid] <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sort each row's (index, value) pairs by column. */
function sortRows(indptr: Int32Array, indices: Int32Array, values: Float32Array, rows: number): void {
  for (let i = 0; i < rows; i++) {
    const start = indptr[i], end = indptr[i + 1];
    let ordered = true;
    for (let p = start + 1; p < end && ordered; p++) ordered = indices[p - 1] < indices[p];
    if (ordered) continue;
    const order = Array.from({ length: end - start }, (_, t) => start + t).sort((a, b) => indices[a] - indices[b]);
    const idx = order.map((p) => indices[p]), val = order.map((p) => values[p]);
    indices.set(idx, start);
    values.set(val, start);
  }
}
