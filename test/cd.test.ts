// Coordinate descent (HALS): scikit-learn's near-converged cd errors from the fixtures' start,
// a monotone (regularized) objective, dense vs CSR, and the effect of L1 / L2 regularization.
import { describe, expect, it } from "vitest";
import { NMF, OptionError, nmf, type CsrMatrixLike, type Matrix } from "../src/index.js";
import { loadFixtures, lowRankMatrix, matmul64, randomMatrix, relativeToMax } from "./helpers.js";

describe.each(loadFixtures())("fixture $name", (fx) => {
  const run = fx.runs.find((r) => r.solver === "cd")!;
  it("cd from W0, H0 reaches scikit-learn's near-converged cd error", async () => {
    const r = await nmf(fx.X, { rank: fx.rank, solver: "cd", init: { W: fx.W0, H: fx.H0 }, maxIter: run.iterations, tol: 0 });
    const normX = Math.sqrt(fx.X.data.reduce((s, x) => s + x * x, 0));
    // Within 0.1%, or — for an exact fit, whose float64 reference error is ~1e-5 — at float32's
    // resolution of X (1e-6 of ‖X‖): an f32 fit cannot get closer to zero than that.
    const gap = Math.abs(r.reconstructionError - run.reconstructionError);
    expect(gap <= 1e-3 * run.reconstructionError || r.reconstructionError <= 1e-6 * normX).toBe(true);
  });
});

/** ½‖V − WH‖² + scikit-learn's L1/L2 terms, in f64. */
function objective(V: Matrix, W: Matrix, H: Matrix, alpha: number, l1Ratio: number): number {
  const wh = matmul64(W.data, H.data, V.rows, W.cols, V.cols);
  let loss = 0;
  for (let t = 0; t < wh.length; t++) loss += (V.data[t] - wh[t]) ** 2;
  const l1 = (d: Float32Array) => d.reduce((s, x) => s + x, 0), l2 = (d: Float32Array) => d.reduce((s, x) => s + x * x, 0);
  const [lw, lh] = [V.cols * alpha, V.rows * alpha];
  return 0.5 * loss + lw * (l1Ratio * l1(W.data) + 0.5 * (1 - l1Ratio) * l2(W.data))
    + lh * (l1Ratio * l1(H.data) + 0.5 * (1 - l1Ratio) * l2(H.data));
}

describe("coordinate descent", () => {
  const V = lowRankMatrix(40, 30, 4, 3);

  it.each([[0, 0], [0.01, 0], [0.01, 1], [0.02, 0.5]])("never increases the objective (alpha %f, l1Ratio %f)", async (alpha, l1Ratio) => {
    let { W, H } = await nmf(V, { rank: 5, init: "random", seed: 1, maxIter: 0 });
    let previous = objective(V, W, H, alpha, l1Ratio);
    for (let t = 0; t < 20; t++) {
      const r = await nmf(V, { rank: 5, solver: "cd", init: { W, H }, maxIter: 1, tol: 0, alphaW: alpha, l1Ratio });
      const current = objective(V, r.W, r.H, alpha, l1Ratio);
      expect(current).toBeLessThanOrEqual(previous * (1 + 1e-6));
      previous = current;
      ({ W, H } = r);
    }
  });

  it("is the default solver for the Frobenius loss; KL defaults to mu and rejects cd", async () => {
    const byDefault = await nmf(V, { rank: 3, seed: 0, maxIter: 30, tol: 0 });
    const cd = await nmf(V, { rank: 3, seed: 0, maxIter: 30, tol: 0, solver: "cd" });
    expect(byDefault.W.data).toEqual(cd.W.data);
    await expect(nmf(V, { rank: 3, loss: "kl", solver: "cd" })).rejects.toBeInstanceOf(OptionError);
    const kl = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 20, tol: 0 });
    const mu = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 20, tol: 0, solver: "mu" });
    expect(kl.W.data).toEqual(mu.W.data);
  });

  it("converges by the projected-gradient rule, and faster than mu", async () => {
    const cd = await nmf(V, { rank: 4, seed: 2, maxIter: 2000, tol: 1e-4, solver: "cd" });
    expect(cd.converged).toBe(true);
    const mu = await nmf(V, { rank: 4, seed: 2, maxIter: cd.iterations, tol: 0, solver: "mu" });
    expect(cd.reconstructionError).toBeLessThan(mu.reconstructionError);
  });

  it("gives the same factorization for dense and CSR input", async () => {
    const X = randomMatrix(35, 28, 9, 0.7);
    const indptr = [0], indices: number[] = [], data: number[] = [];
    for (let i = 0; i < 35; i++) {
      for (let j = 0; j < 28; j++) if (X.data[i * 28 + j] !== 0) { indices.push(j); data.push(X.data[i * 28 + j]); }
      indptr.push(indices.length);
    }
    const csr: CsrMatrixLike = { format: "csr", rows: 35, cols: 28, indptr, indices, data };
    const options = { rank: 4, solver: "cd" as const, seed: 5, maxIter: 50, tol: 0 };
    const a = await nmf(X, options), b = await nmf(csr, options);
    expect(Math.abs(a.reconstructionError - b.reconstructionError) / a.reconstructionError).toBeLessThan(1e-4);
    expect(relativeToMax(b.W.data, a.W.data)).toBeLessThan(1e-3);
  });

  it("L1 regularization gives more exact zeros; L2 shrinks the factors (scikit-learn's test_nmf_regularization)", async () => {
    const X = randomMatrix(30, 20, 4);
    const base = { rank: 5, seed: 0, maxIter: 300, tol: 0, init: "nndsvdar" as const };
    const plain = await nmf(X, base);
    const l1 = await nmf(X, { ...base, alphaW: 0.5, l1Ratio: 1 });
    const zeros = (r: { W: Matrix; H: Matrix }) => [...r.W.data, ...r.H.data].filter((x) => x === 0).length;
    expect(zeros(l1)).toBeGreaterThan(zeros(plain));
    const l2 = await nmf(X, { ...base, alphaW: 0.5, l1Ratio: 0 });
    const norm = (d: Float32Array) => Math.sqrt(d.reduce((s, x) => s + x * x, 0));
    expect(norm(l2.W.data)).toBeLessThan(norm(plain.W.data));
    expect(norm(l2.H.data)).toBeLessThan(norm(plain.H.data));
  });

  it("transform with cd finds W for the training data with H fixed", async () => {
    const model = new NMF({ rank: 4, seed: 1, maxIter: 500, solver: "cd" });
    const W = await model.fitTransform(V);
    const again = await model.transform(V);
    const a = await model.inverseTransform(W), b = await model.inverseTransform(again);
    expect(relativeToMax(b.data, a.data)).toBeLessThan(0.02);
  });
});
