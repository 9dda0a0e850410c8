// Issue #18's holes, one test per cause: extreme but valid scales, huge options, names resolved
// through prototypes, memory bombs, BigInt entries, Matrix Market input, unknown formats,
// blocking the event loop, and abort reasons.
import { describe, expect, it } from "vitest";
import {
  MatrixShapeError, MatrixValueError, NMFError, OptionError, cooToCsr, csrToDense, formatMatrixMarket, nmf, parseMatrixMarket,
  type Matrix, type NMFOptions,
} from "../src/index.js";
import { Engine } from "../src/engine.js";
import { referenceError } from "./helpers.js";
// @ts-expect-error: a plain ESM module shared with bench/responsiveness.mjs, no type declarations
import { longestStall } from "../bench/event-loop.mjs";

const BASE = [5, 3, 0, 3, 7, 4, 6, 2, 5];
const scaled = (s: number): Matrix => ({ rows: 3, cols: 3, data: Float32Array.from(BASE, (x) => x * s) });

async function failure(call: () => Promise<unknown> | unknown): Promise<NMFError> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(NMFError);
  return error as NMFError;
}

function expectFiniteFactors(r: { W: Matrix; H: Matrix; reconstructionError: number; history: { error: number }[] }): void {
  for (const x of [...r.W.data, ...r.H.data]) expect(x >= 0 && x < Infinity).toBe(true);
  for (const { error } of r.history) expect(Number.isFinite(error)).toBe(true);
  expect(Number.isFinite(r.reconstructionError)).toBe(true);
}

