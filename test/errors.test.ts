// Every bad input gets a typed error naming the problem, leaves the caller's arrays as they were,
// and does not disturb the next valid call.
import { describe, expect, it } from "vitest";
import { MatrixShapeError, MatrixValueError, NMF, NMFError, NotFittedError, OptionError, nmf } from "../src/index.js";
import { bitsEqual } from "./helpers.js";

const good = () => ({ rows: 3, cols: 4, data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) });

/** The NMFError a call rejects with (fails the test if it resolves or throws something else). */
async function failure(call: () => Promise<unknown>): Promise<NMFError> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error("expected the call to fail");
  expect(error).toBeInstanceOf(NMFError);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe((error as object).constructor.name);
  return error as NMFError;
}

describe("bad values in V", () => {
  const forms = {
    Float64Array: (d: number[]) => ({ rows: 3, cols: 4, data: Float64Array.from(d) }),
    Float32Array: (d: number[]) => ({ rows: 3, cols: 4, data: Float32Array.from(d) }),
    "number[]": (d: number[]) => ({ rows: 3, cols: 4, data: d }),
    "number[][]": (d: number[]) => [d.slice(0, 4), d.slice(4, 8), d.slice(8, 12)],
  };
  const values = [
    ["negative", -1, "NEGATIVE_ENTRY", /negative/],
    ["NaN", NaN, "NAN_ENTRY", /NaN/],
    ["+Infinity", Infinity, "INFINITE_ENTRY", /infinite/],
    ["-Infinity", -Infinity, "NEGATIVE_ENTRY", /negative/],
  ] as const;
  const cases = Object.entries(forms).flatMap(([form, make]) => values.map(([what, value, code, message]) => [what, form, value, code, message, make] as const));

  it.each(cases)("%s entry in %s → MatrixValueError at its row and column", async (_what, _form, value, code, message, make) => {
    const d = Array.from(good().data);
    d[1 * 4 + 2] = value;
    const V = make(d);
    const copy = structuredClone(V);
    const e = await failure(() => nmf(V, { rank: 2 }));
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e).toMatchObject({ code, matrix: "V", row: 1, col: 2 });
    expect(e.message).toMatch(message);
    expect(e.message).toContain("V at (1, 2)");
    expect(V).toEqual(copy);
  });

  it("reports the first bad entry in row-major order", async () => {
    const e = await failure(() => nmf({ rows: 2, cols: 3, data: [1, 1, 1, 1, NaN, -1] }, { rank: 1 }));
    expect(e).toMatchObject({ code: "NAN_ENTRY", row: 1, col: 1 });
  });

  it("a value beyond float32 range is rejected as infinite", async () => {
    const e = await failure(() => nmf({ rows: 1, cols: 2, data: [1, 1e39] }, { rank: 1 }));
    expect(e).toMatchObject({ code: "INFINITE_ENTRY", row: 0, col: 1 });
    expect(e.message).toMatch(/float32/);
  });

  it("a non-numeric entry is rejected with its position", async () => {
    const e = await failure(() => nmf({ rows: 1, cols: 3, data: [1, "x", 2] as never }, { rank: 1 }));
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e).toMatchObject({ row: 0, col: 1 });
    const hole = await failure(() => nmf({ rows: 1, cols: 2, data: [1, undefined] as never }, { rank: 1 }));
    expect(hole).toMatchObject({ row: 0, col: 1 });
  });

  // JavaScript would coerce these to numbers ("1" → 1, true → 1, null → 0): a CSV parsed to
  // strings must not factorize without complaint, nor a null hole become a zero.
  it("numeric strings, booleans and null entries are rejected", async () => {
    for (const data of [["1", "2"], [true, 1], [null, 1], [[1], 1]]) {
      await failure(() => nmf({ rows: 1, cols: 2, data: data as never }, { rank: 1 }));
    }
    await failure(() => nmf([["1", "2"], ["3", "4"]] as never, { rank: 1 }));
  });
});

