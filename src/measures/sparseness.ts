// Hoyer's sparseness, as R NMF's sparseness(): (√n − ‖x‖₁/‖x‖₂)/(√n − 1), 0 for a flat vector, 1 for
// a single non-zero. Scale-invariant per vector, so normalizeFactors does not change a vector's value.
import { MatrixShapeError, MatrixValueError } from "../errors.js";
import { readMatrix, type MeasureMatrix } from "./input.js";

/** Sparseness of count values read at start, start + stride, …; undefined for an all-zero vector. */
function hoyer(data: Float32Array, start: number, stride: number, count: number): number | undefined {
  let l1 = 0, l2 = 0;
  for (let t = 0, p = start; t < count; t++, p += stride) {
    const x = data[p];
    l1 += Math.abs(x);
    l2 += x * x;
  }
  if (l2 === 0) return undefined;
  const root = Math.sqrt(count);
  return (root - l1 / Math.sqrt(l2)) / (root - 1);
}

export interface SparsenessOptions {
  /** 'columns' (default, R's sparseness of a matrix): mean over columns; 'rows': mean over rows. */
  along?: "columns" | "rows";
}

function isVector(x: unknown): x is ArrayLike<number> {
  return ArrayBuffer.isView(x) || (Array.isArray(x) && (x.length === 0 || !Array.isArray(x[0])));
}

/**
 * Hoyer's sparseness of a vector, or the mean sparseness of a matrix's columns (R NMF's definition;
 * `along: 'rows'` for its rows). A matrix's all-zero vectors are skipped, as R's na.rm; an all-zero
 * vector on its own, or vectors of length 1, are refused (R gives NaN).
 * Reading NMF factors in our orientation (V samples × features): R's sparseness of the basis is our
 * H's rows (`sparseness(H, { along: 'rows' })`), of the coefficients our W's rows.
 */
export function sparseness(x: ArrayLike<number> | MeasureMatrix, options: SparsenessOptions = {}): number {
  const along = options.along ?? "columns";
  if (along !== "columns" && along !== "rows") {
    throw new MatrixShapeError("INVALID_TYPE", `along must be 'columns' or 'rows', got ${String(along)}`, "x");
  }
  const M = isVector(x)
    ? readMatrix({ rows: 1, cols: x.length, data: x }, "x")
    : readMatrix(x as MeasureMatrix, "x");
  const byRows = isVector(x) || along === "rows";
  const count = byRows ? M.cols : M.rows, vectors = byRows ? M.rows : M.cols;
  if (count < 2) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `sparseness needs vectors of length ≥ 2, got ${count}`, "x");
  }
  let sum = 0, used = 0;
  for (let v = 0; v < vectors; v++) {
    const s = byRows ? hoyer(M.data, v * M.cols, 1, count) : hoyer(M.data, v, M.cols, count);
    if (s !== undefined) {
      sum += s;
      used++;
    }
  }
  if (used === 0) throw new MatrixValueError("ALL_ZERO_FACTOR", "sparseness of an all-zero vector is undefined", "x", 0, 0);
  return sum / used;
}