describe("scale: any float32 scale gives finite factors and the true error", () => {
  const cases: [string, number, Partial<NMFOptions>][] = [
    ["cd, ×1e20 (the issue's repro)", 1e20, {}],
    ["cd nndsvda, ×1e19", 1e19, { solver: "cd", init: "nndsvda" }],
    ["mu Frobenius, ×1e17", 1e17, { solver: "mu" }],
    ["anls, ×3e37", 3e37 / 7, { solver: "anls" }],
    ["cd, ×1e-30", 1e-30, {}],
    ["KL, ×1e30", 1e30, { loss: "kl" }],
    ["KL, ×1e-30", 1e-30, { loss: "kl" }],
  ];
  it.each(cases)("%s", async (_name, s, options) => {
    const V = scaled(s);
    const r = await nmf(V, { rank: 2, seed: 0, ...options });
    expectFiniteFactors(r);
    const loss = options.loss === "kl" ? "kullback-leibler" : "frobenius";
    if (loss === "frobenius") {
      // The error reported is the error of the factors returned, and as good as the fit at scale 1.
      expect(r.reconstructionError / referenceError(loss, V, r.W, r.H)).toBeCloseTo(1, 3);
      const unit = await nmf(scaled(1), { rank: 2, seed: 0, ...options });
      expect(r.reconstructionError / s).toBeLessThan(1.05 * unit.reconstructionError + 1e-6);
    }
  });

  it("β = 3 at 1e10 and Itakura-Saito at 1e-20 stay finite", async () => {
    expectFiniteFactors(await nmf(scaled(1e10), { rank: 2, seed: 0, loss: 3 }));
    const positive = { rows: 3, cols: 3, data: Float32Array.from(BASE, (x) => (x || 1) * 1e-20) };
    expectFiniteFactors(await nmf(positive, { rank: 2, seed: 0, loss: "itakura-saito" }));
  });

  it("a power-of-two scale gives the scale-1 fit, scaled", async () => {
    const unit = await nmf(scaled(1), { rank: 2, seed: 0, solver: "mu", maxIter: 50 });
    const big = await nmf(scaled(2 ** 80), { rank: 2, seed: 0, solver: "mu", maxIter: 50 });
    // Not bit for bit: the init's and the updates' absolute thresholds see V at another scale.
    expect(big.reconstructionError / 2 ** 80 / unit.reconstructionError).toBeCloseTo(1, 3);
    const wh = (r: typeof unit, i: number, j: number) => r.W.data[i * 2] * r.H.data[j] + r.W.data[i * 2 + 1] * r.H.data[3 + j];
    expect(wh(big, 1, 1) / 2 ** 80 / wh(unit, 1, 1)).toBeCloseTo(1, 2);
  });

  // At scale c (Frobenius) the same problem has α·c for L2 (‖W‖² grows by c) and α·c^1.5 for L1
  // (‖W‖₁ by √c) against ½‖V − WH‖²'s c²: a fit scaled internally (c = 2^40) must solve that
  // problem, as the unscaled fit at scale 1 does.
  it.each([[0, 1], [1, 1.5]])("regularization is rescaled with the data (l1Ratio %i)", async (l1Ratio, power) => {
    const options = { rank: 2, seed: 0, init: "random", solver: "mu", maxIter: 300, tol: 0, l1Ratio } as const;
    const unit = await nmf(scaled(1), { ...options, alphaW: 1 });
    const plain = await nmf(scaled(1), options);
    const big = await nmf(scaled(2 ** 40), { ...options, alphaW: 2 ** (40 * power) });
    // The regularization matters here (so a fit that ignored it would fail the comparison).
    expect(Math.abs(unit.reconstructionError / plain.reconstructionError - 1)).toBeGreaterThan(0.02);
    expect(big.reconstructionError / 2 ** 40 / unit.reconstructionError).toBeCloseTo(1, 2);
  });

  it("one entry of 1e30 in an ordinary matrix, and huge alphaW (KL too): finite, and the error is not 0", async () => {
    const data = Float32Array.from(BASE);
    data[4] = 1e30;
    for (const options of [{}, { loss: "kl", solver: "mu", alphaW: 1e20 }, { alphaW: 1e38 }] as Partial<NMFOptions>[]) {
      const r = await nmf({ rows: 3, cols: 3, data }, { rank: 2, seed: 0, ...options });
      expectFiniteFactors(r);
      expect(r.reconstructionError).toBeGreaterThan(0);
    }
  });

  it("an init holding 3e38 against an ordinary V is balanced (or moved to V's scale) and fitted", async () => {
    const zero = { rows: 3, cols: 2, data: new Float32Array(6) }, zeroH = { rows: 2, cols: 3, data: new Float32Array(6) };
    const norm = referenceError("frobenius", scaled(1), zero, zeroH);
    const W = { rows: 3, cols: 2, data: [3e38, 1, 1, 1, 1, 1] };
    for (const H of [[1e-38, 1e-38, 1e-38, 1e-38, 1e-38, 1e-38], [1, 1, 1, 1, 1, 1]]) {
      const r = await nmf(scaled(1), { rank: 2, solver: "mu", init: { W, H: { rows: 2, cols: 3, data: H } } });
      expectFiniteFactors(r);
      expect(r.reconstructionError).toBeLessThan(0.5 * norm);
      expect(r.reconstructionError / referenceError("frobenius", scaled(1), r.W, r.H)).toBeCloseTo(1, 3);
    }
  });

  it("a fixed factor whose partner would fall below float32's range → NON_FINITE_RESULT", async () => {
    const W = { rows: 3, cols: 1, data: [1e38, 1e38, 1e38] };
    const e = await failure(() => nmf(scaled(1e-21), { rank: 1, solver: "anls", init: { W, H: [[1, 1, 1]] }, updateW: false }));
    expect(e.code).toBe("NON_FINITE_RESULT");
  });
});

describe("options the arithmetic cannot hold", () => {
  it.each([100, -50, 5e-324, 1 + 1e-9, -1e-7])("loss β = %s → INVALID_OPTION", async (beta) => {
    const e = await failure(() => nmf(scaled(1), { rank: 2, loss: beta }));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "loss" });
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"])("loss '%s' (a prototype's name) → INVALID_OPTION", async (loss) => {
    const e = await failure(() => nmf(scaled(1), { rank: 2, loss } as never));
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "loss" });
  });

  it("an unknown option named like a prototype property gets no bogus hint", async () => {
    const e = await failure(() => nmf(scaled(1), JSON.parse('{"rank": 2, "constructor": 1}')));
    expect(e).toMatchObject({ code: "UNKNOWN_OPTION" });
    expect(e.message).not.toMatch(/did you mean/);
  });
});

