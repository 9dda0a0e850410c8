// Shared test helpers: the scikit-learn fixtures, seeded random matrices, float64 references and
// comparisons. Nothing here calls the library.
import { readFileSync, readdirSync } from "node:fs";
import type { Matrix } from "../src/index.js";

export interface FixtureMatrix { rows: number; cols: number; data: number[] }
export interface FixtureRun {
  loss: "frobenius" | "kullback-leibler";
  solver: string;
  iterations: number;
  reconstructionError: number;
  W?: FixtureMatrix;
  H?: FixtureMatrix;
}
export interface Fixture {
  name: string;
  X: FixtureMatrix;
  W0: FixtureMatrix;
  H0: FixtureMatrix;
  rank: number;
  runs: FixtureRun[];
  init: { nndsvd: { W: FixtureMatrix; H: FixtureMatrix }; nndsvda: { W: FixtureMatrix; H: FixtureMatrix } };
}

/**
 * scikit-learn 1.2.1 references, copied from the team's shared/fixtures (see test/fixtures/README.md)
 * so that any clone runs the whole suite, not only one with shared/ beside it.
 */
const FIXTURES = new URL("./fixtures/", import.meta.url);

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort().map((f) => ({
    name: f.replace(/\.json$/, ""),
    ...JSON.parse(readFileSync(new URL(f, FIXTURES), "utf8")),
  }));
}

/** float32 machine epsilon, scikit-learn's EPSILON. */
export const EPS32 = 2 ** -23;

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform [0, 1) entries, a fraction of them exactly zero. */
export function randomMatrix(rows: number, cols: number, seed: number, zeroFraction = 0): Matrix {
  const r = rng(seed);
  const data = new Float32Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = r() < zeroFraction ? 0 : r();
  return { rows, cols, data };
}

/** A non-negative matrix of rank ≤ k plus a little noise: what NMF is for. */
export function lowRankMatrix(rows: number, cols: number, k: number, seed: number): Matrix {
  const a = randomMatrix(rows, k, seed), b = randomMatrix(k, cols, seed + 1), noise = rng(seed + 2);
  const ab = matmul64(a.data, b.data, rows, k, cols);
  return { rows, cols, data: Float32Array.from(ab, (x) => x + 0.01 * noise()) };
}

/** max |a − b| / max |b|: a difference relative to the reference's largest entry. */
export function relativeToMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0, scale = 0;
  for (let t = 0; t < b.length; t++) {
    diff = Math.max(diff, Math.abs(a[t] - b[t]));
    scale = Math.max(scale, Math.abs(b[t]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** max over entries of |a − b| / max(|b|, floor): an entry-wise relative difference. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-30): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let t = 0; t < b.length; t++) {
    const e = Math.abs(a[t] - b[t]) / Math.max(Math.abs(b[t]), floor);
    if (!(e <= worst)) worst = e; // NaN propagates as a failure
  }
  return worst;
}

/** C = A·B in float64, row-major: the reference products are checked against. */
export function matmul64(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
    }
  }
  return c;
}

/** Transpose of a rows×cols row-major matrix, in float64. */
export function transpose64(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/** scikit-learn's errors from factors, in float64: ‖V − WH‖_F, or √(2·D_KL(V‖WH)). */
export function referenceError(loss: "frobenius" | "kullback-leibler", V: Matrix | { rows: number; cols: number; data: ArrayLike<number> },
  W: Matrix, H: Matrix): number {
  const wh = matmul64(W.data, H.data, V.rows, W.cols, V.cols);
  let s = 0;
  for (let t = 0; t < wh.length; t++) {
    const v = V.data[t];
    if (loss === "frobenius") s += (v - wh[t]) ** 2;
    else {
      s += wh[t];
      if (v > EPS32) s += v * Math.log(v / (wh[t] === 0 ? EPS32 : wh[t])) - v;
    }
  }
  return Math.sqrt(Math.max(loss === "frobenius" ? s : 2 * s, 0));
}

/** Bitwise equality of two float arrays (distinguishes −0 and NaN payloads, unlike toEqual). */
export function bitsEqual(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length), y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let t = 0; t < x.length; t++) if (x[t] !== y[t]) return false;
  return true;
}

/** Rows of a row-major matrix as number[][]. */
export function toRows(m: { rows: number; cols: number; data: ArrayLike<number> }): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from({ length: m.cols }, (_, j) => m.data[i * m.cols + j]));
}
