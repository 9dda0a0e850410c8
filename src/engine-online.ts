// Calls of the online-update kernels (assembly/online.ts). Like engine.ts, the only place their
// pointers are spelled out.
import type { Buf, DenomLayout, Engine } from "./engine.js";
import { DenomMode } from "./wasm/kernels.js";

/**
 * A shard's statistics of the online H update, in place: numer ← H^(1/γ)·numer (k×n) and
 * den (k×n) ← denom + l1 + l2·H, denom a k×n matrix or one value per row of H ("column").
 */
export function onlineStatistics(engine: Engine, H: Buf, numer: Buf, denom: Buf, layout: DenomLayout, den: Buf,
  l1: number, l2: number, gamma: number): void {
  engine.k.onlineStatistics(0, H.rows, H.cols, H.cols, H.ptr, numer.ptr, denom.ptr, DenomMode[layout], den.ptr, l1, l2, gamma);
}

/** A ← ρ·A + numer; B ← ρ·B + den (zeros → eps); H ← (A / B)^γ, then H < zeroBelow → 0. */
export function onlineApply(engine: Engine, H: Buf, numer: Buf, den: Buf, A: Buf, B: Buf, rho: number,
  zeroBelow: number, gamma: number): void {
  engine.k.onlineApply(0, H.rows, H.cols, H.cols, H.ptr, numer.ptr, den.ptr, A.ptr, B.ptr, rho, zeroBelow, gamma);
}

/** ‖A − B‖² (same shape), in f64. */
export function squaredDistance(engine: Engine, A: Buf, B: Buf): number {
  return engine.k.squaredDistanceF64(A.ptr, B.ptr, A.rows * A.cols);
}
