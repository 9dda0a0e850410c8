// A plain typed-array JavaScript implementation of the same multiplicative updates (same update
// order, same epsilon rules, float32 storage) — what a careful hand-rolled loop looks like.
// Tests check the WASM engine against it; the benchmark measures the engine's speed-up over it.
import type { Matrix } from "../matrix.js";
import { CHECK_EVERY, EPS32, F32_SUBNORMAL_BELOW, F64_EPS, stalled } from "../mu-rules.js";


export interface BaselineOptions {
  loss: "frobenius" | "kullback-leibler";
  maxIter: number;
  /**
   * As the engine: the error is computed every 10 iterations (into `history`) whatever tol is;
   * stop when (prev − err) / initial < tol; 0 = never stop early.
   */
  tol?: number;
}

export interface BaselineResult {
  W: Matrix;
  H: Matrix;
  reconstructionError: number;
  iterations: number;
  converged: boolean;
  /** The error at the start and at every 10th iteration, as the engine's history. */
  history: { iteration: number; error: number }[];
}

/** C (rows×cols) = A (rows×inner) · B (inner×cols), all row-major. i-p-j order: unit-stride inner loop. */
function matmul(a: Float32Array, b: Float32Array, c: Float32Array, rows: number, inner: number, cols: number): void {
  c.fill(0);
  for (let i = 0; i < rows; i++) {
    const ci = i * cols;
    for (let p = 0; p < inner; p++) {
      const aip = a[i * inner + p];
      if (aip === 0) continue;
      const bp = p * cols;
      for (let j = 0; j < cols; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/** C (rows×cols) = A (rows×inner) · Bᵀ where B is cols×inner. */
function matmulTransB(a: Float32Array, b: Float32Array, c: Float32Array, rows: number, inner: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let p = 0; p < inner; p++) s += a[i * inner + p] * b[j * inner + p];
      c[i * cols + j] = s;
    }
  }
}

/** C (rows×cols) = Aᵀ · B where A is inner×rows and B is inner×cols. */
function matmulTransA(a: Float32Array, b: Float32Array, c: Float32Array, rows: number, inner: number, cols: number): void {
  c.fill(0);
  for (let p = 0; p < inner; p++) {
    for (let i = 0; i < rows; i++) {
      const api = a[p * rows + i];
      if (api === 0) continue;
      const ci = i * cols, bp = p * cols;
      for (let j = 0; j < cols; j++) c[ci + j] += api * b[bp + j];
    }
  }
}

/** X ← X · numer / denom, zero denominators → eps, then X < zeroBelow → 0. */
function update(x: Float32Array, numer: Float32Array, denom: (t: number) => number, zeroBelow: number): void {
  for (let t = 0; t < x.length; t++) {
    let d = denom(t);
    if (d === 0) d = EPS32;
    const v = x[t] * (numer[t] / d);
    x[t] = v < zeroBelow ? 0 : v;
  }
}

function error(loss: BaselineOptions["loss"], v: Float32Array, wh: Float32Array): number {
  let s = 0;
  for (let t = 0; t < v.length; t++) {
    if (loss === "frobenius") {
      const d = v[t] - wh[t];
      s += d * d;
    } else {
      s += wh[t];
      if (v[t] > EPS32) s += v[t] * Math.log(v[t] / (wh[t] === 0 ? EPS32 : wh[t])) - v[t];
    }
  }
  return Math.sqrt(Math.max(loss === "frobenius" ? s : 2 * s, 0));
}

export function baselineMu(V: Matrix, W0: Matrix, H0: Matrix, options: BaselineOptions): BaselineResult {
  const m = V.rows, n = V.cols, k = W0.cols;
  const { loss, maxIter, tol = 0 } = options;
  const v = V.data, w = Float32Array.from(W0.data), h = Float32Array.from(H0.data);
  const wh = new Float32Array(m * n);
  const numerW = new Float32Array(m * k), denomW = new Float32Array(m * k);
  const numerH = new Float32Array(k * n), denomH = new Float32Array(k * n);
  const gram = new Float32Array(k * k);
  const sums = new Float32Array(k);
  const currentError = () => {
    matmul(w, h, wh, m, k, n);
    return error(loss, v, wh);
  };

  const errorAtInit = currentError();
  const history = [{ iteration: 0, error: errorAtInit }];
  let previous = errorAtInit, iterations = 0, converged = false;
  while (iterations < maxIter) {
    iterations++;
    if (loss === "frobenius") {
      matmulTransB(v, h, numerW, m, n, k);
      matmulTransB(h, h, gram, k, n, k);
      matmul(w, gram, denomW, m, k, k);
      update(w, numerW, (t) => denomW[t], F32_SUBNORMAL_BELOW);
      matmulTransA(w, v, numerH, k, m, n);
      matmulTransA(w, w, gram, k, m, k);
      matmul(gram, h, denomH, k, k, n);
      update(h, numerH, (t) => denomH[t], F32_SUBNORMAL_BELOW);
    } else {
      matmul(w, h, wh, m, k, n);
      for (let t = 0; t < wh.length; t++) wh[t] = v[t] / (wh[t] === 0 ? EPS32 : wh[t]);
      matmulTransB(wh, h, numerW, m, n, k);
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += h[a * n + j];
        sums[a] = s;
      }
      update(w, numerW, (t) => sums[t % k], F64_EPS);
      matmul(w, h, wh, m, k, n);
      for (let t = 0; t < wh.length; t++) wh[t] = v[t] / (wh[t] === 0 ? EPS32 : wh[t]);
      matmulTransA(w, wh, numerH, k, m, n);
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
