// The NNDSVD initialization's kernels: CholeskyQR(2) orthonormalization (incl. rank-deficient and
// wide blocks), the randomized SVD against an exact one, the counter-based normal draws,
// chunked reductions independent of a row split, dense/CSR agreement, determinism, no NaN.
import { describe, expect, it } from "vitest";
import { denseToCsr, nmf } from "../src/index.js";
import { withEngine, type Buf, type Engine } from "../src/engine.js";
import { fillNormal, gramOfColumns, partNorms, REDUCE_CHUNK_ROWS } from "../src/engine-init.js";
import { allocF64, viewF64 } from "../src/engine-sparse.js";
import { DenseData } from "../src/data/dense-data.js";
import { denseSource } from "../src/matrix.js";
import { orthonormalize, randomizedSvd } from "../src/rsvd.js";
import { symmetricEigen } from "../src/linalg.js";
import { Random } from "../src/random.js";
import { bitsEqual, lowRankMatrix, matmul64, relativeToMax, rng, transpose64 } from "./helpers.js";

const put = (engine: Engine, rows: number, cols: number, data: ArrayLike<number>): Buf => {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, data);
  return buf;
};

/** An f32 rows×lp block: `l` columns built by `column(c, i)`, zero padding after them. */
function block(rows: number, lp: number, l: number, column: (c: number, i: number) => number): Float32Array {
  const y = new Float32Array(rows * lp);
  for (let i = 0; i < rows; i++) for (let c = 0; c < l; c++) y[i * lp + c] = column(c, i);
  return y;
}

/** QᵀQ (lp×lp, f64) from the f32 Q. */
function gramOf(q: Float32Array, rows: number, lp: number): Float64Array {
  return matmul64(transpose64(q, rows, lp), q, lp, rows, lp);
}

/** Orthonormalize a block (2 passes: CholeskyQR2) and check QᵀQ = diag(1…1, 0…0) and Q·Qᵀ·Y = Y. */
async function checkOrthonormalized(rows: number, lp: number, l: number, y: Float32Array, rank: number) {
  await withEngine(async (engine) => {
    const Y = put(engine, rows, lp, y), spare = engine.alloc(rows, lp);
    const Q = orthonormalize(engine, Y, spare, l, 2);
    const q = engine.read(Q);
    expect(q.every(Number.isFinite)).toBe(true);
    const g = gramOf(q, rows, lp);
    // The columns kept are orthonormal, the others exactly zero; as many kept as Y's rank.
    let kept = 0;
    for (let c = 0; c < lp; c++) {
      const norm = g[c * lp + c];
      if (norm === 0) continue;
      kept++;
      expect(Math.abs(norm - 1), `column ${c} norm`).toBeLessThan(1e-5);
      for (let d = 0; d < lp; d++) if (d !== c) expect(Math.abs(g[c * lp + d]), `(${c}, ${d})`).toBeLessThan(1e-5);
    }
    expect(kept).toBe(rank);
    // Q spans Y: the projection Q·Qᵀ·Y gives Y back.
    const projected = matmul64(q, matmul64(transpose64(q, rows, lp), y, lp, rows, lp), rows, lp, lp);
    expect(relativeToMax(projected, y)).toBeLessThan(1e-5);
  });
}

