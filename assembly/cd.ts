// One coordinate-descent (HALS) sweep of scikit-learn's _update_cdnmf_fast, for rows [i0, i1)
// of X (m×k), minimizing ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖² with Y fixed, given
//   G = YᵀY (k×k) and P = V·Y (m×k):
//   for each component t (in `order`): grad = (X·G)[i, t] − P[i, t] + l1 + l2·X[i, t]
//   projected gradient (for the stopping rule) and X[i, t] ← max(X[i, t] − grad / (G[t, t] + l2), 0).
// A row's updates read only that row of X, so rows are independent: scikit-learn's loop over
// components then rows gives the same result as this loop over rows then components, and a
// worker pool can split rows. Returns the row range's share of Σ|projected gradient| (f64).

export function cdSweep(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, g: usize, p: usize, ldp: i32,
  order: usize, l1: f32, l2: f32): f64 {
  let violation: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const xi = x + ((<usize>i * ldx) << 2);
    const pi = p + ((<usize>i * ldp) << 2);
    for (let s = 0; s < k; s++) {
      const t = load<i32>(order + (<usize>s << 2));
      const gt = g + ((<usize>t * k) << 2);
      // grad = Σ_r G[t, r]·X[i, r] − P[i, t] (+ the regularization terms)
      let acc = f32x4.splat(0);
      let r = 0;
      for (; r + 4 <= k; r += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(gt + (<usize>r << 2)), v128.load(xi + (<usize>r << 2))));
      let grad = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
      for (; r < k; r++) grad += load<f32>(gt + (<usize>r << 2)) * load<f32>(xi + (<usize>r << 2));
      const xt = load<f32>(xi + (<usize>t << 2));
      grad += l1 + l2 * xt - load<f32>(pi + (<usize>t << 2));
      violation += <f64>Mathf.abs(xt == 0 ? min(grad, 0) : grad);
      const hess = load<f32>(gt + (<usize>t << 2)) + l2;
      if (hess != 0) store<f32>(xi + (<usize>t << 2), max(xt - grad / hess, 0));
    }
  }
  return violation;
}
