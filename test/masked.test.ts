// Masked / weighted NMF (missing: 'nan', weights, missing: 'unstored'): a float64 reference of
// the weighted multiplicative updates, equivalences (weights of ones, dense NaN vs CSR unstored),
// descent, the masked error, transform, completion of a low-rank matrix, bad inputs.
import { describe, expect, it } from "vitest";
import {
  MatrixShapeError, MatrixValueError, NMF, OptionError, cooToCsr, denseToCsr, nmf, type Matrix,
} from "../src/index.js";
import { lowRankMatrix, matmul64, randomMatrix, relativeToMax, rng } from "./helpers.js";

type Loss = "frobenius" | "kl";
const EPS32 = 2 ** -23;

/** Weighted loss Σ s·(v − wh)² or Σ s·(v·log(v/wh) − v + wh), float64. */
function weightedLoss(loss: Loss, V: ArrayLike<number>, S: ArrayLike<number>, W: Matrix, H: Matrix): number {
  const WH = matmul64(W.data, H.data, W.rows, W.cols, H.cols);
  let total = 0;
  for (let t = 0; t < WH.length; t++) {
    if (S[t] === 0) continue;
    const v = V[t], y = WH[t];
    total += S[t] * (loss === "frobenius" ? (v - y) ** 2 : (v > EPS32 ? v * Math.log(v / y) : 0) - v + y);
  }
  return total;
}

/** The weighted multiplicative updates in float64 (the reference for the kernels). */
function referenceMasked(loss: Loss, V: Float64Array, S: Float64Array, W0: Matrix, H0: Matrix, iterations: number) {
  const m = W0.rows, k = W0.cols, n = H0.cols;
  const W = Float64Array.from(W0.data), H = Float64Array.from(H0.data);
  const step = (X: Float64Array, numer: Float64Array, denom: Float64Array) => {
    for (let t = 0; t < X.length; t++) X[t] *= numer[t] / (denom[t] === 0 ? EPS32 : denom[t]);
  };
  for (let it = 0; it < iterations; it++) {
    for (const side of ["W", "H"] as const) {
      const WH = matmul64(W, H, m, k, n);
      const a = new Float64Array(m * n), b = new Float64Array(m * n); // numerator and denominator terms
      for (let t = 0; t < m * n; t++) {
        if (loss === "frobenius") { a[t] = S[t] * V[t]; b[t] = S[t] * WH[t]; }
        else { a[t] = S[t] * V[t] / (WH[t] === 0 ? EPS32 : WH[t]); b[t] = S[t]; }
      }
      if (side === "W") {
        const numer = new Float64Array(m * k), denom = new Float64Array(m * k);
        for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) {
          numer[i * k + c] += a[i * n + j] * H[c * n + j];
          denom[i * k + c] += b[i * n + j] * H[c * n + j];
        }
        step(W, numer, denom);
      } else {
        const numer = new Float64Array(k * n), denom = new Float64Array(k * n);
        for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
          numer[c * n + j] += W[i * k + c] * a[i * n + j];
          denom[c * n + j] += W[i * k + c] * b[i * n + j];
        }
        step(H, numer, denom);
      }
    }
  }
  return { W, H };
}

const m = 24, n = 15, k = 3;
const V = randomMatrix(m, n, 31, 0.1);
const W0 = randomMatrix(m, k, 32), H0 = randomMatrix(k, n, 33);
const init = { W: W0, H: H0 };
/** About a third of the entries missing: NaN in the dense copy, unstored in the CSR one. */
const r = rng(34);
const observed = Array.from({ length: m * n }, () => r() > 0.35);
const withNaN = { rows: m, cols: n, data: V.data.map((x, t) => (observed[t] ? x : NaN)) };
const rowsOf = observed.flatMap((o, t) => (o ? [Math.floor(t / n)] : []));
const colsOf = observed.flatMap((o, t) => (o ? [t % n] : []));
const unstored = cooToCsr({ rows: m, cols: n, row: rowsOf, col: colsOf, data: observed.flatMap((o, t) => (o ? [V.data[t]] : [])) });
const mask = Float64Array.from(observed, Number);
const weights = { rows: m, cols: n, data: Float32Array.from({ length: m * n }, (_, t) => (observed[t] ? 0.25 + r() * 2 : 0)) };

