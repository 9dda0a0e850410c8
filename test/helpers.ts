// Shared test helpers: the scikit-learn fixtures, seeded random matrices, comparisons.
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

const FIXTURES = new URL("../../shared/fixtures/", import.meta.url);

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort().map((f) => ({
    name: f.replace(/\.json$/, ""),
    ...JSON.parse(readFileSync(new URL(f, FIXTURES), "utf8")),
  }));
}

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

export function randomMatrix(rows: number, cols: number, seed: number, zeroFraction = 0): Matrix {
  const r = rng(seed);
  const data = new Float32Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = r() < zeroFraction ? 0 : r();
  return { rows, cols, data };
}

/** A non-negative matrix of rank ≤ k plus a little noise: what NMF is for. */
export function lowRankMatrix(rows: number, cols: number, k: number, seed: number): Matrix {
  const a = randomMatrix(rows, k, seed), b = randomMatrix(k, cols, seed + 1), noise = rng(seed + 2);
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += a.data[i * k + c] * b.data[c * cols + j];
      data[i * cols + j] = s + 0.01 * noise();
    }
  }
  return { rows, cols, data };
}

/** max |a − b| / max |b|: a difference relative to the reference's largest entry. */
export function relativeToMax(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let t = 0; t < b.length; t++) {
    diff = Math.max(diff, Math.abs(a[t] - b[t]));
    scale = Math.max(scale, Math.abs(b[t]));
  }
  return diff / scale;
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
