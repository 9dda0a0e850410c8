// Reductions the solvers and loss need, accumulated in f64 so the loss is not rounded away.
import { sumF64x2, widenHigh, widenLow } from "./simd";

/** Σ a[t]·b[t] over `count` contiguous floats. */
export function dotF64(a: usize, b: usize, count: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const o = <usize>t << 2;
    const va = v128.load(a + o), vb = v128.load(b + o);
    s0 = f64x2.add(s0, f64x2.mul(widenLow(va), widenLow(vb)));
    s1 = f64x2.add(s1, f64x2.mul(widenHigh(va), widenHigh(vb)));
  }
  let total = sumF64x2(f64x2.add(s0, s1));
  for (; t < count; t++) {
    const o = <usize>t << 2;
    total += <f64>load<f32>(a + o) * <f64>load<f32>(b + o);
  }
  return total;
}

/** Σ of rows [i0, i1) of A (cols wide) into out[0:cols] (f64 accumulate, f32 out); zeros → zeroTo. */
export function columnSums(i0: i32, i1: i32, cols: i32, a: usize, lda: i32, out: usize, zeroTo: f32): void {
  for (let j = 0; j < cols; j++) {
    let s: f64 = 0;
    for (let i = i0; i < i1; i++) s += <f64>load<f32>(a + ((<usize>i * lda + j) << 2));
    const v = <f32>s;
    store<f32>(out + (<usize>j << 2), v == 0 ? zeroTo : v);
  }
}

/** out[i] = Σ_j A[i, j] for rows [i0, i1); zeros → zeroTo. f64 lanes, four partial sums. */
export function rowSums(i0: i32, i1: i32, cols: i32, a: usize, lda: i32, out: usize, zeroTo: f32): void {
  for (let i = i0; i < i1; i++) {
    const r = a + ((<usize>i * lda) << 2);
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const v = v128.load(r + (<usize>j << 2));
      s0 = f64x2.add(s0, widenLow(v));
      s1 = f64x2.add(s1, widenHigh(v));
    }
    let s = sumF64x2(f64x2.add(s0, s1));
    for (; j < cols; j++) s += <f64>load<f32>(r + (<usize>j << 2));
    const v = <f32>s;
    store<f32>(out + (<usize>i << 2), v == 0 ? zeroTo : v);
  }
}

/** How many of `count` contiguous floats are not zero. */
export function countNonZeros(a: usize, count: i32): i32 {
  let acc = i32x4.splat(0);
  let t = 0;
  for (; t + 4 <= count; t += 4) acc = i32x4.sub(acc, f32x4.ne(v128.load(a + (<usize>t << 2)), f32x4.splat(0)));
  let total = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3);
  for (; t < count; t++) if (load<f32>(a + (<usize>t << 2)) != 0) total++;
  return total;
}
