// Properties of the multiplicative-update solver on random data: non-negative finite factors,
// monotone error, agreement with the pure-JS baseline, determinism, the caller's arrays,
// memory reuse, zero rows and columns, stopping rules, progress, abort, initialization.
import { describe, expect, it } from "vitest";
import { denseToCsr, nmf, wasmMemoryBytes, type NMFOptions, type NMFResult } from "../src/index.js";
import { baselineMu } from "../src/baseline/index.js";
import { bitsEqual, lowRankMatrix, randomMatrix, referenceError, relativeToMax } from "./helpers.js";

const losses = ["frobenius", "kullback-leibler"] as const;
const mu = { solver: "mu" } as const;

describe.each(losses)("MU %s", (loss) => {
  const V = randomMatrix(31, 23, 11, 0.25); // zeros in V, odd shape

  it("keeps W and H non-negative and finite, with the right shapes", async () => {
    for (const init of ["random", "nndsvd", "nndsvda"] as const) {
      const r = await nmf(V, { ...mu, rank: 6, loss, init, seed: 3, maxIter: 60, tol: 0 });
      expect([r.W.rows, r.W.cols, r.H.rows, r.H.cols]).toEqual([31, 6, 6, 23]);
      expect(r.W.data.every((x) => x >= 0 && Number.isFinite(x)), init).toBe(true);
      expect(r.H.data.every((x) => x >= 0 && Number.isFinite(x)), init).toBe(true);
      expect(Number.isFinite(r.reconstructionError)).toBe(true);
    }
  });

  it("never increases the error from one iteration to the next", async () => {
    const start = await nmf(V, { ...mu, rank: 5, loss, init: "random", seed: 5, maxIter: 0 });
    let previous = start.reconstructionError, W = start.W, H = start.H;
    for (let t = 0; t < 30; t++) {
      const r = await nmf(V, { ...mu, rank: 5, loss, init: { W, H }, maxIter: 1, tol: 0 });
      expect(r.reconstructionError, `iteration ${t + 1}`).toBeLessThanOrEqual(previous * (1 + 1e-6));
      previous = r.reconstructionError;
      ({ W, H } = r);
    }
    expect(previous).toBeLessThan(start.reconstructionError * 0.9);
  });

  it("one run of N iterations equals N chained runs of one iteration", async () => {
    const start = await nmf(V, { ...mu, rank: 4, loss, init: "random", seed: 8, maxIter: 0 });
    let { W, H } = start;
    for (let t = 0; t < 12; t++) ({ W, H } = await nmf(V, { ...mu, rank: 4, loss, init: { W, H }, maxIter: 1, tol: 0 }));
    const once = await nmf(V, { ...mu, rank: 4, loss, init: { W: start.W, H: start.H }, maxIter: 12, tol: 0 });
    expect(bitsEqual(once.W.data, W.data)).toBe(true);
    expect(bitsEqual(once.H.data, H.data)).toBe(true);
  });

  it("error history is non-increasing, one entry per check, and agrees with a direct computation", async () => {
    const r = await nmf(V, { ...mu, rank: 4, loss, seed: 1, maxIter: 100, tol: 0 });
    expect(r.history.map((h) => h.iteration)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (let t = 1; t < r.history.length; t++) {
      expect(r.history[t].error).toBeLessThanOrEqual(r.history[t - 1].error * (1 + 1e-6));
    }
    const last = r.history[r.history.length - 1].error;
    expect(Math.abs(r.reconstructionError - last) / last).toBeLessThan(1e-4);
    // reconstructionError is scikit-learn's definition, recomputed here in float64 from the factors.
    expect(Math.abs(r.reconstructionError - referenceError(loss, V, r.W, r.H)) / r.reconstructionError).toBeLessThan(1e-5);
  });

  it("matches the pure-JS baseline on random 50×40 data, k = 5, 30 iterations", async () => {
    const X = randomMatrix(50, 40, 21, 0.3);
    const start = await nmf(X, { ...mu, rank: 5, loss, init: "random", seed: 9, maxIter: 0 });
    const r = await nmf(X, { ...mu, rank: 5, loss, init: { W: start.W, H: start.H }, maxIter: 30, tol: 0 });
    const b = baselineMu(X, start.W, start.H, { loss, maxIter: 30, tol: 0 });
    expect(Math.abs(r.reconstructionError - b.reconstructionError) / b.reconstructionError).toBeLessThan(1e-5);
    expect(relativeToMax(r.W.data, b.W.data)).toBeLessThan(1e-4);
    expect(relativeToMax(r.H.data, b.H.data)).toBeLessThan(1e-4);
    // The baseline checks the error at the same iterations as the engine, tol 0 or not.
    expect(b.history.map((e) => e.iteration)).toEqual(r.history.map((e) => e.iteration));
    b.history.forEach((e, t) => expect(Math.abs(r.history[t].error - e.error) / e.error).toBeLessThan(1e-5));
  });

  it("flushes float32 subnormals to zero in long fits (dense and CSR input)", async () => {
    // Both losses left subnormal entries in W or H on this matrix before the flush.
    const X = randomMatrix(40, 30, 12, 0.7);
    for (const input of [X, denseToCsr(X)]) {
      const r = await nmf(input, { ...mu, rank: 8, loss, init: "nndsvda", maxIter: 1500, tol: 0 });
      const subnormal = [...r.W.data, ...r.H.data].filter((x) => x > 0 && x < 2 ** -126);
      expect(subnormal, "format" in input ? "CSR" : "dense").toEqual([]);
    }
  });

  it("factorizes all-zero rows and columns: finite, and exactly zero reconstruction there", async () => {
    const X = randomMatrix(20, 15, 4);
    for (let j = 0; j < 15; j++) X.data[3 * 15 + j] = 0;
    for (let i = 0; i < 20; i++) X.data[i * 15 + 7] = 0;
    for (const init of ["random", "nndsvd", "nndsvda", "nndsvdar"] as const) {
      const r = await nmf(X, { ...mu, rank: 3, loss, init, seed: 2, maxIter: 20, tol: 0 });
      expect(Number.isFinite(r.reconstructionError), init).toBe(true);
      expect([...r.W.data, ...r.H.data].every((x) => Number.isFinite(x) && x >= 0), init).toBe(true);
      // The numerators of W's row 3 and H's column 7 are exactly zero after the first update.
      expect(Array.from(r.W.data.subarray(9, 12)), init).toEqual([0, 0, 0]);
      expect([0, 1, 2].map((c) => r.H.data[c * 15 + 7]), init).toEqual([0, 0, 0]);
    }
  });
});

describe("determinism", () => {
  const V = lowRankMatrix(30, 25, 3, 7);

  it("the same seed gives bit-identical factors; another seed differs", async () => {
    for (const init of ["random", "nndsvdar", "nndsvda"] as const) {
      for (const loss of losses) {
        const a = await nmf(V, { ...mu, rank: 4, loss, init, seed: 42, maxIter: 20 });
        const b = await nmf(V, { ...mu, rank: 4, loss, init, seed: 42, maxIter: 20 });
        expect(bitsEqual(a.W.data, b.W.data), `${init} ${loss}`).toBe(true);
        expect(bitsEqual(a.H.data, b.H.data), `${init} ${loss}`).toBe(true);
        expect(a.reconstructionError).toBe(b.reconstructionError);
      }
    }
    for (const init of ["random", "nndsvdar"] as const) {
      const a = await nmf(V, { ...mu, rank: 4, init, seed: 1, maxIter: 5 });
      const c = await nmf(V, { ...mu, rank: 4, init, seed: 2, maxIter: 5 });
      expect(relativeToMax(a.W.data, c.W.data), init).toBeGreaterThan(1e-3);
    }
  });

  it("without a seed, random inits differ between calls", async () => {
    const a = await nmf(V, { ...mu, rank: 4, init: "random", maxIter: 0 });
    const b = await nmf(V, { ...mu, rank: 4, init: "random", maxIter: 0 });
    expect(bitsEqual(a.W.data, b.W.data)).toBe(false);
  });

  it("concurrent fits give the same results as sequential ones", async () => {
    const options = (seed: number, loss: (typeof losses)[number]): NMFOptions => ({ ...mu, rank: 3, loss, seed, maxIter: 25, tol: 0 });
    const sequential: NMFResult[] = [];
    for (let s = 0; s < 4; s++) sequential.push(await nmf(V, options(s, losses[s % 2])));
    const concurrent = await Promise.all([0, 1, 2, 3].map((s) => nmf(V, options(s, losses[s % 2]))));
    concurrent.forEach((r, s) => {
      expect(bitsEqual(r.W.data, sequential[s].W.data)).toBe(true);
      expect(bitsEqual(r.H.data, sequential[s].H.data)).toBe(true);
    });
  });
});

describe("the caller's data and the engine's memory", () => {
  const V = lowRankMatrix(30, 25, 3, 7);

  it("never modifies V or the init arrays (every input form)", async () => {
    const W0 = randomMatrix(30, 3, 1), H0 = randomMatrix(3, 25, 2);
    const w0 = W0.data.slice(), h0 = H0.data.slice();
    const f64 = { rows: 30, cols: 25, data: Float64Array.from(V.data) };
    const f32 = { rows: 30, cols: 25, data: V.data.slice() };
    const arr = { rows: 30, cols: 25, data: Array.from(V.data) };
    const rows = Array.from({ length: 30 }, (_, i) => Array.from(V.data.subarray(i * 25, (i + 1) * 25)));
    const copies = [f64.data.slice(), f32.data.slice(), arr.data.slice(), rows.map((r) => r.slice())];
    for (const loss of losses) {
      for (const input of [f64, f32, arr, rows]) {
        await nmf(input, { ...mu, rank: 3, loss, init: { W: W0, H: H0 }, maxIter: 20 });
        await nmf(input, { ...mu, rank: 3, loss, seed: 0, maxIter: 5 });
      }
    }
    expect(f64.data).toEqual(copies[0]);
    expect(f32.data).toEqual(copies[1]);
    expect(arr.data).toEqual(copies[2]);
    expect(rows).toEqual(copies[3]);
    expect(W0.data).toEqual(w0);
    expect(H0.data).toEqual(h0);
  });

  it("results are copies: a later fit does not change an earlier result", async () => {
    const first = await nmf(V, { ...mu, rank: 3, seed: 0, maxIter: 10 });
    const w = first.W.data.slice(), h = first.H.data.slice();
    expect(first.W.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    await nmf(randomMatrix(30, 25, 99), { ...mu, rank: 3, seed: 1, maxIter: 10 });
    expect(bitsEqual(first.W.data, w)).toBe(true);
    expect(bitsEqual(first.H.data, h)).toBe(true);
  });

  it("repeated fits do not grow WebAssembly memory", async () => {
    const X = lowRankMatrix(120, 90, 5, 3);
    const fit = (t: number) => nmf(X, { ...mu, rank: 6, maxIter: 10, seed: t, loss: losses[t % 2], init: t % 3 ? "nndsvda" : "random" });
    await fit(0);
    await fit(1);
    const before = wasmMemoryBytes();
    expect(before).toBeGreaterThan(0);
    for (let t = 0; t < 20; t++) await fit(t);
    expect(wasmMemoryBytes()).toBe(before);
  });
});

describe("stopping, history and progress", () => {
  const V = lowRankMatrix(30, 25, 3, 7);

  it.each(losses)("%s: tol stops at a check, reports converged, and not later than the rule says", async (loss) => {
    const tol = 1e-3;
    const r = await nmf(V, { ...mu, rank: 3, loss, tol, maxIter: 2000, seed: 0 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(2000);
    expect(r.iterations % 10).toBe(0);
    const h = r.history, e0 = h[0].error;
    expect(h.map((x) => x.iteration)).toEqual(Array.from({ length: r.iterations / 10 + 1 }, (_, t) => t * 10));
    // Stopped at the first check whose improvement over the previous one is below tol·initial.
    expect((h[h.length - 2].error - h[h.length - 1].error) / e0).toBeLessThan(tol);
    for (let t = 1; t < h.length - 1; t++) expect((h[t - 1].error - h[t].error) / e0).toBeGreaterThanOrEqual(tol);
  });

  it("tol 0 runs to maxIter and reports not converged; history has an entry per check", async () => {
    const r = await nmf(V, { ...mu, rank: 3, tol: 0, maxIter: 35, seed: 0 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(35);
    expect(r.history.map((h) => h.iteration)).toEqual([0, 10, 20, 30]);
    const none = await nmf(V, { ...mu, rank: 3, tol: 0, maxIter: 0, seed: 0 });
    expect(none.iterations).toBe(0);
    expect(none.history).toEqual([{ iteration: 0, error: none.reconstructionError }]);
  });

  it("history errors equal the errors of separate runs stopped at those iterations", async () => {
    const start = await nmf(V, { ...mu, rank: 3, init: "random", seed: 4, maxIter: 0 });
    const init = { W: start.W, H: start.H };
    const r = await nmf(V, { ...mu, rank: 3, init, tol: 0, maxIter: 30 });
    for (const { iteration, error } of r.history) {
      const stopped = await nmf(V, { ...mu, rank: 3, init, tol: 0, maxIter: iteration });
      expect(Math.abs(error - stopped.reconstructionError) / stopped.reconstructionError, `iteration ${iteration}`).toBeLessThan(1e-4);
    }
  });

  it("onProgress is called at every check with increasing iteration, the history's error and maxIter", async () => {
    const events: { iteration: number; error: number; elapsedMs: number; maxIter: number }[] = [];
    const r = await nmf(V, { ...mu, rank: 3, maxIter: 45, tol: 0, seed: 0, onProgress: (e) => events.push({ ...e }) });
    expect(events.map((e) => e.iteration)).toEqual([10, 20, 30, 40]);
    expect(events.map((e) => e.error)).toEqual(r.history.slice(1).map((h) => h.error));
    for (const e of events) expect(e.maxIter).toBe(45);
    for (let t = 1; t < events.length; t++) expect(events[t].elapsedMs).toBeGreaterThanOrEqual(events[t - 1].elapsedMs);
  });

  it("an already-aborted signal rejects with an AbortError, before any progress", async () => {
    let calls = 0;
    const fit = nmf(V, { ...mu, rank: 3, signal: AbortSignal.abort(), onProgress: () => calls++ });
    await expect(fit).rejects.toMatchObject({ name: "AbortError" });
    expect(calls).toBe(0);
  });

  it("aborting from onProgress rejects with an AbortError at that check, and the next fit works", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const fit = nmf(V, {
      ...mu, rank: 3, maxIter: 100000, tol: 0, seed: 0, signal: controller.signal,
      onProgress: (e) => { seen.push(e.iteration); if (e.iteration === 50) controller.abort(); },
    });
    await expect(fit).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    const after = await nmf(V, { ...mu, rank: 3, maxIter: 10, seed: 0 });
    const reference = await nmf(V, { ...mu, rank: 3, maxIter: 10, seed: 0 });
    expect(bitsEqual(after.W.data, reference.W.data)).toBe(true);
  });
});

describe("initialization", () => {
  const V = lowRankMatrix(30, 25, 3, 7);

  it("random init has no zero entries", async () => {
    for (const seed of [0, 1, 2]) {
      const r = await nmf(V, { ...mu, rank: 8, init: "random", maxIter: 0, seed });
      expect(r.W.data.every((x) => x > 0)).toBe(true);
      expect(r.H.data.every((x) => x > 0)).toBe(true);
    }
  });

  it("default init is nndsvda when rank ≤ min(m, n), random otherwise", async () => {
    const small = { rows: 3, cols: 4, data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
    for (const [X, rank, expected] of [[V, 4, "nndsvda"], [small, 3, "nndsvda"], [small, 4, "random"], [small, 7, "random"]] as const) {
      const byDefault = await nmf(X, { ...mu, rank, maxIter: 0, seed: 3 });
      const explicit = await nmf(X, { ...mu, rank, init: expected, maxIter: 0, seed: 3 });
      expect(bitsEqual(byDefault.W.data, explicit.W.data), `rank ${rank}`).toBe(true);
      expect(bitsEqual(byDefault.H.data, explicit.H.data), `rank ${rank}`).toBe(true);
    }
    // …and the default is not the other method.
    const other = await nmf(V, { ...mu, rank: 4, init: "random", maxIter: 0, seed: 3 });
    const byDefault = await nmf(V, { ...mu, rank: 4, maxIter: 0, seed: 3 });
    expect(bitsEqual(byDefault.W.data, other.W.data)).toBe(false);
  });

  it("init { W, H } with maxIter 0 returns exactly the given factors", async () => {
    const W = randomMatrix(30, 3, 5), H = randomMatrix(3, 25, 6);
    const r = await nmf(V, { ...mu, rank: 3, init: { W, H }, maxIter: 0 });
    expect(bitsEqual(r.W.data, W.data)).toBe(true);
    expect(bitsEqual(r.H.data, H.data)).toBe(true);
    expect(Math.abs(r.reconstructionError - referenceError("frobenius", V, W, H)) / r.reconstructionError).toBeLessThan(1e-6);
  });
});

describe("near-exact fits", () => {
  it("an exact fit reports a tiny, non-negative error (no trace-form cancellation)", async () => {
    const W = randomMatrix(40, 3, 1), H = randomMatrix(3, 30, 2);
    const X = { rows: 40, cols: 30, data: Float32Array.from(Array.from({ length: 1200 }, (_, t) => {
      const i = Math.floor(t / 30), j = t % 30;
      let s = 0;
      for (let c = 0; c < 3; c++) s += W.data[i * 3 + c] * H.data[c * 30 + j];
      return s;
    })) };
    const r = await nmf(X, { solver: "mu", rank: 3, init: { W, H }, maxIter: 20, tol: 0 });
    expect(r.reconstructionError).toBeGreaterThanOrEqual(0);
    expect(r.reconstructionError).toBeLessThan(1e-4);
    for (const h of r.history) expect(h.error >= 0 && h.error < 1e-4).toBe(true);
  });
});
