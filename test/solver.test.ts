// Properties of the multiplicative-update solvers on random data: non-negativity, monotone
// error, agreement with the pure-JS baseline, determinism, stopping rules, memory reuse.
import { describe, expect, it } from "vitest";
import { nmf, wasmMemoryBytes, type NMFOptions } from "../src/index.js";
import { baselineMu } from "../src/baseline/index.js";
import { lowRankMatrix, randomMatrix, relativeToMax } from "./helpers.js";

const losses = ["frobenius", "kullback-leibler"] as const;

describe.each(losses)("MU %s", (loss) => {
  const V = lowRankMatrix(37, 29, 4, 11);

  it("keeps W and H non-negative and finite", async () => {
    const r = await nmf(V, { solver: "mu", rank: 6, loss, init: "random", seed: 3, maxIter: 50, tol: 0 });
    for (const x of [...r.W.data, ...r.H.data]) expect(x >= 0 && Number.isFinite(x)).toBe(true);
    expect(r.W.rows).toBe(37);
    expect(r.W.cols).toBe(6);
    expect(r.H.rows).toBe(6);
    expect(r.H.cols).toBe(29);
  });

  it("never increases the error from one iteration to the next", async () => {
    const start = await nmf(V, { solver: "mu", rank: 5, loss, init: "random", seed: 5, maxIter: 0 });
    let previous = start.reconstructionError;
    let W = start.W, H = start.H;
    for (let it = 0; it < 25; it++) {
      const r = await nmf(V, { solver: "mu", rank: 5, loss, init: { W, H }, maxIter: 1, tol: 0 });
      expect(r.reconstructionError).toBeLessThanOrEqual(previous * (1 + 1e-6));
      previous = r.reconstructionError;
      W = r.W;
      H = r.H;
    }
    expect(previous).toBeLessThan(start.reconstructionError * 0.9);
  });

  it("error history is non-increasing and reconstructionError matches its last check", async () => {
    const r = await nmf(V, { solver: "mu", rank: 4, loss, seed: 1, maxIter: 100, tol: 0 });
    expect(r.history.map((h) => h.iteration)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (let t = 1; t < r.history.length; t++) {
      expect(r.history[t].error).toBeLessThanOrEqual(r.history[t - 1].error * (1 + 1e-6));
    }
    expect(r.reconstructionError).toBeCloseTo(r.history[r.history.length - 1].error, 4);
  });

  it("matches the pure-JS baseline from the same start", async () => {
    const X = randomMatrix(50, 40, 21, 0.3);
    const start = await nmf(X, { solver: "mu", rank: 5, loss, init: "random", seed: 9, maxIter: 0 });
    const r = await nmf(X, { solver: "mu", rank: 5, loss, init: { W: start.W, H: start.H }, maxIter: 30, tol: 0 });
    const b = baselineMu(X, start.W, start.H, { loss, maxIter: 30 });
    expect(Math.abs(r.reconstructionError - b.reconstructionError) / b.reconstructionError).toBeLessThan(1e-5);
    expect(relativeToMax(r.W.data, b.W.data)).toBeLessThan(1e-4);
    expect(relativeToMax(r.H.data, b.H.data)).toBeLessThan(1e-4);
  });

  it("factorizes all-zero rows and columns without NaN", async () => {
    const X = randomMatrix(20, 15, 4);
    for (let j = 0; j < 15; j++) X.data[3 * 15 + j] = 0;
    for (let i = 0; i < 20; i++) X.data[i * 15 + 7] = 0;
    for (const init of ["random", "nndsvd", "nndsvda", "nndsvdar"] as const) {
      const r = await nmf(X, { solver: "mu", rank: 3, loss, init, seed: 2, maxIter: 60, tol: 0 });
      expect(Number.isFinite(r.reconstructionError)).toBe(true);
      for (const x of [...r.W.data, ...r.H.data]) expect(Number.isFinite(x) && x >= 0).toBe(true);
      // The zero row of V gets a zero row of W, the zero column a zero column of H.
      let rowMass = 0, colMass = 0;
      for (let c = 0; c < 3; c++) rowMass += r.W.data[3 * 3 + c];
      for (let c = 0; c < 3; c++) colMass += r.H.data[c * 15 + 7];
      expect(rowMass).toBeLessThan(1e-6);
      expect(colMass).toBeLessThan(1e-6);
    }
  });
});

describe("determinism and stopping", () => {
  const V = lowRankMatrix(30, 25, 3, 7);

  it("the same seed gives bit-identical factors; another seed differs", async () => {
    for (const init of ["random", "nndsvdar", "nndsvda"] as const) {
      const a = await nmf(V, { solver: "mu", rank: 4, init, seed: 42, maxIter: 20 });
      const b = await nmf(V, { solver: "mu", rank: 4, init, seed: 42, maxIter: 20 });
      expect(Buffer.from(a.W.data.buffer).equals(Buffer.from(b.W.data.buffer))).toBe(true);
      expect(Buffer.from(a.H.data.buffer).equals(Buffer.from(b.H.data.buffer))).toBe(true);
    }
    const a = await nmf(V, { solver: "mu", rank: 4, init: "random", seed: 1, maxIter: 5 });
    const c = await nmf(V, { solver: "mu", rank: 4, init: "random", seed: 2, maxIter: 5 });
    expect(relativeToMax(a.W.data, c.W.data)).toBeGreaterThan(1e-3);
  });

  it("tol stops at a check and reports converged; tol 0 runs maxIter", async () => {
    const r = await nmf(V, { solver: "mu", rank: 3, tol: 1e-2, maxIter: 500, seed: 0 });
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeLessThan(500);
    expect(r.iterations % 10).toBe(0);
    const last = r.history.length - 1;
    expect((r.history[last - 1].error - r.history[last].error) / r.history[0].error).toBeLessThan(1e-2);
    const full = await nmf(V, { solver: "mu", rank: 3, tol: 0, maxIter: 35, seed: 0 });
    expect(full.converged).toBe(false);
    expect(full.iterations).toBe(35);
  });

  it("onProgress reports every check with increasing iteration and elapsed time", async () => {
    const events: { iteration: number; error: number; elapsedMs: number }[] = [];
    await nmf(V, { solver: "mu", rank: 3, maxIter: 40, tol: 0, seed: 0, onProgress: (e) => events.push(e) });
    expect(events.map((e) => e.iteration)).toEqual([10, 20, 30, 40]);
    for (let t = 1; t < events.length; t++) expect(events[t].elapsedMs).toBeGreaterThanOrEqual(events[t - 1].elapsedMs);
    for (const e of events) expect(e.error).toBeGreaterThan(0);
  });

  it("an AbortSignal stops the fit with an AbortError", async () => {
    await expect(nmf(V, { solver: "mu", rank: 3, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    const controller = new AbortController();
    const fit = nmf(V, {
      rank: 3, maxIter: 100000, tol: 0, seed: 0, signal: controller.signal,
      onProgress: (e) => { if (e.iteration === 50) controller.abort(); },
    });
    await expect(fit).rejects.toMatchObject({ name: "AbortError" });
    // The engine is usable after an aborted fit.
    const after = await nmf(V, { solver: "mu", rank: 3, maxIter: 10, seed: 0 });
    expect(Number.isFinite(after.reconstructionError)).toBe(true);
  });

  it("default init is nndsvda when rank ≤ min(m, n), random otherwise", async () => {
    const byDefault = await nmf(V, { solver: "mu", rank: 4, maxIter: 0, seed: 3 });
    const nndsvda = await nmf(V, { solver: "mu", rank: 4, init: "nndsvda", maxIter: 0, seed: 3 });
    expect(byDefault.W.data).toEqual(nndsvda.W.data);
    const small = { rows: 3, cols: 4, data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };
    const wide = await nmf(small, { solver: "mu", rank: 5, maxIter: 0, seed: 3 });
    const random = await nmf(small, { solver: "mu", rank: 5, init: "random", maxIter: 0, seed: 3 });
    expect(wide.W.data).toEqual(random.W.data);
  });

  it("random init has no zero entries (MU could never move them)", async () => {
    const r = await nmf(V, { solver: "mu", rank: 8, init: "random", maxIter: 0, seed: 12 });
    expect(r.W.data.every((x) => x > 0)).toBe(true);
    expect(r.H.data.every((x) => x > 0)).toBe(true);
  });

  it("never modifies the caller's arrays", async () => {
    const data = Float64Array.from(V.data);
    const input = { rows: V.rows, cols: V.cols, data };
    const W0 = randomMatrix(30, 3, 1), H0 = randomMatrix(3, 25, 2);
    const w0 = W0.data.slice(), h0 = H0.data.slice();
    const options: NMFOptions = { solver: "mu", rank: 3, init: { W: W0, H: H0 }, maxIter: 20 };
    await nmf(input, options);
    expect(data).toEqual(Float64Array.from(V.data));
    expect(W0.data).toEqual(w0);
    expect(H0.data).toEqual(h0);
  });

  it("repeated fits do not grow WebAssembly memory", async () => {
    const X = lowRankMatrix(120, 90, 5, 3);
    await nmf(X, { solver: "mu", rank: 6, maxIter: 20, seed: 0, loss: "kl" });
    const before = wasmMemoryBytes();
    for (let t = 0; t < 15; t++) await nmf(X, { solver: "mu", rank: 6, maxIter: 20, seed: t, loss: t % 2 ? "kl" : "frobenius" });
    expect(wasmMemoryBytes()).toBe(before);
  });

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
