// Non-negative least squares for the rows of X (ANLS half-steps): for each row i in [i0, i1),
//   x_i = argmin_{x ≥ 0} ½·xᵀ(G + l2·I)x − (P[i] − l1)ᵀx      (G = YᵀY, P = V·Y)
// by block principal pivoting (Kim & Park 2011): exchange the infeasible variables between
// the passive set F and the active set, with their backup rule (full exchanges while the
// number of infeasible variables drops, at most 3 times otherwise, then one at a time).
// Each row starts from the previous iterate's support, and a row whose passive set equals the
// previous solve's reuses that Cholesky factor. Solves run in f64.
// Returns Σ|projected gradient| at the incoming X (the cd stopping rule's measure).
//
// Robust to a singular Gram matrix (rank > min(m, n), rank-deficient data, a zero component):
// G is formed in f32, so a passive column that lies (to G's rounding) in the span of the
// columns before it has a Cholesky pivot made of rounding noise, and solving with it gave
// arbitrarily large entries whose true objective was worse. Such a column is left out of the
// row's passive set for the rest of its solve (its span is already covered, so the minimum is
// the same); that also bounds a passive set by the Gram's rank, so the cubic factor cost stays
// at rank(G)³, not k³. And a row keeps its incoming value unless the new one has an objective no
// higher, so a half-step never increases the objective whatever rounding does.

export function nnlsWorkBytes(k: i32): i32 {
  // L (k×k), rhs, sol, y, x (4k) in f64; flags, cached flags, passive indices, excluded (4k) in i32.
  return (k * k + 4 * k) * 8 + 4 * k * 4 + 16;
}

/** A pivot below this fraction of its diagonal is rounding noise of the f32 Gram matrix. */
const DEPENDENT_PIVOT: f64 = 1e-6;

// @ts-ignore: decorator
@inline function f64At(base: usize, t: i32): usize {
  return base + (<usize>t << 3);
}

/**
 * Cholesky factor of G[F, F] + l2·I (+ a tiny ridge) into L (row-major, ld k), F the p indices at
 * idx. A variable whose pivot is noise (its column dependent on those before it) is dropped:
 * flagged excluded and not passive, and idx compacted. Returns the number of variables kept.
 */
function factor(g: usize, k: i32, idx: usize, p: i32, l2: f64, ridge: f64, L: usize, flags: usize, excluded: usize): i32 {
  let q = 0;
  for (let t = 0; t < p; t++) {
    const ia = load<i32>(idx + (<usize>t << 2));
    const diagonal = <f64>load<f32>(g + ((<usize>ia * k + ia) << 2)) + l2;
    for (let b = 0; b < q; b++) {
      const ib = load<i32>(idx + (<usize>b << 2));
      let s = <f64>load<f32>(g + ((<usize>ia * k + ib) << 2));
      for (let c = 0; c < b; c++) s -= load<f64>(f64At(L, q * k + c)) * load<f64>(f64At(L, b * k + c));
      store<f64>(f64At(L, q * k + b), s / load<f64>(f64At(L, b * k + b)));
    }
    let d = diagonal + ridge;
    for (let c = 0; c < q; c++) {
      const e = load<f64>(f64At(L, q * k + c));
      d -= e * e;
    }
    if (!(d > DEPENDENT_PIVOT * diagonal + ridge)) {
      store<i32>(excluded + (<usize>ia << 2), 1);
      store<i32>(flags + (<usize>ia << 2), 0);
      continue;
    }
    store<f64>(f64At(L, q * k + q), Math.sqrt(d));
    store<i32>(idx + (<usize>q << 2), ia);
    q++;
  }
  return q;
}

