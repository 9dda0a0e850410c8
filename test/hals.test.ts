// The accelerated HALS solver ('hals') and its row-blocked sweep kernel: the kernel against a
// float64 JS reference of the same block sweeps, against cd's single sweep, row ranges against
// the whole range; the solver's best-iterate history, its default stopping rule against cd's
// (scikit-learn's) on the fixtures, and the KL warm start against plain MU.
import { describe, expect, it } from "vitest";
import { OptionError, nmf } from "../src/index.js";
import { Engine, withEngine, type Buf } from "../src/engine.js";
import { improvedLittle, sweepBudget } from "../src/solvers/hals.js";
import { loadFixtures, lowRankMatrix, randomMatrix, referenceError, relativeToMax, rng } from "./helpers.js";

function put(engine: Engine, rows: number, cols: number, data: ArrayLike<number>): Buf {
  const buf = engine.alloc(rows, cols);
  engine.write(buf, data);
  return buf;
}

/** A row problem: X (m×k) ≥ 0, G = YᵀY (k×k), P = V·Y (m×k) from random V (m×n) and Y (n×k). */
function rowProblem(m: number, n: number, k: number, seed: number) {
  const V = randomMatrix(m, n, seed), Y = randomMatrix(n, k, seed + 1), X = randomMatrix(m, k, seed + 2, 0.2);
  const G = new Float64Array(k * k), P = new Float64Array(m * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) for (let j = 0; j < n; j++) G[a * k + b] += Y.data[j * k + a] * Y.data[j * k + b];
  for (let i = 0; i < m; i++) for (let t = 0; t < k; t++) for (let j = 0; j < n; j++) P[i * k + t] += V.data[i * n + j] * Y.data[j * k + t];
  return { X: X.data, G: Float32Array.from(G), P: Float32Array.from(P) };
}

/**
 * The kernel's contract in float64: blocks of `blockRows` rows aligned to absolute row multiples,
 * each swept up to maxSweeps times, stopping once a sweep's Σ change² ≤ δ²·the first sweep's.
 */
function referenceSweeps(X: Float32Array, G: Float32Array, P: Float32Array, m: number, k: number,
  l1: number, l2: number, maxSweeps: number, delta: number, blockRows: number): { X: Float64Array; violation: number } {
  const x = Float64Array.from(X);
  let violation = 0;
  for (let b0 = 0; b0 < m; b0 += blockRows) {
    const b1 = Math.min(m, b0 + blockRows);
    let first = 0;
    for (let s = 0; s < maxSweeps; s++) {
      let change = 0;
      for (let t = 0; t < k; t++) {
        const hess = G[t * k + t] + l2;
        if (hess === 0) continue;
        for (let i = b0; i < b1; i++) {
          let grad = l1 - P[i * k + t] + l2 * x[i * k + t];
          for (let r = 0; r < k; r++) grad += G[t * k + r] * x[i * k + r];
          const old = x[i * k + t];
          if (s === 0) violation += Math.abs(old === 0 ? Math.min(grad, 0) : grad);
          x[i * k + t] = Math.max(old - grad / hess, 0);
          change += (x[i * k + t] - old) ** 2;
        }
      }
      if (s === 0) {
        first = change;
        if (change === 0) break;
      } else if (change <= delta * delta * first) break;
    }
  }
  return { X: x, violation };
}

