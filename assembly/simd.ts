// One source, two binaries: the relaxed build fuses multiply-add, the SIMD128 build
// spells it out. ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so the branch folds away.

/** c + a·b, lane-wise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** float32 machine epsilon (2^-23): scikit-learn's EPSILON for zero denominators. */
export const EPS32: f32 = 1.1920928955078125e-7;

/** Horizontal sum of four f32 lanes, in f64. */
// @ts-ignore: decorator
@inline export function hsumF64(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

/** f32 lanes 0–1 (widenLow) or 2–3 (widenHigh) as f64x2. */
// @ts-ignore: decorator
@inline export function widenLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
// @ts-ignore: decorator
@inline export function widenHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** The sum of the two f64 lanes of v. */
// @ts-ignore: decorator
@inline export function sumF64x2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** v with its exact zeros replaced by EPS32: scikit-learn's rule for zero denominators and WH. */
// @ts-ignore: decorator
@inline export function zeroToEps(v: v128): v128 {
  return v128.bitselect(f32x4.splat(EPS32), v, f32x4.eq(v, f32x4.splat(0)));
}

/** Transpose the 4×4 block of rows r0..r3 into four vectors stored `ds` bytes apart. */
// @ts-ignore: decorator
@inline export function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, ds: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + ds, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + 2 * ds, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * ds, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}
