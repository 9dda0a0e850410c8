// The one place losses are defined (scikit-learn's _beta_divergence with square_root=True).
// A loss is its β: 2 Frobenius, 1 (generalized) Kullback-Leibler, 0 Itakura-Saito, any other
// number a β-divergence.
//   β = 2:  ‖V − WH‖_F                                 (reconstructionError)
//   other:  √(2·D_β),  D_1 = Σ_{V>eps} V·log(V/WH) − V + Σ WH
//                      D_0 = Σ_{V>eps} (V/WH − log(V/WH)) − m·n
//                      D_β = (Σ_{V>eps} (V^β − β·V·WH^(β−1)) + (β−1)·Σ WH^β) / (β(β−1))
import type { DataMatrix, FrobeniusTraces } from "./data/data-matrix.js";
import type { Buf } from "./engine.js";

export const FROBENIUS = 2;
export const KULLBACK_LEIBLER = 1;
export const ITAKURA_SAITO = 0;

/**
 * Error from the scaled divergence: √(2·D) for β ≠ 2, √(‖·‖²) for Frobenius. A finite negative
 * value is rounding of a near-exact fit (0); −∞ or NaN is a failed sum (a ratio V/WH beyond float32)
 * and stays NaN, for the caller's check to refuse, rather than becoming an error of exactly 0.
 */
function fromSquared(squared: number): number {
  return squared > -Infinity ? Math.sqrt(Math.max(squared, 0)) : NaN;
}

/** D_β from the kernels' sums (beta.ts): subtract m·n for Itakura-Saito, else divide by β(β−1). */
export function betaDivergenceFromSums(sums: number, beta: number, entries: number): number {
  return beta === ITAKURA_SAITO ? sums - entries : sums / (beta * (beta - 1));
}

/**
 * scikit-learn's reconstruction error of V ≈ WH for the loss β. For Frobenius, `traces` the
 * solver already holds may stand in for a pass over V where they are accurate.
 */
export function reconstructionError(V: DataMatrix, beta: number, W: Buf, H: Buf, traces?: FrobeniusTraces): number {
  if (beta === FROBENIUS) return fromSquared(V.squaredError(W, H, traces));
  if (beta === KULLBACK_LEIBLER) return klErrorFromDivergence(V.klDivergence(W, H));
  return fromSquared(2 * V.betaDivergence(W, H, beta));
}

/** The KL reconstruction error √(2·D) from a divergence D computed elsewhere (a fused pass). */
export function klErrorFromDivergence(divergence: number): number {
  return fromSquared(2 * divergence);
}

/** scikit-learn's exponent γ of the multiplicative update for a β-divergence. */
export function updateExponent(beta: number): number {
  if (beta < 1) return 1 / (2 - beta);
  if (beta > 2) return 1 / (beta - 1);
  return 1;
}
