// The alternating solvers, coordinate descent (HALS), ANLS and accelerated HALS (hals): scikit-learn's near-converged cd
// errors from the fixtures' start, a monotone (regularized) objective, dense vs CSR, the effect
// of L1 / L2 regularization, and fitting one factor with the other fixed.
import { describe, expect, it } from "vitest";
import { NMF, OptionError, nmf, type CsrMatrixLike, type Matrix } from "../src/index.js";
import { KL_WARM_START } from "../src/options.js";
import { loadFixtures, lowRankMatrix, matmul64, randomMatrix, relativeToMax } from "./helpers.js";

const SOLVERS = ["cd", "anls", "hals"] as const;

describe.each(loadFixtures())("fixture $name", (fx) => {
  const run = fx.runs.find((r) => r.solver === "cd")!;
  it.each(SOLVERS)("%s from W0, H0 reaches scikit-learn's near-converged cd error", async (solver) => {
    const r = await nmf(fx.X, { rank: fx.rank, solver, init: { W: fx.W0, H: fx.H0 }, maxIter: run.iterations, tol: 0 });
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

describe.each(SOLVERS)("%s", (solver) => {
  const V = lowRankMatrix(40, 30, 4, 3);

  it.each([[0, 0], [0.01, 0], [0.01, 1], [0.02, 0.5]])("never increases the objective (alpha %f, l1Ratio %f)", async (alpha, l1Ratio) => {
    let { W, H } = await nmf(V, { rank: 5, init: "random", seed: 1, maxIter: 0 });
    let previous = objective(V, W, H, alpha, l1Ratio);
    for (let t = 0; t < 20; t++) {
      const r = await nmf(V, { rank: 5, solver, init: { W, H }, maxIter: 1, tol: 0, alphaW: alpha, l1Ratio });
      const current = objective(V, r.W, r.H, alpha, l1Ratio);
      expect(current).toBeLessThanOrEqual(previous * (1 + 1e-6));
      previous = current;
      ({ W, H } = r);
    }
  });

  it("rejects losses other than Frobenius", async () => {
    await expect(nmf(V, { rank: 3, loss: "kl", solver })).rejects.toBeInstanceOf(OptionError);
    await expect(nmf(V, { rank: 3, loss: 0.5, solver })).rejects.toThrow(/Frobenius/);
  });

  it("converges by the projected-gradient rule, and gets further than mu in as many iterations", async () => {
    const fit = await nmf(V, { rank: 4, seed: 2, maxIter: 2000, tol: 1e-4, solver });
    expect(fit.converged).toBe(true);
    const mu = await nmf(V, { rank: 4, seed: 2, maxIter: fit.iterations, tol: 0, solver: "mu" });
    expect(fit.reconstructionError).toBeLessThan(mu.reconstructionError);
  });

  it("gives the same factorization for dense and CSR input", async () => {
    const X = randomMatrix(35, 28, 9, 0.7);
    const indptr = [0], indices: number[] = [], data: number[] = [];
    for (let i = 0; i < 35; i++) {
      for (let j = 0; j < 28; j++) if (X.data[i * 28 + j] !== 0) { indices.push(j); data.push(X.data[i * 28 + j]); }
      indptr.push(indices.length);
    }
    const csr: CsrMatrixLike = { format: "csr", rows: 35, cols: 28, indptr, indices, data };
    const options = { rank: 4, solver, seed: 5, maxIter: 50, tol: 0 };
    const a = await nmf(X, options), b = await nmf(csr, options);
    expect(Math.abs(a.reconstructionError - b.reconstructionError) / a.reconstructionError).toBeLessThan(1e-4);
    expect(relativeToMax(b.W.data, a.W.data)).toBeLessThan(1e-3);
  });

  it("L1 regularization gives more exact zeros; L2 shrinks the factors (scikit-learn's test_nmf_regularization)", async () => {
    const X = randomMatrix(30, 20, 4);
    const base = { rank: 5, seed: 0, maxIter: 300, tol: 0, init: "nndsvdar" as const, solver };
    const plain = await nmf(X, base);
    const l1 = await nmf(X, { ...base, alphaW: 0.5, l1Ratio: 1 });
    const zeros = (r: { W: Matrix; H: Matrix }) => [...r.W.data, ...r.H.data].filter((x) => x === 0).length;
    expect(zeros(l1)).toBeGreaterThan(zeros(plain));
    const l2 = await nmf(X, { ...base, alphaW: 0.5, l1Ratio: 0 });
    const norm = (d: Float32Array) => Math.sqrt(d.reduce((s, x) => s + x * x, 0));
    expect(norm(l2.W.data)).toBeLessThan(norm(plain.W.data));
    expect(norm(l2.H.data)).toBeLessThan(norm(plain.H.data));
  });

  it("updateH: false fits W alone, updateW: false fits H alone", async () => {
    const start = await nmf(V, { rank: 4, init: "random", seed: 3, maxIter: 0 });
    const onlyW = await nmf(V, { rank: 4, solver, init: { W: start.W, H: start.H }, updateH: false, maxIter: 30 });
    expect(onlyW.H.data).toEqual(start.H.data);
    expect(onlyW.reconstructionError).toBeLessThan(start.reconstructionError);
    const onlyH = await nmf(V, { rank: 4, solver, init: { W: start.W, H: start.H }, updateW: false, maxIter: 30 });
    expect(onlyH.W.data).toEqual(start.W.data);
    expect(onlyH.reconstructionError).toBeLessThan(start.reconstructionError);
    await expect(nmf(V, { rank: 4, solver, updateH: false })).rejects.toThrow(/init: \{ W, H \}/);
  });

  it("transform finds W for the training data with H fixed", async () => {
    const model = new NMF({ rank: 4, seed: 1, maxIter: 500, solver });
    const W = await model.fitTransform(V);
    const again = await model.transform(V);
    const a = await model.inverseTransform(W), b = await model.inverseTransform(again);
    expect(relativeToMax(b.data, a.data)).toBeLessThan(0.02);
  });
});

describe("solver defaults", () => {
  const V = lowRankMatrix(30, 20, 3, 4);
  it("hals is the default for Frobenius, warm-started mu for KL, mu for the other losses; updateW/updateH both false is refused", async () => {
    const byDefault = await nmf(V, { rank: 3, seed: 0, maxIter: 30, tol: 0 });
    const hals = await nmf(V, { rank: 3, seed: 0, maxIter: 30, tol: 0, solver: "hals" });
    expect(byDefault.W.data).toEqual(hals.W.data);
    const kl = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 20, tol: 0 });
    const warm = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 20, tol: 0, solver: "mu", klWarmStart: KL_WARM_START });
    expect(kl.W.data).toEqual(warm.W.data);
    const is = await nmf(V, { rank: 3, loss: 0.5, seed: 0, maxIter: 20, tol: 0 });
    const mu = await nmf(V, { rank: 3, loss: 0.5, seed: 0, maxIter: 20, tol: 0, solver: "mu" });
    expect(is.W.data).toEqual(mu.W.data);
    await expect(nmf(V, { rank: 3, updateW: false, updateH: false })).rejects.toBeInstanceOf(OptionError);
  });

  it("mu honours updateW: false and updateH: false too", async () => {
    const start = await nmf(V, { rank: 3, loss: "kl", init: "random", seed: 1, maxIter: 0 });
    const r = await nmf(V, { rank: 3, solver: "mu", loss: "kl", init: { W: start.W, H: start.H }, updateW: false, maxIter: 20 });
    expect(r.W.data).toEqual(start.W.data);
    expect(r.reconstructionError).toBeLessThan(start.reconstructionError);
  });
});
