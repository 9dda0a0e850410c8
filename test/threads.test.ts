// The worker pool: fits on 1, 2, 3 and 4 threads give the same bits (W, H, errors, history) for
// every solver and loss, dense and CSR; the option's checks; what the result says about threads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NMF, OptionError, closeThreadPool, denseToCsr, nmf, type Matrix, type MatrixInput, type NMFOptions, type NMFResult } from "../src/index.js";
import { AUTO_THREADS_CAP, DEFAULT_MIN_WORK, planThreads, reportedCores, setThreadingThreshold } from "../src/threads/plan.js";
import { bitsEqual, randomMatrix } from "./helpers.js";

const THREADS = [1, 2, 3, 4];

beforeAll(() => setThreadingThreshold(0)); // split even these small problems
afterAll(async () => {
  setThreadingThreshold(DEFAULT_MIN_WORK);
  await closeThreadPool();
});

/** Bit-for-bit equality of everything a fit reports but the thread count. */
function expectSameFit(a: NMFResult, b: NMFResult, label: string): void {
  expect(bitsEqual(a.W.data, b.W.data), `${label}: W`).toBe(true);
  expect(bitsEqual(a.H.data, b.H.data), `${label}: H`).toBe(true);
  expect(b.reconstructionError, `${label}: error`).toBe(a.reconstructionError);
  expect(b.iterations, `${label}: iterations`).toBe(a.iterations);
  expect(b.history, `${label}: history`).toEqual(a.history);
}

async function acrossThreads(V: MatrixInput, options: NMFOptions, label: string): Promise<void> {
  const fits: NMFResult[] = [];
  for (const threads of THREADS) fits.push(await nmf(V, { ...options, threads }));
  fits.forEach((fit, t) => expect(fit.threads, `${label}: threads used`).toBe(THREADS[t]));
  for (const fit of fits.slice(1)) expectSameFit(fits[0], fit, `${label} ${fit.threads} threads`);
}

// Odd shapes, so chunks end in partial tiles; one CSR wide and dense enough for column blocks.
const dense = randomMatrix(97, 83, 11);
const positive: Matrix = { ...dense, data: dense.data.map((x) => x + 0.01) };
const sparseDense = randomMatrix(91, 77, 12, 0.85);
const csr = denseToCsr(sparseDense);
const wide = denseToCsr(randomMatrix(24, 20000, 13, 0.9));

const CASES: [string, NMFOptions][] = [
  ["mu frobenius", { rank: 7, solver: "mu", loss: "frobenius" }],
  ["mu kl", { rank: 7, solver: "mu", loss: "kl" }],
  ["mu kl k=20 (two-phase sparse path)", { rank: 20, solver: "mu", loss: "kl" }],
  ["mu β=0.5", { rank: 5, solver: "mu", loss: 0.5 }],
  ["mu β=3 with L1/L2", { rank: 5, solver: "mu", loss: 3, alphaW: 0.01, l1Ratio: 0.5 }],
  ["cd", { rank: 7, solver: "cd" }],
  ["cd with L1/L2", { rank: 6, solver: "cd", alphaW: 0.02, l1Ratio: 0.3 }],
  ["anls", { rank: 7, solver: "anls" }],
  ["hals (row-block sweeps, extrapolation)", { rank: 7, solver: "hals" }],
  ["hals with L1/L2", { rank: 6, solver: "hals", alphaW: 0.02, l1Ratio: 0.3 }],
  ["default KL (hals warm start, then mu)", { rank: 6, loss: "kl" }],
];

