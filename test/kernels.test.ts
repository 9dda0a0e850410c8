// The engine-level kernels (update, fused Frobenius update, KL numerators, losses, sums, dot)
// against naive float64 references over odd sizes in every dimension (1, 3, 7, 17, 33, 65) and a
// sample of ranks 1…40, including scikit-learn's epsilon rules.
import { describe, expect, it } from "vitest";
import { Engine, withEngine, type Buf } from "../src/engine.js";
import { EPS32, matmul64, maxRelativeError, randomMatrix, relativeToMax, transpose64 } from "./helpers.js";

const F64_EPS = 2.220446049250313e-16;
const SIZES = [1, 3, 7, 17, 33, 65];
const RANKS = [1, 2, 3, 5, 8, 13, 17, 20, 33, 40];

function put(engine: Engine, rows: number, cols: number, data: ArrayLike<number>): Buf {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, data);
  return buf;
}

/** Every size as m and as n; ranks cycle through the sample. 36 cases. */
const cases = SIZES.flatMap((m, a) => SIZES.map((n, b) => ({ m, n, k: RANKS[(a * SIZES.length + b) % RANKS.length] })));

describe("multiplicativeUpdate: X ← X·(numer / (denom + l1 + l2·X))^γ", () => {
  const layouts = ["matrix", "row", "column"] as const;
  const shapeOf = (layout: (typeof layouts)[number], m: number, n: number) =>
    layout === "matrix" ? [m, n] : layout === "row" ? [1, n] : [m, 1];

  it.each(layouts)("layout %s over odd shapes, with L1/L2 and exact-zero denominators", async (layout) => {
    await withEngine(async (engine) => {
      for (const { m, n } of cases) {
        const x = randomMatrix(m, n, m * 7 + n, 0.1), numer = randomMatrix(m, n, m + n * 3, 0.1);
        const [dRows, dCols] = shapeOf(layout, m, n);
        const denom = randomMatrix(dRows, dCols, m * n + 5, 0.3); // exact zeros → eps
        for (const [l1, l2] of [[0, 0], [0.25, 0], [0, 0.5], [0.1, 0.3]]) {
          const mark = engine.mark();
          const X = put(engine, m, n, x.data), N = put(engine, m, n, numer.data), D = put(engine, dRows, dCols, denom.data);
          engine.multiplicativeUpdate(X, N, D, layout, l1, l2, 0);
          const expected = Float64Array.from(x.data, (xv, t) => {
            const i = Math.floor(t / n), j = t % n;
            const dv = layout === "matrix" ? denom.data[t] : layout === "row" ? denom.data[j] : denom.data[i];
            const d = dv + l1 + l2 * xv;
            return xv * (numer.data[t] / (d === 0 ? EPS32 : d));
          });
          // Entry by entry: a few float32 roundings, whatever the magnitude (x·numer/eps is huge).
          expect(maxRelativeError(engine.read(X), expected), `${m}×${n} l1=${l1} l2=${l2}`).toBeLessThan(1e-6);
          engine.release(mark);
        }
      }
    });
  });

  it("a zero denominator is replaced by float32 epsilon exactly (not float64 epsilon, not skipped)", async () => {
    await withEngine(async (engine) => {
      const X = put(engine, 1, 5, [1, 2, 0.5, 3, 0]), N = put(engine, 1, 5, [2 ** -20, 1, 3, 0, 1]);
      const D = put(engine, 1, 5, [0, 0, 0, 0, 0]);
      engine.multiplicativeUpdate(X, N, D, "matrix", 0, 0, 0);
      // x · n / 2^-23, exact powers of two where possible; 0 stays 0.
      expect(Array.from(engine.read(X))).toEqual([8, 2 ** 24, Math.fround(0.5 * 3 * 2 ** 23), 0, 0]);
    });
  });

  it("the exponent γ applies to the ratio", async () => {
    await withEngine(async (engine) => {
      const x = randomMatrix(7, 33, 3), numer = randomMatrix(7, 33, 4, 0.1), denom = randomMatrix(7, 33, 5, 0.2);
      for (const gamma of [0.5, 1 / 3, 1]) {
        const mark = engine.mark();
        const X = put(engine, 7, 33, x.data), N = put(engine, 7, 33, numer.data), D = put(engine, 7, 33, denom.data);
        engine.multiplicativeUpdate(X, N, D, "matrix", 0.01, 0.02, 0, gamma);
        const expected = Float64Array.from(x.data, (xv, t) => {
          const d = denom.data[t] + 0.01 + 0.02 * xv;
          return xv * (numer.data[t] / d) ** gamma;
        });
        expect(maxRelativeError(engine.read(X), expected), `γ=${gamma}`).toBeLessThan(2e-6);
        engine.release(mark);
      }
    });
  });

  it("zeroBelow zeroes updated values below the threshold (after the update, not before)", async () => {
    await withEngine(async (engine) => {
      // [tiny stays tiny → 0, tiny grown past eps64 → kept, normal, shrunk below eps64 → 0, normal]
      const X = put(engine, 1, 5, [1e-20, 1e-17, 2, 1, 3]);
      const N = put(engine, 1, 5, [1, 100, 1, 1e-17, 1]);
      const D = put(engine, 1, 5, [1, 1, 1, 1, 1]), col = put(engine, 1, 1, [1]);
      engine.multiplicativeUpdate(X, N, D, "matrix", 0, 0, F64_EPS);
      expect(Array.from(engine.read(X))).toEqual([0, Math.fround(1e-15), 2, 0, 3]);
      // Column layout, as the KL H-update uses it.
      const Y = put(engine, 1, 3, [1e-20, 5, 1e-10]), M = put(engine, 1, 3, [1, 1, 1]);
      engine.multiplicativeUpdate(Y, M, col, "column", 0, 0, F64_EPS);
      expect(Array.from(engine.read(Y))).toEqual([0, 5, Math.fround(1e-10)]);
    });
  });
});

