// Accelerated HALS (Gillis & Glineur 2012): several coordinate-descent sweeps over rows [i0, i1)
// of X (m×k) for ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖², from G = YᵀY (k×k) and P = V·Y (m×k) formed
// once by the caller. The sweep is cd.ts's (component t: grad = (X·G)[i, t] − P[i, t] + l1 +
// l2·X[i, t], X[i, t] ← max(X[i, t] − grad / (G[t, t] + l2), 0)), but row-blocked:
//   - a block of BLOCK_ROWS rows is transposed into scratch, 4 rows across the lanes of each of
//     BLOCK_ROWS/4 vectors, so each component's gradient is k multiply-adds of a splat G entry
//     with BLOCK_ROWS/4 independent vectors, and the block stays in L1 for all its sweeps;
//   - the inner loop stops early per block (the early-exit test of Gillis & Glineur applied to the
//     block instead of the whole factor): after sweep s ≥ 2, stop when the block's Σ(change²) of
//     that sweep is below delta2 × its first sweep's.
// Blocks are aligned to absolute row multiples of BLOCK_ROWS (the first one is cut at i0), so a
// row's result depends only on its aligned block: a worker pool that splits [0, m) at multiples of
// BLOCK_ROWS gets bit-identical iterates whatever the split. Rows past i1 in a block's lanes are
// zeros with zero P: their gradient is l1 ≥ 0, so they stay zero and add nothing.
// Returns Σ|projected gradient| of the first sweep (as cdSweep computes it) over the range, f64;
// the per-range sums combine by addition.
import { madd } from "./simd";

/** Rows per block (a multiple of 4). */
const BLOCK_ROWS = 16;
const VECTORS = BLOCK_ROWS / 4;
const ROW_BYTES: usize = BLOCK_ROWS * 4;

export function halsBlockRows(): i32 {
  return BLOCK_ROWS;
}

/** Scratch halsSweeps needs: X and P of one block, transposed (2·k·BLOCK_ROWS floats). */
export function halsWorkBytes(k: i32): i32 {
  return 2 * k * BLOCK_ROWS * 4 + 16;
}

export function halsSweeps(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, g: usize, p: usize, ldp: i32,
  l1: f32, l2: f32, maxSweeps: i32, delta2: f64, work: usize): f64 {
  const xt = (work + 15) & ~15;
  const pt = xt + <usize>k * ROW_BYTES;
  let violation: f64 = 0;
  let b0 = i0;
  while (b0 < i1) {
    const b1 = min(i1, (b0 / BLOCK_ROWS + 1) * BLOCK_ROWS);
    gather(b0, b1, k, x, ldx, xt);
    gather(b0, b1, k, p, ldp, pt);
    violation += sweepBlock(k, xt, pt, g, l1, l2, maxSweeps, delta2);
    scatter(b0, b1, k, xt, x, ldx);
    b0 = b1;
  }
  return violation;
}

/** dst[t·BLOCK_ROWS + (i − b0)] = src[i, t] for rows [b0, b1), zeros in the lanes past b1. */
function gather(b0: i32, b1: i32, k: i32, src: usize, lds: i32, dst: usize): void {
  const rows = b1 - b0;
  if (rows < BLOCK_ROWS) memory.fill(dst, 0, <usize>k * ROW_BYTES);
  for (let r = 0; r < rows; r++) {
    const s = src + ((<usize>(b0 + r) * lds) << 2);
    const d = dst + (<usize>r << 2);
    for (let t = 0; t < k; t++) store<f32>(d + <usize>t * ROW_BYTES, load<f32>(s + (<usize>t << 2)));
  }
}

function scatter(b0: i32, b1: i32, k: i32, src: usize, dst: usize, ldd: i32): void {
  const rows = b1 - b0;
  for (let r = 0; r < rows; r++) {
    const d = dst + ((<usize>(b0 + r) * ldd) << 2);
    const s = src + (<usize>r << 2);
    for (let t = 0; t < k; t++) store<f32>(d + (<usize>t << 2), load<f32>(s + <usize>t * ROW_BYTES));
  }
}

/** |pg| lane-wise: the gradient where x > 0, its negative part where x = 0. */
// @ts-ignore: decorator
@inline function projected(grad: v128, x: v128): v128 {
  const atZero = f32x4.eq(x, f32x4.splat(0));
  return f32x4.abs(v128.bitselect(f32x4.min(grad, f32x4.splat(0)), grad, atZero));
}

