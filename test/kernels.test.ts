// The update, KL and loss kernels (through the engine) against naive float64 references over
// odd sizes in every dimension and ranks 1…40, including scikit-learn's epsilon rules.
import { describe, expect, it } from "vitest";
import { Engine, withEngine, type Buf } from "../src/engine.js";
import { matmul64, randomMatrix, relativeToMax } from "./helpers.js";

const EPS32 = 2 ** -23;
const SIZES = [1, 3, 7, 17, 33, 65];
const RANKS = [1, 2, 5, 8, 13, 20, 33, 40];

function put(engine: Engine, rows: number, cols: number, data: ArrayLike<number>): Buf {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, data);
  return buf;
}

/** Cases over odd shapes: every size appears as m, as n, and ranks cycle through 1…40. */
const cases = SIZES.flatMap((m, a) => SIZES.map((n, b) => ({ m, n, k: RANKS[(a * SIZES.length + b) % RANKS.length] })));

describe("multiplicative update kernel", () => {
  it.each(["matrix", "row", "column"] as const)("denominator layout %s, with L1/L2 and zero denominators", async (layout) => {
    await withEngine(async (engine) => {
      for (const { m, n } of cases) {
        const x = randomMatrix(m, n, m * 7 + n), numer = randomMatrix(m, n, m + n * 3);
        const dRows = layout === "matrix" ? m : layout === "row" ? 1 : m;
        const dCols = layout === "matrix" ? n : layout === "row" ? n : 1;
        const denom = randomMatrix(dRows, dCols, m * n, 0.3); // exact zeros → eps
        for (const [l1, l2] of [[0, 0], [0.25, 0], [0, 0.5]]) {
          const X = put(engine, m, n, x.data), N = put(engine, m, n, numer.data), D = put(engine, dRows, dCols, denom.data);
          engine.multiplicativeUpdate(X, N, D, layout, l1, l2, 0);
          const expected = Array.from(x.data, (xv, t) => {
            const i = Math.floor(t / n), j = t % n;
            const dv = layout === "matrix" ? denom.data[t] : layout === "row" ? denom.data[j] : denom.data[i];
            let d = Math.fround(Math.fround(dv + l1) + Math.fround(l2 * xv));
            if (d === 0) d = EPS32;
            return xv * (numer.data[t] / d);
          });
          expect(relativeToMax(engine.read(X), expected)).toBeLessThan(1e-6);
        }
      }
    });
  });

  it("zeroBelow sets tiny results to exactly zero", async () => {
    await withEngine(async (engine) => {
      const X = put(engine, 1, 5, [1e-20, 1, 1e-17, 2, 3]);
      const N = put(engine, 1, 5, [1, 1, 1, 1, 1]), D = put(engine, 1, 5, [1, 1, 1, 1, 1]);
      engine.multiplicativeUpdate(X, N, D, "matrix", 0, 0, 2.220446049250313e-16);
      expect(Array.from(engine.read(X))).toEqual([0, 1, 0, 2, 3]);
    });
  });
});

describe("fused Frobenius update (denominator X·G or G·X formed inside the kernel)", () => {
  it.each(["rows", "columns"] as const)("%s side over odd shapes and ranks 1…40, with L1/L2", async (side) => {
    await withEngine(async (engine) => {
      const scratch = engine.allocBytes(4 * Engine.gramUpdateScratchFloats(40));
      for (const { m: other, k } of cases.map(({ m, k }) => ({ m: m * 2 + 1, k }))) {
        const rows = side === "rows" ? other : k, cols = side === "rows" ? k : other;
        const x = randomMatrix(rows, cols, other + k), numer = randomMatrix(rows, cols, other * 3 + k);
        const g = randomMatrix(k, k, k * 7 + 1);
        for (let c = 0; c < k; c++) for (let d = 0; d < c; d++) g.data[c * k + d] = g.data[d * k + c]; // symmetric, as a Gram matrix
        for (const [l1, l2] of [[0, 0], [0.1, 0.3]]) {
          const mark = engine.mark();
          const X = put(engine, rows, cols, x.data), N = put(engine, rows, cols, numer.data), G = put(engine, k, k, g.data);
          engine.multiplicativeUpdateGram(side, X, N, G, l1, l2, scratch);
          const den = side === "rows" ? matmul64(x.data, g.data, rows, k, k) : matmul64(g.data, x.data, k, k, cols);
          const expected = Float64Array.from(x.data, (xv, t) => {
            const d = den[t] + l1 + l2 * xv;
            return xv * numer.data[t] / (d === 0 ? EPS32 : d);
          });
          expect(relativeToMax(engine.read(X), expected), `${side} ${rows}×${cols}`).toBeLessThan(1e-5);
          engine.release(mark);
        }
      }
    });
  });
});

