// Initial factors, as scikit-learn's _initialize_nmf: 'random', 'nndsvd', 'nndsvda', 'nndsvdar'.
import type { DataMatrix } from "./data/data-matrix.js";
import type { Engine, Buf } from "./engine.js";
import type { Pause } from "./pacing.js";
import type { Random } from "./random.js";
import { randomizedSvd } from "./rsvd.js";

export type InitMethod = "random" | "nndsvd" | "nndsvda" | "nndsvdar";
export const INIT_METHODS: readonly InitMethod[] = ["random", "nndsvd", "nndsvda", "nndsvdar"];

/** scikit-learn's default: NNDSVD-A when the rank fits the matrix, else random. */
export function defaultInit(rank: number, rows: number, cols: number): InitMethod {
  return rank <= Math.min(rows, cols) ? "nndsvda" : "random";
}

/** Mean of all entries of V (zeros of sparse V included), in float64. */
export function meanOf(V: DataMatrix): number {
  return V.sum / (V.rows * V.cols);
}

/** avg·|N(0,1)| with avg = √(mean(V)/k), H drawn before W (scikit-learn's order). */
function randomFactors(w: Float32Array, h: Float32Array, k: number, mean: number, rng: Random): void {
  const avg = Math.sqrt(mean / k);
  const draw = (out: Float32Array) => {
    for (let t = 0; t < out.length; t++) {
      // An exact zero would be a fixed point of multiplicative updates: draw again.
      do out[t] = avg * Math.abs(rng.normal()); while (out[t] === 0 && avg > 0);
    }
  };
  draw(h);
  draw(w);
}

/** NNDSVD (Boutsidis & Gallopoulos 2008) from a truncated SVD; zero-filling per variant. */
async function nndsvdFactors(engine: Engine, V: DataMatrix, w: Float32Array, h: Float32Array, k: number,
  method: Exclude<InitMethod, "random">, mean: number, rng: Random, pause: Pause): Promise<void> {
  const m = V.rows, n = V.cols;
  const { U, S, Vt } = await randomizedSvd(engine, V, k, rng, pause);
  const x = new Float64Array(m), y = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    await pause();
    for (let i = 0; i < m; i++) x[i] = U[i * k + c];
    for (let j = 0; j < n; j++) y[j] = Vt[c * n + j];
    let scale: number, sign: number, xNorm: number, yNorm: number;
    if (c === 0) {
      // The leading singular pair of a non-negative matrix is non-negative up to sign.
      scale = Math.sqrt(S[0]); sign = 0; xNorm = 1; yNorm = 1;
    } else {
      const norms = (v: Float64Array, positive: boolean) => {
        let s = 0;
        for (const e of v) if (positive ? e > 0 : e < 0) s += e * e;
        return Math.sqrt(s);
      };
      const xp = norms(x, true), yp = norms(y, true), xn = norms(x, false), yn = norms(y, false);
      const mp = xp * yp, mn = xn * yn;
      if (mp > mn) { sign = 1; xNorm = xp; yNorm = yp; scale = Math.sqrt(S[c] * mp); }
      else { sign = -1; xNorm = xn; yNorm = yn; scale = Math.sqrt(S[c] * mn); }
    }
    // sign 0: |v|; sign ±1: the positive or negative part of v, normalized.
    const part = (e: number, norm: number) =>
      sign === 0 ? Math.abs(e) : norm > 0 && sign * e > 0 ? Math.abs(e) / norm : 0;
    for (let i = 0; i < m; i++) w[i * k + c] = scale * part(x[i], xNorm);
    for (let j = 0; j < n; j++) h[c * n + j] = scale * part(y[j], yNorm);
  }
  const fill = (out: Float32Array) => {
    for (let t = 0; t < out.length; t++) {
      if (out[t] < 1e-6) {
        out[t] = method === "nndsvd" ? 0
          : method === "nndsvda" ? mean
          : Math.abs(mean * rng.normal() / 100);
      }
    }
  };
  fill(w);
  fill(h);
}

/** Write initial W (m×k) and H (k×n) for V into the engine; `pause` between its large products. */
export async function initializeFactors(engine: Engine, V: DataMatrix, W: Buf, H: Buf, method: InitMethod, rng: Random,
  pause: Pause): Promise<void> {
  const k = W.cols;
  const mean = meanOf(V);
  const w = new Float32Array(W.rows * k), h = new Float32Array(k * H.cols);
  if (method === "random") randomFactors(w, h, k, mean, rng);
  else await nndsvdFactors(engine, V, w, h, k, method, mean, rng, pause);
  engine.write(W, w);
  engine.write(H, h);
}
