// Kullback-Leibler passes over a row range of V, in blocks of `blockRows` rows so that only
// blockRows×n of WH ever exists (in `scratch`), never the m×n product.
import { gemm } from "./gemm";
import { EPS32 } from "./simd";

export const KL_NUMER_W: i32 = 0;
export const KL_NUMER_H: i32 = 1;

/** scratch[0:rows·n] ← V[block] / max(scratch, EPS32), scikit-learn's clamp for the ratio. */
function ratioInPlace(rows: i32, n: i32, v: usize, ldv: i32, wh: usize): void {
  const veps = f32x4.splat(EPS32);
  const vn = n & ~3;
  for (let r = 0; r < rows; r++) {
    const vr = v + ((<usize>r * ldv) << 2);
    const sr = wh + ((<usize>r * n) << 2);
    let j = 0;
    for (; j < vn; j += 4) {
      const o = <usize>j << 2;
      v128.store(sr + o, f32x4.div(v128.load(vr + o), f32x4.max(v128.load(sr + o), veps)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(sr + o, load<f32>(vr + o) / max(load<f32>(sr + o), EPS32));
    }
  }
}

/**
 * Numerator of a KL multiplicative update for rows [i0, i1) of V (m×n), R = V / WH:
 *   KL_NUMER_W: out[i, 0:k] = (R·Hᵀ)[i]          (out m×k, ldo)
 *   KL_NUMER_H: out[0:k, 0:n] += W[i0:i1]ᵀ·R      (out k×n, ldo; caller zeroes it first)
 */
export function klNumerator(mode: i32, i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, out: usize, ldo: i32,
  scratch: usize, blockRows: i32, work: usize): void {
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    const wBlock = w + ((<usize>ib * ldw) << 2);
    gemm(0, 0, 0, rows, 0, n, k, wBlock, ldw, h, ldh, scratch, n, 0, work);
    ratioInPlace(rows, n, v + ((<usize>ib * ldv) << 2), ldv, scratch);
    if (mode == KL_NUMER_W) {
      gemm(0, 1, 0, rows, 0, k, n, scratch, n, h, ldh, out + ((<usize>ib * ldo) << 2), ldo, 0, work);
    } else {
      gemm(1, 0, 0, k, 0, n, rows, wBlock, ldw, scratch, n, out, ldo, 1, work);
    }
  }
}

/**
 * scikit-learn's generalized KL divergence over rows [i0, i1), in f64:
 *   Σ_{V > EPS32} (V·log(V / WH) − V)  +  Σ WH      (WH == 0 → EPS32 inside the log)
 */
export function klDivergencePart(i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize): f64 {
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const vr = v + ((<usize>(ib + r) * ldv) << 2);
      const sr = scratch + ((<usize>r * n) << 2);
      for (let j = 0; j < n; j++) {
        const x = load<f32>(vr + (<usize>j << 2));
        const wh = load<f32>(sr + (<usize>j << 2));
        total += <f64>wh;
        if (x > EPS32) {
          const xd = <f64>x;
          total += xd * Math.log(xd / <f64>(wh == 0 ? EPS32 : wh)) - xd;
        }
      }
    }
  }
  return total;
}

/** Σ (V − WH)² over rows [i0, i1) in f64: the direct Frobenius error for near-exact fits. */
export function squaredErrorPart(i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize): f64 {
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const vr = v + ((<usize>(ib + r) * ldv) << 2);
      const sr = scratch + ((<usize>r * n) << 2);
      for (let j = 0; j < n; j++) {
        const d = <f64>load<f32>(vr + (<usize>j << 2)) - <f64>load<f32>(sr + (<usize>j << 2));
        total += d * d;
      }
    }
  }
  return total;
}