describe("CholeskyQR orthonormalization kernel", () => {
  const r = rng(5);
  it("tall full-rank blocks, widths with and without padding", async () => {
    for (const [rows, lp, l] of [[500, 12, 12], [700, 32, 30], [1000, 44, 42], [37, 4, 3]]) {
      await checkOrthonormalized(rows, lp, l, block(rows, lp, l, () => r() - 0.3), l);
    }
  });

  it("an ill-conditioned block (column scales 1 to 1e-4, a common dominant direction)", async () => {
    const rows = 400, lp = 16, l = 16, common = Array.from({ length: rows }, () => r());
    await checkOrthonormalized(rows, lp, l, block(rows, lp, l, (c, i) => 10 * common[i] + 10 ** (-c / 4) * (r() - 0.5)), l);
  });

  it("rank-deficient blocks: repeated columns, a zero column, rank 1", async () => {
    const rows = 300, lp = 12, base = Array.from({ length: 4 * rows }, () => r());
    // Columns 0–3 independent, then repeats and sums of them, then a zero column.
    const mixed = (c: number, i: number) => c < 4 ? base[c * rows + i] : c < 8 ? base[(c - 4) * rows + i] * 2
      : c < 11 ? base[i] + base[rows + i] : 0;
    await checkOrthonormalized(rows, lp, 12, block(rows, lp, 12, mixed), 4);
    await checkOrthonormalized(rows, lp, 10, block(rows, lp, 10, (c, i) => (c + 1) * base[i]), 1);
    await checkOrthonormalized(rows, lp, 12, new Float32Array(rows * lp), 0);
  });

  it("wide blocks (fewer rows than columns) keep as many columns as rows", async () => {
    await checkOrthonormalized(5, 12, 12, block(5, 12, 12, () => r()), 5);
    await checkOrthonormalized(1, 4, 3, block(1, 4, 3, () => 1 + r()), 1);
  });
});

describe("chunked reductions and fills do not depend on a row split", () => {
  it("the Gram of a block: any split of its fixed chunks sums to the same bits", async () => {
    await withEngine(async (engine) => {
      const rows = 5 * REDUCE_CHUNK_ROWS + 17, lp = 8, r = rng(9);
      const Y = put(engine, rows, lp, Float32Array.from({ length: rows * lp }, () => r()));
      const whole = gramOfColumns(engine, Y);
      const count = Math.ceil(rows / REDUCE_CHUNK_ROWS);
      const partials = allocF64(engine, count * lp * lp), out = allocF64(engine, lp * lp);
      // As a pool would: chunks [0, 2) on one thread, [2, count) on another, then combined in order.
      engine.k.gramChunks(2, count, REDUCE_CHUNK_ROWS, rows, lp, Y.ptr, lp, partials.ptr);
      engine.k.gramChunks(0, 2, REDUCE_CHUNK_ROWS, rows, lp, Y.ptr, lp, partials.ptr);
      engine.k.gramCombine(count, lp, partials.ptr, out.ptr);
      expect(Array.from(viewF64(engine, out))).toEqual(Array.from(whole));
      // …and it is YᵀY.
      const reference = gramOf(engine.read(Y), rows, lp);
      expect(relativeToMax(whole, reference)).toBeLessThan(1e-12);
    });
  });

  it("the norms of the positive and negative parts: a split gives the same bits, and the right values", async () => {
    await withEngine(async (engine) => {
      const rows = 3 * REDUCE_CHUNK_ROWS + 5, k = 6, ld = 8, r = rng(4);
      const x = Float32Array.from({ length: rows * ld }, () => r() - 0.5);
      const X = put(engine, rows, ld, x);
      const { positive, negative } = partNorms(engine, X, k);
      const count = Math.ceil(rows / REDUCE_CHUNK_ROWS);
      const whole = allocF64(engine, count * k * 2), split = allocF64(engine, count * k * 2);
      engine.k.partNormChunks(0, count, REDUCE_CHUNK_ROWS, rows, k, X.ptr, ld, whole.ptr);
      engine.k.partNormChunks(1, count, REDUCE_CHUNK_ROWS, rows, k, X.ptr, ld, split.ptr);
      engine.k.partNormChunks(0, 1, REDUCE_CHUNK_ROWS, rows, k, X.ptr, ld, split.ptr);
      expect(Array.from(viewF64(engine, split))).toEqual(Array.from(viewF64(engine, whole)));
      for (let c = 0; c < k; c++) {
        let p = 0, n = 0;
        for (let i = 0; i < rows; i++) {
          const e = x[i * ld + c];
          if (e > 0) p += e * e; else n += e * e;
        }
        expect(Math.abs(positive[c] - Math.sqrt(p)) / Math.sqrt(p)).toBeLessThan(1e-12);
        expect(Math.abs(negative[c] - Math.sqrt(n)) / Math.sqrt(n)).toBeLessThan(1e-12);
      }
    });
  });

  it("normal draws: a split fill gives the same bits, and the draws look standard normal", async () => {
    await withEngine(async (engine) => {
      const rows = 20000, cols = 7, ld = 8, keys = [12345, 678910] as const;
      const whole = engine.alloc(rows, ld), split = engine.alloc(rows, ld);
      fillNormal(engine, whole, cols, keys);
      engine.k.fillNormalRows(0, 333, cols, ld, keys[0], keys[1], split.ptr);
      engine.k.fillNormalRows(333, rows, cols, ld, keys[0], keys[1], split.ptr);
      const a = engine.read(whole);
      expect(bitsEqual(a, engine.read(split))).toBe(true);
      const draws: number[] = [];
      for (let i = 0; i < rows; i++) {
        for (let c = 0; c < ld; c++) {
          if (c < cols) draws.push(a[i * ld + c]);
          else expect(a[i * ld + c]).toBe(0);
        }
      }
      const n = draws.length;
      const mean = draws.reduce((s, x) => s + x, 0) / n;
      const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
      const within1 = draws.filter((x) => Math.abs(x) < 1).length / n;
      const beyond3 = draws.filter((x) => Math.abs(x) > 3).length / n;
      expect(Math.abs(mean)).toBeLessThan(0.01); // σ/√n = 0.0027
      expect(Math.abs(variance - 1)).toBeLessThan(0.02);
      expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.005);
      expect(Math.abs(beyond3 - 0.0027)).toBeLessThan(0.001);
      // Other keys, other draws.
      fillNormal(engine, split, cols, [12346, 678910]);
      expect(bitsEqual(a, engine.read(split))).toBe(false);
    });
  });
});

