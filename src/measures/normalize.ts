// Scale indeterminacy: V ≈ WH = (WD)(D⁻¹H) for any positive diagonal D. normalizeFactors picks D so
// one side's components have unit norm; WH is unchanged (to float32 rounding).
import { MatrixShapeError, OptionError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { readMatrix, type MeasureMatrix } from "./input.js";

export interface NormalizeOptions {
  /** Norm of each component made 1: 'l1' (sum, default), 'l2' (Euclidean) or 'max' (largest entry). */
  norm?: "l1" | "l2" | "max";
  /** Which factor's components get unit norm: 'H' (rows of H, default) or 'W' (columns of W). */
  side?: "W" | "H";
}

/**
 * W, H rescaled so the chosen side's components (W's columns or H's rows) have unit norm, the other
 * side taking the scale: W·diag(s), diag(1/s)·H. All-zero components stay as they are. New
 * matrices; the inputs are not written.
 */
export function normalizeFactors(W: MeasureMatrix, H: MeasureMatrix, options: NormalizeOptions = {}): { W: Matrix; H: Matrix } {
  const norm = options.norm ?? "l1", side = options.side ?? "H";
  if (norm !== "l1" && norm !== "l2" && norm !== "max") {
    throw new OptionError("INVALID_OPTION", `norm must be 'l1', 'l2' or 'max', got ${String(norm)}`, "norm");
  }
  if (side !== "W" && side !== "H") throw new OptionError("INVALID_OPTION", `side must be 'W' or 'H', got ${String(side)}`, "side");
  const w = readMatrix(W, "W"), h = readMatrix(H, "H");
  if (w.cols !== h.rows) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `W has ${w.cols} columns but H has ${h.rows} rows`, "H");
  }
  const k = w.cols, m = w.rows, n = h.cols;
  for (let c = 0; c < k; c++) {
    let size = 0;
    const count = side === "W" ? m : n;
    for (let t = 0; t < count; t++) {
      const x = side === "W" ? w.data[t * k + c] : h.data[c * n + t];
      size = norm === "l1" ? size + x : norm === "l2" ? size + x * x : Math.max(size, x);
    }
    if (norm === "l2") size = Math.sqrt(size);
    if (!(size > 0)) continue;
    const wScale = side === "W" ? 1 / size : size;
    for (let i = 0; i < m; i++) w.data[i * k + c] *= wScale;
    for (let j = 0; j < n; j++) h.data[c * n + j] /= wScale;
  }
  return { W: w, H: h };
}