describe("bad shapes and types of V", () => {
  it.each([
    ["data too short", { rows: 3, cols: 4, data: [1, 2, 3] }, "SHAPE_MISMATCH", /3 entries.*3×4/],
    ["data too long", { rows: 1, cols: 2, data: [1, 2, 3] }, "SHAPE_MISMATCH", /3 entries.*1×2/],
    ["ragged rows", [[1, 2, 3], [4, 5]], "SHAPE_MISMATCH", /row 1 has 2/],
    ["a row that is not an array", [[1, 2], 3], "INVALID_TYPE", /row 1/],
    ["no rows (number[][])", [], "EMPTY_MATRIX", /no rows/],
    ["no columns (number[][])", [[], []], "EMPTY_MATRIX", /no columns/],
    ["0 rows", { rows: 0, cols: 3, data: [] }, "EMPTY_MATRIX", /empty/],
    ["0 cols", { rows: 3, cols: 0, data: [] }, "EMPTY_MATRIX", /empty/],
    ["fractional rows", { rows: 1.5, cols: 2, data: [1, 2, 3] }, "INVALID_TYPE", /positive integers/],
    ["negative cols", { rows: 2, cols: -1, data: [1, 2] }, "INVALID_TYPE", /positive integers/],
    ["string rows", { rows: "2", cols: 1, data: [1, 2] }, "INVALID_TYPE", /positive integers/],
    ["missing data", { rows: 1, cols: 2 }, "INVALID_TYPE", /data/],
    ["string data", { rows: 1, cols: 2, data: "12" }, "INVALID_TYPE", /data/],
    ["BigInt64Array data", { rows: 1, cols: 2, data: BigInt64Array.from([1n, 2n]) }, "INVALID_TYPE", /data/],
    ["DataView data", { rows: 1, cols: 2, data: new DataView(new ArrayBuffer(8)) }, "INVALID_TYPE", /data/],
    ["null", null, "INVALID_TYPE", /null/],
    ["undefined", undefined, "INVALID_TYPE", /V/],
    ["a number", 7, "INVALID_TYPE", /number/],
    ["a flat number[]", [1, 2, 3], "INVALID_TYPE", /array of rows/],
    ["rows of strings", ["ab", "cd"], "INVALID_TYPE", /array of rows/],
  ])("%s → MatrixShapeError", async (_, V, code, message) => {
    const e = await failure(() => nmf(V as never, { rank: 1 }));
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e).toMatchObject({ code, matrix: "V" });
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/V/);
  });

  it("Int8Array data is read as numbers: a negative entry is named", async () => {
    const e = await failure(() => nmf({ rows: 2, cols: 2, data: Int8Array.from([1, 2, 3, -4]) }, { rank: 1 }));
    expect(e).toMatchObject({ code: "NEGATIVE_ENTRY", row: 1, col: 1 });
  });
});

describe("bad init { W, H }", () => {
  const W = () => ({ rows: 3, cols: 2, data: [1, 1, 1, 1, 1, 1] });
  const H = () => ({ rows: 2, cols: 4, data: [1, 1, 1, 1, 1, 1, 1, 1] });

  it("wrong shapes name the factor and both shapes", async () => {
    const e1 = await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: W(), H: { rows: 2, cols: 3, data: [1, 1, 1, 1, 1, 1] } } }));
    expect(e1).toBeInstanceOf(MatrixShapeError);
    expect(e1).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "init.H" });
    expect(e1.message).toMatch(/2×3.*2×4/);
    const e2 = await failure(() => nmf(good(), { rank: 3, solver: "mu", init: { W: W(), H: H() } }));
    expect(e2).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "init.W" });
    const e3 = await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: { rows: 3, cols: 2, data: [1, 1] }, H: H() } }));
    expect(e3).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "init.W" });
  });

  it("negative, NaN and infinite entries name the factor, row and column", async () => {
    const negative = { ...W(), data: [1, 1, 1, -1, 1, 1] };
    const copy = negative.data.slice();
    expect(await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: negative, H: H() } })))
      .toMatchObject({ code: "NEGATIVE_ENTRY", matrix: "init.W", row: 1, col: 1 });
    expect(negative.data).toEqual(copy);
    const nan = { ...H(), data: [1, 1, 1, 1, 1, 1, NaN, 1] };
    expect(await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: W(), H: nan } })))
      .toMatchObject({ code: "NAN_ENTRY", matrix: "init.H", row: 1, col: 2 });
    const inf = [[1, 1, 1, 1], [1, Infinity, 1, 1]];
    expect(await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: W(), H: inf } })))
      .toMatchObject({ code: "INFINITE_ENTRY", matrix: "init.H", row: 1, col: 1 });
  });

  it("an all-zero factor (a fixed point of the updates) is refused", async () => {
    const e = await failure(() => nmf(good(), { rank: 2, solver: "mu", init: { W: { ...W(), data: [0, 0, 0, 0, 0, 0] }, H: H() } }));
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e).toMatchObject({ code: "ALL_ZERO_FACTOR", matrix: "init.W" });
  });
});

