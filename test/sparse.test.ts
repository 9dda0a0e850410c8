// CSR data end to end: every operation of the CSR data matrix against the dense one over odd
// shapes with empty rows and columns, dense-vs-CSR equivalence of whole fits, the CSR baseline,
// and the structural errors of CSR input.
import { describe, expect, it } from "vitest";
import { MatrixShapeError, MatrixValueError, nmf, type CsrMatrixLike } from "../src/index.js";
import { baselineMu, baselineMuCsr } from "../src/baseline/index.js";
import { CsrData } from "../src/data/csr-data.js";
import { columnBlockCount } from "../src/engine-sparse.js";
import { DenseData } from "../src/data/dense-data.js";
import { withEngine, type Buf, type Engine } from "../src/engine.js";
import { denseSource } from "../src/matrix.js";
import { csrSource } from "../src/sparse/csr.js";
import { randomMatrix, relativeToMax, rng } from "./helpers.js";

/** A random sparse matrix (dense values + its CSR), with rows and columns left empty. */
function sparseMatrix(m: number, n: number, density: number, seed: number) {
  const r = rng(seed);
  const dense = new Float32Array(m * n);
  const emptyRow = m > 2 ? 1 : -1, emptyCol = n > 2 ? n - 2 : -1;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (i !== emptyRow && j !== emptyCol && r() < density) dense[i * n + j] = 0.05 + r();
    }
  }
  return { dense: { rows: m, cols: n, data: dense }, csr: toCsr(dense, m, n) };
}

function toCsr(dense: Float32Array, m: number, n: number): CsrMatrixLike {
  const indptr = [0], indices: number[] = [], data: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      if (dense[i * n + j] !== 0) {
        indices.push(j);
        data.push(dense[i * n + j]);
      }
    }
    indptr.push(indices.length);
  }
  return { format: "csr", rows: m, cols: n, indptr, indices, data };
}

function put(engine: Engine, rows: number, cols: number, data: ArrayLike<number>): Buf {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, data);
  return buf;
}

const SHAPES = [[1, 1], [3, 7], [7, 3], [17, 33], [33, 17], [65, 40]];
// Every width of the fused KL kernel (k rounded up to 4, 8, 12) and of the two-phase path (16 … 36).
const RANKS = [1, 3, 4, 6, 10, 14, 17, 20, 24, 33];

/** Every CSR data-matrix operation against the dense one; returns the column-block counts used. */
async function compareOperations(m: number, n: number, ranks: number[], density: number): Promise<number[]> {
  const blockCounts: number[] = [];
  await withEngine(async (engine) => {
      for (const k of ranks) {
        const { dense, csr } = sparseMatrix(m, n, density, m * 100 + n + k);
        const mark = engine.mark();
        const D = DenseData.create(engine, denseSource(dense, "V"));
        const S = CsrData.create(engine, csrSource(csr, "V"), k);
        blockCounts.push(Math.max(S.S.blocks.count, S.T.blocks.count));
        const w = randomMatrix(m, k, k + 1, 0.1), h = randomMatrix(k, n, k + 2, 0.1);
        const W = put(engine, m, k, w.data), H = put(engine, k, n, h.data);
        const B = put(engine, n, k, randomMatrix(n, k, 5).data), A = put(engine, m, k, randomMatrix(m, k, 6).data);
        const pairs: [string, (V: DenseData | CsrData, out: Buf) => void, number, number][] = [
          ["V·B", (V, out) => V.vTimes(out, B), m, k],
          ["Vᵀ·A", (V, out) => V.vtTimes(out, A), n, k],
          ["V·Hᵀ", (V, out) => V.vTimesHt(out, H), m, k],
          ["Wᵀ·V", (V, out) => V.wtTimesV(out, W), k, n],
          ["KL numerator W", (V, out) => V.klNumeratorW(out, W, H), m, k],
          ["KL numerator H", (V, out) => V.klNumeratorH(out, W, H), k, n],
        ];
        for (const [what, op, rows, cols] of pairs) {
          const outD = engine.alloc(rows, cols), outS = engine.alloc(rows, cols);
          engine.fill(outS, NaN); // every entry must be written
          op(D, outD);
          op(S, outS);
          const expected = engine.read(outD), got = engine.read(outS);
          expect(got.every(Number.isFinite), `${what} finite`).toBe(true);
          if (expected.some((x) => x !== 0)) expect(relativeToMax(got, expected), `${what} ${m}×${n} k=${k}`).toBeLessThan(2e-5);
          else expect(got.every((x) => x === 0), `${what} zero`).toBe(true);
        }
        expect(S.sum).toBeCloseTo(D.sum, 3);
        const kl = D.klDivergence(W, H), sq = D.squaredError(W, H);
        expect(Math.abs(S.klDivergence(W, H) - kl) / Math.max(1, kl), `KL ${m}×${n} k=${k}`).toBeLessThan(1e-5);
        expect(Math.abs(S.squaredError(W, H) - sq) / Math.max(1e-9, sq), `‖V − WH‖² ${m}×${n} k=${k}`).toBeLessThan(1e-5);
        // An error check fused into the next W numerator: the same numerator and the same divergence, to the bit.
        for (const [name, V] of [["dense", D], ["CSR", S]] as const) {
          const fused = engine.alloc(m, k), alone = engine.alloc(m, k);
          engine.fill(fused, NaN);
          V.klNumeratorW(alone, W, H);
          const divergence = V.klNumeratorWAndDivergence(fused, W, H);
          expect(divergence, `fused KL check, ${name} ${m}×${n} k=${k}`).toBe(V.klDivergence(W, H));
          const got = engine.read(fused), want = engine.read(alone);
          expect(got.findIndex((x, t) => !Object.is(x, want[t])), `fused KL numerator, ${name} ${m}×${n} k=${k}`).toBe(-1);
        }
        engine.release(mark);
      }
  });
  return blockCounts;
}

