// The public API: accepted input forms, result shapes and ownership, scikit-learn's error
// definitions, and the NMF estimator (fit, fitTransform, transform, inverseTransform).
import { describe, expect, it } from "vitest";
import { NMF, NotFittedError, kernelVariant, nmf, type Matrix } from "../src/index.js";
import { bitsEqual, lowRankMatrix, matmul64, randomMatrix, referenceError, relativeToMax, toRows } from "./helpers.js";

const losses = ["frobenius", "kullback-leibler"] as const;

/** Small non-negative integers (exact in every numeric type). */
function counts(rows: number, cols: number, seed: number): Matrix {
  const r = randomMatrix(rows, cols, seed);
  return { rows, cols, data: Float32Array.from(r.data, (x) => Math.floor(x * 9)) };
}

function expectMatrix(m: Matrix, rows: number, cols: number): void {
  expect(m.rows).toBe(rows);
  expect(m.cols).toBe(cols);
  expect(m.data).toBeInstanceOf(Float32Array);
  expect(m.data.length).toBe(rows * cols);
}

describe("nmf()", () => {
  const V = counts(24, 18, 5);

  it.each(losses)("%s: Float32Array, Float64Array, number[], number[][], integer arrays and views give identical results", async (loss) => {
    const options = { rank: 3, seed: 4, maxIter: 30, loss, solver: "mu" } as const;
    const reference = await nmf(V, options);
    const padded = new Float32Array(V.data.length + 8);
    padded.set(V.data, 5);
    const forms: [string, Parameters<typeof nmf>[0]][] = [
      ["Float64Array", { rows: 24, cols: 18, data: Float64Array.from(V.data) }],
      ["number[]", { rows: 24, cols: 18, data: Array.from(V.data) }],
      ["number[][]", toRows(V)],
      ["Uint8Array", { rows: 24, cols: 18, data: Uint8Array.from(V.data) }],
      ["Int32Array", { rows: 24, cols: 18, data: Int32Array.from(V.data) }],
      ["Float32Array view at an offset", { rows: 24, cols: 18, data: padded.subarray(5, 5 + V.data.length) }],
    ];
    for (const [name, input] of forms) {
      const r = await nmf(input, options);
      expect(bitsEqual(r.W.data, reference.W.data), name).toBe(true);
      expect(bitsEqual(r.H.data, reference.H.data), name).toBe(true);
      expect(r.reconstructionError, name).toBe(reference.reconstructionError);
    }
  });

  it.each(losses)("%s: returns {rows, cols, data: Float32Array} factors and scikit-learn's error", async (loss) => {
    const r = await nmf(V, { rank: 3, seed: 0, maxIter: 50, loss, solver: "mu" });
    expectMatrix(r.W, 24, 3);
    expectMatrix(r.H, 3, 18);
    expect(typeof r.iterations).toBe("number");
    expect(typeof r.converged).toBe("boolean");
    expect(Array.isArray(r.history)).toBe(true);
    expect(Math.abs(r.reconstructionError - referenceError(loss, V, r.W, r.H)) / r.reconstructionError).toBeLessThan(1e-5);
  });

  it("'kl' is an alias of 'kullback-leibler'", async () => {
    const a = await nmf(V, { rank: 2, seed: 1, maxIter: 20, loss: "kl", solver: "mu" });
    const b = await nmf(V, { rank: 2, seed: 1, maxIter: 20, loss: "kullback-leibler", solver: "mu" });
    expect(bitsEqual(a.W.data, b.W.data)).toBe(true);
    expect(a.reconstructionError).toBe(b.reconstructionError);
  });

  it("reduces the error of a low-rank matrix well below the data's norm", async () => {
    const X = lowRankMatrix(40, 30, 3, 2);
    const start = await nmf(X, { rank: 3, seed: 0, maxIter: 0, solver: "mu" });
    const r = await nmf(X, { rank: 3, seed: 0, maxIter: 300, tol: 0, solver: "mu" });
    const norm = Math.sqrt(X.data.reduce((s, x) => s + x * x, 0));
    // The data is rank 3 plus noise of norm ≈ 0.008·‖X‖: a working solver gets close to that.
    expect(r.reconstructionError / norm).toBeLessThan(0.03);
    expect(r.reconstructionError).toBeLessThan(start.reconstructionError / 3);
  });

  it("runs on a known kernel build: the relaxed one wherever the runtime accepts it", async () => {
    const relaxedAccepted = process.execArgv.includes("--experimental-wasm-relaxed-simd") || !process.version.startsWith("v20.");
    expect(await kernelVariant()).toBe(relaxedAccepted ? "relaxed-simd" : "simd128");
  });
});

