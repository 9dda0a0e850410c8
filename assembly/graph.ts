// Kernels of graph-regularized NMF (Cai et al., TPAMI 2011) over a row range of W (m×k): the
// per-row degree term of the Frobenius denominator, the KL W update, and the rescaling that
// keeps the graph penalty from being lowered by shrinking W against H. Rows are independent.
import { EPS32 } from "./simd";

/** out[i, 0:cols] += d[i]·x[i, 0:cols] for rows [i0, i1) (the λ·D·W term). */
export function addScaledRows(i0: i32, i1: i32, cols: i32, out: usize, ldo: i32, d: usize, x: usize, ldx: i32): void {
  for (let i = i0; i < i1; i++) {
    const di = load<f32>(d + (<usize>i << 2));
    const vd = f32x4.splat(di);
    const orow = out + ((<usize>i * ldo) << 2), xrow = x + ((<usize>i * ldx) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(orow + o, f32x4.add(v128.load(orow + o), f32x4.mul(vd, v128.load(xrow + o))));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(orow + o, load<f32>(orow + o) + di * load<f32>(xrow + o));
    }
  }
}

/**
 * The KL W update for D(V‖WH) + (λ/2)·tr(WᵀLW), L = D − A, as the exact minimizer of its
 * auxiliary function (Jensen for the KL part, xy ≥ x̃ỹ(1 + log(xy/x̃ỹ)) for the −A part):
 *   λD_i·w² + s_c·w − (c + λ(AW̃)_ic)·w̃ = 0, solved as w = 2(c + aw)·w̃ / (s + √(s² + 4·d·(c + aw)·w̃))
 * (no cancellation), with c = ((V/WH)·Hᵀ)_ic, s = Σ_j H_cj + l1, aw = λ(AW̃)_ic, d = λD_i + l2 (scikit-learn's
 * L1/L2 terms enter as in its denominators). d = 0 is the plain KL update; a zero denominator
 * becomes EPS32; then entries below zeroBelow become 0.
 */
export function graphKlUpdateW(i0: i32, i1: i32, k: i32, w: usize, ldw: i32, numer: usize, ldn: i32,
  hsum: usize, aw: usize, ldaw: i32, d: usize, l1: f32, l2: f32, zeroBelow: f32): void {
  for (let i = i0; i < i1; i++) {
    const di = <f64>load<f32>(d + (<usize>i << 2)) + <f64>l2;
    for (let c = 0; c < k; c++) {
      const wo = w + ((<usize>i * ldw + c) << 2);
      const wv = <f64>load<f32>(wo);
      const b = (<f64>load<f32>(numer + ((<usize>i * ldn + c) << 2)) + <f64>load<f32>(aw + ((<usize>i * ldaw + c) << 2))) * wv;
      const s = <f64>load<f32>(hsum + (<usize>c << 2)) + <f64>l1;
      let den = s + Math.sqrt(s * s + 4 * di * b);
      if (den == 0) den = EPS32;
      const nw = <f32>(2 * b / den);
      store<f32>(wo, nw < zeroBelow ? 0 : nw);
    }
  }
}

/** out[i] = ‖x[i, 0:cols]‖₂ for rows [i0, i1), in f64 then rounded. */
export function rowNormsL2(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, out: usize): void {
  for (let i = i0; i < i1; i++) {
    const row = x + ((<usize>i * ldx) << 2);
    let s: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const v = <f64>load<f32>(row + (<usize>j << 2));
      s += v * v;
    }
    store<f32>(out + (<usize>i << 2), <f32>Math.sqrt(s));
  }
}

/** x[i, c] *= s[c] for rows [i0, i1) (with s = one value per column). */
export function scaleColumns(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, s: usize): void {
  for (let i = i0; i < i1; i++) {
    const row = x + ((<usize>i * ldx) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.mul(v128.load(row + o), v128.load(s + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) * load<f32>(s + o));
    }
  }
}

/** x[i, 0:cols] *= s[i] for rows [i0, i1) (one value per row). */
export function scaleRows(i0: i32, i1: i32, cols: i32, x: usize, ldx: i32, s: usize): void {
  for (let i = i0; i < i1; i++) {
    const si = load<f32>(s + (<usize>i << 2));
    const vs = f32x4.splat(si);
    const row = x + ((<usize>i * ldx) << 2);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.mul(v128.load(row + o), vs));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) * si);
    }
  }
}

/**
 * The k nearest rows of each row of a block, from its dot products with every row: for block row r
 * (global row i = first + r), d(i, j) = ‖x_i‖² + ‖x_j‖² − 2·dots[r, j] (clamped at 0), j ≠ i; the k
 * smallest, ascending (ties: the lower j first), go to outIdx[i·k + s] (i32) and outDist (f32).
 */
export function knnSelect(rows: i32, first: i32, m: i32, dots: usize, ldd: i32, norms: usize, k: i32,
  outIdx: usize, outDist: usize): void {
  for (let r = 0; r < rows; r++) {
    const i = first + r;
    const idx = outIdx + ((<usize>i * k) << 2), dist = outDist + ((<usize>i * k) << 2);
    for (let s = 0; s < k; s++) {
      store<i32>(idx + (<usize>s << 2), -1);
      store<f32>(dist + (<usize>s << 2), Infinity);
    }
    const ni = load<f32>(norms + (<usize>i << 2));
    const row = dots + ((<usize>r * ldd) << 2);
    let worst = <f32>Infinity;
    for (let j = 0; j < m; j++) {
      if (j == i) continue;
      const d = max<f32>(ni + load<f32>(norms + (<usize>j << 2)) - 2 * load<f32>(row + (<usize>j << 2)), 0);
      if (d >= worst) continue;
      let s = k - 1; // insertion into the sorted short list
      while (s > 0 && load<f32>(dist + (<usize>(s - 1) << 2)) > d) {
        store<f32>(dist + (<usize>s << 2), load<f32>(dist + (<usize>(s - 1) << 2)));
        store<i32>(idx + (<usize>s << 2), load<i32>(idx + (<usize>(s - 1) << 2)));
        s--;
      }
      store<f32>(dist + (<usize>s << 2), d);
      store<i32>(idx + (<usize>s << 2), j);
      worst = load<f32>(dist + (<usize>(k - 1) << 2));
    }
  }
}