/** Sweeps over one transposed block; returns the first sweep's Σ|pg|. */
function sweepBlock(k: i32, xt: usize, pt: usize, g: usize, l1: f32, l2: f32, maxSweeps: i32, delta2: f64): f64 {
  const vl1 = f32x4.splat(l1), vl2 = f32x4.splat(l2), zero = f32x4.splat(0);
  let firstChange: f64 = 0;
  let violation: f64 = 0;
  for (let s = 0; s < maxSweeps; s++) {
    let change = zero, pg = zero;
    for (let t = 0; t < k; t++) {
      const hess = load<f32>(g + ((<usize>t * k + t) << 2)) + l2;
      if (hess == 0) continue; // a component that is all zeros: nothing to update (cd's rule)
      const gt = g + ((<usize>t * k) << 2);
      const xrow = xt + <usize>t * ROW_BYTES, prow = pt + <usize>t * ROW_BYTES;
      // grad = l1 − P[:, t] + Σ_r G[t, r]·X[:, r], four vectors of four rows each.
      let a0 = f32x4.sub(vl1, v128.load(prow)), a1 = f32x4.sub(vl1, v128.load(prow, 16));
      let a2 = f32x4.sub(vl1, v128.load(prow, 32)), a3 = f32x4.sub(vl1, v128.load(prow, 48));
      for (let r = 0; r < k; r++) {
        const gtr = v128.load32_splat(gt + (<usize>r << 2));
        const xr = xt + <usize>r * ROW_BYTES;
        a0 = madd(gtr, v128.load(xr), a0);
        a1 = madd(gtr, v128.load(xr, 16), a1);
        a2 = madd(gtr, v128.load(xr, 32), a2);
        a3 = madd(gtr, v128.load(xr, 48), a3);
      }
      const inv = f32x4.splat(1 / hess);
      const x0 = v128.load(xrow), x1 = v128.load(xrow, 16), x2 = v128.load(xrow, 32), x3 = v128.load(xrow, 48);
      a0 = madd(vl2, x0, a0); a1 = madd(vl2, x1, a1); a2 = madd(vl2, x2, a2); a3 = madd(vl2, x3, a3);
      if (s == 0) {
        pg = f32x4.add(pg, f32x4.add(f32x4.add(projected(a0, x0), projected(a1, x1)),
          f32x4.add(projected(a2, x2), projected(a3, x3))));
      }
      const n0 = f32x4.max(f32x4.sub(x0, f32x4.mul(a0, inv)), zero);
      const n1 = f32x4.max(f32x4.sub(x1, f32x4.mul(a1, inv)), zero);
      const n2 = f32x4.max(f32x4.sub(x2, f32x4.mul(a2, inv)), zero);
      const n3 = f32x4.max(f32x4.sub(x3, f32x4.mul(a3, inv)), zero);
      v128.store(xrow, n0); v128.store(xrow, n1, 16); v128.store(xrow, n2, 32); v128.store(xrow, n3, 48);
      const d0 = f32x4.sub(n0, x0), d1 = f32x4.sub(n1, x1), d2 = f32x4.sub(n2, x2), d3 = f32x4.sub(n3, x3);
      change = madd(d0, d0, madd(d1, d1, madd(d2, d2, madd(d3, d3, change))));
    }
    const c = <f64>f32x4.extract_lane(change, 0) + <f64>f32x4.extract_lane(change, 1) +
      <f64>f32x4.extract_lane(change, 2) + <f64>f32x4.extract_lane(change, 3);
    if (s == 0) {
      violation = <f64>f32x4.extract_lane(pg, 0) + <f64>f32x4.extract_lane(pg, 1) +
        <f64>f32x4.extract_lane(pg, 2) + <f64>f32x4.extract_lane(pg, 3);
      firstChange = c;
      if (c == 0) break;
    } else if (c <= delta2 * firstChange) {
      break;
    }
  }
  return violation;
}

/**
 * Extrapolation (Ang & Gillis 2019) of rows [i0, i1) (cols wide, stride ld for all three):
 * y = xNew + beta·(xNew − xOld), clipped at 0 when `project`.
 */
export function extrapolate(i0: i32, i1: i32, cols: i32, xNew: usize, xOld: usize, y: usize, ld: i32,
  beta: f32, project: i32): void {
  const vb = f32x4.splat(beta), zero = f32x4.splat(0);
  for (let i = i0; i < i1; i++) {
    const o = (<usize>i * ld) << 2;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const q = o + (<usize>j << 2);
      const xn = v128.load(xNew + q);
      let v = madd(vb, f32x4.sub(xn, v128.load(xOld + q)), xn);
      if (project) v = f32x4.max(v, zero);
      v128.store(y + q, v);
    }
    for (; j < cols; j++) {
      const q = o + (<usize>j << 2);
      const xn = load<f32>(xNew + q);
      let v = xn + beta * (xn - load<f32>(xOld + q));
      if (project) v = max(v, <f32>0);
      store<f32>(y + q, v);
    }
  }
}