describe.each(["frobenius", "kl"] as const)("%s", (loss) => {
  it("weights of ones are the plain multiplicative-update fit", async () => {
    const ones = { rows: m, cols: n, data: new Float32Array(m * n).fill(1) };
    const plain = await nmf(V, { rank: k, loss, solver: "mu", init, maxIter: 40, tol: 0 });
    const weighted = await nmf(V, { rank: k, loss, init, maxIter: 40, tol: 0, weights: ones });
    expect(relativeToMax(weighted.W.data, plain.W.data)).toBeLessThan(1e-5);
    expect(relativeToMax(weighted.H.data, plain.H.data)).toBeLessThan(1e-5);
    expect(weighted.reconstructionError).toBeCloseTo(plain.reconstructionError, 4);
  });

  it("weights follow the float64 reference of the weighted updates", async () => {
    const ref = referenceMasked(loss, Float64Array.from(V.data), Float64Array.from(weights.data), W0, H0, 10);
    const fit = await nmf(V, { rank: k, loss, init, maxIter: 10, tol: 0, weights });
    expect(relativeToMax(fit.W.data, ref.W)).toBeLessThan(1e-5);
    expect(relativeToMax(fit.H.data, ref.H)).toBeLessThan(1e-5);
  });

  it("missing: 'nan' (dense) and 'unstored' (CSR) follow the reference and agree", async () => {
    const ref = referenceMasked(loss, Float64Array.from(V.data), mask, W0, H0, 10);
    const dense = await nmf(withNaN, { rank: k, loss, init, maxIter: 10, tol: 0, missing: "nan" });
    const sparse = await nmf(unstored, { rank: k, loss, init, maxIter: 10, tol: 0, missing: "unstored" });
    for (const fit of [dense, sparse]) {
      expect(relativeToMax(fit.W.data, ref.W)).toBeLessThan(1e-5);
      expect(relativeToMax(fit.H.data, ref.H)).toBeLessThan(1e-5);
    }
    // The error is the observed entries' loss: ‖·‖ over them, or √(2·D) for KL.
    const want = weightedLoss(loss, V.data, mask, dense.W, dense.H);
    expect(dense.reconstructionError).toBeCloseTo(Math.sqrt(loss === "frobenius" ? want : 2 * want), 3);
    expect(sparse.reconstructionError).toBeCloseTo(dense.reconstructionError, 3);
  });

  it("the masked objective never increases", async () => {
    for (const [input, options] of [[withNaN, { missing: "nan" }], [unstored, { missing: "unstored" }], [V, { weights }]] as const) {
      let previous = Infinity;
      for (let iterations = 0; iterations <= 8; iterations++) {
        const fit = await nmf(input, { rank: k, loss, init, maxIter: iterations, tol: 0, ...options });
        expect(fit.reconstructionError).toBeLessThanOrEqual(previous * (1 + 1e-6));
        previous = fit.reconstructionError;
      }
    }
  });

  it("transform ignores the missing entries of the new rows", async () => {
    const model = new NMF({ rank: k, loss, init, maxIter: 30, tol: 0, missing: "nan" });
    await model.fit(withNaN);
    const H = model.components!;
    // Row 0 of V with column 2 missing vs the same row and H without column 2.
    const row = Array.from(V.data.subarray(0, n));
    const W1 = await model.transform([row.map((x, j) => (j === 2 ? NaN : x))]);
    const drop = (data: ArrayLike<number>, rows: number) =>
      Array.from({ length: rows }, (_, i) => Array.from({ length: n }, (_, j) => data[i * n + j]).filter((_, j) => j !== 2));
    const reduced = new NMF({ rank: k, loss, solver: "mu", init: { W: W0, H: drop(H.data, k) }, maxIter: 30, tol: 0 });
    reduced.components = { rows: k, cols: n - 1, data: Float32Array.from(drop(H.data, k).flat()) };
    const W2 = await reduced.transform(drop(row, 1));
    expect(relativeToMax(W1.data, W2.data)).toBeLessThan(1e-5);
  });
});