describe("fused Frobenius update (denominator X·G or G·X formed inside the kernel)", () => {
  it.each(["rows", "columns"] as const)("%s side over odd shapes and ranks 1…40, with L1/L2", async (side) => {
    await withEngine(async (engine) => {
      const scratch = engine.allocBytes(engine.gramUpdateScratchBytes(40));
      // Plus widths that end in a 4-column tile after 8-column ones (12, 77 = 64 + 13, 140) and
      // row counts that end in a partial block of 4 (6, 10).
      const extra = [{ m: 10, n: 77, k: 10 }, { m: 6, n: 12, k: 20 }, { m: 130, n: 140, k: 7 }];
      for (const { m, n, k } of [...cases, ...extra]) {
        const other = side === "rows" ? m : n;
        const rows = side === "rows" ? other : k, cols = side === "rows" ? k : other;
        const x = randomMatrix(rows, cols, other + k), numer = randomMatrix(rows, cols, other * 3 + k);
        // Not symmetric (a Gram matrix is, in exact arithmetic): a transposed read of G would show.
        const g = randomMatrix(k, k, k * 7 + 1);
        for (const [l1, l2] of [[0, 0], [0.1, 0.3]]) {
          const mark = engine.mark();
          const X = put(engine, rows, cols, x.data), N = put(engine, rows, cols, numer.data), G = put(engine, k, k, g.data);
          engine.multiplicativeUpdateGram(side, X, N, G, l1, l2, 0, scratch);
          const den = side === "rows" ? matmul64(x.data, g.data, rows, k, k) : matmul64(g.data, x.data, k, k, cols);
          const expected = Float64Array.from(x.data, (xv, t) => {
            const d = den[t] + l1 + l2 * xv;
            return xv * numer.data[t] / (d === 0 ? EPS32 : d);
          });
          // Non-negative sums: no cancellation, so each entry is accurate relative to itself.
          expect(maxRelativeError(engine.read(X), expected), `${side} ${rows}×${cols}`).toBeLessThan(1e-5);
          engine.release(mark);
        }
      }
    });
  });

  it("a zero row of X (zero denominator) stays zero and finite", async () => {
    await withEngine(async (engine) => {
      const scratch = engine.allocBytes(engine.gramUpdateScratchBytes(3));
      const X = put(engine, 3, 3, [1, 2, 3, 0, 0, 0, 1, 1, 1]), N = put(engine, 3, 3, [1, 1, 1, 1, 1, 1, 1, 1, 1]);
      const G = put(engine, 3, 3, [1, 0, 0, 0, 1, 0, 0, 0, 1]);
      engine.multiplicativeUpdateGram("rows", X, N, G, 0, 0, 0, scratch);
      const out = engine.read(X);
      expect(Array.from(out.subarray(3, 6))).toEqual([0, 0, 0]);
      expect(out.every(Number.isFinite)).toBe(true);
    });
  });
});