describe("randomized SVD", () => {
  it.each([[undefined], [1], [2]])("matches the exact singular values and vectors of a matrix with a decaying spectrum (power iterations %s)", async (powerIterations) => {
    const m = 120, n = 80, k = 6, r = rng(3);
    // V = 1 + Σ_c s_c·a_c·b_cᵀ, s_c = 2^(−c), a and b centred: distinct singular values, V > 0.
    const v = new Float32Array(m * n).fill(1);
    for (let c = 0; c < 12; c++) {
      const a = Array.from({ length: m }, () => r() - 0.5), b = Array.from({ length: n }, () => r() - 0.5);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) v[i * n + j] += 2 ** -c * a[i] * b[j];
    }
    // Exact: eigen-decomposition of VᵀV in f64.
    const { values, vectors } = symmetricEigen(matmul64(transpose64(v, m, n), v, n, m, n), n);
    await withEngine(async (engine) => {
      const V = DenseData.create(engine, denseSource({ rows: m, cols: n, data: v }, "V"));
      const { U, S, Ht } = await randomizedSvd(engine, V, k, new Random(1), { powerIterations });
      const u = engine.read(U), ht = engine.read(Ht), k4 = U.cols;
      for (let c = 0; c < k; c++) {
        expect(Math.abs(S[c] - Math.sqrt(values[c])) / S[0], `σ${c}`).toBeLessThan(1e-5);
        // Right vector (up to sign) against the exact one; left vector = V·v/σ.
        const exact = Array.from({ length: n }, (_, j) => vectors[j * n + c]);
        const got = Array.from({ length: n }, (_, j) => ht[j * k4 + c]);
        const sign = Math.sign(exact.reduce((s, x, j) => s + x * got[j], 0));
        expect(relativeToMax(got.map((x) => sign * x), exact), `v${c}`).toBeLessThan(1e-3);
        const left = Array.from({ length: m }, (_, i) => exact.reduce((s, x, j) => s + v[i * n + j] * x, 0) / S[c]);
        const gotLeft = Array.from({ length: m }, (_, i) => sign * u[i * k4 + c]);
        expect(relativeToMax(gotLeft, left), `u${c}`).toBeLessThan(1e-3);
      }
      // Padding columns of U and Hᵀ are zero.
      for (let i = 0; i < m; i++) for (let c = k; c < k4; c++) expect(u[i * k4 + c]).toBe(0);
    });
  });
});

