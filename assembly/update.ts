// Fused multiplicative update over rows [i0, i1) of X (cols wide):
//   d = denom + l1 + l2·X;  d == 0 → EPS32 (scikit-learn's rule);  X ← X · (numer / d)
//   then entries below `zeroBelow` become 0 (scikit-learn's H[H < eps64] = 0 for KL; 0 = off).
// denomMode picks how denom is addressed, so KL's broadcast sums need no m×k matrix:
//   DENOM_MATRIX  denom[i·ldd + j]
//   DENOM_ROW     denom[j]   (one row shared by every row of X)
//   DENOM_COLUMN  denom[i]   (one value per row of X)
import { EPS32, madd, zeroToEps } from "./simd";

export const DENOM_MATRIX: i32 = 0;
export const DENOM_ROW: i32 = 1;
export const DENOM_COLUMN: i32 = 2;

export function muUpdate(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  denom: usize, ldd: i32, denomMode: i32, l1: f32, l2: f32, zeroBelow: f32, gamma: f32): void {
  if (gamma != 1) {
    muUpdatePower(i0, i1, cols, x, ldx, numer, ldn, denom, ldd, denomMode, l1, l2, zeroBelow, gamma);
    return;
  }
  const vl1 = f32x4.splat(l1);
  const vl2 = f32x4.splat(l2);
  const vzb = f32x4.splat(zeroBelow);
  const vcols = cols & ~3;
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * ldx) << 2);
    const nr = numer + ((<usize>i * ldn) << 2);
    let dr: usize = denom;
    let dStep: usize = 4;
    if (denomMode == DENOM_MATRIX) dr = denom + ((<usize>i * ldd) << 2);
    else if (denomMode == DENOM_COLUMN) { dr = denom + (<usize>i << 2); dStep = 0; }
    let j = 0;
    if (dStep) {
      for (; j < vcols; j += 4) {
        const o = <usize>j << 2;
        v128.store(xr + o, updateLanes(v128.load(xr + o), v128.load(nr + o), v128.load(dr + o), vl1, vl2, vzb));
      }
    } else {
      const dc = f32x4.splat(load<f32>(dr));
      for (; j < vcols; j += 4) {
        const o = <usize>j << 2;
        v128.store(xr + o, updateLanes(v128.load(xr + o), v128.load(nr + o), dc, vl1, vl2, vzb));
      }
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const xv = load<f32>(xr + o);
      let d = load<f32>(dr + (dStep ? o : 0)) + l1 + l2 * xv;
      if (d == 0) d = EPS32;
      let nx = xv * (load<f32>(nr + o) / d);
      if (nx < zeroBelow) nx = 0;
      store<f32>(xr + o, nx);
    }
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
@inline function updateLanes(xv: v128, num: v128, den: v128, vl1: v128, vl2: v128, vzb: v128): v128 {
  const nx = f32x4.mul(xv, f32x4.div(num, zeroToEps(f32x4.add(f32x4.add(den, vl1), f32x4.mul(vl2, xv)))));
  return v128.bitselect(f32x4.splat(0), nx, f32x4.lt(nx, vzb));
}

/**
 * Frobenius W-update with its denominator fused in: for rows [i0, i1) of X (m×k),
 *   X[i] ← X[i] ∘ numer[i] / (X[i]·G + l1 + l2·X[i])      (G = H·Hᵀ, k×k)
 * Each row's denominator is formed from its old values (in `rowScratch`, k4 floats) before the
 * row changes, so no m×k denominator matrix exists. Loads past column k read junk lanes that
 * are never stored (the arena leaves 16 bytes of slack after every matrix).
 */
export function muUpdateRowsGram(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  g: usize, l1: f32, l2: f32, zeroBelow: f32, rowScratch: usize): void {
  const vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2), vzb = f32x4.splat(zeroBelow);
  const k4 = (k + 3) & ~3;
  for (let i = i0; i < i1; i++) {
    const xr = x + ((<usize>i * ldx) << 2);
    const nr = numer + ((<usize>i * ldn) << 2);
    let c = 0;
    // 16 columns at a time: four independent accumulator chains instead of one.
    for (; c + 16 <= k4; c += 16) {
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let r = 0; r < k; r++) {
        const s = v128.load32_splat(xr + (<usize>r << 2));
        const gr = g + ((<usize>r * k + c) << 2);
        a0 = madd(s, v128.load(gr), a0);
        a1 = madd(s, v128.load(gr, 16), a1);
        a2 = madd(s, v128.load(gr, 32), a2);
        a3 = madd(s, v128.load(gr, 48), a3);
      }
      const so = rowScratch + (<usize>c << 2);
      v128.store(so, a0);
      v128.store(so, a1, 16);
      v128.store(so, a2, 32);
      v128.store(so, a3, 48);
    }
    for (; c < k4; c += 4) {
      let acc = f32x4.splat(0);
      for (let r = 0; r < k; r++) {
        acc = madd(v128.load32_splat(xr + (<usize>r << 2)), v128.load(g + ((<usize>r * k + c) << 2)), acc);
      }
      v128.store(rowScratch + (<usize>c << 2), acc);
    }
    c = 0;
    for (; c + 4 <= k; c += 4) {
      const o = <usize>c << 2;
      v128.store(xr + o, updateLanes(v128.load(xr + o), v128.load(nr + o), v128.load(rowScratch + o), vl1, vl2, vzb));
    }
    for (; c < k; c++) {
      const o = <usize>c << 2;
      const xv = load<f32>(xr + o);
      let d = load<f32>(rowScratch + o) + l1 + l2 * xv;
      if (d == 0) d = EPS32;
      const nx = xv * (load<f32>(nr + o) / d);
      store<f32>(xr + o, nx < zeroBelow ? 0 : nx);
    }
  }
}

