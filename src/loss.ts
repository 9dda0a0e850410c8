// The one place losses are defined (scikit-learn's _beta_divergence with square_root=True):
//   frobenius:         ‖V − WH‖_F
//   kullback-leibler:  √(2·D),  D = Σ_{V>eps} V·log(V/WH) − V  +  Σ WH
import type { DataMatrix, FrobeniusTraces } from "./data/data-matrix.js";
import type { Buf } from "./engine.js";

export type Loss = "frobenius" | "kullback-leibler";

/** Error from the scaled divergence: √(2·D) for KL, √(‖·‖²) for Frobenius; never negative. */
function fromSquared(squared: number): number {
  return Math.sqrt(Math.max(squared, 0));
}

/**
 * scikit-learn's reconstruction error of V ≈ WH. For Frobenius, `traces` the solver already
 * holds may stand in for a pass over V where they are accurate.
 */
export function reconstructionError(V: DataMatrix, loss: Loss, W: Buf, H: Buf, traces?: FrobeniusTraces): number {
  return loss === "frobenius"
    ? fromSquared(V.squaredError(W, H, traces))
    : fromSquared(2 * V.klDivergence(W, H));
}