describe("CSR data matrix vs dense", () => {
  it.each(SHAPES)("every operation agrees on %i×%i (ranks 1…33)", async (m, n) => {
    await compareOperations(m, n, RANKS, 0.3);
  });

  // A gathered factor beyond L2 and rows long enough to cut: the passes sweep column blocks.
  it.each([[24, 20000], [20000, 24]])("every operation agrees on %i×%i, where the passes are column-blocked", async (m, n) => {
    const counts = await compareOperations(m, n, [5, 10, 17, 33], 0.3);
    expect(counts.every((c) => c > 1), `block counts ${counts}`).toBe(true);
  });

  it("cuts only a gathered factor beyond L2, and only rows long enough to keep their blocks' shares long", () => {
    // SOTU's CSR gathers Hᵀ (10898 × 12 floats, 523 KB) with rows of ~1360 non-zeros: cut into blocks of ≤ 256 KB.
    const sotu = columnBlockCount({ rows: 233, cols: 10898, nnz: 316770 }, 48);
    expect(sotu).toBeGreaterThan(1);
    expect((10898 * 48) / sotu).toBeLessThanOrEqual(256 * 1024);
    // Rows of 100 non-zeros (the synthetic benchmark): whole rows, however large the factor.
    expect(columnBlockCount({ rows: 10000, cols: 20000, nnz: 1_000_000 }, 80)).toBe(1);
    // A factor that fits in L2 is never cut, however long the rows.
    expect(columnBlockCount({ rows: 233, cols: 2000, nnz: 316770 }, 48)).toBe(1);
    // Rows long enough only for blocks still beyond L2: whole rows.
    expect(columnBlockCount({ rows: 2000, cols: 20000, nnz: 800_000 }, 80)).toBe(1);
  });

  it("a near-exact fit has a tiny squared error, not a cancelled one", async () => {
    await withEngine(async (engine) => {
      // V = W·H exactly at its non-zeros and zeros elsewhere (disjoint supports): error 0.
      const m = 30, n = 20, k = 3;
      const w = new Float32Array(m * k), h = new Float32Array(k * n);
      for (let i = 0; i < m; i++) w[i * k + (i % k)] = 1 + (i % 5);
      for (let j = 0; j < n; j++) h[(j % k) * n + j] = 0.5 + (j % 3);
      const dense = new Float32Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let c = 0; c < k; c++) dense[i * n + j] += w[i * k + c] * h[c * n + j];
      const S = CsrData.create(engine, csrSource(toCsr(dense, m, n), "V"), k);
      const err = S.squaredError(put(engine, m, k, w), put(engine, k, n, h));
      expect(err).toBeGreaterThanOrEqual(-1e-9);
      expect(Math.abs(err)).toBeLessThan(1e-9);
    });
  });

  it("the KL divergence of a near fit keeps its digits (dense and CSR)", async () => {
    await withEngine(async (engine) => {
      // V = WH·(1 ± 1e-4): D ≈ Σ V·δ²/2 is a few 1e-9 of Σ V, below the rounding of an f32 ratio V/WH,
      // so this fails unless the kernels undo that rounding.
      const m = 40, n = 60, k = 3, r = rng(11);
      const w = randomMatrix(m, k, 12).data, h = randomMatrix(k, n, 13).data;
      const v = new Float32Array(m * n);
      let expected = 0;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let wh = 0;
          for (let c = 0; c < k; c++) wh += w[i * k + c] * h[c * n + j];
          v[i * n + j] = wh * (1 + (r() < 0.5 ? -1e-4 : 1e-4) * (0.5 + r() / 2));
          const x = v[i * n + j]; // the f32 value the kernels see
          expected += x * Math.log(x / wh) - x + wh;
        }
      }
      const W = put(engine, m, k, w), H = put(engine, k, n, h);
      const dense = DenseData.create(engine, denseSource({ rows: m, cols: n, data: v }, "V"));
      const csr = CsrData.create(engine, csrSource(toCsr(v, m, n), "V"), k);
      const relativeError = (V: DenseData | CsrData) => Math.abs(V.klDivergence(W, H) - expected) / expected;
      // An uncorrected f32 ratio was off by 6.5 % here; the dense pass keeps about 5e-5.
      expect(relativeError(dense), "dense").toBeLessThan(1e-3);
      // CSR takes Σ WH from f64 column sums but its non-zeros' WH from f32 dot products, whose
      // rounding (~1e-7 of each WH) is what is left at this closeness.
      expect(relativeError(csr), "CSR").toBeLessThan(0.05);
    });
  });
});

