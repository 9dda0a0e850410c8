// Coordinate descent (HALS) with missing entries, for rows [i0, i1) of X: row i's problem
//   min_{x ≥ 0} ½·Σ_{j stored in row i} s_ij·(v_ij − x·y_j)² + l1·Σx + ½·l2·‖x‖²
// has its own Gram G_i = Σ_j s_ij·y_j·y_jᵀ and P_i = Σ_j s_ij·v_ij·y_j over the row's stored entries only
// (ALS-style; NNLM's per-column Gram over non-missing rows), and one sweep of cd.ts's exact
// coordinate updates solves it a step further. s_ij = weights[p] (weights = 0: all 1; the weights
// share the values' positions). O(nnz_i·k²) per row; rows are independent.
import { cdSweepRow, copyFloats } from "./cd";

/** Bytes of scratch maskedCdRows needs for rank k: G (k × k4), P (k4), G compacted (k × k, padded) and a row (k4). */
export function maskedCdScratchBytes(k: i32): i32 {
  const k4 = (k + 3) & ~3;
  return (k * k4 + k4 + ((k * k + 3) & ~3) + k4) << 2;
}

export function maskedCdRows(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  weights: usize, y: usize, ldy: i32, k: i32, x: usize, ldx: i32, order: usize, l1: f32, l2: f32, scratch: usize): f64 {
  const k4 = (k + 3) & ~3;
  // G's rows are k4 wide so a row of Y (read as k4 lanes; lanes ≥ k are the next row's or the
  // allocation's slack) adds with whole vectors; the lanes ≥ k are dropped when G is compacted.
  const g = scratch, pv = scratch + ((<usize>k * k4) << 2), gc = pv + (<usize>k4 << 2);
  const row = gc + (<usize>((k * k + 3) & ~3) << 2);
  let violation: f64 = 0;
  for (let i = i0; i < i1; i++) {
    memory.fill(g, 0, <usize>(k * k4 + k4) << 2);
    const end = load<i32>(ends + (<usize>i << 2));
    for (let p = load<i32>(starts + (<usize>i << 2)); p < end; p++) {
      const yj = y + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldy) << 2);
      const weight: f32 = weights ? load<f32>(weights + (<usize>p << 2)) : 1;
      const v = load<f32>(values + (<usize>p << 2));
      for (let a = 0; a < k; a++) {
        const ya = weight * load<f32>(yj + (<usize>a << 2));
        store<f32>(pv + (<usize>a << 2), load<f32>(pv + (<usize>a << 2)) + v * ya);
        const ga = g + ((<usize>a * k4) << 2), va = f32x4.splat(ya);
        for (let b = 0; b < k4; b += 4) {
          const o = <usize>b << 2;
          v128.store(ga + o, f32x4.add(v128.load(ga + o), f32x4.mul(va, v128.load(yj + o))));
        }
      }
    }
    for (let a = 0; a < k; a++) memory.copy(gc + ((<usize>a * k) << 2), g + ((<usize>a * k4) << 2), <usize>k << 2);
    const xi = x + ((<usize>i * ldx) << 2);
    copyFloats(row, xi, k);
    violation += cdSweepRow(k, row, gc, pv, order, l1, l2);
    copyFloats(xi, row, k);
  }
  return violation;
}
