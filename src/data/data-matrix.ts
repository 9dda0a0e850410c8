// The data matrix V as the solvers see it: the products and losses they need, whatever its
// storage. Dense and CSR data implement the same operations, so every solver and the
// initialization run unchanged on either (and give the same numbers to float rounding).
import type { Buf } from "../engine.js";

/** Traces the Frobenius solvers already hold at a check: ⟨WᵀV, H⟩ and ⟨WᵀW, HHᵀ⟩. */
export interface FrobeniusTraces {
  cross: number;
  gramDot: number;
}

/**
 * Below this fraction of ‖V‖², the trace form ‖V‖² − 2⟨WᵀV, H⟩ + ⟨WᵀW, HHᵀ⟩ has cancelled
 * too many digits of its f32 products to be trusted.
 */
const TRACE_FORM_MIN_FRACTION = 1e-2;

/** ‖V − WH‖² from the traces, or undefined where that would have cancelled (sum directly then). */
export function squaredErrorFromTraces(sumSquares: number, traces: FrobeniusTraces | undefined): number | undefined {
  if (!traces) return undefined;
  const squared = sumSquares - 2 * traces.cross + traces.gramDot;
  // Infinity (an f32 trace overflowed) is not an answer either: sum directly.
  return squared >= TRACE_FORM_MIN_FRACTION * sumSquares && squared < Infinity ? squared : undefined;
}

export interface DataMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Σ V and Σ V², in f64 (fixed at setup). */
  readonly sum: number;
  readonly sumSquares: number;
  /**
   * Entries of V that are not 0, whatever the storage (the 'hals' sweep budget's K): counted, not
   * taken from the storage, so dense and CSR copies of one matrix get the same iterates.
   */
  readonly nonZeros: number;
  /** out (m×c) = V·B, B n×c. */
  vTimes(out: Buf, B: Buf): void;
  /** out (n×c) = Vᵀ·B, B m×c. */
  vtTimes(out: Buf, B: Buf): void;
  /** out (m×k) = V·Hᵀ, H k×n. */
  vTimesHt(out: Buf, H: Buf): void;
  /** out (k×n) = Wᵀ·V, W m×k. */
  wtTimesV(out: Buf, W: Buf): void;
  /** KL numerator of the W update: out (m×k) = (V / WH)·Hᵀ, exact zeros of WH → eps. */
  klNumeratorW(out: Buf, W: Buf, H: Buf): void;
  /**
   * KL numerator of the H update: out (k×n) = Wᵀ·(V / WH). `hUnchanged`: H is the same, unchanged,
   * as at this V's last klNumeratorW or betaNumeratorW (MU updates W, then H), so an implementation
   * may reuse what it derived from H there.
   */
  klNumeratorH(out: Buf, W: Buf, H: Buf, hUnchanged?: boolean): void;
  /** Generalized KL divergence D(V‖WH) (scikit-learn's), f64. */
  klDivergence(W: Buf, H: Buf): number;
  /**
   * klNumeratorW and klDivergence of the same W, H at once (an error check followed by the next W
   * update needs both); returns the divergence. An implementation may form WH once for both.
   */
  klNumeratorWAndDivergence(out: Buf, W: Buf, H: Buf): number;
  /** Numerators of a β-divergence update (β ∉ {1, 2}): (V·WH^(β−2))·Hᵀ (m×k) and Wᵀ·(V·WH^(β−2)) (k×n). */
  betaNumeratorW(out: Buf, W: Buf, H: Buf, beta: number): void;
  betaNumeratorH(out: Buf, W: Buf, H: Buf, beta: number, hUnchanged?: boolean): void;
  /** scikit-learn's β-divergence D_β(V‖WH) for β ∉ {1, 2}, f64. */
  betaDivergence(W: Buf, H: Buf, beta: number): number;
  /** (row, col) of the first entry equal to 0 (stored or implicit), if any: β ≤ 0 cannot fit it. */
  firstZero(): [number, number] | undefined;
  /** ‖V − WH‖²_F, f64; `traces` lets an implementation skip a pass when that is accurate. */
  squaredError(W: Buf, H: Buf, traces?: FrobeniusTraces): number;
}
