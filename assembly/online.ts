// Kernels of the online (mini-batch) H update, scikit-learn's _multiplicative_update_h with
// running statistics, split in two so the statistics can be summed across shards between them:
//   onlineStatistics (per shard):  numer ← H^(1/γ)·numer;  den ← denom + l1 + l2·H
//   onlineApply (once, on the sums): d = den (0 → EPS32);  A ← ρ·A + numer;  B ← ρ·B + d;
//                                    H ← (A / B)^γ;  H < zeroBelow → 0
// Both work on rows [i0, i1) of k×n matrices sharing one leading dimension; rows are independent,
// so any row split gives the same result. denom is addressed as in update.ts: a matrix, or one
// value per row (KL's column sums of W), written out as a matrix.
import { DENOM_COLUMN } from "./update";
import { EPS32, sumF64x2, widenHigh, widenLow, zeroToEps } from "./simd";

export function onlineStatistics(i0: i32, i1: i32, cols: i32, ld: i32, h: usize, numer: usize,
  denom: usize, denomMode: i32, den: usize, l1: f32, l2: f32, gamma: f32): void {
  const vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2);
  for (let i = i0; i < i1; i++) {
    const row = (<usize>i * ld) << 2;
    const column = denomMode == DENOM_COLUMN;
    const rowDenom: f32 = column ? load<f32>(denom + (<usize>i << 2)) : 0;
    let j = 0;
    if (gamma == 1) {
      for (; j + 4 <= cols; j += 4) {
        const o = row + (<usize>j << 2);
        const hv = v128.load(h + o);
        const dv = column ? f32x4.splat(rowDenom) : v128.load(denom + o);
        v128.store(numer + o, f32x4.mul(hv, v128.load(numer + o)));
        v128.store(den + o, f32x4.add(f32x4.add(dv, vl1), f32x4.mul(vl2, hv)));
      }
    }
    for (; j < cols; j++) {
      const o = row + (<usize>j << 2);
      const hv = load<f32>(h + o);
      const dv = column ? rowDenom : load<f32>(denom + o);
      const hp = gamma == 1 ? hv : <f32>Math.pow(<f64>hv, 1 / <f64>gamma);
      store<f32>(numer + o, hp * load<f32>(numer + o));
      store<f32>(den + o, dv + l1 + l2 * hv);
    }
  }
}

export function onlineApply(i0: i32, i1: i32, cols: i32, ld: i32, h: usize, numer: usize, den: usize,
  a: usize, b: usize, rho: f32, zeroBelow: f32, gamma: f32): void {
  const vrho = f32x4.splat(rho), vzb = f32x4.splat(zeroBelow), zero = f32x4.splat(0);
  for (let i = i0; i < i1; i++) {
    const row = (<usize>i * ld) << 2;
    let j = 0;
    if (gamma == 1) {
      for (; j + 4 <= cols; j += 4) {
        const o = row + (<usize>j << 2);
        const av = f32x4.add(f32x4.mul(vrho, v128.load(a + o)), v128.load(numer + o));
        const bv = f32x4.add(f32x4.mul(vrho, v128.load(b + o)), zeroToEps(v128.load(den + o)));
        v128.store(a + o, av);
        v128.store(b + o, bv);
        const nh = f32x4.div(av, bv);
        v128.store(h + o, v128.bitselect(zero, nh, f32x4.lt(nh, vzb)));
      }
    }
    for (; j < cols; j++) {
      const o = row + (<usize>j << 2);
      const d = load<f32>(den + o);
      const av = rho * load<f32>(a + o) + load<f32>(numer + o);
      const bv = rho * load<f32>(b + o) + (d == 0 ? EPS32 : d);
      store<f32>(a + o, av);
      store<f32>(b + o, bv);
      let nh = av / bv;
      if (gamma != 1) nh = <f32>Math.pow(<f64>nh, <f64>gamma);
      store<f32>(h + o, nh < zeroBelow ? 0 : nh);
    }
  }
}

/** Σ (a[t] − b[t])² over `count` contiguous floats, in f64 (the relative-change stopping tests). */
export function squaredDistanceF64(a: usize, b: usize, count: i32): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
  let t = 0;
  for (; t + 4 <= count; t += 4) {
    const o = <usize>t << 2;
    const va = v128.load(a + o), vb = v128.load(b + o);
    const d0 = f64x2.sub(widenLow(va), widenLow(vb)), d1 = f64x2.sub(widenHigh(va), widenHigh(vb));
    s0 = f64x2.add(s0, f64x2.mul(d0, d0));
    s1 = f64x2.add(s1, f64x2.mul(d1, d1));
  }
  let total = sumF64x2(f64x2.add(s0, s1));
  for (; t < count; t++) {
    const o = <usize>t << 2;
    const d = <f64>load<f32>(a + o) - <f64>load<f32>(b + o);
    total += d * d;
  }
  return total;
}
