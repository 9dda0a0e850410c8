// Initial factors, as scikit-learn's _initialize_nmf: 'random', 'nndsvd', 'nndsvda', 'nndsvdar'.
import type { DataMatrix } from "./data/data-matrix.js";
import type { Engine, Buf } from "./engine.js";
import type { Random } from "./random.js";
import { nndsvdFactor, partNorms } from "./engine-init.js";
import { randomizedSvd, type RandomizedSvdOptions } from "./rsvd.js";

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

/**
 * NNDSVD (Boutsidis & Gallopoulos 2008) from a truncated SVD: component 0 from |u₀|, |v₀|;
 * component c from the positive or the negative parts of u_c, v_c, whichever pair has the
 * larger product of norms; entries below 1e-6 filled per variant. Written straight into W, H.
 */
async function nndsvdFactors(engine: Engine, V: DataMatrix, W: Buf, H: Buf, k: number,
  method: Exclude<InitMethod, "random">, mean: number, rng: Random, options: RandomizedSvdOptions): Promise<void> {
  const mark = engine.mark();
  const { U, S, Ht } = await randomizedSvd(engine, V, k, rng, options);
  const x = partNorms(engine, U, k), y = partNorms(engine, Ht, k);
  const wFactors = new Float64Array(k), hFactors = new Float64Array(k), modes = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    if (c === 0) {
      // The leading singular pair of a non-negative matrix is non-negative up to sign.
      wFactors[0] = hFactors[0] = Math.sqrt(S[0]);
      continue;
    }
    const positive = x.positive[c] * y.positive[c], negative = x.negative[c] * y.negative[c];
    const sign = positive > negative ? 1 : -1;
    const [xNorm, yNorm, product] = sign > 0 ? [x.positive[c], y.positive[c], positive] : [x.negative[c], y.negative[c], negative];
    const scale = Math.sqrt(S[c] * product);
    modes[c] = sign;
    wFactors[c] = xNorm > 0 ? scale / xNorm : 0;
    hFactors[c] = yNorm > 0 ? scale / yNorm : 0;
  }
  const fill = method === "nndsvd" ? "zero" : method === "nndsvda" ? "mean" : "scaledNormal";
  const keys = method === "nndsvdar" ? [rng.nextUint32(), rng.nextUint32()] as const : [0, 0] as const;
  const spec = { modes, fill, fillValue: mean, keys } as const;
  nndsvdFactor(engine, W, U, k, { ...spec, factors: wFactors, indexBase: 0 }, false);
  nndsvdFactor(engine, H, Ht, k, { ...spec, factors: hFactors, indexBase: W.rows * k }, true);
  engine.release(mark);
}

/** Write initial W (m×k) and H (k×n) for V into the engine (options.pause: between its large products). */
export async function initializeFactors(engine: Engine, V: DataMatrix, W: Buf, H: Buf, method: InitMethod, rng: Random,
  options: RandomizedSvdOptions = {}): Promise<void> {
  const k = W.cols;
  const mean = meanOf(V);
  if (method !== "random") {
    await nndsvdFactors(engine, V, W, H, k, method, mean, rng, options);
    return;
  }
  const w = new Float32Array(W.rows * k), h = new Float32Array(k * H.cols);
  randomFactors(w, h, k, mean, rng);
  engine.write(W, w);
  engine.write(H, h);
}
