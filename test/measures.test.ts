// The measures by hand-computed values and properties (R's values: measures-r.test.ts).
import { describe, expect, it } from "vitest";
import {
  MatrixShapeError, MatrixValueError, OptionError, MAX_CONSENSUS_SAMPLES, clusters, connectivity, consensusSilhouette,
  cophenetic, denseToCsr, dispersion, entropy, evar, extractFeatures, featureScore, normalizeFactors, purity, rss,
  sparseness, type Matrix,
} from "../src/index.js";
import { matmul64, randomMatrix } from "./helpers.js";

const product = (W: Matrix, H: Matrix) => matmul64(W.data, H.data, W.rows, W.cols, H.cols);

const rowsOf = (M: Matrix) => Array.from({ length: M.rows }, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
const transpose = (M: Matrix): Matrix => {
  const data = new Float32Array(M.rows * M.cols);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) data[j * M.rows + i] = M.data[i * M.cols + j];
  return { rows: M.cols, cols: M.rows, data };
};
function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b) / x.length, my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0, sxx = 0, syy = 0;
  x.forEach((_, i) => { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; });
  return sxy / Math.sqrt(sxx * syy);
}
/** A consensus with blocks of the given sizes (1 inside a block, 0 across). */
function blockConsensus(sizes: number[]): Matrix {
  const labels = sizes.flatMap((s, b) => Array<number>(s).fill(b));
  return connectivity(labels);
}

describe("sparseness (Hoyer)", () => {
  it("is 1 for one non-zero, 0 for a flat vector, (√n − ‖x‖₁/‖x‖₂)/(√n − 1) otherwise", () => {
    expect(sparseness([0, 0, 7, 0])).toBeCloseTo(1, 12);
    expect(sparseness(new Float64Array([2, 2, 2]))).toBeCloseTo(0, 12);
    expect(sparseness([3, 4])).toBeCloseTo((Math.SQRT2 - 7 / 5) / (Math.SQRT2 - 1), 7);
    expect(sparseness([3, 4])).toBeCloseTo(sparseness([30, 40]), 12);
  });

  it("of a matrix: mean over columns (or rows), all-zero vectors skipped as R's na.rm", () => {
    const M = randomMatrix(6, 4, 3);
    const byColumns = [0, 1, 2, 3].map((c) => sparseness(rowsOf(M).map((r) => r[c])));
    expect(sparseness(M)).toBeCloseTo(byColumns.reduce((a, b) => a + b) / 4, 6);
    expect(sparseness(M, { along: "rows" })).toBeCloseTo(sparseness(transpose(M)), 6);
    expect(sparseness([[1, 0], [0, 0], [0, 0]])).toBeCloseTo(1, 12); // column 1 is all zero
  });

  it("refuses an all-zero vector, vectors of length 1 and negative entries", () => {
    expect(() => sparseness([0, 0, 0])).toThrow(MatrixValueError);
    expect(() => sparseness([5])).toThrow(MatrixShapeError);
    expect(() => sparseness([1, -1])).toThrow(MatrixValueError);
  });
});

describe("clusters, connectivity, purity, entropy, dispersion", () => {
  it("clusters: each row's largest component, the first on ties", () => {
    expect(Array.from(clusters([[1, 2], [3, 1], [2, 2]]))).toEqual([1, 0, 0]);
  });

  it("connectivity: 1 where two samples share a label (numbers or strings)", () => {
    expect(rowsOf(connectivity([0, 1, 0]))).toEqual([[1, 0, 1], [0, 1, 0], [1, 0, 1]]);
    expect(rowsOf(connectivity(["x", "y", "y"]))).toEqual([[1, 0, 0], [0, 1, 1], [0, 1, 1]]);
    expect(() => connectivity([0, NaN])).toThrow(MatrixShapeError);
  });

  it("purity and entropy: perfect, uninformative and hand-counted clusterings", () => {
    expect(purity([0, 0, 1, 1], ["a", "a", "b", "b"])).toBe(1);
    expect(entropy([0, 0, 1, 1], ["a", "a", "b", "b"])).toBe(0);
    expect(purity([0, 0, 0, 0], ["a", "a", "b", "b"])).toBe(0.5);
    expect(entropy([0, 0, 0, 0], ["a", "a", "b", "b"])).toBeCloseTo(1, 12);
    // cluster 0 = {a, a, b}, cluster 1 = {b}: purity (2 + 1)/4; entropy −(2·log₂(2/3) + log₂(1/3))/(4·log₂ 2)
    expect(purity([0, 0, 0, 1], [1, 1, 2, 2])).toBe(0.75);
    expect(entropy([0, 0, 0, 1], [1, 1, 2, 2])).toBeCloseTo(-(2 * Math.log2(2 / 3) + Math.log2(1 / 3)) / 4, 12);
    expect(() => purity([0, 1], ["a"])).toThrow(MatrixShapeError);
  });

  it("dispersion: 1 for a 0/1 consensus, 0 for all ½", () => {
    expect(dispersion(blockConsensus([2, 3]))).toBe(1);
    expect(dispersion({ rows: 3, cols: 3, data: new Float32Array(9).fill(0.5) })).toBe(0);
    expect(() => dispersion({ rows: 2, cols: 3, data: new Float32Array(6) })).toThrow(MatrixShapeError);
  });

  it("refuses n×n measures above the documented cap before allocating", () => {
    expect(() => connectivity(new Int32Array(MAX_CONSENSUS_SAMPLES + 1))).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
  });
});