describe("halsSweeps kernel", () => {
  it.each([
    [1, 1, 1, 0, 0], [5, 3, 1, 0, 0], [37, 4, 3, 0, 0], [50, 7, 5, 0.1, 0], [64, 10, 8, 0, 0.3], [33, 20, 4, 0.05, 0.2],
  ])("matches a float64 reference (m %i, k %i, %i sweeps, l1 %f, l2 %f)", async (m, k, sweeps, l1, l2) => {
    await withEngine(async (engine) => {
      const { X, G, P } = rowProblem(m, 12, k, m * 31 + k);
      for (const delta of [0, 0.1]) {
        const Xb = put(engine, m, k, X), Gb = put(engine, k, k, G), Pb = put(engine, m, k, P);
        const work = engine.allocBytes(engine.halsWorkBytes(k));
        const violation = engine.halsSweeps(Xb, Gb, Pb, l1, l2, sweeps, delta, work);
        const ref = referenceSweeps(X, G, P, m, k, l1, l2, sweeps, delta, engine.halsBlockRows());
        expect(relativeToMax(engine.read(Xb), ref.X), `δ ${delta}`).toBeLessThan(1e-4);
        expect(Math.abs(violation - ref.violation)).toBeLessThanOrEqual(1e-4 * ref.violation + 1e-6);
      }
    });
  });

  it("one sweep is cd's sweep (same iterate and Σ|projected gradient|)", async () => {
    await withEngine(async (engine) => {
      const m = 45, k = 9;
      const { X, G, P } = rowProblem(m, 15, k, 5);
      const Gb = put(engine, k, k, G), Pb = put(engine, m, k, P);
      const order = engine.allocInt32(Array.from({ length: k }, (_, t) => t));
      const cd = put(engine, m, k, X), hals = put(engine, m, k, X);
      const cdViolation = engine.coordinateDescentSweep(cd, Gb, Pb, order, 0.05, 0.1, engine.allocCdRow(k));
      const halsViolation = engine.halsSweeps(hals, Gb, Pb, 0.05, 0.1, 1, 0.1, engine.allocBytes(engine.halsWorkBytes(k)));
      expect(relativeToMax(engine.read(hals), engine.read(cd))).toBeLessThan(1e-5);
      expect(Math.abs(halsViolation - cdViolation) / cdViolation).toBeLessThan(1e-5);
    });
  });

  it("row ranges split at block multiples give the whole range's iterate bit for bit, and their sums add up", async () => {
    await withEngine(async (engine) => {
      const m = 103, k = 6, B = engine.halsBlockRows();
      const { X, G, P } = rowProblem(m, 10, k, 8);
      const Gb = put(engine, k, k, G), Pb = put(engine, m, k, P);
      const work = engine.allocBytes(engine.halsWorkBytes(k));
      const whole = put(engine, m, k, X), parts = put(engine, m, k, X);
      const total = engine.halsSweeps(whole, Gb, Pb, 0, 0, 6, 0.1, work);
      let sum = 0;
      for (const [i0, i1] of [[0, B], [B, 4 * B], [4 * B, m]]) sum += engine.halsSweeps(parts, Gb, Pb, 0, 0, 6, 0.1, work, i0, i1);
      expect(engine.read(parts)).toEqual(engine.read(whole));
      expect(Math.abs(sum - total)).toBeLessThanOrEqual(1e-12 * total);
      // Any other split still solves each row's problem: same rows, same result to rounding.
      const odd = put(engine, m, k, X);
      for (const [i0, i1] of [[0, 7], [7, 50], [50, m]]) engine.halsSweeps(odd, Gb, Pb, 0, 0, 1, 0.1, work, i0, i1);
      const one = put(engine, m, k, X);
      engine.halsSweeps(one, Gb, Pb, 0, 0, 1, 0.1, work);
      expect(engine.read(odd)).toEqual(engine.read(one));
    });
  });

  it("extrapolate: y = xNew + β(xNew − xOld), projected on request", async () => {
    await withEngine(async (engine) => {
      const a = randomMatrix(7, 5, 1), b = randomMatrix(7, 5, 2);
      const A = put(engine, 7, 5, a.data), Bb = put(engine, 7, 5, b.data), Y = engine.alloc(7, 5);
      for (const project of [false, true]) {
        engine.extrapolate(Y, A, Bb, 0.7, project);
        const want = Float64Array.from(a.data, (x, t) => {
          const y = x + 0.7 * (x - b.data[t]);
          return project ? Math.max(y, 0) : y;
        });
        expect(relativeToMax(engine.read(Y), want)).toBeLessThan(1e-6);
        expect(engine.read(Y).some((y) => y < 0)).toBe(!project);
      }
    });
  });
});