describe("memory: sizes are checked before anything proportional to them is allocated", () => {
  it("CSR declaring 2³¹ − 1 columns with one entry → OUT_OF_MEMORY, quickly", async () => {
    const started = performance.now();
    const e = await failure(() => nmf({ format: "csr", rows: 1, cols: 2 ** 31 - 1, indptr: [0, 1], indices: [5], data: [1] }, { rank: 1 }));
    expect(e.code).toBe("OUT_OF_MEMORY");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("rank 2²⁹ on a 2×2 V → OUT_OF_MEMORY before any init", async () => {
    const e = await failure(() => nmf([[1, 2], [3, 4]], { rank: 2 ** 29 }));
    expect(e.code).toBe("OUT_OF_MEMORY");
  });

  it("the arena's arithmetic does not wrap past 2 GiB", async () => {
    const engine = await Engine.create();
    const e = await failure(() => engine.allocBytes(2 ** 32 - 64));
    expect(e.code).toBe("OUT_OF_MEMORY");
    const e2 = await failure(() => engine.allocBytes(2 ** 31 + 2 ** 30 + 2 ** 30));
    expect(e2.code).toBe("OUT_OF_MEMORY");
  });

  it("a 60-byte Matrix Market file declaring 3e9 rows → PARSE_ERROR naming the line", () => {
    const e = (() => { try { parseMatrixMarket("%%MatrixMarket matrix coordinate real general\n3000000000 2 1\n1 1 1\n"); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e).toMatchObject({ code: "PARSE_ERROR" });
    expect((e as Error).message).toMatch(/line 2/);
  });

  it("cooToCsr and csrToDense refuse what cannot be held", () => {
    expect(() => cooToCsr({ rows: 2 ** 31, cols: 1, row: [], col: [], data: [] })).toThrow(MatrixShapeError);
    expect(() => csrToDense({ format: "csr", rows: 2 ** 20, cols: 2 ** 20, indptr: new Int32Array(2 ** 20 + 1), indices: [], data: [] })).toThrow(MatrixShapeError);
    expect(() => csrToDense(null as never)).toThrow(MatrixShapeError);
  });
});

describe("BigInt entries are typed errors", () => {
  it.each([
    ["rows", [[1n, 2n]]],
    ["data", { rows: 1, cols: 2, data: [1, 2n] }],
    ["CSR values", { format: "csr", rows: 1, cols: 2, indptr: [0, 1], indices: [0], data: [1n] }],
  ])("in %s", async (_, V) => {
    const e = await failure(() => nmf(V as never, { rank: 1 }));
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e.code).toBe("NAN_ENTRY");
  });

  it("in init", async () => {
    const e = await failure(() => nmf(scaled(1), { rank: 1, init: { W: [[1n], [1], [1]] as never, H: [[1, 1, 1]] } }));
    expect(e).toMatchObject({ code: "NAN_ENTRY", matrix: "init.W" });
  });

  it("in COO data", () => {
    expect(() => cooToCsr({ rows: 1, cols: 1, row: [0], col: [0], data: [1n] as never })).toThrow(MatrixValueError);
  });
});

describe("Matrix Market input and output", () => {
  const text = "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.5\n2 2 3\n";

  it("bytes are read as UTF-8 (Uint8Array, Buffer, ArrayBuffer)", () => {
    const bytes = new TextEncoder().encode(text);
    const expected = parseMatrixMarket(text);
    expect(parseMatrixMarket(bytes)).toEqual(expected);
    expect(parseMatrixMarket(Buffer.from(text))).toEqual(expected);
    expect(parseMatrixMarket(bytes.buffer as ArrayBuffer)).toEqual(expected);
  });

  it.each([123, null, undefined, {}, [text]])("%s → MatrixShapeError", (input) => {
    expect(() => parseMatrixMarket(input as never)).toThrow(MatrixShapeError);
  });

  it("a non-square symmetric file → PARSE_ERROR naming the size line", () => {
    expect(() => parseMatrixMarket("%%MatrixMarket matrix coordinate real symmetric\n3 2 1\n3 1 1\n")).toThrow(/line 2.*square/);
  });

  it("a value beyond float32 → PARSE_ERROR naming its line", () => {
    expect(() => parseMatrixMarket("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1e39\n")).toThrow(/line 3/);
    expect(() => parseMatrixMarket("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 Infinity\n")).toThrow(/line 3/);
  });

  it("formatMatrixMarket refuses null, bad structure, NaN and values beyond float32", () => {
    expect(() => formatMatrixMarket(null as never)).toThrow(MatrixShapeError);
    expect(() => formatMatrixMarket({ format: "csr", rows: 1, cols: 1, indptr: [0, 1], indices: [3], data: [1] })).toThrow(MatrixShapeError);
    expect(() => formatMatrixMarket({ format: "csr", rows: 1, cols: 1, indptr: [0, 1], indices: [0], data: [NaN] })).toThrow(MatrixValueError);
    expect(() => formatMatrixMarket({ format: "csr", rows: 1, cols: 1, indptr: [0, 1], indices: [0], data: [1e39] })).toThrow(MatrixValueError);
  });
});

describe("format", () => {
  it.each(["CSR", "csc", "coo", "dense", 1])("format %s → INVALID_TYPE, never read as dense", async (format) => {
    const e = await failure(() => nmf({ format, rows: 1, cols: 2, indptr: [0, 2], indices: [0, 1], data: [1, 2] } as never, { rank: 1 }));
    expect(e).toMatchObject({ code: "INVALID_TYPE", matrix: "V" });
  });

  it("CSR arrays without a format → INVALID_TYPE", async () => {
    const e = await failure(() => nmf({ rows: 1, cols: 2, indptr: [0, 2], indices: [0, 1], data: [1, 2] } as never, { rank: 1 }));
    expect(e.message).toMatch(/format: 'csr'/);
  });
});

describe("the event loop and aborts", () => {
  const big: Matrix = { rows: 400, cols: 300, data: Float32Array.from({ length: 120000 }, (_, t) => ((t * 2654435761) % 1000) / 100) };

  it("a fit without a signal yields to timers (the NNDSVD init included)", async () => {
    // One thread and enough iterations that the fit lasts well past the yield budget on any machine.
    const { longest: stall, total } = (await longestStall(() => nmf(big, { rank: 30, solver: "mu", maxIter: 2000, tol: 0, seed: 1, threads: 1 }))) as
      { longest: number; total: number };
    expect(total).toBeGreaterThan(500);
    // The budget is 50 ms between pause points; a loaded CI core may stretch a slice.
    expect(stall).toBeLessThan(Math.min(300, total / 2));
  });

  it("an abort from a timer lands while the fit runs", async () => {
    const controller = new AbortController();
    const due = performance.now() + 50;
    setTimeout(() => controller.abort(), 50);
    await expect(nmf(big, { rank: 30, solver: "mu", maxIter: 100000, tol: 0, seed: 1, signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    // From when the timer was due (the NNDSVD init included): the budget is 50 ms, CI cores stretch it.
    expect(performance.now() - due).toBeLessThan(300);
  });

  it("an abort lands inside a long ANLS half-step (rank 1000: rows are solved in slices)", async () => {
    const V: Matrix = { rows: 40, cols: 40, data: new Float32Array(1600).map((_, t) => (t * 7919) % 13) };
    const controller = new AbortController();
    // Measured from when the timer was due: a fit holding the event loop delays the timer itself.
    const due = performance.now() + 30;
    setTimeout(() => controller.abort(), 30);
    await expect(nmf(V, { rank: 1000, solver: "anls", maxIter: 1000, tol: 0, seed: 1, signal: controller.signal }))
      .rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - due).toBeLessThan(250);
  });

  it.each([["a string", "stop"], ["a number", 42], ["an object", { why: "enough" }]])("an abort with %s reason rejects with that reason", async (_, reason) => {
    const controller = new AbortController();
    const fit = nmf(big, { rank: 5, solver: "mu", maxIter: 100000, tol: 0, seed: 1, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(fit).rejects.toBe(reason);
  });
});