describe("bad options", () => {
  it.each([0, -1, 1.5, NaN, Infinity, "3", null, undefined, [2]])("rank %s → OptionError INVALID_RANK", async (rank) => {
    const e = await failure(() => nmf(good(), { rank } as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_RANK", option: "rank" });
    expect(e.message).toMatch(/rank/);
  });

  it.each(["nndsvd", "nndsvda", "nndsvdar"] as const)("%s with rank > min(m, n) names the limit and suggests random", async (init) => {
    const e = await failure(() => nmf(good(), { rank: 4, init }));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_RANK", option: "rank" });
    expect(e.message).toMatch(/min\(rows, cols\) = 3/);
    expect(e.message).toMatch(/'random'/);
    // rank = min(m, n) is fine.
    await expect(nmf(good(), { rank: 3, init, maxIter: 0, seed: 0 })).resolves.toBeDefined();
  });

  it.each([
    ["max_iter", "maxIter"], ["n_components", "rank"], ["nComponents", "rank"], ["random_state", "seed"],
    ["l1_ratio", "l1Ratio"], ["beta_loss", "loss"], ["alpha_W", "alphaW"], ["alpha_H", "alphaH"],
  ])("scikit-learn's %s → UNKNOWN_OPTION suggesting %s", async (name, ours) => {
    const e = await failure(() => nmf(good(), { rank: 2, [name]: 1 } as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "UNKNOWN_OPTION", option: name });
    expect(e.message).toContain(`'${name}'`);
    expect(e.message).toContain(`did you mean '${ours}'`);
  });

  it("an unknown option without a known spelling is named, with no hint", async () => {
    const e = await failure(() => nmf(good(), { rank: 2, verbose: true } as never));
    expect(e).toMatchObject({ code: "UNKNOWN_OPTION", option: "verbose" });
    expect(e.message).toContain("'verbose'");
    expect(e.message).not.toMatch(/did you mean/);
  });

  it.each([
    ["loss", "itakura"], ["loss", "KL"], ["loss", NaN], ["loss", Infinity],
    ["solver", "lbfgs"], ["solver", "MU"], ["init", "svd"], ["init", null], ["init", { W: [[1]] }], ["init", 3],
    ["maxIter", -1], ["maxIter", 2.5], ["maxIter", NaN], ["maxIter", Infinity], ["maxIter", "10"],
    ["tol", -1], ["tol", NaN], ["tol", Infinity], ["tol", "0.1"],
    ["seed", 0.5], ["seed", NaN], ["seed", "1"],
    ["alphaW", -1], ["alphaW", NaN], ["alphaW", Infinity], ["alphaH", "lots"], ["alphaH", -0.5],
    ["l1Ratio", 2], ["l1Ratio", -0.1], ["l1Ratio", NaN],
    ["onProgress", "yes"], ["signal", {}], ["signal", "abort"],
  ])("%s = %s → OptionError INVALID_OPTION naming it", async (option, value) => {
    const e = await failure(() => nmf(good(), { rank: 2, [option]: value } as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option });
    expect(e.message).toContain(option);
  });

  it("options must be an object; the constructor checks them synchronously", async () => {
    for (const options of [undefined, null, 3, "rank"]) {
      const e = await failure(() => nmf(good(), options as never));
      expect(e).toBeInstanceOf(OptionError);
    }
    expect(() => new NMF({ rank: 0 })).toThrow(OptionError);
    expect(() => new NMF({ rank: 2, max_iter: 5 } as never)).toThrow(/maxIter/);
  });

  it("nmf() reports bad input as a rejection, never a synchronous throw", () => {
    expect(() => nmf(null as never, { rank: 1 }).catch(() => undefined)).not.toThrow();
    expect(() => nmf(good(), null as never).catch(() => undefined)).not.toThrow();
  });
});

describe("after an error", () => {
  it("the caller's arrays are unchanged and the next valid call gives the usual result", async () => {
    const options = { rank: 2, solver: "mu", maxIter: 15, seed: 0, tol: 0 } as const;
    const reference = await nmf(good(), options);
    const badV = { rows: 3, cols: 4, data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -12] };
    const badW = { rows: 3, cols: 2, data: [1, 1, 1, 1, 1, NaN] };
    const H = { rows: 2, cols: 4, data: [1, 1, 1, 1, 1, 1, 1, 1] };
    const copies = [badV.data.slice(), badW.data.slice(), H.data.slice()];
    for (const loss of ["frobenius", "kullback-leibler"] as const) {
      // Failures at every stage: options, shape, values in V (inside the engine), values in init.
      await failure(() => nmf(good(), { ...options, loss, rank: 0 }));
      await failure(() => nmf({ rows: 3, cols: 5, data: [1] }, { ...options, loss }));
      await failure(() => nmf(badV, { ...options, loss }));
      await failure(() => nmf(good(), { ...options, loss, init: { W: badW, H } }));
      await failure(() => nmf(good(), { ...options, loss, init: { W: { rows: 3, cols: 2, data: [0, 0, 0, 0, 0, 0] }, H } }));
    }
    expect([badV.data, badW.data, H.data]).toEqual(copies);
    const after = await nmf(good(), options);
    expect(bitsEqual(after.W.data, reference.W.data)).toBe(true);
    expect(bitsEqual(after.H.data, reference.H.data)).toBe(true);
    expect(after.reconstructionError).toBe(reference.reconstructionError);
  });
});

describe("estimator misuse", () => {
  it("transform and inverseTransform before fit → NotFittedError naming the method", async () => {
    const model = new NMF({ rank: 2 });
    const e1 = await failure(() => model.transform(good()));
    expect(e1).toBeInstanceOf(NotFittedError);
    expect(e1).toMatchObject({ code: "NOT_FITTED" });
    expect(e1.message).toMatch(/transform/);
    const e2 = await failure(() => model.inverseTransform({ rows: 1, cols: 2, data: [1, 1] }));
    expect(e2).toBeInstanceOf(NotFittedError);
    expect(e2.message).toMatch(/inverseTransform/);
    expect(model.components).toBeUndefined();
  });

  it("transform / inverseTransform with the wrong number of columns → SHAPE_MISMATCH", async () => {
    const model = await new NMF({ rank: 2, solver: "mu", seed: 0, maxIter: 10 }).fit(good());
    const e = await failure(() => model.transform([[1, 2, 3]]));
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "V" });
    expect(e.message).toMatch(/3 columns.*4/);
    const e2 = await failure(() => model.inverseTransform({ rows: 1, cols: 3, data: [1, 1, 1] }));
    expect(e2).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "W" });
    const e3 = await failure(() => model.inverseTransform({ rows: 1, cols: 2, data: [1, -1] }));
    expect(e3).toMatchObject({ code: "NEGATIVE_ENTRY", matrix: "W", row: 0, col: 1 });
  });
});
