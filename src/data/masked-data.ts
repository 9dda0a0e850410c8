// V with a weight per entry (0 = not observed): the products and losses of masked / weighted
// NMF. As a DataMatrix, V is S∘V (missing entries are zeros, which is what the initialization
// sees) and the losses sum only weighted entries: Σ s·(v − wh)², Σ s·(v·log(v/wh) − v + wh).
import type { Buf } from "../engine.js";
import type { SparseBuf } from "../engine-sparse.js";
import type { DataMatrix } from "./data-matrix.js";

/** The observed entries by row and by column, with their weights (undefined: all 1), for masked cd. */
export interface ObservedEntries {
  byRow: SparseBuf;
  byColumn: SparseBuf;
  rowWeights?: SparseBuf;
  columnWeights?: SparseBuf;
}

export interface MaskedData extends DataMatrix {
  /** The observed entries as sparse rows and columns (built on first use). */
  observedEntries(): ObservedEntries;
  /** out (m×k) = (S∘WH)·Hᵀ. */
  maskedProductW(out: Buf, W: Buf, H: Buf): void;
  /** out (k×n) = Wᵀ·(S∘WH). */
  maskedProductH(out: Buf, W: Buf, H: Buf): void;
  /** out (m×k) = S·Hᵀ (the KL denominator of W). */
  maskTimesHt(out: Buf, H: Buf): void;
  /** out (k×n) = Wᵀ·S (the KL denominator of H). */
  wtTimesMask(out: Buf, W: Buf): void;
}

/** β-divergences other than Frobenius and KL are refused before any masked data is built. */
function unsupportedBeta(): never {
  throw new Error("internal: masked NMF supports the Frobenius and KL losses only");
}

/** What every masked data matrix shares: the fused KL check, and no zero rule or general β. */
export abstract class MaskedDataBase {
  abstract klNumeratorW(out: Buf, W: Buf, H: Buf): void;
  abstract klDivergence(W: Buf, H: Buf): number;

  klNumeratorWAndDivergence(out: Buf, W: Buf, H: Buf): number {
    this.klNumeratorW(out, W, H);
    return this.klDivergence(W, H);
  }

  /** β ≤ 0 is refused with masks, so no zero of V ever needs reporting. */
  firstZero(): undefined { return undefined; }
  betaNumeratorW(): void { unsupportedBeta(); }
  betaNumeratorH(): void { unsupportedBeta(); }
  betaDivergence(): number { return unsupportedBeta(); }
}