describe("hals solver", () => {
  const V = lowRankMatrix(60, 40, 5, 11);

  it("its sweep budget is ⌊1 + α·ρ⌋ (α = 1) with Gillis & Glineur's ρ", () => {
    // ρ_W = 1 + (K + n·k)/(m·(k + 1)): 3000×1500 dense, k = 20 → 1 + (4.5e6 + 30000)/63000 = 72.9 → 73.
    expect(sweepBudget(3000 * 1500, 3000, 1500, 20)).toBe(73);
    expect(sweepBudget(3000 * 1500, 3000, 1500, 20, 0.5)).toBe(37);
    // A cheap pass (ρ ≈ 1): two sweeps at α = 1, one at α = 0.5.
    expect(sweepBudget(10, 1000, 10, 5)).toBe(2);
    expect(sweepBudget(10, 1000, 10, 5, 0.5)).toBe(1);
  });

  it("stops when the error-like √(2f) improved by less than tol × its current value (floored at 1e-4·‖V‖) over a check interval", () => {
    // f = ½e²: from e = 100.02 to e = 100 is 2e-4 of 100, from 100.005 to 100 is 5e-5.
    expect(improvedLittle(0.5 * 100.02 ** 2, 0.5 * 100 ** 2, 1e-4, 1e3)).toBe(false);
    expect(improvedLittle(0.5 * 100.005 ** 2, 0.5 * 100 ** 2, 1e-4, 1e3)).toBe(true);
    expect(improvedLittle(1, 0, 1e-4, 1e3)).toBe(true);
    expect(improvedLittle(1, 1, 0, 1e3)).toBe(false);
    // A near-exact fit (error 1e-3 of a ‖V‖ = 1e4 matrix is below 1e-4·‖V‖ = 1): gains are measured against 1.
    expect(improvedLittle(0.5 * 1.0005 ** 2, 0.5 * 1 ** 2, 1e-4, 1e4)).toBe(false);
    expect(improvedLittle(0.5 * 0.01005 ** 2, 0.5 * 0.01 ** 2, 1e-4, 1e4)).toBe(true);
  });

  it("at the default tol, stops within 1 % of a long run's error on a planted set", async () => {
    const X = plantedMatrix(80, 60, 5, 3);
    const fit = await nmf(X, { rank: 5, seed: 1 });
    const long = await nmf(X, { rank: 5, seed: 1, maxIter: 1000, tol: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(200);
    expect(fit.reconstructionError).toBeLessThanOrEqual(1.01 * long.reconstructionError);
  });

  it("reports the best iterate: the history never rises and the result is its last entry", async () => {
    const r = await nmf(V, { rank: 5, solver: "hals", init: "random", seed: 2, maxIter: 150, tol: 0 });
    for (let t = 1; t < r.history.length; t++) expect(r.history[t].error).toBeLessThanOrEqual(r.history[t - 1].error);
    expect(r.history.at(-1)!.iteration).toBe(150);
    expect(Math.abs(r.reconstructionError - r.history.at(-1)!.error)).toBeLessThan(1e-4 * r.reconstructionError);
    expect(Math.abs(r.reconstructionError - referenceError("frobenius", V, r.W, r.H))).toBeLessThan(1e-5 * r.reconstructionError);
  });

  it("needs far fewer iterations than cd to reach cd's error", async () => {
    const cd = await nmf(V, { rank: 5, solver: "cd", seed: 4, maxIter: 300, tol: 0 });
    const hals = await nmf(V, { rank: 5, solver: "hals", seed: 4, maxIter: 60, tol: 0 });
    expect(hals.reconstructionError).toBeLessThanOrEqual(cd.reconstructionError * (1 + 1e-4));
  });

  it("is deterministic: the same call gives the same bits", async () => {
    const a = await nmf(V, { rank: 4, seed: 9, maxIter: 40 }), b = await nmf(V, { rank: 4, seed: 9, maxIter: 40 });
    expect(a.W.data).toEqual(b.W.data);
    expect(a.H.data).toEqual(b.H.data);
  });

  it("calls onProgress at every check with the history's errors, and aborts", async () => {
    const seen: number[] = [];
    const r = await nmf(V, { rank: 5, seed: 1, maxIter: 35, tol: 0, onProgress: (e) => seen.push(e.error) });
    expect(seen).toEqual(r.history.slice(1).map((h) => h.error));
    const controller = new AbortController();
    const aborted = nmf(V, { rank: 5, seed: 1, maxIter: 100000, tol: 0, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe.each(loadFixtures())("hals on fixture $name", (fx) => {
  const init = { W: fx.W0, H: fx.H0 };
  const normX = Math.sqrt(fx.X.data.reduce((s, x) => s + x * x, 0));
  it("at the default tol, fits at least as well as cd (scikit-learn's iterates and rule) at its default tol", async () => {
    const hals = await nmf(fx.X, { rank: fx.rank, solver: "hals", init });
    const cd = await nmf(fx.X, { rank: fx.rank, solver: "cd", init });
    expect(hals.converged).toBe(true);
    expect(hals.reconstructionError).toBeLessThanOrEqual(cd.reconstructionError * (1 + 1e-5) + 1e-6 * normX);
  });
});

/** V = W·H + small noise, W and H with Exponential(1) entries: where MU from NNDSVD-A crawls. */
function plantedMatrix(m: number, n: number, k: number, seed: number) {
  const r = rng(seed), exp = () => -Math.log(1 - r());
  const w = Array.from({ length: m * k }, exp), h = Array.from({ length: k * n }, exp);
  const data = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0.01 * r();
      for (let c = 0; c < k; c++) s += w[i * k + c] * h[c * n + j];
      data[i * n + j] = s;
    }
  }
  return { rows: m, cols: n, data };
}

describe("KL warm start", () => {
  const V = plantedMatrix(120, 80, 6, 21);

  it("beats plain MU given as many iterations, and given 4× as many (a hals iteration = two passes over V, as MU's)", async () => {
    const warm = 30, mu = 20;
    const warmed = await nmf(V, { rank: 6, loss: "kl", seed: 0, maxIter: mu, tol: 0, klWarmStart: warm, solver: "mu" });
    const plain = await nmf(V, { rank: 6, loss: "kl", seed: 0, maxIter: warm + mu, tol: 0, solver: "mu" });
    expect(warmed.iterations).toBe(mu);
    expect(warmed.reconstructionError).toBeLessThan(0.1 * plain.reconstructionError);
    const long = await nmf(V, { rank: 6, loss: "kl", seed: 0, maxIter: 4 * (warm + mu), tol: 0, solver: "mu" });
    expect(warmed.reconstructionError).toBeLessThan(long.reconstructionError);
  });

  it("an explicit solver: 'mu' keeps scikit-learn's plain start; klWarmStart is checked", async () => {
    const plain = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 10, tol: 0, solver: "mu" });
    const zero = await nmf(V, { rank: 3, loss: "kl", seed: 0, maxIter: 10, tol: 0, klWarmStart: 0 });
    expect(zero.W.data).toEqual(plain.W.data);
    for (const bad of [-1, 1.5, "3"]) {
      await expect(nmf(V, { rank: 3, loss: "kl", klWarmStart: bad as never })).rejects.toBeInstanceOf(OptionError);
    }
    await expect(nmf(V, { rank: 3, klWarmStart: 5 })).rejects.toThrow(/KL/);
    await expect(nmf(V, { rank: 3, loss: "itakura-saito", klWarmStart: 5 })).rejects.toThrow(/KL/);
  });

  it("transform with a warm-started KL model gives back the fitted W", async () => {
    const { NMF } = await import("../src/index.js");
    const model = new NMF({ rank: 6, loss: "kl", seed: 0, maxIter: 50 });
    const W = await model.fitTransform(V);
    const again = await model.transform(V);
    expect(relativeToMax(again.data, W.data)).toBeLessThan(0.05);
  });
});
