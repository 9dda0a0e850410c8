// Frobenius multiplicative updates with the denominator's small product fused in, so no m×k or
// k×n denominator matrix exists:
//   rows     X (m×k) ← X ∘ numer / (X·G + l1 + l2·X)        (W-update, G = H·Hᵀ)
//   columns  X (k×n) ← X ∘ numer / (G·X + l1 + l2·X)        (H-update, G = Wᵀ·W)
// The product is formed a block at a time with the GEMM kernel's 4×8 register tile (8
// accumulators + 2 loaded vectors + 4 splats: within V8's 15 vector registers): per k-step 4
// splats at constant offsets from one packed panel and 2 loads, for 8 multiply-adds. Both
// operands of the tile are packed into `scratch` first (zero-padded to whole tiles), so the
// tile never reads past a matrix and never needs an edge case. Row (column) ranges split
// across threads, each with its own scratch.
import { madd, transpose4 } from "./simd";
import { updateSpan } from "./update";

/** Columns of X per block of muUpdateColumnsGram. */
const COLUMN_BLOCK: i32 = 64;

// @ts-ignore: decorator
@inline function roundUp(x: i32, to: i32): i32 {
  return (x + to - 1) / to * to;
}

/** Bytes of scratch muUpdateRowsGram / muUpdateColumnsGram need for rank k. */
export function muUpdateGramScratchBytes(k: i32): i32 {
  const k4 = roundUp(k, 4);
  const rows = k * k4 + k * 4 + 4 * k4;                 // G padded, one X panel, a 4×k4 block of X·G
  const columns = k4 * k + k4 * COLUMN_BLOCK;           // Gᵀ panels, a k4×64 block of G·X
  return max(rows, columns) << 2;
}

/**
 * out[0:4, 0:8] = Σ_{r<k} panel[r, 0:4]ᵀ · b[r, 0:8]: `panel` holds 4 floats per r (16 B apart),
 * b's rows are `bs` bytes apart; out's rows `os` bytes apart.
 */
// @ts-ignore: decorator
@inline function tile4x8(k: i32, panel: usize, b: usize, bs: usize, out: usize, os: usize): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = panel + (<usize>k << 4);
  let p = panel, q = b;
  while (p < end) {
    const b0 = v128.load(q), b1 = v128.load(q, 16);
    const a0 = v128.load32_splat(p), a1 = v128.load32_splat(p, 4);
    const a2 = v128.load32_splat(p, 8), a3 = v128.load32_splat(p, 12);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    p += 16;
    q += bs;
  }
  v128.store(out, c00); v128.store(out, c01, 16);
  v128.store(out + os, c10); v128.store(out + os, c11, 16);
  v128.store(out + 2 * os, c20); v128.store(out + 2 * os, c21, 16);
  v128.store(out + 3 * os, c30); v128.store(out + 3 * os, c31, 16);
}

/** out[0:4, 0:4] as tile4x8 for a block only 4 columns wide (b's rows hold just 4 floats). */
// @ts-ignore: decorator
@inline function tile4x4(k: i32, panel: usize, b: usize, bs: usize, out: usize, os: usize): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const end = panel + (<usize>k << 4);
  let p = panel, q = b;
  while (p < end) {
    const b0 = v128.load(q);
    c0 = madd(v128.load32_splat(p), b0, c0);
    c1 = madd(v128.load32_splat(p, 4), b0, c1);
    c2 = madd(v128.load32_splat(p, 8), b0, c2);
    c3 = madd(v128.load32_splat(p, 12), b0, c3);
    p += 16;
    q += bs;
  }
  v128.store(out, c0);
  v128.store(out + os, c1);
  v128.store(out + 2 * os, c2);
  v128.store(out + 3 * os, c3);
}

/**
 * W-update for rows [i0, i1) of X (m×k):  X[i] ← X[i] ∘ numer[i] / (X[i]·G + l1 + l2·X[i]).
 * Four rows at a time: their old values are packed as a panel (4 per column of X), the 4×k
 * block of X·G is formed from it and G (packed once into rows of k4 floats, zeros past k), then
 * the four rows are updated.
 */