describe("dense and CSR inputs give the same factorization", () => {
  const { dense, csr } = sparseMatrix(45, 38, 0.2, 77);
  it.each([
    ["frobenius", "nndsvda"], ["frobenius", "random"], ["frobenius", "nndsvd"],
    ["kullback-leibler", "nndsvda"], ["kullback-leibler", "random"], ["kullback-leibler", "nndsvdar"],
  ] as const)("%s from %s", async (loss, init) => {
    const options = { rank: 6, loss, init, seed: 3, maxIter: 60, tol: 0 };
    const a = await nmf(dense, options), b = await nmf(csr, options);
    expect(Math.abs(a.reconstructionError - b.reconstructionError) / a.reconstructionError).toBeLessThan(1e-4);
    expect(relativeToMax(b.W.data, a.W.data)).toBeLessThan(2e-3);
    expect(relativeToMax(b.H.data, a.H.data)).toBeLessThan(2e-3);
    expect(b.history.length).toBe(a.history.length);
  });

  // With W fixed, H changes between the H half-steps and nothing else refreshes what the CSR
  // passes derive from it (Hᵀ): every step must start from the current H.
  it.each([["frobenius"], ["kullback-leibler"], [1.5]] as const)("loss %s with one factor fixed", async (loss) => {
    const start = await nmf(dense, { rank: 4, init: "random", seed: 2, maxIter: 0 });
    for (const fixed of [{ updateW: false }, { updateH: false }]) {
      const options = { rank: 4, loss, solver: "mu" as const, init: { W: start.W, H: start.H }, maxIter: 30, tol: 0, ...fixed };
      const a = await nmf(dense, options), b = await nmf(csr, options);
      expect(relativeToMax(b.W.data, a.W.data), `${loss} ${JSON.stringify(fixed)} W`).toBeLessThan(2e-3);
      expect(relativeToMax(b.H.data, a.H.data), `${loss} ${JSON.stringify(fixed)} H`).toBeLessThan(2e-3);
    }
  });

  it("the pure-JS CSR baseline matches the dense baseline", async () => {
    for (const loss of ["frobenius", "kullback-leibler"] as const) {
      const start = await nmf(dense, { rank: 5, init: "random", seed: 1, maxIter: 0 });
      const a = baselineMu(dense, start.W, start.H, { loss, maxIter: 20 });
      const b = baselineMuCsr(csr, start.W, start.H, { loss, maxIter: 20 });
      expect(Math.abs(a.reconstructionError - b.reconstructionError) / a.reconstructionError).toBeLessThan(1e-5);
      expect(relativeToMax(b.W.data, a.W.data)).toBeLessThan(1e-4);
      const w = await nmf(csr, { rank: 5, loss, solver: "mu", init: { W: start.W, H: start.H }, maxIter: 20, tol: 0 });
      expect(Math.abs(w.reconstructionError - b.reconstructionError) / b.reconstructionError).toBeLessThan(1e-5);
      expect(b.history.map((e) => e.iteration)).toEqual([0, 10, 20]);
      b.history.forEach((e, t) => {
        expect(Math.abs(a.history[t].error - e.error) / e.error).toBeLessThan(1e-5);
        expect(Math.abs(w.history[t].error - e.error) / e.error).toBeLessThan(1e-5);
      });
    }
  });

  it("a single non-zero factorizes to a finite, near-exact fit", async () => {
    const one: CsrMatrixLike = { format: "csr", rows: 4, cols: 5, indptr: [0, 0, 1, 1, 1], indices: [3], data: [2.5] };
    for (const loss of ["frobenius", "kullback-leibler"] as const) {
      const r = await nmf(one, { rank: 1, loss, init: "random", seed: 0, maxIter: 300 });
      expect(r.reconstructionError).toBeLessThan(1e-2);
      expect(r.W.data.every(Number.isFinite) && r.H.data.every(Number.isFinite)).toBe(true);
    }
  });

  it("unsorted column indices give the same result as sorted ones; the caller's arrays stay as they were", async () => {
    const shuffled: CsrMatrixLike = { format: "csr", rows: 2, cols: 3, indptr: [0, 3, 5], indices: [2, 0, 1, 1, 0], data: [3, 1, 2, 5, 4] };
    const sorted: CsrMatrixLike = { format: "csr", rows: 2, cols: 3, indptr: [0, 3, 5], indices: [0, 1, 2, 0, 1], data: [1, 2, 3, 4, 5] };
    const a = await nmf(shuffled, { rank: 1, seed: 0, maxIter: 20 }), b = await nmf(sorted, { rank: 1, seed: 0, maxIter: 20 });
    expect(a.W.data).toEqual(b.W.data);
    expect(shuffled.indices).toEqual([2, 0, 1, 1, 0]);
    expect(shuffled.data).toEqual([3, 1, 2, 5, 4]);
  });
});

