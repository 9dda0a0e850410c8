// Calls of the weighted (masked) dense kernels (assembly/masked.ts). Like engine.ts, the only
// place their pointers are spelled out.
import type { Buf, Engine } from "./engine.js";

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
