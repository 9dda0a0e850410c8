// Fused multiplicative update over rows [i0, i1) of X (cols wide):
//   d = denom + l1 + l2·X;  d == 0 → EPS32 (scikit-learn's rule);  X ← X · (numer / d)
//   then entries below `zeroBelow` become 0 (scikit-learn's H[H < eps64] = 0 for KL; 0 = off).
// denomMode picks how denom is addressed, so KL's broadcast sums need no m×k matrix:
//   DENOM_MATRIX  denom[i·ldd + j]
//   DENOM_ROW     denom[j]   (one row shared by every row of X)
//   DENOM_COLUMN  denom[i]   (one value per row of X)
import { EPS32, zeroToEps } from "./simd";

export const DENOM_MATRIX: i32 = 0;
export const DENOM_ROW: i32 = 1;
export const DENOM_COLUMN: i32 = 2;

export function muUpdate(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  denom: usize, ldd: i32, denomMode: i32, l1: f32, l2: f32, zeroBelow: f32, gamma: f32): void {
  if (gamma != 1) {
    muUpdatePower(i0, i1, cols, x, ldx, numer, ldn, denom, ldd, denomMode, l1, l2, zeroBelow, gamma);
    return;
  }
  const vcols = cols & ~3;
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * ldx) << 2);
    const nr = numer + ((<usize>i * ldn) << 2);
    if (denomMode != DENOM_COLUMN) {
      updateSpan(cols, xr, nr, denomMode == DENOM_MATRIX ? denom + ((<usize>i * ldd) << 2) : denom, l1, l2, zeroBelow);
      continue;
    }
    // One denominator for the whole row.
    const d = load<f32>(denom + (<usize>i << 2));
    const dc = f32x4.splat(d), vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2), vzb = f32x4.splat(zeroBelow);
    let j = 0;
    for (; j < vcols; j += 4) {
      const o = <usize>j << 2;
      v128.store(xr + o, updateLanes(v128.load(xr + o), v128.load(nr + o), dc, vl1, vl2, vzb));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(xr + o, updateOne(load<f32>(xr + o), load<f32>(nr + o), d, l1, l2, zeroBelow));
    }
  }
}

/** x[0:count] ← x ∘ numer / (den + l1 + l2·x) lane by lane, with the eps rule and zeroBelow. */
// @ts-ignore: decorator
@inline export function updateSpan(count: i32, x: usize, numer: usize, den: usize, l1: f32, l2: f32, zeroBelow: f32): void {
  const vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2), vzb = f32x4.splat(zeroBelow);
  let c = 0;
  for (; c + 4 <= count; c += 4) {
    const o = <usize>c << 2;
    v128.store(x + o, updateLanes(v128.load(x + o), v128.load(numer + o), v128.load(den + o), vl1, vl2, vzb));
  }
  for (; c < count; c++) {
    const o = <usize>c << 2;
    store<f32>(x + o, updateOne(load<f32>(x + o), load<f32>(numer + o), load<f32>(den + o), l1, l2, zeroBelow));
  }
}

/** muUpdate with scikit-learn's exponent γ ≠ 1 (β-divergences outside [1, 2]): X ← X·(numer/d)^γ. */
function muUpdatePower(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  denom: usize, ldd: i32, denomMode: i32, l1: f32, l2: f32, zeroBelow: f32, gamma: f32): void {
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * ldx) << 2);
    const nr = numer + ((<usize>i * ldn) << 2);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const d0 = denomMode == DENOM_MATRIX ? load<f32>(denom + ((<usize>i * ldd + j) << 2))
        : denomMode == DENOM_ROW ? load<f32>(denom + o) : load<f32>(denom + (<usize>i << 2));
      const xv = load<f32>(xr + o);
      let d = d0 + l1 + l2 * xv;
      if (d == 0) d = EPS32;
      let nx = xv * <f32>Math.pow(<f64>(load<f32>(nr + o) / d), <f64>gamma);
      if (nx < zeroBelow) nx = 0;
      store<f32>(xr + o, nx);
    }
  }
}

/** The eps rule, L1/L2 terms and zeroBelow of muUpdate on one vector of 4 entries. */
// @ts-ignore: decorator
@inline export function updateLanes(xv: v128, num: v128, den: v128, vl1: v128, vl2: v128, vzb: v128): v128 {
  const nx = f32x4.mul(xv, f32x4.div(num, zeroToEps(f32x4.add(f32x4.add(den, vl1), f32x4.mul(vl2, xv)))));
  return v128.bitselect(f32x4.splat(0), nx, f32x4.lt(nx, vzb));
}

/** updateLanes on one entry: x ∘ num / (den + l1 + l2·x), a zero denominator → EPS32. */
// @ts-ignore: decorator
@inline export function updateOne(xv: f32, num: f32, den: f32, l1: f32, l2: f32, zeroBelow: f32): f32 {
  let d = den + l1 + l2 * xv;
  if (d == 0) d = EPS32;
  const nx = xv * (num / d);
  return nx < zeroBelow ? 0 : nx;
}
