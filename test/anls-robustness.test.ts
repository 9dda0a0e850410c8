// ANLS (and the other alternating solver) on the fits issue #18 found diverging: rank = min(m, n)
// after an NNDSVD start, and ranks beyond the data's (singular Gram matrices).
import { describe, expect, it } from "vitest";
import { nmf, type Matrix } from "../src/index.js";
import { matmul64 } from "./helpers.js";

const V6: Matrix = {
  rows: 6, cols: 15, data: Float32Array.from([1, 1, 1, 5, 2, 1, 1, 0, 0, 0, 5, 5, 1, 0, 3, 1, 3, 4, 4, 0, 4, 0, 5, 4, 0, 5, 5, 5, 2, 1,
    0, 2, 3, 0, 0, 1, 3, 3, 3, 3, 2, 2, 1, 5, 1, 1, 4, 0, 0, 3, 4, 1, 1, 4, 2, 5, 5, 4, 2, 1, 3, 2, 3, 3, 2, 4, 3, 4, 1, 5, 4, 3, 5, 3, 1,
    2, 0, 0, 5, 1, 0, 5, 3, 2, 5, 2, 3, 1, 4, 4]),
};

/** ‖V − WH‖_F in f64. */
function frobenius(V: Matrix, W: Matrix, H: Matrix): number {
  const wh = matmul64(W.data, H.data, V.rows, W.cols, V.cols);
  return Math.sqrt(wh.reduce((s, x, t) => s + (V.data[t] - x) ** 2, 0));
}

/** The error after each of the first `iterations` iterations of one seeded fit (same start each time). */
async function trajectory(V: Matrix, options: Parameters<typeof nmf>[1], iterations: number): Promise<number[]> {
  const errors: number[] = [];
  for (let t = 1; t <= iterations; t++) errors.push((await nmf(V, { ...options, maxIter: t, tol: 0 })).reconstructionError);
  return errors;
}

/**
 * Non-increasing, up to float32 rounding: relative, and near an exact fit at the resolution of the
 * normal equations (f32 Gram matrices, objective ½xᵀGx − pᵀx next to ‖v‖²): about √ε32·‖V‖.
 */
function expectNonIncreasing(errors: number[], V: Matrix): void {
  const floor = 5e-4 * Math.sqrt(V.data.reduce((s, x) => s + x * x, 0));
  for (let t = 1; t < errors.length; t++) expect(errors[t]).toBeLessThanOrEqual(errors[t - 1] * (1 + 1e-5) + floor);
}

describe("alternating solvers after an NNDSVD start at rank = min(m, n)", () => {
  // The randomized SVD's scratch of width min(k + 10, m, n) = k was reused by the solver after
  // the SVD had released it, aliasing the solver's buffers: the error rose to 437568.
  it.each(["anls", "cd"] as const)("%s: the issue's 6×15 fit never increases its error", async (solver) => {
    const errors = await trajectory(V6, { rank: 6, solver, seed: 290 }, 10);
    expectNonIncreasing(errors, V6);
    expect(errors[9]).toBeLessThan(4);
  });

  it("anls reaches the error cd reaches (within 10 %) on the issue's matrix", async () => {
    const anls = await nmf(V6, { rank: 6, solver: "anls", maxIter: 100, tol: 0, seed: 290 });
    const cd = await nmf(V6, { rank: 6, solver: "cd", maxIter: 100, tol: 0, seed: 290 });
    expect(anls.reconstructionError).toBeLessThan(1.1 * cd.reconstructionError);
    expect(frobenius(V6, anls.W, anls.H)).toBeCloseTo(anls.reconstructionError, 4);
  });
});

describe("anls with a singular Gram matrix", () => {
  const m = 40, n = 40;
  const V: Matrix = { rows: m, cols: n, data: new Float32Array(m * n).map((_, t) => (t * 7919) % 13) };

  it.each([60, 100])("rank %i > min(m, n): the error never rises and stays near cd's", async (rank) => {
    const errors = await trajectory(V, { rank, solver: "anls", seed: 1, init: "random" }, 6);
    expectNonIncreasing(errors, V);
    const cd = await nmf(V, { rank, solver: "cd", seed: 1, init: "random", maxIter: 6, tol: 0 });
    expect(errors[5]).toBeLessThan(1.5 * cd.reconstructionError);
  });

  it("rank-deficient data (rank 2) at rank 5: monotone, near-exact", async () => {
    const a = Float32Array.from({ length: 30 * 2 }, (_, t) => 1 + (t % 7));
    const b = Float32Array.from({ length: 2 * 20 }, (_, t) => 1 + (t % 5));
    const R: Matrix = { rows: 30, cols: 20, data: Float32Array.from(matmul64(a, b, 30, 2, 20)) };
    const errors = await trajectory(R, { rank: 5, solver: "anls", seed: 3 }, 8);
    expectNonIncreasing(errors, R);
    const norm = Math.sqrt(R.data.reduce((s, x) => s + x * x, 0));
    expect(errors[7]).toBeLessThan(1e-3 * norm);
  });

  it("a rank far beyond the data's (1000 on 40×40) stays fast: the passive sets are bounded by the Gram's rank", async () => {
    const started = performance.now();
    const r = await nmf(V, { rank: 1000, solver: "anls", maxIter: 2, tol: 0, seed: 1 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(r.history[1].error).toBeLessThan(r.history[0].error);
    expect(r.W.data.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });
});
