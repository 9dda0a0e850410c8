// Weighted (masked) NMF passes over rows [i0, i1) of a dense weight matrix S (m×n; 0 = ignored,
// missing entries are weight 0), WH formed a block of `blockRows` rows at a time in `scratch`
// (never the m×n product):
//   weightedProduct  WEIGHTED_FOR_W: out[i, 0:k] = ((S∘WH)·Hᵀ)[i]     (out m×k)
//                    WEIGHTED_FOR_H: out[0:k, 0:n] += W[i0:i1]ᵀ·(S∘WH) (out k×n; caller zeroes it)
//   weightedLossPart  LOSS_SQUARED: Σ s·(v − wh)²;  LOSS_KL: Σ s·(v·log(v/wh) − v + wh)   (f64)
// v is V with its missing entries as zeros (v and s share the leading dimension ld).
import { gemm } from "./gemm";
import { klTerm } from "./kl";

export const WEIGHTED_FOR_W: i32 = 0;
export const WEIGHTED_FOR_H: i32 = 1;
export const LOSS_SQUARED: i32 = 0;
export const LOSS_KL: i32 = 1;

/** scratch[r, 0:n] ← S[block row r] ∘ scratch[r, 0:n]. */
function weighInPlace(rows: i32, n: i32, s: usize, lds: i32, wh: usize): void {
  for (let r = 0; r < rows; r++) {
    const sr = s + ((<usize>r * lds) << 2), hr = wh + ((<usize>r * n) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      v128.store(hr + o, f32x4.mul(v128.load(hr + o), v128.load(sr + o)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(hr + o, load<f32>(hr + o) * load<f32>(sr + o));
    }
  }
}

export function weightedProduct(mode: i32, i0: i32, i1: i32, n: i32, k: i32, s: usize, lds: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, out: usize, ldo: i32, scratch: usize, blockRows: i32, work: usize): void {
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    const wBlock = w + ((<usize>ib * ldw) << 2);
    gemm(0, 0, 0, rows, 0, n, k, wBlock, ldw, h, ldh, scratch, n, 0, work);
    weighInPlace(rows, n, s + ((<usize>ib * lds) << 2), lds, scratch);
    if (mode == WEIGHTED_FOR_W) gemm(0, 1, 0, rows, 0, k, n, scratch, n, h, ldh, out + ((<usize>ib * ldo) << 2), ldo, 0, work);
    else gemm(1, 0, 0, k, 0, n, rows, wBlock, ldw, scratch, n, out, ldo, 1, work);
  }
}

export function weightedLossPart(mode: i32, i0: i32, i1: i32, n: i32, k: i32, v: usize, s: usize, ld: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize): f64 {
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const row = (<usize>(ib + r) * ld) << 2;
      const hr = scratch + ((<usize>r * n) << 2);
      for (let j = 0; j < n; j++) {
        const o = <usize>j << 2;
        const weight = <f64>load<f32>(s + row + o);
        if (weight == 0) continue;
        const wh = load<f32>(hr + o);
        const x = load<f32>(v + row + o);
        if (mode == LOSS_SQUARED) {
          const d = <f64>x - <f64>wh;
          total += weight * d * d;
        } else {
          total += weight * (klTerm(x, wh) + <f64>wh);
        }
      }
    }
  }
  return total;
}