describe("fits are bit-identical on 1, 2, 3 and 4 threads", () => {
  for (const [label, options] of CASES) {
    it(`${label}: dense and CSR, nndsvda init (randomized SVD products split too)`, async () => {
      const base = { ...options, maxIter: 12, tol: 0, seed: 3 };
      await acrossThreads(dense, base, `${label} dense`);
      await acrossThreads(csr, base, `${label} csr`);
    });
  }

  it("Itakura-Saito on strictly positive V, random init", async () => {
    await acrossThreads(positive, { rank: 4, solver: "mu", loss: "itakura-saito", init: "random", seed: 5, maxIter: 20 }, "IS");
  });

  it("column-blocked CSR (24×20000): KL with checks fused into the numerator, and Frobenius", async () => {
    await acrossThreads(wide, { rank: 4, solver: "mu", loss: "kl", init: "random", seed: 2, maxIter: 20, tol: 0 }, "wide kl");
    await acrossThreads(wide, { rank: 4, solver: "mu", init: "random", seed: 2, maxIter: 12, tol: 0 }, "wide frobenius");
  });

  it("tall V: the k×k Gram products WᵀW over 3000 rows split by columns too (cd, mu)", async () => {
    const tall = randomMatrix(3000, 30, 14);
    await acrossThreads(tall, { rank: 20, solver: "cd", seed: 1, maxIter: 10, tol: 0 }, "tall cd");
    await acrossThreads(denseToCsr(tall), { rank: 16, solver: "mu", seed: 1, maxIter: 10, tol: 0 }, "tall mu csr");
  });

  it("larger shapes: H-side KL/β passes summed over fixed row chunks, split transposes and elementwise updates", async () => {
    // 1800 rows of 600 columns: the KL and β products for H run as 4 row chunks with partials.
    const tall = randomMatrix(1800, 600, 15);
    await acrossThreads(tall, { rank: 6, solver: "mu", loss: "kl", seed: 2, maxIter: 6, tol: 0 }, "row-partial kl");
    await acrossThreads(tall, { rank: 6, solver: "mu", loss: 0.5, seed: 2, maxIter: 6, tol: 0 }, "row-partial β 0.5");
    // H is 8×131072 (2²⁰ entries): its transposes split by columns, its updates by rows.
    const wideSparse = denseToCsr(randomMatrix(30, 131072, 16, 0.998));
    await acrossThreads(wideSparse, { rank: 8, solver: "mu", loss: "kl", init: "random", seed: 2, maxIter: 4, tol: 0 }, "wide-H kl");
    await acrossThreads(wideSparse, { rank: 8, solver: "cd", init: "random", seed: 2, maxIter: 4, tol: 0 }, "wide-H cd");
  });

  it("stopping by tol, and transform with fixed components", async () => {
    await acrossThreads(dense, { rank: 5, solver: "cd", seed: 9, tol: 1e-3 }, "cd tol");
    await acrossThreads(dense, { rank: 5, solver: "mu", loss: "kl", seed: 9, tol: 1e-3 }, "mu tol");
    const model = new NMF({ rank: 5, solver: "mu", seed: 4, maxIter: 15, threads: 1 });
    await model.fit(dense);
    const rows = randomMatrix(40, 83, 21, 0.5);
    const W = await model.transform(rows);
    for (const threads of [2, 3]) {
      const other = new NMF({ rank: 5, solver: "mu", seed: 4, maxIter: 15, threads });
      await other.fit(dense);
      expect(bitsEqual(other.components!.data, model.components!.data)).toBe(true);
      expect(bitsEqual((await other.transform(rows)).data, W.data)).toBe(true);
    }
  });
});

describe("the threads option", () => {
  it.each([0, -1, 1.5, "many", null, Number.NaN])("rejects %s with an OptionError", async (threads) => {
    await expect(nmf(dense, { rank: 3, threads: threads as number })).rejects.toSatisfy(
      (e) => e instanceof OptionError && e.code === "INVALID_OPTION" && e.option === "threads");
    expect(() => new NMF({ rank: 3, threads: threads as number })).toThrow(OptionError);
  });

  it("'auto' takes the reported cores, at most the cap; the default is 'auto'", async () => {
    const cores = await reportedCores();
    expect(cores).toBeGreaterThanOrEqual(1);
    expect((await planThreads("auto", 1e12)).threads).toBe(Math.min(cores, AUTO_THREADS_CAP));
    const r = await nmf(dense, { rank: 3, maxIter: 2 });
    expect(r.threads).toBe(Math.min(cores, AUTO_THREADS_CAP));
  });

  it("threads: 1 runs on the calling thread, with no note", async () => {
    const r = await nmf(dense, { rank: 3, maxIter: 5, threads: 1 });
    expect(r.threads).toBe(1);
    expect(r.threadsNote).toBeUndefined();
  });

  it("a problem below the threshold stays on one thread and says why, with the same result", async () => {
    setThreadingThreshold(DEFAULT_MIN_WORK);
    try {
      const small = await nmf(dense, { rank: 3, maxIter: 10, seed: 1, threads: 2 });
      expect(small.threads).toBe(1);
      expect(small.threadsNote).toMatch(/too small/);
      setThreadingThreshold(0);
      expectSameFit(small, await nmf(dense, { rank: 3, maxIter: 10, seed: 1, threads: 2 }), "threshold");
    } finally {
      setThreadingThreshold(0);
    }
  });

  it("without cross-origin isolation (as on a plain web page) a fit runs on one thread, says why, same bits", async () => {
    const options: NMFOptions = { rank: 4, solver: "mu", loss: "kl", maxIter: 10, seed: 6 };
    const pooled = await nmf(dense, { ...options, threads: 2 });
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = false;
    try {
      const plain = await nmf(dense, { ...options, threads: 2 });
      expect(plain.threads).toBe(1);
      expect(plain.threadsNote).toMatch(/cross-origin isolated/);
      expectSameFit(pooled, plain, "not isolated");
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it("more threads than the pool allows are capped, and said so", async () => {
    const r = await nmf(randomMatrix(40, 30, 1), { rank: 3, maxIter: 1, seed: 1, threads: 99 });
    expect(r.threads).toBe(16);
    expect(r.threadsNote).toMatch(/capped/);
  });
});