describe("NMF estimator", () => {
  const V = lowRankMatrix(30, 20, 3, 8);

  it("fitTransform returns W, keeps H, error, iterations and converged — the same as nmf()", async () => {
    const options = { rank: 3, seed: 1, maxIter: 200, solver: "mu" } as const;
    const model = new NMF(options);
    expect(model.components).toBeUndefined();
    const W = await model.fitTransform(V);
    const r = await nmf(V, options);
    expectMatrix(W, 30, 3);
    expectMatrix(model.components!, 3, 20);
    expect(bitsEqual(W.data, r.W.data)).toBe(true);
    expect(bitsEqual(model.components!.data, r.H.data)).toBe(true);
    expect(model.reconstructionError).toBe(r.reconstructionError);
    expect(model.iterations).toBe(r.iterations);
    expect(model.converged).toBe(r.converged);
  });

  it("fit returns the model itself and refits on new data", async () => {
    const model = new NMF({ rank: 2, seed: 0, maxIter: 20, solver: "mu" });
    expect(await model.fit(V)).toBe(model);
    const first = model.components!.data.slice();
    await model.fit(randomMatrix(10, 20, 3));
    expect(model.components!.rows).toBe(2);
    expect(bitsEqual(model.components!.data, first)).toBe(false);
  });

  it.each(losses)("transform (%s) on the training data approximates fitTransform's W; H is not changed", async (loss) => {
    const model = new NMF({ rank: 3, seed: 2, maxIter: 500, loss, tol: 0, solver: "mu" });
    const W = await model.fitTransform(V);
    const H = model.components!.data.slice();
    const again = await model.transform(V);
    expectMatrix(again, 30, 3);
    expect(bitsEqual(model.components!.data, H)).toBe(true);
    expect(relativeToMax(again.data, W.data)).toBeLessThan(0.05);
    // …and reconstructs the data about as well.
    const e = referenceError(loss, V, again, model.components!);
    expect(e).toBeLessThan(model.reconstructionError! * 1.05 + 1e-6);
  });

  it("transform of some rows equals those rows of the transform of all rows (tol 0)", async () => {
    const model = await new NMF({ rank: 3, seed: 2, maxIter: 50, tol: 0, solver: "mu" }).fit(V);
    const all = await model.transform(V);
    const rows = { rows: 7, cols: 20, data: V.data.slice(10 * 20, 17 * 20) };
    const some = await model.transform(rows);
    expectMatrix(some, 7, 3);
    expect(relativeToMax(some.data, all.data.slice(30, 51))).toBeLessThan(1e-5);
  });

  it("inverseTransform(W) is W·H with shape m×n, for any accepted form of W", async () => {
    const model = await new NMF({ rank: 2, seed: 0, maxIter: 20, solver: "mu" }).fit(V);
    const W = { rows: 3, cols: 2, data: [1, 0, 0.5, 2, 0, 0] };
    const ref = matmul64(W.data, model.components!.data, 3, 2, 20);
    for (const input of [W, toRows(W), { ...W, data: Float64Array.from(W.data) }]) {
      const out = await model.inverseTransform(input);
      expectMatrix(out, 3, 20);
      expect(relativeToMax(out.data, ref)).toBeLessThan(1e-6);
      expect(Array.from(out.data.subarray(40, 60))).toEqual(new Array(20).fill(0));
    }
    const fitted = await model.fitTransform(V);
    const back = await model.inverseTransform(fitted);
    expect(relativeToMax(back.data, matmul64(fitted.data, model.components!.data, 30, 2, 20))).toBeLessThan(1e-6);
  });

  it("transform before fit → NotFittedError", async () => {
    await expect(new NMF({ rank: 2 }).transform(V)).rejects.toBeInstanceOf(NotFittedError);
    await expect(new NMF({ rank: 2 }).inverseTransform({ rows: 1, cols: 2, data: [1, 1] })).rejects.toBeInstanceOf(NotFittedError);
  });
});