/** Reference (V / max(WH, eps)) in f64. */
function ratio64(v: ArrayLike<number>, wh: Float64Array): Float64Array {
  return Float64Array.from(wh, (x, t) => v[t] / Math.max(x, EPS32));
}

describe("KL and loss kernels", () => {
  it("KL numerators (V / WH)·Hᵀ and Wᵀ·(V / WH) over odd shapes, zeros in V and in WH", async () => {
    await withEngine(async (engine) => {
      for (const { m, n, k } of cases) {
        const v = randomMatrix(m, n, 1 + m * n, 0.3), w = randomMatrix(m, k, 2 + m, 0.2), h = randomMatrix(k, n, 3 + n, 0.2);
        if (m > 2) w.data.fill(0, 2 * k, 3 * k); // a zero row of W: WH == 0 there → eps
        const mark = engine.mark();
        const V = put(engine, m, n, v.data), W = put(engine, m, k, w.data), H = put(engine, k, n, h.data);
        const scratch = engine.allocRowBlock(m, n);
        const outW = engine.alloc(m, k), outH = engine.alloc(k, n);
        engine.klNumeratorW(outW, V, W, H, scratch);
        engine.klNumeratorH(outH, V, W, H, scratch);
        const r = ratio64(v.data, matmul64(w.data, h.data, m, k, n));
        const ht = Float64Array.from({ length: n * k }, (_, t) => h.data[(t % k) * n + Math.floor(t / k)]);
        const wt = Float64Array.from({ length: k * m }, (_, t) => w.data[(t % m) * k + Math.floor(t / m)]);
        // Ratios where WH hit eps are huge; compare at the scale of the result.
        expect(relativeToMax(engine.read(outW), matmul64(r, ht, m, n, k))).toBeLessThan(1e-5);
        expect(relativeToMax(engine.read(outH), matmul64(wt, r, k, m, n))).toBeLessThan(1e-5);
        engine.release(mark);
      }
    });
  });

  it("KL divergence and squared error match float64 sums", async () => {
    await withEngine(async (engine) => {
      for (const { m, n, k } of cases) {
        const v = randomMatrix(m, n, 5 + m * n, 0.3), w = randomMatrix(m, k, 6 + m), h = randomMatrix(k, n, 7 + n);
        const mark = engine.mark();
        const V = put(engine, m, n, v.data), W = put(engine, m, k, w.data), H = put(engine, k, n, h.data);
        const scratch = engine.allocRowBlock(m, n);
        const wh = matmul64(w.data, h.data, m, k, n);
        let kl = 0, sq = 0;
        for (let t = 0; t < wh.length; t++) {
          kl += wh[t];
          if (v.data[t] > EPS32) kl += v.data[t] * Math.log(v.data[t] / wh[t]) - v.data[t];
          sq += (v.data[t] - wh[t]) ** 2;
        }
        expect(Math.abs(engine.klDivergence(V, W, H, scratch) - kl) / Math.max(Math.abs(kl), 1e-3)).toBeLessThan(1e-5);
        expect(Math.abs(engine.squaredError(V, W, H, scratch) - sq) / sq).toBeLessThan(1e-5);
        engine.release(mark);
      }
    });
  });

  it("sums and dot products in f64; zero sums can be replaced", async () => {
    await withEngine(async (engine) => {
      const a = randomMatrix(33, 7, 9);
      a.data.fill(0, 0, 7); // row 0 all zero
      for (let i = 0; i < 33; i++) a.data[i * 7 + 4] = 0; // column 4 all zero
      const A = put(engine, 33, 7, a.data);
      const rows = engine.alloc(1, 33), cols = engine.alloc(1, 7);
      engine.rowSums(A, rows, 0);
      engine.columnSums(A, cols, 1);
      for (let i = 0; i < 33; i++) {
        let s = 0;
        for (let j = 0; j < 7; j++) s += a.data[i * 7 + j];
        expect(engine.read(rows)[i]).toBeCloseTo(s, 5);
      }
      const colSums = engine.read(cols);
      expect(colSums[4]).toBe(1);
      let s0 = 0, dot = 0;
      for (let i = 0; i < 33; i++) s0 += a.data[i * 7];
      for (const x of a.data) dot += x * x;
      expect(colSums[0]).toBeCloseTo(s0, 4);
      expect(engine.dot(A, A)).toBeCloseTo(dot, 8);
    });
  });
});
