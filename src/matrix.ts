// Dense matrix types and the one pass that validates a caller's matrix while copying it.
import { MatrixShapeError, MatrixValueError } from "./errors.js";
import type { CsrMatrixLike } from "./sparse/csr.js";

/** A row-major float32 matrix, as nmf-wasm returns them. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/** A dense row-major matrix as callers may pass it. */
export interface DenseMatrixLike {
  rows: number;
  cols: number;
  data: Float32Array | Float64Array | ArrayLike<number>;
}

/** Anything accepted as V: dense row-major data, rows of numbers, or CSR. */
export type MatrixInput = DenseMatrixLike | number[][] | CsrMatrixLike;

/** Shape of a validated input, plus a way to copy its values out. */
export interface DenseSource {
  rows: number;
  cols: number;
  /** Copy row-major values into `dest` (length rows·cols), rejecting bad entries; returns the largest. */
  copyInto(dest: Float32Array): number;
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === "number" && Number.isInteger(x) && x > 0;
}

function isNumberArray(x: unknown): x is ArrayLike<number> {
  return Array.isArray(x) || x instanceof Float32Array || x instanceof Float64Array ||
    (ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) &&
      !(x instanceof BigUint64Array));
}

/** The error for a negative, NaN or infinite entry of matrix `name` at (row, col). */
export function badEntry(name: string, value: unknown, row: number, col: number): MatrixValueError {
  const at = `${name} at (${row}, ${col})`;
  if (typeof value !== "number") {
    return new MatrixValueError("NAN_ENTRY", `${at} is not a number (${typeof value})`, name, row, col);
  }
  if (Number.isNaN(value)) return new MatrixValueError("NAN_ENTRY", `${at} is NaN`, name, row, col);
  if (value < 0) {
    return new MatrixValueError("NEGATIVE_ENTRY", `${at} is negative (${value}); NMF needs non-negative data`, name, row, col);
  }
  return new MatrixValueError("INFINITE_ENTRY",
    `${at} is infinite or beyond float32 range (${value})`, name, row, col);
}

function badEntryAt(name: string, value: unknown, flat: number, cols: number): MatrixValueError {
  return badEntry(name, value, Math.floor(flat / cols), flat % cols);
}

/** Copy src[0:count] to dest as float32, failing on the first negative/NaN/infinite entry; returns the largest. */
function copyChecked(src: ArrayLike<number>, srcOffset: number, dest: Float32Array, destOffset: number,
  count: number, name: string, cols: number): number {
  let largest = 0;
  // Typed arrays hold numbers; a plain array may hold anything ("1", null, true would convert).
  // A BigInt would throw a raw TypeError on assignment: check the type first.
  const plain = Array.isArray(src);
  for (let t = 0; t < count; t++) {
    const x = src[srcOffset + t];
    if (plain && typeof x !== "number") throw badEntryAt(name, x, destOffset + t, cols);
    dest[destOffset + t] = x;
    const y = dest[destOffset + t];
    // One compare covers negative, NaN, ±Infinity and float32 overflow.
    if (!(y >= 0 && y < Infinity)) throw badEntryAt(name, x, destOffset + t, cols);
    if (y > largest) largest = y;
  }
  return largest;
}

/**
 * An object with a `format`, or CSR's arrays, is not dense data: 'CSR' or 'coo' must not be read
 * as a dense matrix whose other fields happen to fit.
 */
function rejectSparseShape(input: object, name: string): void {
  const { format } = input as { format?: unknown };
  if (format === "csr") {
    throw new MatrixShapeError("INVALID_TYPE", `${name} must be dense ({ rows, cols, data } or number[][]), not CSR`, name);
  }
  if (format !== undefined) {
    throw new MatrixShapeError("INVALID_TYPE",
      `${name} has format ${JSON.stringify(format) ?? String(format)}: the only format is 'csr' (exactly; dense data has no format)`, name);
  }
  if ("indptr" in input || "indices" in input) {
    throw new MatrixShapeError("INVALID_TYPE", `${name} has CSR arrays (indptr, indices) but no format: 'csr'`, name);
  }
}

/** Check the shape and type of `input` (named `name` in errors) without reading its values. */
export function denseSource(input: unknown, name: string): DenseSource {
  if (Array.isArray(input)) {
    const rows = input.length;
    if (rows === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${name} has no rows`, name);
    const first: unknown = input[0];
    if (!isNumberArray(first)) {
      throw new MatrixShapeError("INVALID_TYPE", `${name} must be an array of rows (number[][]) or { rows, cols, data }`, name);
    }
    const cols = first.length;
    if (cols === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${name} has no columns`, name);
    input.forEach((row: unknown, i) => {
      if (!isNumberArray(row)) throw new MatrixShapeError("INVALID_TYPE", `${name} row ${i} is not an array`, name);
      if (row.length !== cols) {
        throw new MatrixShapeError("SHAPE_MISMATCH", `${name} row ${i} has ${row.length} entries, row 0 has ${cols}`, name);
      }
    });
    return {
      rows, cols,
      copyInto(dest) {
        let largest = 0;
        for (let i = 0; i < rows; i++) largest = Math.max(largest, copyChecked(input[i] as ArrayLike<number>, 0, dest, i * cols, cols, name, cols));
        return largest;
      },
    };
  }
  if (input === null || typeof input !== "object") {
    throw new MatrixShapeError("INVALID_TYPE", `${name} must be { rows, cols, data } or number[][], got ${input === null ? "null" : typeof input}`, name);
  }
  rejectSparseShape(input, name);
  const { rows, cols, data } = input as Partial<DenseMatrixLike>;
  if (rows === 0 || cols === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${name} is empty (${rows}×${cols})`, name);
  if (!isPositiveInteger(rows) || !isPositiveInteger(cols)) {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.rows and ${name}.cols must be positive integers`, name);
  }
  if (!isNumberArray(data)) {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.data must be a Float32Array, Float64Array or number[]`, name);
  }
  if (data.length !== rows * cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name}.data has ${data.length} entries but ${name} is ${rows}×${cols} (${rows * cols})`, name);
  }
  return { rows, cols, copyInto: (dest) => copyChecked(data, 0, dest, 0, rows * cols, name, cols) };
}

/** The largest entry of already-checked values (0 for none): what a source's copyInto reports. */
export function largestEntry(values: ArrayLike<number>): number {
  let largest = 0;
  for (let t = 0; t < values.length; t++) if (values[t] > largest) largest = values[t];
  return largest;
}
