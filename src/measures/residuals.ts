// Residual measures of a fit (R NMF's rss and evar), on the engine: V (dense or CSR) is loaded
// once and ‖V − WH‖² summed in f64 by the same kernels the solvers' error checks use, so no JS loop
// over V's entries and no m×n WH. Both are invariant to rescaling W and H (normalizeFactors).
import { dataSource } from "../data/index.js";
import { withEngine } from "../engine.js";
import { MatrixShapeError } from "../errors.js";
import type { MatrixInput } from "../matrix.js";
import { readMatrix, type MeasureMatrix } from "./input.js";

/** ‖V − WH‖²_F and ‖V‖²_F, f64. */
export async function residuals(V: MatrixInput, W: MeasureMatrix, H: MeasureMatrix): Promise<{ rss: number; total: number }> {
  const source = dataSource(V, "V");
  const w = readMatrix(W, "W"), h = readMatrix(H, "H");
  if (w.rows !== source.rows || h.cols !== source.cols || w.cols !== h.rows) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `W (${w.rows}×${w.cols}) · H (${h.rows}×${h.cols}) does not match V (${source.rows}×${source.cols})`, w.cols !== h.rows ? "H" : "W");
  }
  return withEngine(async (engine) => {
    const data = source.load(engine, w.cols);
    const Wb = engine.alloc(w.rows, w.cols), Hb = engine.alloc(h.rows, h.cols);
    engine.write(Wb, w.data);
    engine.write(Hb, h.data);
    return { rss: Math.max(0, data.squaredError(Wb, Hb)), total: data.sumSquares };
  });
}

/** Residual sum of squares Σ (V − WH)², R's rss(fit, V). */
export async function rss(V: MatrixInput, W: MeasureMatrix, H: MeasureMatrix): Promise<number> {
  return (await residuals(V, W, H)).rss;
}

/**
 * Explained variance 1 − rss / Σ V² (R's evar: the total is the uncentred sum of squares).
 * An all-zero V explains nothing to explain: refused.
 */
export async function evar(V: MatrixInput, W: MeasureMatrix, H: MeasureMatrix): Promise<number> {
  const { rss: residual, total } = await residuals(V, W, H);
  return explainedVariance(residual, total);
}

export function explainedVariance(residual: number, total: number): number {
  if (!(total > 0)) throw new MatrixShapeError("EMPTY_MATRIX", "evar of an all-zero V is undefined", "V");
  return 1 - residual / total;
}
