// The one place losses are defined (scikit-learn's _beta_divergence with square_root=True):
//   frobenius:         ‖V − WH‖_F
//   kullback-leibler:  √(2·D),  D = Σ_{V>eps} V·log(V/WH) − V  +  Σ WH
import type { Buf, Engine } from "./engine.js";

export type Loss = "frobenius" | "kullback-leibler";

/**
 * Below this fraction of ‖V‖², the trace form ‖V‖² − 2⟨WᵀV, H⟩ + ⟨WᵀW, HHᵀ⟩ has cancelled
 * too many digits of its f32 products to be trusted: sum (V − WH)² directly instead.
 */
const TRACE_FORM_MIN_FRACTION = 1e-2;

/** Error from the scaled divergence: √(2·D) for KL, √(‖·‖²) for Frobenius; never negative. */
function fromSquared(squared: number): number {
  return Math.sqrt(Math.max(squared, 0));
}

/** Reconstruction error computed directly, a row block of WH at a time. */
export function reconstructionError(engine: Engine, loss: Loss, V: Buf, W: Buf, H: Buf, scratch: Buf): number {
  return loss === "frobenius"
    ? fromSquared(engine.squaredError(V, W, H, scratch))
    : fromSquared(2 * engine.klDivergence(V, W, H, scratch));
}

/**
 * Frobenius error from traces the solver already has: cross = ⟨WᵀV, H⟩ (or ⟨VHᵀ, W⟩),
 * gramDot = ⟨WᵀW, HHᵀ⟩. Falls back to the direct sum when the trace form cancels.
 */
export function frobeniusErrorFromTraces(engine: Engine, normV2: number, cross: number, gramDot: number,
  V: Buf, W: Buf, H: Buf, scratch: Buf): number {
  const squared = normV2 - 2 * cross + gramDot;
  if (squared < TRACE_FORM_MIN_FRACTION * normV2) return fromSquared(engine.squaredError(V, W, H, scratch));
  return Math.sqrt(squared);
}