describe("cophenetic correlation and the consensus silhouette", () => {
  it("is 1 for a block-diagonal consensus, and for the identity (R's special case)", () => {
    expect(cophenetic(blockConsensus([3, 4, 2]))).toBeCloseTo(1, 12);
    expect(cophenetic(blockConsensus([1, 1, 1, 1]))).toBe(1);
  });

  it("on three samples: average linkage merges the closest pair, then at the mean distance", () => {
    // d12 = 0.2, d13 = 0.8, d23 = 0.6 → merge {1,2} at 0.2, then {1,2}–3 at (0.8 + 0.6)/2 = 0.7.
    const C = [[1, 0.8, 0.2], [0.8, 1, 0.4], [0.2, 0.4, 1]];
    expect(cophenetic(C)).toBeCloseTo(pearson([0.2, 0.8, 0.6], [0.2, 0.7, 0.7]), 6);
  });

  it("is below 1 when the runs disagree about a sample", () => {
    // Sample 2 sides with {0, 1} in one run and with {3, 4, 5} in the other: its distance 0.5 to
    // both groups cannot be reproduced by a tree that puts it in one of them.
    const a = connectivity([0, 0, 0, 1, 1, 1]), b = connectivity([0, 0, 1, 1, 1, 1]);
    const C = { rows: 6, cols: 6, data: a.data.map((x, t) => (x + b.data[t]) / 2) };
    const value = cophenetic(C);
    expect(value).toBeLessThan(0.99);
    expect(value).toBeGreaterThan(0.5);
  });

  it("silhouette: 1 for a block-diagonal consensus cut at its blocks, 0 for singletons, k checked", () => {
    const si = consensusSilhouette(blockConsensus([3, 3, 2]), 3);
    expect(si.average).toBeCloseTo(1, 12);
    expect(new Set(si.clusters).size).toBe(3);
    expect(Array.from(consensusSilhouette(blockConsensus([3, 1]), 2).widths)).toEqual([1, 1, 1, 0]);
    expect(() => consensusSilhouette(blockConsensus([2, 2]), 1)).toThrow(OptionError);
    expect(() => consensusSilhouette(blockConsensus([2, 2]), 5)).toThrow(OptionError);
  });
});

describe("featureScore and extractFeatures", () => {
  it("kim: 1 for a feature of one component, 0 for an evenly shared or absent one; max: the column max", () => {
    const H = [[1, 0, 1, 0], [0, 3, 1, 0]];
    expect(Array.from(featureScore(H, "kim"))).toEqual([1, 1, 0, 0]);
    expect(Array.from(featureScore(H))).toEqual([1, 1, 0, 0]);
    expect(Array.from(featureScore(H, "max"))).toEqual([1, 3, 1, 0]);
    expect(() => featureScore(H, "min" as "max")).toThrow(OptionError);
  });

  it("max rule, top-n and share threshold", () => {
    const H = [[5, 1, 3], [1, 4, 3]];
    expect(extractFeatures(H, "max")).toEqual([[0], [1]]);
    expect(extractFeatures(H, 2)).toEqual([[0, 2], [1, 2]]);
    expect(extractFeatures(H, 0.5)).toEqual([[0, 2], [1, 2]]);
    expect(() => extractFeatures(H, 1.5)).toThrow(OptionError);
  });
});

describe("normalizeFactors, rss, evar", () => {
  const W = randomMatrix(7, 3, 11), H = randomMatrix(3, 5, 12);
  const V = { rows: 7, cols: 5, data: Float32Array.from(product(W, H)) };

  it.each([["l1", "H"], ["l2", "H"], ["max", "H"], ["l1", "W"], ["l2", "W"], ["max", "W"]] as const)(
    "%s on %s: unit components, W·H unchanged, inputs untouched", (norm, side) => {
      const before = W.data.slice();
      const out = normalizeFactors(W, H, { norm, side });
      expect(W.data).toEqual(before);
      const after = product(out.W, out.H), original = product(W, H);
      after.forEach((x, t) => expect(x).toBeCloseTo(original[t], 5));
      const components = side === "H" ? rowsOf(out.H) : rowsOf(transpose(out.W));
      for (const c of components) {
        const size = norm === "l1" ? c.reduce((a, b) => a + b) : norm === "l2" ? Math.hypot(...c) : Math.max(...c);
        expect(size).toBeCloseTo(1, 5);
      }
    });

  it("leaves an all-zero component as it is; rejects a bad norm and mismatched factors", () => {
    const out = normalizeFactors([[0, 2]], [[0, 0], [4, 4]]);
    expect(rowsOf(out.H)).toEqual([[0, 0], [0.5, 0.5]]);
    expect(rowsOf(out.W)).toEqual([[0, 16]]);
    expect(() => normalizeFactors(W, H, { norm: "l3" as "l1" })).toThrow(OptionError);
    expect(() => normalizeFactors(W, W)).toThrow(MatrixShapeError);
  });

  it("rss/evar: an exact fit explains everything; dense and CSR agree; rescaling changes nothing", async () => {
    expect(await rss(V, W, H)).toBeLessThan(1e-9);
    expect(await evar(V, W, H)).toBeCloseTo(1, 9);
    const noisy = { ...V, data: V.data.map((x, t) => x + (t % 3) * 0.1) };
    const expected = Array.from(noisy.data).reduce((s, x, t) => s + (x - product(W, H)[t]) ** 2, 0);
    expect(await rss(noisy, W, H)).toBeCloseTo(expected, 4);
    expect(await rss(denseToCsr(noisy), W, H)).toBeCloseTo(expected, 4);
    const scaled = normalizeFactors(W, H, { norm: "l2", side: "W" });
    expect(await rss(noisy, scaled.W, scaled.H)).toBeCloseTo(expected, 4);
    await expect(rss(V, H, W)).rejects.toThrow(MatrixShapeError);
  });
});
