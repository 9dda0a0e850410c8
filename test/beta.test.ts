// β-divergence losses (Itakura-Saito and any β): divergence values against sums written out
// here, one update against a float64 transcription of scikit-learn's rules, monotone error,
// dense vs CSR, and the β ≤ 0 zero rule.
import { describe, expect, it } from "vitest";
import { MatrixValueError, nmf, type CsrMatrixLike, type Matrix } from "../src/index.js";
import { matmul64, randomMatrix, relativeToMax } from "./helpers.js";

const EPS32 = 2 ** -23;

/** scikit-learn's D_β(V‖WH) for β ∉ {1, 2}, straight from its definition, in f64. */
function betaDivergence(V: Matrix, W: Matrix, H: Matrix, beta: number): number {
  const wh = matmul64(W.data, H.data, V.rows, W.cols, V.cols);
  let d = 0;
  for (let t = 0; t < wh.length; t++) {
    const x = V.data[t], y = wh[t];
    if (beta === 0) {
      if (x > EPS32) d += x / y - Math.log(x / y) - 1;
      else d -= 1; // scikit-learn subtracts m·n over all entries
    } else {
      d += (beta - 1) * y ** beta / (beta * (beta - 1));
      if (x > EPS32) d += (x ** beta - beta * x * y ** (beta - 1)) / (beta * (beta - 1));
    }
  }
  return d;
}

/** One scikit-learn MU iteration for β ∉ {1, 2} (W, then H), in f64. */
function referenceStep(V: Matrix, W: Float64Array, H: Float64Array, k: number, beta: number): void {
  const m = V.rows, n = V.cols;
  const gamma = beta < 1 ? 1 / (2 - beta) : beta > 2 ? 1 / (beta - 1) : 1;
  const half = (updateW: boolean) => {
    const wh = matmul64(W, H, m, k, n);
    // scikit-learn 1.2: exact zeros of WH become EPS32 (β < 2 in the numerator, β < 1 in the denominator).
    const num = Float64Array.from(wh, (y, t) => (V.data[t] === 0 ? 0 : V.data[t] * (y === 0 && beta < 2 ? EPS32 : y) ** (beta - 2)));
    const den = Float64Array.from(wh, (y) => (y === 0 && beta < 1 ? EPS32 : y) ** (beta - 1));
    if (updateW) {
      for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) {
        let a = 0, b = 0;
        for (let j = 0; j < n; j++) { a += num[i * n + j] * H[c * n + j]; b += den[i * n + j] * H[c * n + j]; }
        W[i * k + c] *= (a / (b || EPS32)) ** gamma;
      }
    } else {
      for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) {
        let a = 0, b = 0;
        for (let i = 0; i < m; i++) { a += W[i * k + c] * num[i * n + j]; b += W[i * k + c] * den[i * n + j]; }
        const h = H[c * n + j] * (a / (b || EPS32)) ** gamma;
        H[c * n + j] = beta <= 1 && h < 2.220446049250313e-16 ? 0 : h;
      }
    }
  };
  half(true);
  half(false);
}

const toCsr = (X: Matrix): CsrMatrixLike => {
  const indptr = [0], indices: number[] = [], data: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.cols; j++) if (X.data[i * X.cols + j] !== 0) { indices.push(j); data.push(X.data[i * X.cols + j]); }
    indptr.push(indices.length);
  }
  return { format: "csr", rows: X.rows, cols: X.cols, indptr, indices, data };
};

describe.each([0, 0.5, 1.5, 3])("β = %f", (beta) => {
  // Itakura-Saito needs V > 0; the others get zeros too.
  const V = randomMatrix(13, 11, 31, beta > 0 ? 0.3 : 0);
  const W = randomMatrix(13, 3, 32), H = randomMatrix(3, 11, 33);
  for (const m of [V, W, H]) for (let t = 0; t < m.data.length; t++) m.data[t] += beta > 0 ? 0 : 0.05;
  const loss = beta === 0 ? ("itakura-saito" as const) : beta;

  it("reconstructionError is √(2·D_β), D_β as scikit-learn defines it", async () => {
    const r = await nmf(V, { rank: 3, loss, init: { W, H }, maxIter: 0 });
    const expected = Math.sqrt(2 * betaDivergence(V, W, H, beta));
    expect(Math.abs(r.reconstructionError - expected) / expected).toBeLessThan(1e-5);
  });

  it("one update matches scikit-learn's rule (numerator, denominator, exponent γ)", async () => {
    const r = await nmf(V, { rank: 3, loss, init: { W, H }, maxIter: 1, tol: 0 });
    const w = Float64Array.from(W.data), h = Float64Array.from(H.data);
    referenceStep(V, w, h, 3, beta);
    expect(relativeToMax(r.W.data, w)).toBeLessThan(1e-4);
    expect(relativeToMax(r.H.data, h)).toBeLessThan(1e-4);
  });

  it("never increases the error and keeps factors non-negative", async () => {
    const r = await nmf(V, { rank: 3, loss, init: { W, H }, maxIter: 100, tol: 0 });
    for (let t = 1; t < r.history.length; t++) expect(r.history[t].error).toBeLessThanOrEqual(r.history[t - 1].error * (1 + 1e-6));
    expect(r.history.at(-1)!.error).toBeLessThan(r.history[0].error);
    expect([...r.W.data, ...r.H.data].every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  it("dense and CSR input give the same fit", async () => {
    const options = { rank: 3, loss, init: { W, H }, maxIter: 30, tol: 0 };
    const a = await nmf(V, options), b = await nmf(toCsr(V), options);
    expect(Math.abs(a.reconstructionError - b.reconstructionError) / a.reconstructionError).toBeLessThan(1e-4);
    expect(relativeToMax(b.H.data, a.H.data)).toBeLessThan(1e-3);
  });
});

describe("β ≤ 0 and zeros", () => {
  it("a zero in V → MatrixValueError ZERO_ENTRY at its (row, col), dense and CSR", async () => {
    const V = { rows: 2, cols: 3, data: [1, 2, 3, 4, 0, 6] };
    await expect(nmf(V, { rank: 1, loss: "itakura-saito" })).rejects.toMatchObject({ code: "ZERO_ENTRY", row: 1, col: 1 });
    const sparse: CsrMatrixLike = { format: "csr", rows: 2, cols: 2, indptr: [0, 2, 3], indices: [0, 1, 1], data: [1, 2, 3] };
    const e = await nmf(sparse, { rank: 1, loss: -0.5 }).catch((x) => x);
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e).toMatchObject({ row: 1, col: 0 });
    // β > 0 fits zeros.
    const ok = await nmf(V, { rank: 1, loss: 0.5, maxIter: 20, seed: 0 });
    expect(Number.isFinite(ok.reconstructionError)).toBe(true);
  });
});