export function muUpdateRowsGram(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  g: usize, l1: f32, l2: f32, zeroBelow: f32, scratch: usize): void {
  const k4 = roundUp(k, 4);
  const gp = scratch;                                   // G, k × k4
  const panel = gp + ((<usize>k * k4) << 2);            // 4 rows of X, transposed: k × 4
  const block = panel + (<usize>k << 4);                // X·G for the 4 rows: 4 × k4
  const rowBytes = <usize>k4 << 2;
  const ldxB = <usize>ldx << 2;
  for (let r = 0; r < k; r++) {
    const dst = gp + <usize>r * rowBytes;
    memory.copy(dst, g + ((<usize>r * k) << 2), <usize>k << 2);
    memory.fill(dst + (<usize>k << 2), 0, <usize>(k4 - k) << 2);
  }
  for (let i = i0; i < i1; i += 4) {
    const rows = min(4, i1 - i);
    const xi = x + <usize>i * ldxB;
    let r = 0;
    if (rows == 4) {
      // Four columns of the four rows at a time: one 4×4 transpose.
      for (; r + 4 <= k; r += 4) {
        const o = <usize>r << 2;
        transpose4(v128.load(xi + o), v128.load(xi + ldxB + o), v128.load(xi + 2 * ldxB + o),
          v128.load(xi + 3 * ldxB + o), panel + (<usize>r << 4), 16);
      }
    }
    for (; r < k; r++) {
      const d = panel + (<usize>r << 4);
      for (let t = 0; t < 4; t++) {
        store<f32>(d + (<usize>t << 2), t < rows ? load<f32>(xi + <usize>t * ldxB + (<usize>r << 2)) : 0);
      }
    }
    let c = 0;
    for (; c + 8 <= k4; c += 8) tile4x8(k, panel, gp + (<usize>c << 2), rowBytes, block + (<usize>c << 2), rowBytes);
    if (c < k4) tile4x4(k, panel, gp + (<usize>c << 2), rowBytes, block + (<usize>c << 2), rowBytes);
    for (let t = 0; t < rows; t++) {
      updateSpan(k, xi + <usize>t * ldxB, numer + ((<usize>(i + t) * ldn) << 2), block + <usize>t * rowBytes,
        l1, l2, zeroBelow);
    }
  }
}

/**
 * H-update for columns [j0, j1) of X (k×n):  X[:, j] ← X[:, j] ∘ numer[:, j] / (G·X[:, j] + l1 + l2·X[:, j]).
 * G's rows are packed once as panels of 4 (4 floats per column of G, zero rows past k); then a
 * block of 64 columns at a time, G·X is formed into scratch (k4 × 64) by 4×8 tiles straight
 * from X's rows, and the block's columns are updated.
 */
export function muUpdateColumnsGram(j0: i32, j1: i32, k: i32, x: usize, ldx: i32, numer: usize, ldn: i32,
  g: usize, l1: f32, l2: f32, zeroBelow: f32, scratch: usize): void {
  const k4 = roundUp(k, 4);
  const panels = scratch;                               // k4/4 panels of k × 4
  const block = panels + ((<usize>k4 * k) << 2);        // G·X block: k4 × COLUMN_BLOCK
  const panelBytes = <usize>k << 4;
  const blockRow = <usize>COLUMN_BLOCK << 2;
  const ldxB = <usize>ldx << 2;
  for (let c = 0; c < k4; c += 4) {
    const pc = panels + <usize>(c >> 2) * panelBytes;
    for (let r = 0; r < k; r++) {
      for (let t = 0; t < 4; t++) {
        store<f32>(pc + (<usize>r << 4) + (<usize>t << 2), c + t < k ? load<f32>(g + ((<usize>(c + t) * k + r) << 2)) : 0);
      }
    }
  }
  for (let jb = j0; jb < j1; jb += COLUMN_BLOCK) {
    const width = min(COLUMN_BLOCK, j1 - jb);
    const xb = x + (<usize>jb << 2);
    for (let c = 0; c < k4; c += 4) {
      const pc = panels + <usize>(c >> 2) * panelBytes;
      const out = block + <usize>c * blockRow;
      let t = 0;
      for (; t + 8 <= width; t += 8) tile4x8(k, pc, xb + (<usize>t << 2), ldxB, out + (<usize>t << 2), blockRow);
      if (t + 4 <= width) {
        tile4x4(k, pc, xb + (<usize>t << 2), ldxB, out + (<usize>t << 2), blockRow);
        t += 4;
      }
      for (; t < width; t++) {
        // The last 1–3 columns, one dot product per output row.
        for (let u = 0; u < 4; u++) {
          let s: f32 = 0;
          for (let r = 0; r < k; r++) s += load<f32>(pc + (<usize>r << 4) + (<usize>u << 2)) * load<f32>(xb + <usize>r * ldxB + (<usize>t << 2));
          store<f32>(out + <usize>u * blockRow + (<usize>t << 2), s);
        }
      }
    }
    for (let c = 0; c < k; c++) {
      updateSpan(width, xb + <usize>c * ldxB, numer + ((<usize>c * ldn + jb) << 2), block + <usize>c * blockRow, l1, l2, zeroBelow);
    }
  }
}