/** Columns of X updated per block by muUpdateColumnsGram (its scratch holds k × this many floats). */
export const GRAM_COLUMN_BLOCK: i32 = 64;

/**
 * Frobenius H-update with its denominator fused in: for columns [j0, j1) of X (k×n),
 *   X[:, j] ← X[:, j] ∘ numer[:, j] / (G·X[:, j] + l1 + l2·X[:, j])      (G = Wᵀ·W, k×k)
 * a block of GRAM_COLUMN_BLOCK columns at a time (their denominators in `scratch`, k×64
 * floats), so no k×n denominator matrix exists. Column ranges split across threads.
 */
export function muUpdateColumnsGram(j0: i32, j1: i32, k: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  g: usize, l1: f32, l2: f32, zeroBelow: f32, scratch: usize): void {
  const vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2), vzb = f32x4.splat(zeroBelow);
  const B = GRAM_COLUMN_BLOCK;
  for (let jb = j0; jb < j1; jb += B) {
    const width = min(B, j1 - jb);
    const w4 = width & ~3;
    // scratch[c, 0:width] = Σ_r G[c, r]·X[r, jb:jb+width]
    for (let c = 0; c < k; c++) {
      const sc = scratch + ((<usize>c * B) << 2);
      const gc = g + ((<usize>c * k) << 2);
      let t = 0;
      // 16 columns at a time: four independent accumulator chains instead of one.
      for (; t + 16 <= w4; t += 16) {
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        const xo = x + ((<usize>jb + t) << 2);
        for (let r = 0; r < k; r++) {
          const s = v128.load32_splat(gc + (<usize>r << 2));
          const xr = xo + ((<usize>r * ldx) << 2);
          a0 = madd(s, v128.load(xr), a0);
          a1 = madd(s, v128.load(xr, 16), a1);
          a2 = madd(s, v128.load(xr, 32), a2);
          a3 = madd(s, v128.load(xr, 48), a3);
        }
        const so = sc + (<usize>t << 2);
        v128.store(so, a0);
        v128.store(so, a1, 16);
        v128.store(so, a2, 32);
        v128.store(so, a3, 48);
      }
      for (; t < w4; t += 4) {
        let acc = f32x4.splat(0);
        const xo = x + ((<usize>jb + t) << 2);
        for (let r = 0; r < k; r++) {
          acc = madd(v128.load32_splat(gc + (<usize>r << 2)), v128.load(xo + ((<usize>r * ldx) << 2)), acc);
        }
        v128.store(sc + (<usize>t << 2), acc);
      }
      for (; t < width; t++) {
        let s: f32 = 0;
        for (let r = 0; r < k; r++) s += load<f32>(gc + (<usize>r << 2)) * load<f32>(x + ((<usize>r * ldx + jb + t) << 2));
        store<f32>(sc + (<usize>t << 2), s);
      }
    }
    for (let c = 0; c < k; c++) {
      const xr = x + ((<usize>c * ldx + jb) << 2);
      const nr = numer + ((<usize>c * ldn + jb) << 2);
      const sc = scratch + ((<usize>c * B) << 2);
      let t = 0;
      for (; t < w4; t += 4) {
        const o = <usize>t << 2;
        v128.store(xr + o, updateLanes(v128.load(xr + o), v128.load(nr + o), v128.load(sc + o), vl1, vl2, vzb));
      }
      for (; t < width; t++) {
        const o = <usize>t << 2;
        const xv = load<f32>(xr + o);
        let d = load<f32>(sc + o) + l1 + l2 * xv;
        if (d == 0) d = EPS32;
        const nx = xv * (load<f32>(nr + o) / d);
        store<f32>(xr + o, nx < zeroBelow ? 0 : nx);
      }
    }
  }
}
