// The pure-JS baseline for CSR data: the same multiplicative updates as baselineMu, with the
// products taken over the non-zeros only (WH formed at the non-zeros for KL), as a careful
// hand-rolled sparse loop would: Hᵀ transposed once per product so every inner loop is unit
// stride. Tests check the engine's sparse path against it; the benchmark measures the speed-up.
import type { Matrix } from "../matrix.js";
import { CHECK_EVERY, EPS32, F32_SUBNORMAL_BELOW, F64_EPS, stalled } from "../mu-rules.js";
import type { BaselineOptions, BaselineResult } from "./mu.js";


/** A CSR matrix with sorted or unsorted, duplicate-free column indices in each row. */
export interface BaselineCsr {
  rows: number;
  cols: number;
  indptr: ArrayLike<number>;
  indices: ArrayLike<number>;
  data: ArrayLike<number>;
}

function transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
}

/** out (k×k) = Aᵀ·A for A rows×k. */
function gram(a: Float32Array, rows: number, k: number, out: Float32Array): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const x = a[i * k + c];
      if (x === 0) continue;
      for (let d = 0; d < k; d++) out[c * k + d] += x * a[i * k + d];
    }
  }
}

/** out (rows×k) = A (rows×k) · G (k×k). */
function timesSmall(a: Float32Array, rows: number, k: number, g: Float32Array, out: Float32Array): void {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < k; c++) {
      const x = a[i * k + c];
      for (let d = 0; d < k; d++) out[i * k + d] += x * g[c * k + d];
    }
  }
}

function dotRows(a: Float32Array, ai: number, b: Float32Array, bj: number, k: number): number {
  let s = 0;
  for (let c = 0; c < k; c++) s += a[ai + c] * b[bj + c];
  return s;
}

/** scikit-learn 1.2's rule for the KL ratio: an exact zero of WH becomes EPS32. */
const nonZero = (wh: number) => (wh === 0 ? EPS32 : wh);

function update(x: Float32Array, numer: Float32Array, denom: (t: number) => number, zeroBelow: number): void {
  for (let t = 0; t < x.length; t++) {
    let d = denom(t);
    if (d === 0) d = EPS32;
    const v = x[t] * (numer[t] / d);
    x[t] = v < zeroBelow ? 0 : v;
  }
}

export function baselineMuCsr(V: BaselineCsr, W0: Matrix, H0: Matrix, options: BaselineOptions): BaselineResult {
  const m = V.rows, n = V.cols, k = W0.cols;
  const { indptr, indices, data } = V;
  const { loss, maxIter, tol = 0 } = options;
  const w = Float32Array.from(W0.data), h = Float32Array.from(H0.data);
  const ht = new Float32Array(n * k);
  const numerW = new Float32Array(m * k), denomW = new Float32Array(m * k);
  const numerHt = new Float32Array(n * k), numerH = new Float32Array(k * n);
  const ght = new Float32Array(n * k), denomH = new Float32Array(k * n);
  const gramK = new Float32Array(k * k);
  const sums = new Float32Array(k);

  /** out (m×k) = V·B for B n×k. */
  const vTimes = (b: Float32Array, out: Float32Array) => {
    out.fill(0);
    for (let i = 0; i < m; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = data[p], bj = indices[p] * k;
        for (let c = 0; c < k; c++) out[i * k + c] += v * b[bj + c];
      }
    }
  };
  /** outT (n×k) = Vᵀ·A for A m×k (scatter into the rows of outT). */
  const vtTimes = (a: Float32Array, outT: Float32Array, ratio: boolean) => {
    outT.fill(0);
    for (let i = 0; i < m; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const j = indices[p];
        let v = data[p];
        if (ratio) v /= nonZero(dotRows(a, i * k, ht, j * k, k));
        for (let c = 0; c < k; c++) outT[j * k + c] += v * a[i * k + c];
      }
    }
  };

  const currentError = () => {
    transpose(h, k, n, ht);
    let s = 0;
    if (loss === "frobenius") {
      // ‖V‖² − 2⟨V, WH⟩ + ⟨WᵀW, HHᵀ⟩ (scikit-learn's sparse formula), in f64.
      for (let i = 0; i < m; i++) {
        for (let p = indptr[i]; p < indptr[i + 1]; p++) {
          const v = data[p];
          s += v * v - 2 * v * dotRows(w, i * k, ht, indices[p] * k, k);
        }
      }
      const gw = new Float64Array(k * k), gh = new Float64Array(k * k);
      for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) for (let d = 0; d < k; d++) gw[c * k + d] += w[i * k + c] * w[i * k + d];
      for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) for (let d = 0; d < k; d++) gh[c * k + d] += ht[j * k + c] * ht[j * k + d];
      for (let t = 0; t < k * k; t++) s += gw[t] * gh[t];
      return Math.sqrt(Math.max(s, 0));
    }
    for (let i = 0; i < m; i++) {
      for (let p = indptr[i]; p < indptr[i + 1]; p++) {
        const v = data[p];
        if (v <= EPS32) continue;
        let wh = dotRows(w, i * k, ht, indices[p] * k, k);
        if (wh === 0) wh = EPS32;
        s += v * Math.log(v / wh) - v;
      }
    }
    for (let c = 0; c < k; c++) {
      let sw = 0, sh = 0;
      for (let i = 0; i < m; i++) sw += w[i * k + c];
      for (let j = 0; j < n; j++) sh += h[c * n + j];
      s += sw * sh;
    }
    return Math.sqrt(Math.max(2 * s, 0));
  };

  const errorAtInit = currentError();
  const history = [{ iteration: 0, error: errorAtInit }];
  let previous = errorAtInit, iterations = 0, converged = false;
  while (iterations < maxIter) {
    iterations++;
    transpose(h, k, n, ht);
    if (loss === "frobenius") {
      vTimes(ht, numerW);
      gram(ht, n, k, gramK);
      timesSmall(w, m, k, gramK, denomW);
      update(w, numerW, (t) => denomW[t], F32_SUBNORMAL_BELOW);
      vtTimes(w, numerHt, false);
      transpose(numerHt, n, k, numerH);
      gram(w, m, k, gramK);
      timesSmall(ht, n, k, gramK, ght);
      transpose(ght, n, k, denomH);
      update(h, numerH, (t) => denomH[t], F32_SUBNORMAL_BELOW);
    } else {
      // (V / WH)·Hᵀ over the non-zeros of V.
      numerW.fill(0);
      for (let i = 0; i < m; i++) {
        for (let p = indptr[i]; p < indptr[i + 1]; p++) {
          const j = indices[p] * k;
          const r = data[p] / nonZero(dotRows(w, i * k, ht, j, k));
          for (let c = 0; c < k; c++) numerW[i * k + c] += r * ht[j + c];
        }
      }
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += h[a * n + j];
        sums[a] = s;
      }
      update(w, numerW, (t) => sums[t % k], F64_EPS);
      vtTimes(w, numerHt, true);
      transpose(numerHt, n, k, numerH);
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += w[i * k + a];
        sums[a] = s === 0 ? 1 : s;
      }
      update(h, numerH, (t) => sums[Math.floor(t / n)], F64_EPS);
    }
    if (iterations % CHECK_EVERY === 0) {
      const err = currentError();
      history.push({ iteration: iterations, error: err });
      if (stalled(previous, err, errorAtInit, tol)) {
        converged = true;
        break;
      }
      previous = err;
    }
  }
  return {
    W: { rows: m, cols: k, data: w }, H: { rows: k, cols: n, data: h },
    reconstructionError: currentError(), iterations, converged, history,
  };
}
