// estimateRank: the survey of a planted block matrix, its null comparison, progress, options.
import { describe, expect, it } from "vitest";
import { OptionError, csrToDense, denseToCsr, estimateRank, type RankProgressEvent } from "../src/index.js";
import { Random } from "../src/random.js";
import { randomizeRows } from "../src/randomize.js";
import { randomMatrix } from "./helpers.js";
import { plantedBlocks } from "./planted.js";

describe("estimateRank", () => {
  const V = plantedBlocks(36, 24, 3, 4);

  it("finds the planted rank by Brunet's rule, with crisp consensus there and a null that falls", async () => {
    const events: RankProgressEvent[] = [];
    const survey = await estimateRank(V, { ranks: [5, 2, 3, 4, 3], nRuns: 6, seed: 11, randomized: true, onProgress: (e) => events.push(e) });
    expect(survey.ranks.map((r) => r.rank)).toEqual([2, 3, 4, 5]);
    const coph = survey.ranks.map((r) => r.cophenetic);
    // Brunet et al.: the rank before the cophenetic correlation first falls. Ranks that tie on it
    // (3 and 4 both reach 1 here with the default solver: each 4-run splits a block the same way)
    // are told apart by the dispersion of Kim & Park, which is 1 only for a perfectly crisp consensus.
    const best = Math.max(...coph);
    const tied = survey.ranks.filter((r) => r.cophenetic >= best - 1e-9);
    const chosen = tied.reduce((a, b) => (b.dispersion > a.dispersion ? b : a));
    expect(chosen.rank).toBe(3);
    expect(coph[0]).toBeLessThan(best);
    const three = survey.ranks[1];
    expect(three.cophenetic).toBeCloseTo(1, 9);
    expect(three.dispersion).toBe(1);
    expect(three.silhouette).toBeCloseTo(1, 9);
    expect(three.evar).toBeGreaterThan(0.95);
    expect(survey.ranks[0].evar).toBeLessThan(three.evar);
    expect([three.consensus.rows, three.consensus.cols]).toEqual([36, 36]);
    for (const r of survey.ranks) {
      expect(r.sparsenessW).toBeGreaterThanOrEqual(0);
      expect(r.sparsenessH).toBeLessThanOrEqual(1);
      expect(r.rss).toBeCloseTo(r.reconstructionError ** 2, 1);
    }
    // The randomized data has no rank-3 structure to explain.
    expect(survey.randomized!.map((r) => r.rank)).toEqual([2, 3, 4, 5]);
    expect(survey.randomized![1].evar).toBeLessThan(three.evar - 0.2);
    expect(events.length).toBe(4 * 6 * 2);
    expect(events.map((e) => e.runsDone)).toEqual(Array.from({ length: 48 }, (_, t) => t + 1));
    expect(events.every((e) => e.runsTotal === 48)).toBe(true);
    expect(events[47].randomized).toBe(true);
  });

  it("is reproducible and takes CSR data", async () => {
    const a = await estimateRank(V, { ranks: [2, 3], nRuns: 3, seed: 5, randomized: true });
    const b = await estimateRank(denseToCsr(V), { ranks: [2, 3], nRuns: 3, seed: 5, randomized: true });
    expect(b.ranks.map((r) => r.cophenetic)).toEqual(a.ranks.map((r) => r.cophenetic));
    b.ranks.forEach((r, t) => expect(r.reconstructionError).toBeCloseTo(a.ranks[t].reconstructionError, 3));
    expect(b.randomized!.every((r) => r.rss > 0)).toBe(true);
  });

  it("randomized data: each row a permutation of V's row (dense and CSR), V untouched", () => {
    const M = randomMatrix(6, 9, 2, 0.4);
    const before = M.data.slice();
    const sortedRows = (X: { rows: number; cols: number; data: Float32Array }) =>
      Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)).sort());
    const dense = randomizeRows(M, new Random(1));
    const sparse = csrToDense(randomizeRows(denseToCsr(M), new Random(1)));
    expect(sortedRows(dense)).toEqual(sortedRows(M));
    expect(sortedRows(sparse)).toEqual(sortedRows(M));
    expect(Array.from(dense.data)).not.toEqual(Array.from(M.data));
    expect(Array.from(sparse.data)).not.toEqual(Array.from(M.data));
    expect(M.data).toEqual(before);
  });

  it("rank 1: no silhouette", async () => {
    const survey = await estimateRank(V, { ranks: [1], nRuns: 2, seed: 1 });
    expect(survey.ranks[0].silhouette).toBeNull();
    expect(survey.ranks[0].cophenetic).toBe(1);
  });

  it("rejects bad ranks and options before any fit", async () => {
    await expect(estimateRank(V, { ranks: [] })).rejects.toMatchObject({ code: "INVALID_RANK" });
    await expect(estimateRank(V, { ranks: [2, 0] })).rejects.toMatchObject({ code: "INVALID_RANK" });
    await expect(estimateRank(V, { ranks: [2], rank: 2 } as never)).rejects.toThrow(OptionError);
    await expect(estimateRank(V, { ranks: [2], nRuns: 0 })).rejects.toMatchObject({ option: "nRuns" });
    await expect(estimateRank(V, { ranks: [2], maxiter: 3 } as never)).rejects.toMatchObject({ code: "UNKNOWN_OPTION" });
    await expect(estimateRank(V, { ranks: [2], randomized: "yes" as never })).rejects.toThrow(OptionError);
    await expect(estimateRank(V, { ranks: [2], consensus: false } as never)).rejects.toMatchObject({ option: "consensus" });
    await expect(estimateRank({ rows: 5001, cols: 1, data: new Float32Array(5001) }, { ranks: [1] }))
      .rejects.toMatchObject({ code: "TOO_LARGE" });
  });
});
