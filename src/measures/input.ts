// Reading a caller's matrix, vector or labels for a measure: validated once, copied, never written.
import { MatrixShapeError } from "../errors.js";
import { denseSource, type DenseMatrixLike, type Matrix } from "../matrix.js";

/** A dense matrix as the measures accept it. */
export type MeasureMatrix = DenseMatrixLike | number[][];

/**
 * Largest n for the n×n measures (consensus, average linkage, silhouette): their O(n²) memory is
 * then at most 100 MB (n² float32) per matrix, 100 MB for the linkage's condensed float64 distances.
 */
export const MAX_CONSENSUS_SAMPLES = 5000;

/** A validated float32 copy (non-negative, finite entries). */
export function readMatrix(input: MeasureMatrix, name: string): Matrix {
  const source = denseSource(input, name);
  const data = new Float32Array(source.rows * source.cols);
  source.copyInto(data);
  return { rows: source.rows, cols: source.cols, data };
}

/** Refuse an n×n measure above MAX_CONSENSUS_SAMPLES with a typed error naming the cap. */
export function checkSampleCap(n: number, name: string): void {
  if (n > MAX_CONSENSUS_SAMPLES) {
    throw new MatrixShapeError("TOO_LARGE",
      `${name} would be ${n}×${n}: the consensus measures hold n×n matrices and accept n ≤ ${MAX_CONSENSUS_SAMPLES} samples`, name);
  }
}

/** A validated square matrix (a consensus or connectivity matrix), within the sample cap. */
export function readSquare(input: MeasureMatrix, name: string): Matrix {
  const M = readMatrix(input, name);
  if (M.rows !== M.cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `${name} must be square (samples × samples), got ${M.rows}×${M.cols}`, name);
  }
  checkSampleCap(M.rows, name);
  return M;
}

/** Labels of any primitive kind (numbers, strings) → codes 0…L−1 in order of first appearance. */
export function labelCodes(labels: ArrayLike<number | string>, name: string): { codes: Int32Array; count: number } {
  if (labels === null || typeof labels !== "object" || typeof labels.length !== "number") {
    throw new MatrixShapeError("INVALID_TYPE", `${name} must be an array of labels (numbers or strings)`, name);
  }
  if (labels.length === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${name} is empty`, name);
  const index = new Map<number | string, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(typeof label === "string" || (typeof label === "number" && Number.isFinite(label)))) {
      throw new MatrixShapeError("INVALID_TYPE", `${name}[${i}] must be a finite number or a string, got ${String(label)}`, name);
    }
    let code = index.get(label);
    if (code === undefined) index.set(label, code = index.size);
    codes[i] = code;
  }
  return { codes, count: index.size };
}
