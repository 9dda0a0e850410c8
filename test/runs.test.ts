// Multiple runs (nRuns): seeds, best fit, consensus, reproducibility, options.
import { describe, expect, it } from "vitest";
import { NMF, OptionError, clusters, connectivity, nmf, runSeeds } from "../src/index.js";
import type { NMFResult } from "../src/nmf.js";
import { resolveOptions } from "../src/options.js";
import { multipleRuns } from "../src/runs.js";
import { bitsEqual, randomMatrix } from "./helpers.js";
import { plantedBlocks } from "./planted.js";

describe("nmf with nRuns", () => {
  const V = randomMatrix(24, 16, 5);

  it("runs from the derived seeds and returns the lowest-error run, which a single fit reproduces", async () => {
    const r = await nmf(V, { rank: 3, nRuns: 5, seed: 42, maxIter: 60 });
    expect(r.runs!.map((x) => x.seed)).toEqual(runSeeds(42, 5));
    expect(new Set(r.runs!.map((x) => x.seed)).size).toBe(5);
    const best = Math.min(...r.runs!.map((x) => x.reconstructionError));
    expect(r.reconstructionError).toBe(best);
    const index = r.runs!.findIndex((x) => x.reconstructionError === best);
    const alone = await nmf(V, { rank: 3, seed: r.runs![index].seed, init: "random", maxIter: 60 });
    expect(bitsEqual(alone.W.data, r.W.data) && bitsEqual(alone.H.data, r.H.data)).toBe(true);
    // Random starts land in different minima here (that is what the runs are for).
    expect(new Set(r.runs!.map((x) => x.reconstructionError)).size).toBeGreaterThan(1);
  });

  it("is reproducible: the same seed gives the same runs and consensus", async () => {
    const a = await nmf(V, { rank: 3, nRuns: 4, seed: 7, maxIter: 40 });
    const b = await nmf(V, { rank: 3, nRuns: 4, seed: 7, maxIter: 40 });
    expect(b.runs).toEqual(a.runs);
    expect(bitsEqual(a.consensus!.data, b.consensus!.data)).toBe(true);
  });

  it("consensus: symmetric samples × samples, unit diagonal, multiples of 1/nRuns", async () => {
    const r = await nmf(V, { rank: 3, nRuns: 4, seed: 3, maxIter: 40 });
    const C = r.consensus!;
    expect([C.rows, C.cols]).toEqual([24, 24]);
    for (let i = 0; i < 24; i++) {
      expect(C.data[i * 25]).toBe(1);
      for (let j = 0; j < 24; j++) {
        expect(C.data[i * 24 + j]).toBe(C.data[j * 24 + i]);
        expect(Number.isInteger(C.data[i * 24 + j] * 4)).toBe(true);
      }
    }
  });

  it("the consensus of identical runs is their 0/1 connectivity", async () => {
    const W = randomMatrix(10, 3, 9), H = randomMatrix(3, 6, 10);
    const same = async (): Promise<NMFResult> => ({ W, H, reconstructionError: 1, iterations: 1, converged: true, history: [] });
    const r = await multipleRuns(randomMatrix(10, 6, 1), resolveOptions({ rank: 3, nRuns: 6, seed: 1 }), same);
    expect(Array.from(r.consensus!.data)).toEqual(Array.from(connectivity(clusters(W)).data));
  });

  it("on a planted block matrix every run finds the blocks: crisp consensus", async () => {
    const r = await nmf(plantedBlocks(30, 24, 3, 2), { rank: 3, nRuns: 5, seed: 1 });
    expect(r.consensus!.data.every((x) => x === 0 || x === 1)).toBe(true);
  });

  it("reports each check with its run; consensus: false skips the matrix; the estimator keeps the best", async () => {
    const runsSeen = new Set<number>();
    const r = await nmf(V, { rank: 2, nRuns: 3, seed: 1, maxIter: 20, consensus: false, onProgress: (e) => runsSeen.add(e.run!) });
    expect([...runsSeen].sort()).toEqual([0, 1, 2]);
    expect(r.consensus).toBeUndefined();
    const model = new NMF({ rank: 2, nRuns: 3, seed: 1, maxIter: 20 });
    await model.fit(V);
    expect(model.reconstructionError).toBe(Math.min(...r.runs!.map((x) => x.reconstructionError)));
  });

  it("rejects a bad nRuns, a fixed init with several runs and an over-large consensus", async () => {
    for (const nRuns of [0, 1.5, "3", -2]) {
      await expect(nmf(V, { rank: 2, nRuns: nRuns as number })).rejects.toMatchObject({ code: "INVALID_OPTION", option: "nRuns" });
    }
    await expect(nmf(V, { rank: 2, nRuns: 2, init: { W: randomMatrix(24, 2, 1), H: randomMatrix(2, 16, 2) } }))
      .rejects.toThrow(OptionError);
    await expect(nmf({ rows: 5001, cols: 1, data: new Float32Array(5001).fill(1) }, { rank: 1, nRuns: 2 }))
      .rejects.toMatchObject({ option: "consensus" });
    await expect(nmf(V, { rank: 2, nrun: 3 } as never)).rejects.toThrow(/nRuns/);
  });
});
