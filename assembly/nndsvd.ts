// NNDSVD's element-wise steps (Boutsidis & Gallopoulos 2008), over row ranges: the norms of the
// positive and negative parts of each singular vector, and the factor built from the chosen part
// with its small entries filled per variant. Norms are summed per fixed chunk of rows, so the
// result does not depend on how the chunks are split among threads.
import { normalAt } from "./normal";

/** Entries below this are "zero" and filled (scikit-learn's eps in _initialize_nmf). */
const SMALL: f32 = 1e-6;

/**
 * For each chunk ch in [ch0, ch1) of X's rows (chunkRows rows each), per column c < k:
 * (Σ x² over x > 0, Σ x² over x < 0) into partials + (ch·k + c)·16, as two f64.
 */
export function partNormChunks(ch0: i32, ch1: i32, chunkRows: i32, rows: i32, k: i32, x: usize, ldx: i32,
  partials: usize): void {
  for (let ch = ch0; ch < ch1; ch++) {
    const r0 = ch * chunkRows, r1 = min(rows, r0 + chunkRows);
    const out = partials + ((<usize>ch * k) << 4);
    memory.fill(out, 0, <usize>k << 4);
    // Row by row (X is row-major), each column's sums in the chunk's slots: rows in ascending
    // order per column, whatever the split.
    for (let i = r0; i < r1; i++) {
      const row = x + ((<usize>i * ldx) << 2);
      for (let c = 0; c < k; c++) {
        const e = <f64>load<f32>(row + (<usize>c << 2));
        const slot = out + (<usize>c << 4) + (e > 0 ? 0 : 8);
        store<f64>(slot, load<f64>(slot) + e * e);
      }
    }
  }
}

/**
 * Rows [i0, i1) of X (k columns used) → out[i·oRow + c·oCol] = factor_c · part_c(x[i, c]), where
 * coef holds k f64 factors then k f64 modes: 0 = |x|, 1 = positive part, −1 = negative part (as |x|).
 * Values below 1e-6 become: fill 0 → 0, 1 → fillValue, 2 → |fillValue·N/100| with N the normal
 * of element index indexBase + i·oRow + c·oCol (keys key1, key2).
 */
export function nndsvdFactorRows(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, coef: usize, fill: i32,
  fillValue: f64, key1: u32, key2: u32, indexBase: i32, out: usize, oRow: i32, oCol: i32): void {
  for (let i = i0; i < i1; i++) {
    for (let c = 0; c < k; c++) {
      const e = <f64>load<f32>(x + ((<usize>i * ldx + c) << 2));
      const factor = load<f64>(coef + (<usize>c << 3));
      const mode = load<f64>(coef + ((<usize>(k + c)) << 3));
      let v = <f32>(mode == 0 || mode * e > 0 ? Math.abs(e) * factor : 0);
      const at = i * oRow + c * oCol;
      if (v < SMALL) {
        if (fill == 0) v = 0;
        else if (fill == 1) v = <f32>fillValue;
        else v = <f32>Math.abs(fillValue * <f64>normalAt(indexBase + at, key1, key2) / 100);
      }
      store<f32>(out + (<usize>at << 2), v);
    }
  }
}