it("completes a low-rank matrix from half of its entries", async () => {
  const X = lowRankMatrix(60, 40, 3, 5);
  const pick = rng(6);
  const seen = Array.from({ length: 60 * 40 }, () => pick() < 0.5);
  const csr = cooToCsr({
    rows: 60, cols: 40,
    row: seen.flatMap((s, t) => (s ? [Math.floor(t / 40)] : [])),
    col: seen.flatMap((s, t) => (s ? [t % 40] : [])),
    data: seen.flatMap((s, t) => (s ? [X.data[t]] : [])),
  });
  const heldOut = (fit: { W: Matrix; H: Matrix }) => {
    const WH = matmul64(fit.W.data, fit.H.data, 60, 3, 40);
    let err = 0, norm = 0;
    for (let t = 0; t < WH.length; t++) if (!seen[t]) { err += (WH[t] - X.data[t]) ** 2; norm += X.data[t] ** 2; }
    return Math.sqrt(err / norm);
  };
  const completion = await nmf(csr, { rank: 3, missing: "unstored", seed: 1, maxIter: 1500, tol: 0 });
  const completionCd = await nmf(csr, { rank: 3, missing: "unstored", solver: "cd", seed: 1, maxIter: 300, tol: 0 });
  expect(heldOut(completionCd)).toBeLessThan(0.05);
  const zerosAsData = await nmf(csr, { rank: 3, solver: "mu", seed: 1, maxIter: 1500, tol: 0 });
  expect(heldOut(completion)).toBeLessThan(0.05);
  expect(heldOut(zerosAsData)).toBeGreaterThan(0.3);
});

/** Weighted HALS in float64: each row against the other factor's rows at its observed entries. */
function referenceMaskedCd(V: Float64Array, S: Float64Array, W0: Matrix, H0: Matrix, iterations: number) {
  const m = W0.rows, k = W0.cols, n = H0.cols;
  const W = Float64Array.from(W0.data), Ht = new Float64Array(n * k);
  for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) Ht[j * k + c] = H0.data[c * n + j];
  // Rows of X (rows × k) against rows of Y, entry (i, j) observed when at(i, j) is.
  const sweep = (X: Float64Array, Y: Float64Array, rows: number, cols: number, at: (i: number, j: number) => number) => {
    for (let i = 0; i < rows; i++) {
      const G = new Float64Array(k * k), P = new Float64Array(k);
      for (let j = 0; j < cols; j++) {
        const t = at(i, j);
        if (!S[t]) continue;
        for (let a = 0; a < k; a++) {
          P[a] += S[t] * V[t] * Y[j * k + a];
          for (let b = 0; b < k; b++) G[a * k + b] += S[t] * Y[j * k + a] * Y[j * k + b];
        }
      }
      for (let c = 0; c < k; c++) {
        let grad = -P[c];
        for (let r = 0; r < k; r++) grad += G[c * k + r] * X[i * k + r];
        if (G[c * k + c] > 0) X[i * k + c] = Math.max(X[i * k + c] - grad / G[c * k + c], 0);
      }
    }
  };
  for (let it = 0; it < iterations; it++) {
    sweep(W, Ht, m, n, (i, j) => i * n + j);
    sweep(Ht, W, n, m, (j, i) => i * n + j);
  }
  const H = new Float64Array(k * n);
  for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) H[c * n + j] = Ht[j * k + c];
  return { W, H };
}

describe("masked coordinate descent (solver 'cd', Frobenius)", () => {
  it("missing 'unstored', missing 'nan' and weights follow the float64 reference of weighted HALS", async () => {
    const masked = referenceMaskedCd(Float64Array.from(V.data), mask, W0, H0, 5);
    const weighted = referenceMaskedCd(Float64Array.from(V.data), Float64Array.from(weights.data), W0, H0, 5);
    const options = { rank: k, solver: "cd" as const, init, maxIter: 5, tol: 0 };
    for (const [fit, ref] of [
      [await nmf(unstored, { ...options, missing: "unstored" }), masked],
      [await nmf(withNaN, { ...options, missing: "nan" }), masked],
      [await nmf(V, { ...options, weights }), weighted],
    ] as const) {
      expect(relativeToMax(fit.W.data, ref.W)).toBeLessThan(1e-5);
      expect(relativeToMax(fit.H.data, ref.H)).toBeLessThan(1e-5);
    }
  });

  it("never increases the masked error, and with every entry observed is the plain cd fit", async () => {
    for (const [input, options] of [[unstored, { missing: "unstored" }], [V, { weights }]] as const) {
      let previous = Infinity;
      for (let iterations = 0; iterations <= 8; iterations++) {
        const fit = await nmf(input, { rank: k, solver: "cd", init, maxIter: iterations, tol: 0, ...options });
        expect(fit.reconstructionError).toBeLessThanOrEqual(previous * (1 + 1e-6));
        previous = fit.reconstructionError;
      }
    }
    const full = randomMatrix(m, n, 41); // no zeros: every entry stored
    const plain = await nmf(full, { rank: k, solver: "cd", init, maxIter: 20, tol: 0 });
    const ones = { rows: m, cols: n, data: new Float32Array(m * n).fill(1) };
    for (const fit of [
      await nmf(denseToCsr(full), { rank: k, solver: "cd", missing: "unstored", init, maxIter: 20, tol: 0 }),
      await nmf(full, { rank: k, solver: "cd", weights: ones, init, maxIter: 20, tol: 0 }),
    ]) {
      expect(relativeToMax(fit.W.data, plain.W.data)).toBeLessThan(1e-4);
      expect(relativeToMax(fit.H.data, plain.H.data)).toBeLessThan(1e-4);
    }
  });

  it("is refused for KL and for anls", async () => {
    await expect(nmf(unstored, { rank: k, solver: "cd", loss: "kl", missing: "unstored" })).rejects.toThrow(OptionError);
    await expect(nmf(V, { rank: k, solver: "anls", weights })).rejects.toThrow(OptionError);
  });
});