/** V / WH in float64 with scikit-learn 1.2's rule: exact zeros of WH → eps. */
function ratio64(v: ArrayLike<number>, wh: Float64Array): Float64Array {
  return Float64Array.from(wh, (x, t) => v[t] / (x === 0 ? EPS32 : x));
}

/** A KL problem with zeros in V, a zero row of W and a zero column of H (so WH has exact zeros). */
function klProblem(m: number, n: number, k: number, seed: number) {
  const v = randomMatrix(m, n, seed, 0.3), w = randomMatrix(m, k, seed + 1, 0.2), h = randomMatrix(k, n, seed + 2, 0.2);
  if (m > 2) w.data.fill(0, 2 * k, 3 * k);
  if (n > 3) for (let c = 0; c < k; c++) h.data[c * n + 3] = 0;
  return { v, w, h };
}

describe("KL kernels", () => {
  it("numerators (V / WH)·Hᵀ and Wᵀ·(V / WH) over odd shapes; zeros in V and in WH", async () => {
    await withEngine(async (engine) => {
      for (const { m, n, k } of cases) {
        const { v, w, h } = klProblem(m, n, k, 1 + m * n);
        // Default row blocks, and blocks of 4 rows (several blocks and a remainder).
        for (const blockRows of [0, 4]) {
          const mark = engine.mark();
          const V = put(engine, m, n, v.data), W = put(engine, m, k, w.data), H = put(engine, k, n, h.data);
          const scratch = blockRows ? engine.alloc(blockRows, n) : engine.allocRowBlock(m, n);
          const outW = engine.alloc(m, k), outH = engine.alloc(k, n);
          engine.klNumeratorW(outW, V, W, H, scratch);
          engine.klNumeratorH(outH, V, W, H, scratch);
          const r = ratio64(v.data, matmul64(w.data, h.data, m, k, n));
          const label = `${m}×${n} k=${k} block=${blockRows}`;
          // Sums of non-negative terms: entry-wise relative accuracy.
          expect(maxRelativeError(engine.read(outW), matmul64(r, transpose64(h.data, k, n), m, n, k), 1e-20), label).toBeLessThan(1e-5);
          expect(maxRelativeError(engine.read(outH), matmul64(transpose64(w.data, m, k), r, k, m, n), 1e-20), label).toBeLessThan(1e-5);
          engine.release(mark);
        }
      }
    });
  });

  it("an exact zero of WH where V > 0 gives the ratio V / 2^-23", async () => {
    await withEngine(async (engine) => {
      // WH = [[0, 1]]: the first ratio is 3 / eps.
      const V = put(engine, 1, 2, [3, 1]), W = put(engine, 1, 1, [1]), H = put(engine, 1, 2, [0, 1]);
      const scratch = engine.allocRowBlock(1, 2);
      const outH = engine.alloc(1, 2);
      engine.klNumeratorH(outH, V, W, H, scratch);
      expect(Array.from(engine.read(outH))).toEqual([3 * 2 ** 23, 1]);
    });
  });

  // scikit-learn 1.2.1, which the fixtures come from (test/fixtures/README.md), replaces only exact
  // zeros of WH by eps, so a tiny positive WH (here 1e-8) gives V / WH = 1e8, not V / eps ≈ 8.4e6.
  it("a tiny positive WH (below eps, not zero) is used as is in the ratio", async () => {
    await withEngine(async (engine) => {
      const V = put(engine, 1, 1, [1]), W = put(engine, 1, 1, [1e-4]), H = put(engine, 1, 1, [1e-4]);
      const scratch = engine.allocRowBlock(1, 1);
      const outW = engine.alloc(1, 1);
      engine.klNumeratorW(outW, V, W, H, scratch);
      const wh = Math.fround(Math.fround(1e-4) * Math.fround(1e-4));
      expect(engine.read(outW)[0] / ((1 / wh) * Math.fround(1e-4))).toBeCloseTo(1, 5);
    });
  });

  it("KL divergence and squared error match float64 sums (zeros in V and WH; row blocks)", async () => {
    await withEngine(async (engine) => {
      for (const { m, n, k } of cases) {
        const { v, w, h } = klProblem(m, n, k, 5 + m * n);
        const wh = matmul64(w.data, h.data, m, k, n);
        let kl = 0, sq = 0;
        for (let t = 0; t < wh.length; t++) {
          kl += wh[t];
          if (v.data[t] > EPS32) kl += v.data[t] * Math.log(v.data[t] / (wh[t] === 0 ? EPS32 : wh[t])) - v.data[t];
          sq += (v.data[t] - wh[t]) ** 2;
        }
        for (const blockRows of [0, 4]) {
          const mark = engine.mark();
          const V = put(engine, m, n, v.data), W = put(engine, m, k, w.data), H = put(engine, k, n, h.data);
          const scratch = blockRows ? engine.alloc(blockRows, n) : engine.allocRowBlock(m, n);
          const label = `${m}×${n} k=${k} block=${blockRows}`;
          // KL can cancel (Σ WH − Σ V): measure relative to the size of its terms.
          let scale = 0;
          for (let t = 0; t < wh.length; t++) scale += wh[t] + v.data[t];
          expect(Math.abs(engine.klDivergence(V, W, H, scratch) - kl) / scale, label).toBeLessThan(1e-6);
          expect(Math.abs(engine.squaredError(V, W, H, scratch) - sq) / Math.max(sq, 1e-30), label).toBeLessThan(1e-5);
          engine.release(mark);
        }
      }
    });
  });

  it("KL divergence of an exact fit is 0 and entries V ≤ eps are left out of the log term", async () => {
    await withEngine(async (engine) => {
      const w = [1, 2, 0.5], h = [3, 0.25];
      const v = matmul64(w, h, 3, 1, 2);
      const V = put(engine, 3, 2, v), W = put(engine, 3, 1, w), H = put(engine, 1, 2, h);
      const scratch = engine.allocRowBlock(3, 2);
      expect(Math.abs(engine.klDivergence(V, W, H, scratch))).toBeLessThan(1e-6);
      expect(engine.squaredError(V, W, H, scratch)).toBeLessThan(1e-12);
      // V = [[1e-9 (≤ eps), 1]], WH = [[2, 1]]: D = 2 + (1·log 1 − 1 + 1) = 2.
      const V2 = put(engine, 1, 2, [1e-9, 1]), W2 = put(engine, 1, 1, [1]), H2 = put(engine, 1, 2, [2, 1]);
      expect(engine.klDivergence(V2, W2, H2, engine.allocRowBlock(1, 2))).toBeCloseTo(2, 6);
    });
  });
});

