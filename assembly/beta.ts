// Multiplicative updates and divergence for a general β (scikit-learn's _multiplicative_update_w/h
// and _beta_divergence for β ∉ {1, 2}), over row blocks of WH so that only blockRows×n of it
// exists at a time. Scalar f64 powers: these losses are for fidelity, not for the fast paths
// (Frobenius and KL have their own kernels).
import { gemm } from "./gemm";
import { EPS32 } from "./simd";

export const BETA_FOR_W: i32 = 0;
export const BETA_FOR_H: i32 = 1;

/** V·WH^(β−2), an exact zero of WH → EPS32 when β < 2 (scikit-learn 1.2: no negative power of zero). */
// @ts-ignore: decorator
@inline export function betaRatio(x: f32, wh: f32, beta: f64): f32 {
  if (x == 0) return 0;
  const base = beta < 2 && wh == 0 ? EPS32 : wh;
  return <f32>(<f64>x * Math.pow(<f64>base, beta - 2));
}

/** WH^(β−1), an exact zero of WH → EPS32 when β < 1. */
// @ts-ignore: decorator
@inline function betaPower(wh: f32, beta: f64): f32 {
  const base = beta < 1 && wh == 0 ? EPS32 : wh;
  return <f32>Math.pow(<f64>base, beta - 1);
}

/** Block → block: scratch[r, j] ← f(V[r, j], scratch[r, j]) (numerator) or g(scratch) (denominator). */
function transformBlock(rows: i32, n: i32, v: usize, ldv: i32, wh: usize, beta: f64): void {
  for (let r = 0; r < rows; r++) {
    const sr = wh + ((<usize>r * n) << 2);
    const vr = v + ((<usize>r * ldv) << 2);
    for (let j = 0; j < n; j++) {
      const o = <usize>j << 2;
      const x = load<f32>(sr + o);
      store<f32>(sr + o, v ? betaRatio(load<f32>(vr + o), x, beta) : betaPower(x, beta));
    }
  }
}

/**
 * For rows [i0, i1), with E = V·WH^(β−2) (v ≠ 0: the numerator) or E = WH^(β−1) (v = 0: the
 * denominator, which does not depend on V):
 *   BETA_FOR_W: out[i, 0:k] = (E·Hᵀ)[i]           BETA_FOR_H: out[0:k, 0:n] = W[i0:i1]ᵀ·E
 */
export function betaProduct(mode: i32, i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, out: usize, ldo: i32, scratch: usize, blockRows: i32,
  work: usize, beta: f64): void {
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    const wBlock = w + ((<usize>ib * ldw) << 2);
    gemm(0, 0, 0, rows, 0, n, k, wBlock, ldw, h, ldh, scratch, n, 0, work);
    transformBlock(rows, n, v ? v + ((<usize>ib * ldv) << 2) : 0, ldv, scratch, beta);
    if (mode == BETA_FOR_W) {
      gemm(0, 1, 0, rows, 0, k, n, scratch, n, h, ldh, out + ((<usize>ib * ldo) << 2), ldo, 0, work);
    } else {
      gemm(1, 0, 0, k, 0, n, rows, wBlock, ldw, scratch, n, out, ldo, ib > i0 ? 1 : 0, work);
    }
  }
}

/**
 * scikit-learn's β-divergence terms over rows [i0, i1), in f64, before its final scaling:
 *   β = 0 (Itakura-Saito):  Σ_{V>eps} (V/WH − log(V/WH))            (the caller subtracts m·n)
 *   other β:                Σ_{V>eps} (V^β − β·V·WH^(β−1)) + (β − 1)·Σ_all WH^β
 * with WH == 0 → EPS32 where V > eps. v = 0 gives only (β − 1)·Σ_all WH^β (for sparse V, whose
 * non-zeros the caller sums separately).
 */
export function betaDivergencePart(i0: i32, i1: i32, n: i32, k: i32, v: usize, ldv: i32,
  w: usize, ldw: i32, h: usize, ldh: i32, scratch: usize, blockRows: i32, work: usize, beta: f64): f64 {
  let total: f64 = 0;
  for (let ib = i0; ib < i1; ib += blockRows) {
    const rows = min(blockRows, i1 - ib);
    gemm(0, 0, 0, rows, 0, n, k, w + ((<usize>ib * ldw) << 2), ldw, h, ldh, scratch, n, 0, work);
    for (let r = 0; r < rows; r++) {
      const sr = scratch + ((<usize>r * n) << 2);
      const vr = v + ((<usize>(ib + r) * ldv) << 2);
      for (let j = 0; j < n; j++) {
        const wh = <f64>load<f32>(sr + (<usize>j << 2));
        if (beta != 0) total += (beta - 1) * Math.pow(wh, beta);
        if (!v) continue;
        const x = <f64>load<f32>(vr + (<usize>j << 2));
        if (x > <f64>EPS32) total += betaTerm(x, wh, beta);
      }
    }
  }
  return total;
}

/** One non-zero's term of the β-divergence (see betaDivergencePart). */
// @ts-ignore: decorator
@inline export function betaTerm(x: f64, wh: f64, beta: f64): f64 {
  const safe = wh == 0 ? <f64>EPS32 : wh;
  if (beta == 0) return x / safe - Math.log(x / safe);
  return Math.pow(x, beta) - beta * x * Math.pow(safe, beta - 1);
}