/** sol[0:p] = (L·Lᵀ)⁻¹ rhs[0:p]. */
function solve(L: usize, k: i32, p: i32, rhs: usize, sol: usize): void {
  for (let a = 0; a < p; a++) {
    let s = load<f64>(f64At(rhs, a));
    for (let c = 0; c < a; c++) s -= load<f64>(f64At(L, a * k + c)) * load<f64>(f64At(sol, c));
    store<f64>(f64At(sol, a), s / load<f64>(f64At(L, a * k + a)));
  }
  for (let a = p - 1; a >= 0; a--) {
    let s = load<f64>(f64At(sol, a));
    for (let c = a + 1; c < p; c++) s -= load<f64>(f64At(L, c * k + a)) * load<f64>(f64At(sol, c));
    store<f64>(f64At(sol, a), s / load<f64>(f64At(L, a * k + a)));
  }
}

export function nnlsRows(i0: i32, i1: i32, k: i32, x: usize, ldx: i32, g: usize, p: usize, ldp: i32,
  l1: f32, l2: f32, work: usize): f64 {
  const L = (work + 15) & ~15;
  const rhs = L + (<usize>(k * k) << 3);
  const sol = rhs + (<usize>k << 3);
  const y = sol + (<usize>k << 3);
  const xf = y + (<usize>k << 3);
  const flags = xf + (<usize>k << 3);        // i32 per variable: 1 passive
  const cached = flags + (<usize>k << 2);    // passive set of the cached factor (-1: none)
  const idx = cached + (<usize>k << 2);      // passive indices, in order
  const excluded = idx + (<usize>k << 2);    // i32 per variable: 1 dependent, kept at 0 this row
  let diagMax: f64 = 0;
  for (let a = 0; a < k; a++) diagMax = max(diagMax, <f64>load<f32>(g + ((<usize>a * k + a) << 2)));
  const ridge = 1e-12 * diagMax + 1e-30;
  store<i32>(cached, -1);
  let violation: f64 = 0;

  for (let i = i0; i < i1; i++) {
    const xi = x + ((<usize>i * ldx) << 2);
    const pi = p + ((<usize>i * ldp) << 2);
    // Projected gradient and objective at the incoming row, and the warm start's passive set.
    // Products with x run over its non-zeros only (in order: skipping exact zeros changes no sum).
    let nonZeros = 0;
    for (let b = 0; b < k; b++) {
      if (load<f32>(xi + (<usize>b << 2)) != 0) { store<i32>(idx + (<usize>nonZeros << 2), b); nonZeros++; }
    }
    let incoming: f64 = 0;
    for (let a = 0; a < k; a++) {
      const xa = load<f32>(xi + (<usize>a << 2));
      let grad: f64 = <f64>l1 - <f64>load<f32>(pi + (<usize>a << 2)) + <f64>l2 * <f64>xa;
      for (let u = 0; u < nonZeros; u++) {
        const b = load<i32>(idx + (<usize>u << 2));
        grad += <f64>load<f32>(g + ((<usize>a * k + b) << 2)) * <f64>load<f32>(xi + (<usize>b << 2));
      }
      violation += Math.abs(xa == 0 ? min(grad, 0) : grad);
      incoming += rowObjectiveTerm(<f64>xa, grad, <f64>load<f32>(pi + (<usize>a << 2)), <f64>l1);
      store<i32>(flags + (<usize>a << 2), xa > 0 ? 1 : 0);
      store<i32>(excluded + (<usize>a << 2), 0);
    }
    let fewest = k + 1, backup = 3;
    for (let step = 0; step < 10 * k + 10; step++) {
      // Solve on the passive set (reusing the cached factor when the set is unchanged).
      let np = 0, same = load<i32>(cached) >= 0;
      for (let a = 0; a < k; a++) {
        const f = load<i32>(flags + (<usize>a << 2));
        if (f) { store<i32>(idx + (<usize>np << 2), a); np++; }
        if (same && f != load<i32>(cached + (<usize>a << 2))) same = false;
      }
      if (!same && np > 0) {
        np = factor(g, k, idx, np, <f64>l2, ridge, L, flags, excluded);
        for (let a = 0; a < k; a++) store<i32>(cached + (<usize>a << 2), load<i32>(flags + (<usize>a << 2)));
      }
      for (let a = 0; a < np; a++) {
        const ia = load<i32>(idx + (<usize>a << 2));
        store<f64>(f64At(rhs, a), <f64>load<f32>(pi + (<usize>ia << 2)) - <f64>l1);
      }
      if (np > 0) solve(L, k, np, rhs, sol);
      for (let a = 0; a < k; a++) store<f64>(f64At(xf, a), 0);
      for (let a = 0; a < np; a++) store<f64>(f64At(xf, load<i32>(idx + (<usize>a << 2))), load<f64>(f64At(sol, a)));
      // Dual variables y = (G + l2)x − (P − l1) on the active set; count infeasible variables.
      let infeasible = 0, last = -1;
      for (let a = 0; a < k; a++) {
        if (load<i32>(flags + (<usize>a << 2))) {
          if (load<f64>(f64At(xf, a)) < 0) { infeasible++; last = a; }
          continue;
        }
        if (load<i32>(excluded + (<usize>a << 2))) continue;
        let s: f64 = <f64>l1 - <f64>load<f32>(pi + (<usize>a << 2));
        for (let u = 0; u < np; u++) {
          const b = load<i32>(idx + (<usize>u << 2));
          s += <f64>load<f32>(g + ((<usize>a * k + b) << 2)) * load<f64>(f64At(xf, b));
        }
        store<f64>(f64At(y, a), s);
        if (s < -1e-12 * (diagMax + 1)) { infeasible++; last = a; }
      }
      if (infeasible == 0) break;
      // Backup rule: exchange all while the count improves (or 3 more times), else only the last.
      let exchangeAll = true;
      if (infeasible < fewest) { fewest = infeasible; backup = 3; }
      else if (backup > 0) backup--;
      else exchangeAll = false;
      for (let a = 0; a < k; a++) {
        const f = load<i32>(flags + (<usize>a << 2));
        const bad = f ? load<f64>(f64At(xf, a)) < 0
          : !load<i32>(excluded + (<usize>a << 2)) && load<f64>(f64At(y, a)) < -1e-12 * (diagMax + 1);
        if (bad && (exchangeAll || a == last)) store<i32>(flags + (<usize>a << 2), 1 - f);
      }
    }
    // The solution as stored (f32, clamped); kept only if its objective is no higher.
    let np = 0;
    for (let a = 0; a < k; a++) {
      const v = <f64><f32>max(load<f64>(f64At(xf, a)), 0);
      store<f64>(f64At(xf, a), v);
      if (v > 0) { store<i32>(idx + (<usize>np << 2), a); np++; }
    }
    let solved: f64 = 0;
    for (let t = 0; t < np; t++) {
      const a = load<i32>(idx + (<usize>t << 2));
      const xa = load<f64>(f64At(xf, a));
      let grad: f64 = <f64>l1 - <f64>load<f32>(pi + (<usize>a << 2)) + <f64>l2 * xa;
      for (let u = 0; u < np; u++) {
        const b = load<i32>(idx + (<usize>u << 2));
        grad += <f64>load<f32>(g + ((<usize>a * k + b) << 2)) * load<f64>(f64At(xf, b));
      }
      solved += rowObjectiveTerm(xa, grad, <f64>load<f32>(pi + (<usize>a << 2)), <f64>l1);
    }
    if (!(solved <= incoming)) continue;
    for (let a = 0; a < k; a++) store<f32>(xi + (<usize>a << 2), <f32>load<f64>(f64At(xf, a)));
  }
  return violation;
}

/**
 * x_a's share of the row objective ½xᵀ(G + l2·I)x − (p − l1)ᵀx, from the gradient
 * grad_a = ((G + l2·I)x)_a − p_a + l1: x_a·(grad_a − ½((G + l2·I)x)_a) = ½·x_a·(grad_a − p_a + l1).
 */
// @ts-ignore: decorator
@inline function rowObjectiveTerm(xa: f64, grad: f64, pa: f64, l1: f64): f64 {
  return 0.5 * xa * (grad - pa + l1);
}