describe("reductions in float64", () => {
  it("dot over odd lengths matches a float64 sum", async () => {
    await withEngine(async (engine) => {
      for (const { m, n } of cases) {
        const a = randomMatrix(m, n, m * 11 + n, 0.2), b = randomMatrix(m, n, m + n * 13);
        const mark = engine.mark();
        const A = put(engine, m, n, a.data), B = put(engine, m, n, b.data);
        let ref = 0;
        for (let t = 0; t < a.data.length; t++) ref += a.data[t] * b.data[t];
        expect(Math.abs(engine.dot(A, B) - ref) / Math.max(ref, 1e-30), `${m}×${n}`).toBeLessThan(1e-9);
        engine.release(mark);
      }
    });
  });

  it("rowSums and columnSums over odd shapes; exact-zero sums become zeroTo", async () => {
    await withEngine(async (engine) => {
      for (const { m, n } of cases) {
        const a = randomMatrix(m, n, m * 5 + n * 17);
        if (m > 1) a.data.fill(0, 0, n); // row 0 all zero
        if (n > 1) for (let i = 0; i < m; i++) a.data[i * n + n - 1] = 0; // last column all zero
        for (const zeroTo of [0, 1]) {
          const mark = engine.mark();
          const A = put(engine, m, n, a.data), rows = engine.alloc(1, m), cols = engine.alloc(1, n);
          engine.rowSums(A, rows, zeroTo);
          engine.columnSums(A, cols, zeroTo);
          const rowRef = Array.from({ length: m }, (_, i) => {
            let s = 0;
            for (let j = 0; j < n; j++) s += a.data[i * n + j];
            return s === 0 ? zeroTo : s;
          });
          const colRef = Array.from({ length: n }, (_, j) => {
            let s = 0;
            for (let i = 0; i < m; i++) s += a.data[i * n + j];
            return s === 0 ? zeroTo : s;
          });
          const label = `${m}×${n} zeroTo=${zeroTo}`;
          expect(maxRelativeError(engine.read(rows), rowRef, 1e-30), label).toBeLessThan(1e-6);
          expect(maxRelativeError(engine.read(cols), colRef, 1e-30), label).toBeLessThan(1e-6);
          engine.release(mark);
        }
      }
    });
  });

  it("kernels leave memory outside their output untouched", async () => {
    await withEngine(async (engine) => {
      const guard = (b: Buf) => engine.view(b).fill(-7);
      const before = engine.alloc(1, 8), A = put(engine, 5, 7, randomMatrix(5, 7, 1).data);
      const out = engine.alloc(1, 7), after = engine.alloc(1, 8);
      guard(before); guard(after);
      engine.columnSums(A, out, 0);
      engine.rowSums(A, engine.alloc(1, 5), 0);
      expect(engine.read(before).every((x) => x === -7)).toBe(true);
      expect(engine.read(after).every((x) => x === -7)).toBe(true);
      expect(relativeToMax(engine.read(out), Array.from({ length: 7 }, (_, j) => {
        let s = 0;
        for (let i = 0; i < 5; i++) s += engine.read(A)[i * 7 + j];
        return s;
      }))).toBeLessThan(1e-6);
    });
  });
});

describe("transpose (4×4 register blocks, partial row groups by lane stores)", () => {
  it("writes out[j, i] = A[i, j] over odd shapes and nothing else of out", async () => {
    await withEngine(async (engine) => {
      for (const rows of [1, 2, 3, 4, 5, 7, 10, 17]) {
        for (const cols of [1, 3, 4, 5, 7, 13, 33]) {
          const a = randomMatrix(rows, cols, rows * 40 + cols);
          const A = put(engine, rows, cols, a.data);
          // out is wider than A has rows (like the zero-padded Hᵀ): its padding must survive.
          const ldo = ((rows + 3) & ~3) + 1;
          const out = engine.alloc(cols, ldo);
          engine.view(out).fill(-7);
          engine.transpose(out, A);
          const got = engine.read(out);
          for (let j = 0; j < cols; j++) {
            for (let c = 0; c < ldo; c++) {
              expect(got[j * ldo + c], `${rows}×${cols} out[${j}, ${c}]`).toBe(c < rows ? a.data[c * cols + j] : -7);
            }
          }
        }
      }
    });
  });
});
