// Kullback-Leibler passes over a row range of V, in blocks of `blockRows` rows so that only
// blockRows×n of WH ever exists (in `scratch`), never the m×n product.
import { gemm } from "./gemm";
import { EPS32, sumF64x2, widenHigh, widenLow, zeroToEps } from "./simd";
import { logf4 } from "./logf";

export const KL_NUMER_W: i32 = 0;
export const KL_NUMER_H: i32 = 1;

/** scratch[0:rows·n] ← V[block] / WH, exact zeros of WH → EPS32 (scikit-learn 1.2's rule). */
function ratioInPlace(rows: i32, n: i32, v: usize, ldv: i32, wh: usize): void {
  const vn = n & ~3;
  for (let r = 0; r < rows; r++) {
    const vr = v + ((<usize>r * ldv) << 2);
    const sr = wh + ((<usize>r * n) << 2);
    let j = 0;
    for (; j < vn; j += 4) {
      const o = <usize>j << 2;
      const wh = v128.load(sr + o);
      v128.store(sr + o, f32x4.div(v128.load(vr + o), zeroToEps(wh)));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      const wh = load<f32>(sr + o);
      store<f32>(sr + o, load<f32>(vr + o) / (wh == 0 ? EPS32 : wh));
    }
  }
}

/**
 * Numerator of a KL multiplicative update for rows [i0, i1) of V (m×n), R = V / WH:
 *   KL_NUMER_W: out[i, 0:k] = (R·Hᵀ)[i]          (out m×k, ldo)
 *   KL_NUMER_H: out[0:k, 0:n] = W[i0:i1]ᵀ·R       (out k×n, ldo; summed block by block)
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
      gemm(1, 0, 0, k, 0, n, rows, wBlock, ldw, scratch, n, out, ldo, ib > i0 ? 1 : 0, work);
    }
  }
}

/**
 * Two lanes of x·log(x/safe) − x (where keep), in f64, from the f32 ratio r = fl(x/safe)
 * = (x/safe)(1 + δ) and its f32 log L. Then log(x/safe) = L − δ + O(δ²) and x + x·δ = safe·r,
 * which f64 holds exactly, so the term is x·L − safe·r: the digits a near-exact fit needs (its
 * divergence is tiny next to Σ V) without a division.
 */
// @ts-ignore: decorator
@inline function klTerms2(x: v128, safe: v128, ratio: v128, logRatio: v128, keep: v128): v128 {
  return v128.and(keep, f64x2.sub(f64x2.mul(x, logRatio), f64x2.mul(safe, ratio)));
}

/**
 * Σ over four lanes of V·log(V / WH) − V where V > EPS32 (WH == 0 → EPS32 inside the log), plus
 * Σ WH when `withWH` (a literal at every call), as f64x2 partial sums.
 */
// @ts-ignore: decorator
@inline export function klTerms4(x: v128, wh: v128, withWH: bool): v128 {
  const safe = zeroToEps(wh);
  // Ratios are ≥ 0, so integer max is float max (V8's NaN-exact f32x4.max is several
  // instructions); a ratio that underflowed still gets a finite log.
  const ratio = i32x4.max_s(f32x4.div(x, safe), f32x4.splat(1.17549435e-38));
  const logRatio = logf4(ratio);
  const keep = f32x4.gt(x, f32x4.splat(EPS32));
  let sum = f64x2.add(
    klTerms2(widenLow(x), widenLow(safe), widenLow(ratio), widenLow(logRatio), i64x2.extend_low_i32x4_s(keep)),
    klTerms2(widenHigh(x), widenHigh(safe), widenHigh(ratio), widenHigh(logRatio), i64x2.extend_high_i32x4_s(keep)));
  if (withWH) sum = f64x2.add(sum, f64x2.add(widenLow(wh), widenHigh(wh)));
  return sum;
}

/** One entry's V·log(V / WH) − V (0 where V ≤ EPS32; WH == 0 → EPS32), in f64. */
// @ts-ignore: decorator
@inline export function klTerm(x: f32, wh: f32): f64 {
  if (x <= EPS32) return 0;
  const xd = <f64>x;
  return xd * Math.log(xd / <f64>(wh == 0 ? EPS32 : wh)) - xd;
}

/**
 * scikit-learn's generalized KL divergence over rows [i0, i1), accumulated in f64:
 *   Σ_{V > EPS32} (V·log(V / WH) − V)  +  Σ WH      (WH == 0 → EPS32 inside the log)
 * The log is a 4-lane f32 polynomial (~1 ulp) with an f64 correction; terms are summed in f64.
 */
export function klDivergencePart(i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize): f64 {
  const vn = n & ~3;
  let acc = f64x2.splat(0);
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const vr = v + ((<usize>(ib + r) * ldv) << 2);
      const sr = scratch + ((<usize>r * n) << 2);
      let j = 0;
      for (; j < vn; j += 4) {
        const o = <usize>j << 2;
        acc = f64x2.add(acc, klTerms4(v128.load(vr + o), v128.load(sr + o), true));
      }
      for (; j < n; j++) {
        const o = <usize>j << 2;
        const wh = load<f32>(sr + o);
        total += <f64>wh + klTerm(load<f32>(vr + o), wh);
      }
    }
  }
  return total + sumF64x2(acc);
}

/** Σ (V − WH)² over rows [i0, i1) in f64: the direct Frobenius error for near-exact fits. */
export function squaredErrorPart(i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize): f64 {
  const vn = n & ~3;
  let accLo = f64x2.splat(0), accHi = f64x2.splat(0);
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const vr = v + ((<usize>(ib + r) * ldv) << 2);
      const sr = scratch + ((<usize>r * n) << 2);
      let j = 0;
      for (; j < vn; j += 4) {
        const o = <usize>j << 2;
        const x = v128.load(vr + o), wh = v128.load(sr + o);
        // Differences in f64: V and WH can agree to more digits than an f32 difference keeps.
        const dLo = f64x2.sub(widenLow(x), widenLow(wh));
        const dHi = f64x2.sub(widenHigh(x), widenHigh(wh));
        accLo = f64x2.add(accLo, f64x2.mul(dLo, dLo));
        accHi = f64x2.add(accHi, f64x2.mul(dHi, dHi));
      }
      for (; j < n; j++) {
        const o = <usize>j << 2;
        const d = <f64>load<f32>(vr + o) - <f64>load<f32>(sr + o);
        total += d * d;
      }
    }
  }
  return total + sumF64x2(f64x2.add(accLo, accHi));
}
