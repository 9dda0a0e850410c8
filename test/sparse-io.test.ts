// Building sparse inputs: COO → CSR (duplicates summed), dense ↔ CSR, and the Matrix Market
// reader/writer on hand-written files.
import { describe, expect, it } from "vitest";
import { MatrixShapeError, cooToCsr, csrToDense, denseToCsr, formatMatrixMarket, nmf, parseMatrixMarket } from "../src/index.js";

describe("COO and dense", () => {
  it("cooToCsr sorts by row then column and sums duplicates; the input is unchanged", () => {
    const coo = { rows: 3, cols: 4, row: [2, 0, 2, 0, 2], col: [1, 3, 1, 0, 0], data: [1, 2, 3, 4, 5] };
    const copy = JSON.parse(JSON.stringify(coo));
    const csr = cooToCsr(coo);
    expect(Array.from(csr.indptr)).toEqual([0, 2, 2, 4]);
    expect(Array.from(csr.indices)).toEqual([0, 3, 0, 1]);
    expect(Array.from(csr.data)).toEqual([4, 2, 5, 4]); // (2, 1) = 1 + 3
    expect(coo).toEqual(copy);
  });

  it("cooToCsr rejects out-of-range entries and length mismatches", () => {
    expect(() => cooToCsr({ rows: 2, cols: 2, row: [0, 2], col: [0, 0], data: [1, 1] })).toThrow(/entry 1 is at \(2, 0\)/);
    expect(() => cooToCsr({ rows: 2, cols: 2, row: [0], col: [0, 1], data: [1, 1] })).toThrow(MatrixShapeError);
    expect(() => cooToCsr({ rows: 0, cols: 2, row: [], col: [], data: [] })).toThrow(MatrixShapeError);
  });

  it("denseToCsr and csrToDense round-trip, and the CSR fits like the dense matrix", async () => {
    const dense = { rows: 3, cols: 3, data: [5, 3, 0, 3, 7, 4, 6, 2, 5] };
    const csr = denseToCsr(dense);
    expect(csr.indices.length).toBe(8);
    expect(Array.from(csrToDense(csr).data)).toEqual(dense.data);
    const a = await nmf(dense, { rank: 2, seed: 1, maxIter: 50 }), b = await nmf(csr, { rank: 2, seed: 1, maxIter: 50 });
    expect(b.reconstructionError).toBeCloseTo(a.reconstructionError, 4);
  });
});

describe("Matrix Market", () => {
  const general = `%%MatrixMarket matrix coordinate real general
% a comment
3 4 4

1 1 1.5
3 2 2
1 4 0
2 3 7e-1
`;

  it("reads a coordinate real file (comments, blank lines, 1-based indices)", () => {
    const csr = parseMatrixMarket(general);
    expect([csr.rows, csr.cols]).toEqual([3, 4]);
    expect(Array.from(csrToDense(csr).data)).toEqual([1.5, 0, 0, 0, 0, 0, Math.fround(0.7), 0, 0, 2, 0, 0]);
  });

  it("reads pattern and symmetric files, and sums duplicate entries", () => {
    const pattern = parseMatrixMarket("%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 2\n2 1\n");
    expect(Array.from(csrToDense(pattern).data)).toEqual([0, 1, 1, 0]);
    const symmetric = parseMatrixMarket("%%MatrixMarket matrix coordinate integer symmetric\n3 3 3\n1 1 4\n3 1 2\n2 2 1\n");
    expect(Array.from(csrToDense(symmetric).data)).toEqual([4, 0, 2, 0, 1, 0, 2, 0, 0]);
    const duplicates = parseMatrixMarket("%%MatrixMarket matrix coordinate real general\n1 2 3\n1 1 1\n1 1 2\n1 2 5\n");
    expect(Array.from(csrToDense(duplicates).data)).toEqual([3, 5]);
  });

  it("writes what it reads (round trip), integers too", () => {
    const csr = parseMatrixMarket(general);
    expect(parseMatrixMarket(formatMatrixMarket(csr))).toEqual(csr);
    const ints = parseMatrixMarket("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 3\n2 2 4\n");
    expect(formatMatrixMarket(ints, { field: "integer" })).toContain("2 2 4");
    expect(() => formatMatrixMarket(csr, { field: "integer" })).toThrow(/not an integer/);
  });

  it.each([
    ["a missing banner", "3 3 1\n1 1 1\n", /line 1/],
    ["the dense array format", "%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", /array.*not supported/],
    ["complex values", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", /complex/],
    ["a bad size line", "%%MatrixMarket matrix coordinate real general\n3 x 1\n", /line 2.*rows cols entries/],
    ["an entry out of range", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", /line 3.*outside 2×2/],
    ["a missing value", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", /line 3/],
    ["a non-integer in an integer file", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", /line 3.*integer/],
    ["too few entries", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n", /announces 3 entries.*has 1/],
  ])("rejects %s with a PARSE_ERROR naming the line", (_, text, message) => {
    try {
      parseMatrixMarket(text);
      throw new Error("expected a parse error");
    } catch (e) {
      expect(e).toBeInstanceOf(MatrixShapeError);
      expect((e as MatrixShapeError).code).toBe("PARSE_ERROR");
      expect((e as Error).message).toMatch(message);
    }
  });
});