describe("NNDSVD initialization", () => {
  const methods = ["nndsvd", "nndsvda", "nndsvdar"] as const;

  it.each(methods)("%s: dense and CSR input give the same factors", async (init) => {
    const r = rng(21);
    const data = Float32Array.from({ length: 60 * 45 }, () => (r() < 0.3 ? r() : 0));
    const dense = { rows: 60, cols: 45, data };
    const options = { rank: 7, init, maxIter: 0, seed: 4 };
    const a = await nmf(dense, options), b = await nmf(denseToCsr(dense), options);
    expect(relativeToMax(b.W.data, a.W.data)).toBeLessThan(1e-4);
    expect(relativeToMax(b.H.data, a.H.data)).toBeLessThan(1e-4);
  });

  it.each(methods)("%s: the same seed gives bit-identical factors, dense and CSR", async (init) => {
    const V = lowRankMatrix(70, 50, 5, 11);
    for (const input of [V, denseToCsr(V)]) {
      const a = await nmf(input, { rank: 6, init, maxIter: 0, seed: 8 });
      const b = await nmf(input, { rank: 6, init, maxIter: 0, seed: 8 });
      expect(bitsEqual(a.W.data, b.W.data)).toBe(true);
      expect(bitsEqual(a.H.data, b.H.data)).toBe(true);
    }
  });

  it("nndsvdar's random fill depends on the seed, nndsvd's zeros stay zero", async () => {
    const r = rng(2);
    const V = { rows: 40, cols: 30, data: Float32Array.from({ length: 1200 }, () => (r() < 0.5 ? r() : 0)) };
    const a = await nmf(V, { rank: 5, init: "nndsvdar", maxIter: 0, seed: 1 });
    const b = await nmf(V, { rank: 5, init: "nndsvdar", maxIter: 0, seed: 2 });
    const zero = await nmf(V, { rank: 5, init: "nndsvd", maxIter: 0, seed: 1 });
    const filled = Array.from(zero.W.data.keys()).filter((t) => zero.W.data[t] === 0);
    expect(filled.length).toBeGreaterThan(0);
    const mean = V.data.reduce((s, x) => s + x, 0) / V.data.length;
    // The filled entries are |mean·N(0,1)/100|: positive, small, different between seeds.
    for (const t of filled) {
      expect(a.W.data[t]).toBeGreaterThan(0);
      expect(a.W.data[t]).toBeLessThan(mean * 0.06);
    }
    expect(filled.some((t) => a.W.data[t] !== b.W.data[t])).toBe(true);
  });

  it.each(methods)("%s: no NaN for a rank-1, an all-equal or a zero V, and the leading component fits it", async (init) => {
    const u = Array.from({ length: 25 }, (_, i) => 1 + (i % 5)), w = Array.from({ length: 18 }, (_, j) => 0.5 + (j % 3));
    const rankOne = { rows: 25, cols: 18, data: Float32Array.from({ length: 450 }, (_, t) => u[Math.floor(t / 18)] * w[t % 18]) };
    const equal = { rows: 25, cols: 18, data: new Float32Array(450).fill(3) };
    for (const V of [rankOne, equal]) {
      for (const rank of [1, 4, 18]) {
        const r = await nmf(V, { rank, init, maxIter: 0, seed: 0 });
        expect(r.W.data.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
        expect(r.H.data.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
        // V is exactly rank 1: NNDSVD's first component is V; the others are (near) zero or fill.
        if (init === "nndsvd") expect(r.reconstructionError / Math.sqrt(V.data.reduce((s, x) => s + x * x, 0))).toBeLessThan(1e-5);
      }
    }
    const zero = await nmf({ rows: 20, cols: 10, data: new Float32Array(200) }, { rank: 3, init, maxIter: 0, seed: 0 });
    expect(zero.W.data.every((x) => x === 0) && zero.H.data.every((x) => x === 0)).toBe(true);
  });
});
