// The models' kernels (assembly/online.ts, graph.ts, masked.ts, masked-cd.ts) split by rows as a
// worker pool would: rows [0, a) then [a, m) must give what one call over [0, m) gives — the
// same bits for row-independent kernels, the same f64 sum (up to its rounding) for reductions.
import { expect, it } from "vitest";
import { withEngine, type Buf, type Engine } from "../src/engine.js";
import { allocSparse, sparseViews } from "../src/engine-sparse.js";
import { randomMatrix } from "./helpers.js";

const m = 37, n = 23, k = 5, split = 16;

function put(engine: Engine, rows: number, cols: number, seed: number, zeros = 0): Buf {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, randomMatrix(rows, cols, seed, zeros).data);
  return buf;
}

/** Runs `call(i0, i1)` whole and split on fresh copies of `outputs`; expects equal bits. */
async function expectSplitEqual(setup: (engine: Engine) => { outputs: Buf[]; call: (i0: number, i1: number) => void }) {
  await withEngine(async (engine) => {
    const whole = setup(engine);
    whole.call(0, whole.outputs[0].rows);
    const wholeBits = whole.outputs.map((b) => engine.read(b));
    const parts = setup(engine);
    parts.call(0, split);
    parts.call(split, parts.outputs[0].rows);
    parts.outputs.forEach((b, t) => expect(Array.from(engine.read(b))).toEqual(Array.from(wholeBits[t])));
  });
}

it("onlineStatistics and onlineApply (γ = 1 and γ ≠ 1) split by rows of H", async () => {
  const rows = m; // H-like k×n with many rows to split
  for (const gamma of [1, 2 / 3]) {
    await expectSplitEqual((engine) => {
      const H = put(engine, rows, n, 1), numer = put(engine, rows, n, 2), denom = put(engine, rows, n, 3, 0.2);
      const den = engine.alloc(rows, n), A = put(engine, rows, n, 4), B = put(engine, rows, n, 5);
      return {
        outputs: [H, numer, den, A, B],
        call: (i0, i1) => {
          engine.k.onlineStatistics(i0, i1, n, n, H.ptr, numer.ptr, denom.ptr, 0, den.ptr, 0.1, 0.2, gamma);
          engine.k.onlineApply(i0, i1, n, n, H.ptr, numer.ptr, den.ptr, A.ptr, B.ptr, 0.7, 2 ** -52, gamma);
        },
      };
    });
  }
});

it("graph kernels split by rows of W", async () => {
  await expectSplitEqual((engine) => {
    const W = put(engine, m, k, 1), out = put(engine, m, k, 2), d = put(engine, m, 1, 3), numer = put(engine, m, k, 4);
    const hsum = put(engine, 1, k, 5), aw = put(engine, m, k, 6), s = put(engine, 1, k, 7);
    return {
      outputs: [W, out],
      call: (i0, i1) => {
        engine.k.addScaledRows(i0, i1, k, out.ptr, k, d.ptr, W.ptr, k);
        engine.k.graphKlUpdateW(i0, i1, k, W.ptr, k, numer.ptr, k, hsum.ptr, aw.ptr, k, d.ptr, 0.01, 0.02, 0);
        engine.k.scaleColumns(i0, i1, k, W.ptr, k, s.ptr);
      },
    };
  });
});

it("weightedProduct (for W) splits by rows; for H and the weighted losses accumulate the same", async () => {
  await withEngine(async (engine) => {
    const S = put(engine, m, n, 1, 0.3), V = put(engine, m, n, 2, 0.1), W = put(engine, m, k, 3), H = put(engine, k, n, 4);
    const scratch = engine.alloc(split, n); // blocks of `split` rows: the split is on a block boundary
    const run = (mode: number, out: Buf, ranges: [number, number][]) => {
      engine.fill(out, 0);
      for (const [i0, i1] of ranges) {
        engine.k.weightedProduct(mode, i0, i1, n, k, S.ptr, n, W.ptr, k, H.ptr, n, out.ptr, out.cols, scratch.ptr, split, engine.work);
      }
      return Array.from(engine.read(out));
    };
    const outW = engine.alloc(m, k), outH = engine.alloc(k, n);
    for (const [mode, out] of [[0, outW], [1, outH]] as const) {
      expect(run(mode, out, [[0, split], [split, m]])).toEqual(run(mode, out, [[0, m]]));
    }
    for (const mode of [0, 1]) {
      const loss = (i0: number, i1: number) =>
        engine.k.weightedLossPart(mode, i0, i1, n, k, V.ptr, S.ptr, n, W.ptr, k, H.ptr, n, scratch.ptr, split, engine.work);
      expect(loss(0, split) + loss(split, m)).toBeCloseTo(loss(0, m), 8);
    }
  });
});

it("maskedCdRows and knnSelect split by rows", async () => {
  await expectSplitEqual((engine) => {
    // A CSR pattern over m×n with about half the entries stored, weights and values.
    const dense = randomMatrix(m, n, 9, 0.5).data;
    let nnz = 0;
    for (const x of dense) if (x > 0) nnz++;
    const S = allocSparse(engine, m, n, nnz), Wt = allocSparse(engine, m, n, nnz);
    const sv = sparseViews(engine, S), wv = sparseViews(engine, Wt);
    let p = 0;
    for (let i = 0; i < m; i++) {
      sv.indptr[i] = p;
      for (let j = 0; j < n; j++) if (dense[i * n + j] > 0) { sv.indices[p] = j; sv.values[p] = dense[i * n + j]; wv.values[p++] = 0.5 + (j % 3); }
    }
    sv.indptr[m] = p;
    const Y = put(engine, n, k, 10), X = put(engine, m, k, 11);
    const order = engine.allocInt32([0, 1, 2, 3, 4]), scratch = engine.allocBytes(engine.k.maskedCdScratchBytes(k));
    const data = put(engine, m, n, 12), norms = put(engine, m, 1, 13), dots = engine.alloc(m, m);
    engine.gemm(dots, data, data, { transB: true });
    const nearest = engine.alloc(m, 3), distances = engine.alloc(m, 3);
    return {
      outputs: [X, nearest, distances],
      call: (i0, i1) => {
        engine.k.maskedCdRows(i0, i1, S.indptr, S.indptr + 4, S.indices, S.values, Wt.values, Y.ptr, k, k, X.ptr, k, order, 0.01, 0.02, scratch);
        engine.k.knnSelect(i1 - i0, i0, m, dots.ptr + i0 * m * 4, m, norms.ptr, 3, nearest.ptr, distances.ptr);
      },
    };
  });
});
