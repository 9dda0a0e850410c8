// Kernels of the randomized SVD's orthonormalization (CholeskyQR): the f64 Gram matrix YᵀY of
// a tall f32 block Y (rows × lp, lp a multiple of 4), and Q = Y·T for a small f64 matrix T.
// The Gram is summed per fixed chunk of rows and the chunks combined in order, so the result
// does not depend on how a caller splits the chunks among threads. Plain f64 multiply and add
// (no fused madd): both kernel builds give the same bits.
import { widenHigh, widenLow } from "./simd";

/**
 * For each chunk ch in [ch0, ch1) (rows [ch·chunkRows, min(rows, (ch+1)·chunkRows)) of Y), the
 * chunk's Gram YᵀY into partials + ch·lp²·8 (lp×lp f64, row-major). Only entries (c, d) with
 * d ≥ c & ~3 are written — the upper triangle and the diagonal 4×4 blocks; gramCombine reads d ≥ c.
 */
export function gramChunks(ch0: i32, ch1: i32, chunkRows: i32, rows: i32, lp: i32, y: usize, ldy: i32,
  partials: usize): void {
  const rowBytes = <usize>ldy << 2;
  for (let ch = ch0; ch < ch1; ch++) {
    const r0 = ch * chunkRows;
    const r1 = min(rows, r0 + chunkRows);
    const out = partials + ((<usize>ch * lp * lp) << 3);
    for (let c = 0; c < lp; c += 2) {
      for (let d = c & ~3; d < lp; d += 4) {
        let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
        let row = y + <usize>r0 * rowBytes;
        for (let i = r0; i < r1; i++, row += rowBytes) {
          const y0 = f64x2.splat(<f64>load<f32>(row + (<usize>c << 2)));
          const y1 = f64x2.splat(<f64>load<f32>(row + (<usize>c << 2), 4));
          const v = v128.load(row + (<usize>d << 2));
          const lo = widenLow(v), hi = widenHigh(v);
          a00 = f64x2.add(a00, f64x2.mul(y0, lo));
          a01 = f64x2.add(a01, f64x2.mul(y0, hi));
          a10 = f64x2.add(a10, f64x2.mul(y1, lo));
          a11 = f64x2.add(a11, f64x2.mul(y1, hi));
        }
        const o0 = out + ((<usize>c * lp + d) << 3), o1 = o0 + (<usize>lp << 3);
        v128.store(o0, a00);
        v128.store(o0, a01, 16);
        v128.store(o1, a10);
        v128.store(o1, a11, 16);
      }
    }
  }
}

/** out (lp×lp f64, symmetric) = Σ over chunks 0..count−1, in order, of gramChunks' partials. */
export function gramCombine(count: i32, lp: i32, partials: usize, out: usize): void {
  const stride = (<usize>lp * lp) << 3;
  for (let c = 0; c < lp; c++) {
    for (let d = c; d < lp; d++) {
      const at = (<usize>c * lp + d) << 3;
      let s: f64 = 0;
      for (let ch = 0; ch < count; ch++) s += load<f64>(partials + <usize>ch * stride + at);
      store<f64>(out + at, s);
      store<f64>(out + ((<usize>d * lp + c) << 3), s);
    }
  }
}

/**
 * Rows [i0, i1) of Q (f32, ldq) = Y (f32 rows × lp, ldy) · T (f64 lp × tc, row-major, tc a
 * multiple of 4), accumulated in f64. `upper`: T is upper triangular, so output columns
 * [d, d+4) only need rows c < d + 4 of T. Q must not overlap Y.
 */
export function applyRight(i0: i32, i1: i32, lp: i32, y: usize, ldy: i32, t: usize, tc: i32, upper: i32,
  q: usize, ldq: i32): void {
  const yBytes = <usize>ldy << 2, qBytes = <usize>ldq << 2, tBytes = <usize>tc << 3;
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const y0 = y + <usize>i * yBytes, y1 = y0 + yBytes;
    const q0 = q + <usize>i * qBytes, q1 = q0 + qBytes;
    for (let d = 0; d < tc; d += 4) {
      const cEnd = upper ? min(lp, d + 4) : lp;
      let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0);
      let tRow = t + (<usize>d << 3);
      for (let c = 0; c < cEnd; c++, tRow += tBytes) {
        const t0 = v128.load(tRow), t1 = v128.load(tRow, 16);
        const s0 = f64x2.splat(<f64>load<f32>(y0 + (<usize>c << 2)));
        const s1 = f64x2.splat(<f64>load<f32>(y1 + (<usize>c << 2)));
        a00 = f64x2.add(a00, f64x2.mul(s0, t0));
        a01 = f64x2.add(a01, f64x2.mul(s0, t1));
        a10 = f64x2.add(a10, f64x2.mul(s1, t0));
        a11 = f64x2.add(a11, f64x2.mul(s1, t1));
      }
      v128.store(q0 + (<usize>d << 2), narrow(a00, a01));
      v128.store(q1 + (<usize>d << 2), narrow(a10, a11));
    }
  }
  for (; i < i1; i++) {
    const y0 = y + <usize>i * yBytes, q0 = q + <usize>i * qBytes;
    for (let d = 0; d < tc; d += 4) {
      const cEnd = upper ? min(lp, d + 4) : lp;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0);
      let tRow = t + (<usize>d << 3);
      for (let c = 0; c < cEnd; c++, tRow += tBytes) {
        const s = f64x2.splat(<f64>load<f32>(y0 + (<usize>c << 2)));
        a0 = f64x2.add(a0, f64x2.mul(s, v128.load(tRow)));
        a1 = f64x2.add(a1, f64x2.mul(s, v128.load(tRow, 16)));
      }
      v128.store(q0 + (<usize>d << 2), narrow(a0, a1));
    }
  }
}

/** Four f64 lanes (lo, hi) rounded to one f32x4. */
// @ts-ignore: decorator
@inline function narrow(lo: v128, hi: v128): v128 {
  const a = f32x4.demote_f64x2_zero(lo), b = f32x4.demote_f64x2_zero(hi);
  return v128.shuffle<i64>(a, b, 0, 2);
}
