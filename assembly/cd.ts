// One coordinate-descent (HALS) sweep of scikit-learn's _update_cdnmf_fast, for rows [i0, i1)
// of X (m×k), minimizing ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖² with Y fixed, given
//   G = YᵀY (k×k) and P = V·Y (m×k):
//   for each component t (in `order`): grad = (X·G)[i, t] − P[i, t] + l1 + l2·X[i, t]
//   projected gradient (for the stopping rule) and X[i, t] ← max(X[i, t] − grad / (G[t, t] + l2), 0).
// A row's updates read only that row of X, so rows are independent: scikit-learn's loop over
// components then rows gives the same result as this loop over rows then components, and a
// worker pool can split rows. Returns the row range's share of Σ|projected gradient| (f64).
//
// Each row is swept in `row` (cdRowBytes(k), one per thread) and written back once: every
// coordinate update is followed by a 4-lane load of the same row, and when that row sits in
// X a store there stalls the load (a narrow store cannot forward to a wider load), worst when
// another core last touched the line (measured: 1.4× instead of 1.9× on two threads). In the
// local copy an update rewrites its whole 4-lane group, which forwards to the next load.

/** Bytes of the per-thread row copy cdSweep needs at rank k. */
export function cdRowBytes(k: i32): i32 {
  return ((k + 3) & ~3) << 2;
}

export function cdSweep(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, g: usize, p: usize, ldp: i32,
  order: usize, l1: f32, l2: f32, row: usize): f64 {
  let violation: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const xi = x + ((<usize>i * ldx) << 2);
    copyFloats(row, xi, k);
    violation += cdSweepRow(k, row, g, p + ((<usize>i * ldp) << 2), order, l1, l2);
    copyFloats(xi, row, k);
  }
  return violation;
}

/** dst[0:count] = src[0:count] (a few floats: inline vector moves, not a memory.copy call). */
// @ts-ignore: decorator
@inline export function copyFloats(dst: usize, src: usize, count: i32): void {
  let r = 0;
  for (; r + 4 <= count; r += 4) v128.store(dst + (<usize>r << 2), v128.load(src + (<usize>r << 2)));
  for (; r < count; r++) store<f32>(dst + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
}

/** cdSweep's updates of one row held in `row` (k floats, 16-byte aligned, room for a multiple of 4). */
export function cdSweepRow(k: i32, row: usize, g: usize, pi: usize, order: usize, l1: f32, l2: f32): f64 {
  let violation: f64 = 0;
  const lanes = i32x4(0, 1, 2, 3);
  for (let s = 0; s < k; s++) {
    const t = load<i32>(order + (<usize>s << 2));
    const gt = g + ((<usize>t * k) << 2);
    // grad = Σ_r G[t, r]·X[i, r] − P[i, t] (+ the regularization terms)
    let acc = f32x4.splat(0);
    let r = 0;
    for (; r + 4 <= k; r += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(gt + (<usize>r << 2)), v128.load(row + (<usize>r << 2))));
    let grad = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; r < k; r++) grad += load<f32>(gt + (<usize>r << 2)) * load<f32>(row + (<usize>r << 2));
    const xt = load<f32>(row + (<usize>t << 2));
    grad += l1 + l2 * xt - load<f32>(pi + (<usize>t << 2));
    violation += <f64>Mathf.abs(xt == 0 ? min(grad, 0) : grad);
    const hess = load<f32>(gt + (<usize>t << 2)) + l2;
    if (hess != 0) {
      // The new value into lane t & 3 of its group, stored as the whole group.
      const group = row + ((<usize>(t >> 2)) << 4);
      const lane = i32x4.eq(lanes, i32x4.splat(t & 3));
      v128.store(group, v128.bitselect(f32x4.splat(max(xt - grad / hess, 0)), v128.load(group), lane));
    }
  }
  return violation;
}
