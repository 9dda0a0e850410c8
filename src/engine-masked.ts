// Calls of the weighted (masked) dense kernels (assembly/masked.ts). Like engine.ts, the only
// place their pointers are spelled out.
import type { Buf, Engine } from "./engine.js";
import type { SparseBuf } from "./engine-sparse.js";

const FOR = { W: 0, H: 1 } as const;
const LOSS = { squared: 0, kl: 1 } as const;

/** (S∘WH)·Hᵀ (out m×k, "W") or Wᵀ·(S∘WH) (out k×n, "H"), WH a row block at a time in `scratch`. */
export function weightedProduct(engine: Engine, side: keyof typeof FOR, out: Buf, S: Buf, W: Buf, H: Buf, scratch: Buf): void {
  if (side === "H") engine.fill(out, 0);
  engine.k.weightedProduct(FOR[side], 0, S.rows, S.cols, W.cols, S.ptr, S.cols, W.ptr, W.cols, H.ptr, H.cols,
    out.ptr, out.cols, scratch.ptr, scratch.rows, engine.work);
}

/** Σ s·(v − wh)² or Σ s·(v·log(v/wh) − v + wh), f64 (V with missing entries as zeros, S its weights). */
export function weightedLoss(engine: Engine, loss: keyof typeof LOSS, V: Buf, S: Buf, W: Buf, H: Buf, scratch: Buf): number {
  return engine.k.weightedLossPart(LOSS[loss], 0, V.rows, V.cols, W.cols, V.ptr, S.ptr, V.cols, W.ptr, W.cols,
    H.ptr, H.cols, scratch.ptr, scratch.rows, engine.work);
}

/**
 * One masked coordinate-descent sweep over the rows of X (S's rows): each row against the rows of
 * Y at its stored entries only (assembly/masked-cd.ts), weighted by `weights`' values (same
 * structure as S; undefined: weight 1). `scratch` holds maskedCdScratchBytes(k); `order` k i32.
 * Returns Σ|projected gradient|.
 */
export function maskedCdSweep(engine: Engine, S: SparseBuf, weights: SparseBuf | undefined, Y: Buf, X: Buf, order: number,
  l1: number, l2: number, scratch: number): number {
  return engine.k.maskedCdRows(0, S.rows, S.indptr, S.indptr + 4, S.indices, S.values, weights ? weights.values : 0,
    Y.ptr, Y.cols, X.cols, X.ptr, X.cols, order, l1, l2, scratch);
}

export function maskedCdScratchBytes(engine: Engine, k: number): number {
  return engine.k.maskedCdScratchBytes(k);
}
