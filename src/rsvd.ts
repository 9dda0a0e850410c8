// Randomized truncated SVD (Halko, Martinsson & Tropp; scikit-learn's randomized_svd with
// 10 oversamples and 4 or 7 power iterations); every product with V goes through the data
// matrix (GEMM for dense V, SpMM for CSR). Used by the NNDSVD initializations.
import type { DataMatrix } from "./data/data-matrix.js";
import type { Buf, Engine } from "./engine.js";
import { orthonormalizeColumns, symmetricEigen } from "./linalg.js";
import type { Pause } from "./pacing.js";
import type { Random } from "./random.js";

export interface TruncatedSvd {
  /** m×k left singular vectors, row-major. */
  U: Float64Array;
  /** k singular values, descending. */
  S: Float64Array;
  /** k×n right singular vectors, row-major. */
  Vt: Float64Array;
}

function orthonormalizeBuf(engine: Engine, buf: Buf): void {
  const a = Float64Array.from(engine.view(buf));
  orthonormalizeColumns(a, buf.rows, buf.cols);
  engine.write(buf, a);
}

/** `pause` is awaited between the products with V (a fit yields there and may be aborted). */
export async function randomizedSvd(engine: Engine, V: DataMatrix, k: number, rng: Random, pause: Pause): Promise<TruncatedSvd> {
  const m = V.rows, n = V.cols;
  const l = Math.min(k + 10, m, n);
  const powerIterations = k < 0.1 * Math.min(m, n) ? 7 : 4;
  const mark = engine.mark();

  const omega = engine.alloc(n, l);
  const Y = engine.alloc(m, l);
  const Z = engine.alloc(n, l);
  const B = engine.alloc(l, n);
  const omegaData = new Float32Array(n * l);
  for (let t = 0; t < omegaData.length; t++) omegaData[t] = rng.normal();
  engine.write(omega, omegaData);

  // Range finder: Q spans V·(VᵀV)^q·Ω, re-orthonormalized at each step for stability.
  V.vTimes(Y, omega);
  for (let q = 0; q < powerIterations; q++) {
    await pause();
    orthonormalizeBuf(engine, Y);
    V.vtTimes(Z, Y);
    await pause();
    orthonormalizeBuf(engine, Z);
    V.vTimes(Y, Z);
  }
  await pause();
  orthonormalizeBuf(engine, Y);
  V.wtTimesV(B, Y); // B = Qᵀ·V, l×n
  await pause();

  // SVD of the small B through the eigen-decomposition of B·Bᵀ (l×l), in float64.
  const b = Float64Array.from(engine.view(B));
  const gram = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    for (let j = i; j < l; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += b[i * n + t] * b[j * n + t];
      gram[i * l + j] = s;
      gram[j * l + i] = s;
    }
  }
  await pause();
  const { values, vectors } = symmetricEigen(gram, l);
  const q = Float64Array.from(engine.view(Y));
  engine.release(mark);

  const S = new Float64Array(k);
  const U = new Float64Array(m * k);
  const Vt = new Float64Array(k * n);
  for (let c = 0; c < Math.min(k, l); c++) {
    await pause();
    const sigma = Math.sqrt(Math.max(values[c], 0));
    S[c] = sigma;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let p = 0; p < l; p++) s += q[i * l + p] * vectors[p * l + c];
      U[i * k + c] = s;
    }
    if (sigma > 0) {
      for (let t = 0; t < n; t++) {
        let s = 0;
        for (let p = 0; p < l; p++) s += vectors[p * l + c] * b[p * n + t];
        Vt[c * n + t] = s / sigma;
      }
    }
  }
  return { U, S, Vt };
}