describe("bad inputs and edge cases", () => {
  it("keeps NaN an error by default", async () => {
    await expect(nmf(withNaN, { rank: k })).rejects.toMatchObject({ code: "NAN_ENTRY" });
  });

  it("rejects bad weights and mismatched options with typed errors", async () => {
    const negative = { rows: m, cols: n, data: weights.data.map((w, t) => (t === 5 ? -1 : w)) };
    await expect(nmf(V, { rank: k, weights: negative })).rejects.toThrow(MatrixValueError);
    await expect(nmf(V, { rank: k, weights: randomMatrix(m, n - 1, 1) })).rejects.toThrow(MatrixShapeError);
    await expect(nmf(V, { rank: k, weights: "ones" as never })).rejects.toThrow(OptionError);
    await expect(nmf(V, { rank: k, missing: "zero" as never })).rejects.toThrow(OptionError);
    await expect(nmf(V, { rank: k, missing: "unstored" })).rejects.toThrow(OptionError);
    await expect(nmf(unstored, { rank: k, missing: "nan" })).rejects.toThrow(OptionError);
    await expect(nmf(unstored, { rank: k, weights })).rejects.toThrow(OptionError);
    await expect(nmf(withNaN, { rank: k, missing: "nan", loss: "itakura-saito" })).rejects.toThrow(OptionError);
    await expect(nmf(withNaN, { rank: k, missing: "nan", data: [] } as never)).rejects.toThrow(OptionError);
    await expect(nmf({ rows: m, cols: n, data: V.data.map((x, t) => (t === 3 ? -x - 1 : x)) }, { rank: k, missing: "nan" }))
      .rejects.toThrow(MatrixValueError);
  });

  it("an all-missing matrix is an EMPTY_MATRIX error", async () => {
    await expect(nmf({ rows: 2, cols: 2, data: [NaN, NaN, NaN, NaN] }, { rank: 1, missing: "nan" })).rejects.toMatchObject({ code: "EMPTY_MATRIX" });
    await expect(nmf(V, { rank: 1, weights: { rows: m, cols: n, data: new Float32Array(m * n) } })).rejects.toMatchObject({ code: "EMPTY_MATRIX" });
    await expect(nmf(denseToCsr({ rows: 2, cols: 2, data: [0, 0, 0, 0] }), { rank: 1, missing: "unstored" })).rejects.toMatchObject({ code: "EMPTY_MATRIX" });
  });

  it("an all-missing row gets a zero row of W, an all-missing column a zero column of H", async () => {
    const data = withNaN.data.slice();
    for (let j = 0; j < n; j++) data[4 * n + j] = NaN;
    for (let i = 0; i < m; i++) data[i * n + 7] = NaN;
    const fit = await nmf({ rows: m, cols: n, data }, { rank: k, init, maxIter: 20, tol: 0, missing: "nan" });
    expect(Array.from(fit.W.data.subarray(4 * k, 5 * k))).toEqual([0, 0, 0]);
    expect([0, 1, 2].map((c) => fit.H.data[c * n + 7])).toEqual([0, 0, 0]);
    expect(Number.isFinite(fit.reconstructionError)).toBe(true);
  });
});
