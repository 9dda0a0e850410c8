// Randomized truncated SVD (Halko, Martinsson & Tropp 2011; scikit-learn's randomized_svd with
// 10 oversamples; power iterations per defaultPowerIterations). Every step over the rows of V
// or of its bases runs in kernels: products with V by GEMM (dense) or SpMM (CSR), the Gaussian
// test matrix by a counter-based generator, each orthonormalization by CholeskyQR (f64 Gram,
// small Cholesky, Q = Y·R⁻¹), twice for the final basis (CholeskyQR2). Only (k + 10)-sized
// problems run in JS.
import type { DataMatrix } from "./data/data-matrix.js";
import type { Buf, Engine } from "./engine.js";
import { fillNormal, gramOfColumns, multiplyRight } from "./engine-init.js";
import { orthonormalizingTransform, symmetricEigen } from "./linalg.js";
import type { Pause } from "./pacing.js";
import type { Random } from "./random.js";

export const OVERSAMPLES = 10;

/** Arena matrices of a truncated SVD V ≈ U·diag(S)·Vᵀ; widths padded to a multiple of 4 with zeros. */
export interface TruncatedSvd {
  /** m × roundUp4(k): the left singular vectors in columns 0..k−1. */
  U: Buf;
  /** k singular values, descending. */
  S: Float64Array;
  /** n × roundUp4(k): the right singular vectors (rows of Vᵀ) in columns 0..k−1. */
  Ht: Buf;
}

export interface RandomizedSvdOptions {
  /** Power iterations; default: defaultPowerIterations. */
  powerIterations?: number | undefined;
  /** Awaited between the products with V: a fit yields there (and may be aborted). */
  pause?: Pause | undefined;
}

const roundUp4 = (x: number) => (x + 3) & ~3;

/** Up to this many entries (m·n), the whole range finder costs well under a millisecond at any q. */
export const SMALL_INPUT_ENTRIES = 65536;

/**
 * Power iterations, chosen by their measured effect on the fit (docs/init.md): 2 — on dense
 * planted, digits, SOTU and a 1M-non-zero sparse set, 4 or 7 gave the same error after 200 cd
 * or mu iterations (within ±0.1 %, either way) for two more products with V each. Small inputs
 * (m·n ≤ 65536) keep scikit-learn's 'auto' (7 when k < 0.1·min(m, n), else 4): there it costs
 * nothing and gives scikit-learn's initial factors to 1e-5 (2 leaves ~5e-4 on its test matrices).
 */
export function defaultPowerIterations(m: number, n: number, k: number): number {
  if (m * n <= SMALL_INPUT_ENTRIES) return k < 0.1 * Math.min(m, n) ? 7 : 4;
  return 2;
}

/**
 * Q (rows × lp) with orthonormal columns spanning Y's (lp a multiple of 4, l real columns).
 * `passes` 2 is CholeskyQR2 (orthonormal to f32 rounding); 1 is enough between power iterations,
 * where only the span matters. Y is overwritten; Q ends in spare after odd passes, in Y after even.
 */
export function orthonormalize(engine: Engine, Y: Buf, spare: Buf, l: number, passes: number): Buf {
  let src = Y, dst = spare;
  for (let pass = 0; pass < passes; pass++) {
    const { T, upper } = orthonormalizingTransform(gramOfColumns(engine, src), src.cols, l);
    multiplyRight(engine, dst, src, T, upper);
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * The rank-k truncated SVD of V. Allocates its results (and scratch) in the arena: the caller
 * releases them with engine.release(mark) once done.
 */
export async function randomizedSvd(engine: Engine, V: DataMatrix, k: number, rng: Random,
  options: RandomizedSvdOptions = {}): Promise<TruncatedSvd> {
  const pause = options.pause ?? (async () => {});
  const m = V.rows, n = V.cols;
  const l = Math.min(k + OVERSAMPLES, m, n), lp = roundUp4(l), k4 = roundUp4(k);
  const powerIterations = options.powerIterations ?? defaultPowerIterations(m, n, k);
  const keys = [rng.nextUint32(), rng.nextUint32()] as const;

  // m-side and n-side blocks, two of each: a product's output and its orthonormalized copy.
  const Ym = engine.alloc(m, lp), Qm = engine.alloc(m, lp);
  const Zn = engine.alloc(n, lp), Qn = engine.alloc(n, lp);
  fillNormal(engine, Zn, l, keys); // Ω, n×l (zero padding columns)

  // Range finder: Q spans V·(VᵀV)^q·Ω, re-orthonormalized after every product for stability.
  V.vTimes(Ym, Zn);
  for (let q = 0; q < powerIterations; q++) {
    await pause();
    orthonormalize(engine, Ym, Qm, l, 1);
    V.vtTimes(Zn, Qm);
    await pause();
    orthonormalize(engine, Zn, Qn, l, 1);
    V.vTimes(Ym, Qn);
  }
  await pause();
  const Q = orthonormalize(engine, Ym, Qm, l, 2);
  const Bt = Zn;
  V.vtTimes(Bt, Q); // Bᵀ = Vᵀ·Q (n×lp), B = Qᵀ·V
  await pause();

  // SVD of the small B through the eigen-decomposition of B·Bᵀ = BtᵀBt (l×l), in f64.
  const gram = gramOfColumns(engine, Bt);
  const small = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) small[i * l + j] = gram[i * lp + j];
  const { values, vectors } = symmetricEigen(small, l);

  // U = Q·E_k and Vᵀ's rows = (B's projections)/σ, i.e. Ht = Bt·E_k·diag(1/σ).
  const S = new Float64Array(k);
  const toU = new Float64Array(lp * k4), toHt = new Float64Array(lp * k4);
  for (let c = 0; c < k; c++) {
    const sigma = Math.sqrt(Math.max(values[c], 0));
    S[c] = sigma;
    const inverse = sigma > 0 ? 1 / sigma : 0;
    for (let p = 0; p < l; p++) {
      toU[p * k4 + c] = vectors[p * l + c];
      toHt[p * k4 + c] = vectors[p * l + c] * inverse;
    }
  }
  const U = engine.alloc(m, k4), Ht = engine.alloc(n, k4);
  multiplyRight(engine, U, Q, toU, false);
  multiplyRight(engine, Ht, Bt, toHt, false);
  return { U, S, Ht };
}
