// The public API: accepted input forms, the NMF estimator, result shapes.
import { describe, expect, it } from "vitest";
import { NMF, kernelVariant, nmf } from "../src/index.js";
import { lowRankMatrix, matmul64, relativeToMax } from "./helpers.js";

describe("nmf()", () => {
  const V = lowRankMatrix(24, 18, 3, 5);

  it("accepts Float32Array, Float64Array, number[] and number[][] alike", async () => {
    const options = { rank: 3, seed: 4, maxIter: 30 };
    const reference = await nmf(V, options);
    const rows = Array.from({ length: V.rows }, (_, i) => Array.from(V.data.subarray(i * V.cols, (i + 1) * V.cols)));
    for (const input of [
      { rows: V.rows, cols: V.cols, data: Float64Array.from(V.data) },
      { rows: V.rows, cols: V.cols, data: Array.from(V.data) },
      rows,
    ]) {
      const r = await nmf(input, options);
      expect(r.W.data).toEqual(reference.W.data);
      expect(r.H.data).toEqual(reference.H.data);
    }
  });

  it("returns Float32Array factors of the right shapes and a scikit-learn error", async () => {
    const r = await nmf(V, { rank: 3, seed: 0, maxIter: 50 });
    expect(r.W.data).toBeInstanceOf(Float32Array);
    expect([r.W.rows, r.W.cols, r.H.rows, r.H.cols]).toEqual([24, 3, 3, 18]);
    const wh = matmul64(r.W.data, r.H.data, 24, 3, 18);
    let s = 0;
    for (let t = 0; t < wh.length; t++) s += (V.data[t] - wh[t]) ** 2;
    expect(r.reconstructionError).toBeCloseTo(Math.sqrt(s), 4);
  });

  it("runs on a known kernel build", async () => {
    expect(["simd128", "relaxed-simd"]).toContain(await kernelVariant());
  });
});

describe("NMF estimator", () => {
  const V = lowRankMatrix(30, 20, 3, 8);

  it("fitTransform keeps components, error and iterations", async () => {
    const model = new NMF({ rank: 3, seed: 1, maxIter: 200 });
    const W = await model.fitTransform(V);
    expect([W.rows, W.cols]).toEqual([30, 3]);
    expect([model.components!.rows, model.components!.cols]).toEqual([3, 20]);
    expect(model.reconstructionError).toBeGreaterThan(0);
    expect(model.iterations).toBeGreaterThan(0);
    expect(await model.fit(V)).toBe(model);
  });

  it.each(["frobenius", "kullback-leibler"] as const)("transform (%s) finds W for the training data with H fixed", async (loss) => {
    const model = new NMF({ rank: 3, seed: 2, maxIter: 400, loss, tol: 0 });
    const W = await model.fitTransform(V);
    const H = model.components!.data.slice();
    const again = await model.transform(V);
    expect(model.components!.data).toEqual(H);
    // W is determined by V and the fixed H up to the solver's convergence.
    const back = await model.inverseTransform(again);
    const fitted = await model.inverseTransform(W);
    expect(relativeToMax(back.data, fitted.data)).toBeLessThan(0.05);
  });

  it("inverseTransform is W·H", async () => {
    const model = await new NMF({ rank: 2, seed: 0, maxIter: 20 }).fit(V);
    const W = { rows: 2, cols: 2, data: [1, 0, 0.5, 2] };
    const out = await model.inverseTransform(W);
    const ref = matmul64(W.data, model.components!.data, 2, 2, 20);
    expect(relativeToMax(out.data, ref)).toBeLessThan(1e-6);
  });
});
