// Reading a fitted topic model: the top terms of each topic (rows of H) and each document's topic
// mix (rows of W).
import { MatrixShapeError, MatrixValueError, OptionError } from "../errors.js";

/** A dense row-major matrix, e.g. `W` or `H` of an NMF result. */
export interface DenseMatrixView {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** A term and its weight in a topic. */
export interface TermWeight {
  term: string;
  weight: number;
}

/** Each document's topic weights, and its dominant topic. */
export interface DocumentTopics {
  /** rows × k, row-major; with `normalize`, each row sums to 1 (an all-zero row stays zero). */
  weights: { rows: number; cols: number; data: Float64Array };
  /** Index of each document's largest topic weight (the lowest index on a tie), −1 for an all-zero row. */
  dominant: Int32Array;
}

function checkDense(M: unknown, name: string): DenseMatrixView {
  if (M === null || typeof M !== "object") {
    throw new MatrixShapeError("INVALID_TYPE", `${name} must be a { rows, cols, data } matrix, got ${String(M)}`, name);
  }
  const { rows, cols, data } = M as Partial<DenseMatrixView>;
  if (typeof rows !== "number" || typeof cols !== "number" || !Number.isInteger(rows) || !Number.isInteger(cols) ||
    rows < 0 || cols < 0) {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.rows and ${name}.cols must be non-negative integers`, name);
  }
  if (data === null || typeof data !== "object" || typeof (data as ArrayLike<number>).length !== "number") {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.data must be an array or typed array of numbers`, name);
  }
  if (data.length !== rows * cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name}.data has ${data.length} entries, expected rows × cols = ${rows} × ${cols} = ${rows * cols}`, name);
  }
  return { rows, cols, data };
}

function badValue(name: string, x: number, row: number, col: number): MatrixValueError | undefined {
  if (Number.isNaN(x) || typeof x !== "number") return new MatrixValueError("NAN_ENTRY", `${name} has NaN at (${row}, ${col})`, name, row, col);
  if (x < 0) return new MatrixValueError("NEGATIVE_ENTRY", `${name} has a negative entry ${x} at (${row}, ${col})`, name, row, col);
  if (x === Infinity) return new MatrixValueError("INFINITE_ENTRY", `${name} has an infinite entry at (${row}, ${col})`, name, row, col);
  return undefined;
}

/**
 * The `n` highest-weighted terms of each topic (row of H), by descending weight; ties go to the
 * lower column (the alphabetically first term for a vectorizer's vocabulary). With `n` ≥ H.cols,
 * every term is listed.
 */
export function topTerms(H: DenseMatrixView, vocabulary: readonly string[], n = 10): TermWeight[][] {
  const { rows, cols, data } = checkDense(H, "H");
  if (!Array.isArray(vocabulary)) {
    throw new MatrixShapeError("INVALID_TYPE", "vocabulary must be an array of strings", "vocabulary");
  }
  if (vocabulary.length !== cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `vocabulary has ${vocabulary.length} terms but H has ${cols} columns (they must match: one column per term)`, "H");
  }
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new OptionError("INVALID_OPTION", `n must be a positive integer, got ${String(n)}`, "n");
  }
  const take = Math.min(n, cols);
  const result: TermWeight[][] = [];
  const order = new Int32Array(cols);
  const row = new Float64Array(cols);
  for (let k = 0; k < rows; k++) {
    for (let j = 0; j < cols; j++) {
      const x = data[k * cols + j];
      if (Number.isNaN(x) || typeof x !== "number") {
        throw new MatrixValueError("NAN_ENTRY", `H has NaN at (${k}, ${j})`, "H", k, j);
      }
      row[j] = x;
      order[j] = j;
    }
    // Full sort of the column indices: O(cols log cols) per topic, fine for k ≪ cols.
    order.sort((a, b) => row[b] - row[a] || a - b);
    const terms: TermWeight[] = [];
    for (let r = 0; r < take; r++) terms.push({ term: vocabulary[order[r]], weight: row[order[r]] });
    result.push(terms);
  }
  return result;
}

/**
 * Each document's topic weights (rows of W) and its dominant topic. With `normalize` (default
 * true) each row is divided by its sum, so it reads as the document's topic proportions; an
 * all-zero row stays zero and has dominant topic −1. W must be non-negative.
 */
export function documentTopics(W: DenseMatrixView, options: { normalize?: boolean | undefined } = {}): DocumentTopics {
  const { rows, cols, data } = checkDense(W, "W");
  if (options === null || typeof options !== "object") {
    throw new OptionError("INVALID_OPTION", "options must be an object { normalize?: boolean }", "options");
  }
  for (const key of Object.keys(options)) {
    if (key !== "normalize") throw new OptionError("UNKNOWN_OPTION", `unknown option '${key}'`, key);
  }
  const normalize = options.normalize ?? true;
  if (typeof normalize !== "boolean") {
    throw new OptionError("INVALID_OPTION", `normalize must be true or false, got ${String(normalize)}`, "normalize");
  }
  const out = new Float64Array(rows * cols);
  const dominant = new Int32Array(rows).fill(-1);
  for (let i = 0; i < rows; i++) {
    let sum = 0, best = 0;
    for (let c = 0; c < cols; c++) {
      const x = data[i * cols + c];
      const bad = badValue("W", x, i, c);
      if (bad) throw bad;
      out[i * cols + c] = x;
      sum += x;
      if (x > best) {
        best = x;
        dominant[i] = c;
      }
    }
    if (normalize && sum > 0) {
      for (let c = 0; c < cols; c++) out[i * cols + c] /= sum;
    }
  }
  return { weights: { rows, cols, data: out }, dominant };
}