describe("CSR input errors", () => {
  const base = (): CsrMatrixLike => ({ format: "csr", rows: 3, cols: 4, indptr: [0, 2, 2, 4], indices: [0, 3, 1, 2], data: [1, 2, 3, 4] });
  it.each([
    ["indptr too short", { indptr: [0, 2, 4] }, "SHAPE_MISMATCH"],
    ["indptr not starting at 0", { indptr: [1, 2, 2, 4] }, "INVALID_INDEX"],
    ["indptr not ending at nnz", { indptr: [0, 2, 2, 3] }, "INVALID_INDEX"],
    ["indptr decreasing", { indptr: [0, 3, 2, 4] }, "INVALID_INDEX"],
    ["column out of range", { indices: [0, 4, 1, 2] }, "INVALID_INDEX"],
    ["negative column", { indices: [0, -1, 1, 2] }, "INVALID_INDEX"],
    ["duplicate in a row", { indices: [3, 3, 1, 2] }, "DUPLICATE_ENTRY"],
    ["data length mismatch", { data: [1, 2, 3] }, "SHAPE_MISMATCH"],
    ["empty", { rows: 0, indptr: [0] }, "EMPTY_MATRIX"],
    ["string indices", { indices: "0312" }, "INVALID_TYPE"],
  ])("%s → MatrixShapeError %s", async (_, patch, code) => {
    const V = { ...base(), ...patch } as CsrMatrixLike;
    const e = await nmf(V, { rank: 1 }).catch((x) => x);
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e.code).toBe(code);
  });

  it.each([[-1, "NEGATIVE_ENTRY"], [NaN, "NAN_ENTRY"], [Infinity, "INFINITE_ENTRY"]])("value %s → MatrixValueError at its (row, col)", async (value, code) => {
    const V = base();
    (V.data as number[])[3] = value;
    const e = await nmf(V, { rank: 1 }).catch((x) => x);
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e).toMatchObject({ code, row: 2, col: 2 });
  });
});
