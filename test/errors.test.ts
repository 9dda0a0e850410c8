// Every bad input gets a typed error naming the problem, before any work, and changes nothing.
import { describe, expect, it } from "vitest";
import { MatrixShapeError, MatrixValueError, NMF, NMFError, NotFittedError, OptionError, nmf } from "../src/index.js";

const good = () => ({ rows: 3, cols: 4, data: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) });

async function failure(promise: Promise<unknown>): Promise<NMFError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(NMFError);
    return error as NMFError;
  }
  throw new Error("expected the call to fail");
}

describe("bad values in V", () => {
  it.each([
    ["negative", -1, "NEGATIVE_ENTRY", /negative/],
    ["NaN", NaN, "NAN_ENTRY", /NaN/],
    ["+Infinity", Infinity, "INFINITE_ENTRY", /infinite/],
    ["-Infinity", -Infinity, "NEGATIVE_ENTRY", /negative/],
    ["beyond float32", 1e39, "INFINITE_ENTRY", /float32/],
  ])("%s entry → MatrixValueError at its row and column", async (_, value, code, message) => {
    const V = good();
    V.data[1 * 4 + 2] = value;
    const copy = V.data.slice();
    const e = await failure(nmf(V, { rank: 2 }));
    expect(e).toBeInstanceOf(MatrixValueError);
    expect(e.code).toBe(code);
    expect((e as MatrixValueError).row).toBe(1);
    expect((e as MatrixValueError).col).toBe(2);
    expect(e.message).toMatch(message);
    expect(e.message).toContain("(1, 2)");
    expect(V.data).toEqual(copy);
  });

  it("names the entry in number[][] input too", async () => {
    const e = await failure(nmf([[1, 2], [3, -4], [5, 6]], { rank: 1 }));
    expect(e).toMatchObject({ code: "NEGATIVE_ENTRY", row: 1, col: 1, matrix: "V" });
  });
});

describe("bad shapes and types", () => {
  it.each([
    ["data too short", { rows: 3, cols: 4, data: [1, 2, 3] }, "SHAPE_MISMATCH"],
    ["ragged rows", [[1, 2, 3], [4, 5]], "SHAPE_MISMATCH"],
    ["no rows", [], "EMPTY_MATRIX"],
    ["no columns", [[], []], "EMPTY_MATRIX"],
    ["zero rows", { rows: 0, cols: 3, data: [] }, "EMPTY_MATRIX"],
    ["fractional rows", { rows: 1.5, cols: 2, data: [1, 2, 3] }, "INVALID_TYPE"],
    ["string data", { rows: 1, cols: 2, data: "12" }, "INVALID_TYPE"],
    ["null", null, "INVALID_TYPE"],
    ["a number", 7, "INVALID_TYPE"],
    ["rows of strings", ["ab", "cd"], "INVALID_TYPE"],
  ])("%s → MatrixShapeError", async (_, V, code) => {
    const e = await failure(nmf(V as never, { rank: 1 }));
    expect(e).toBeInstanceOf(MatrixShapeError);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(/V/);
  });

  it("init { W, H } with the wrong shape or bad entries", async () => {
    const W = { rows: 3, cols: 2, data: [1, 1, 1, 1, 1, 1] };
    const H = { rows: 2, cols: 4, data: [1, 1, 1, 1, 1, 1, 1, 1] };
    expect(await failure(nmf(good(), { rank: 2, init: { W, H: { ...H, cols: 3, data: H.data.slice(0, 6) } } })))
      .toMatchObject({ code: "SHAPE_MISMATCH", matrix: "init.H" });
    expect(await failure(nmf(good(), { rank: 3, init: { W, H } }))).toMatchObject({ code: "SHAPE_MISMATCH", matrix: "init.W" });
    const negative = { ...W, data: [1, 1, 1, -1, 1, 1] };
    expect(await failure(nmf(good(), { rank: 2, init: { W: negative, H } })))
      .toMatchObject({ code: "NEGATIVE_ENTRY", matrix: "init.W", row: 1, col: 1 });
    expect(await failure(nmf(good(), { rank: 2, init: { W: { ...W, data: [0, 0, 0, 0, 0, 0] }, H } })))
      .toMatchObject({ code: "ALL_ZERO_FACTOR" });
    expect(negative.data).toEqual([1, 1, 1, -1, 1, 1]);
  });
});

describe("bad options", () => {
  it.each([0, -1, 1.5, NaN, "3", undefined])("rank %s → OptionError INVALID_RANK", async (rank) => {
    const e = await failure(nmf(good(), { rank } as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_RANK", option: "rank" });
  });

  it("NNDSVD with rank > min(m, n) names the limit and suggests random", async () => {
    const e = await failure(nmf(good(), { rank: 4, init: "nndsvd" }));
    expect(e).toMatchObject({ code: "INVALID_RANK" });
    expect(e.message).toMatch(/min\(rows, cols\) = 3/);
    expect(e.message).toMatch(/random/);
  });

  it.each([
    ["max_iter", "maxIter"], ["n_components", "rank"], ["random_state", "seed"], ["l1_ratio", "l1Ratio"],
  ])("scikit-learn's %s → UNKNOWN_OPTION suggesting %s", async (name, ours) => {
    const e = await failure(nmf(good(), { rank: 2, [name]: 1 } as never));
    expect(e).toMatchObject({ code: "UNKNOWN_OPTION", option: name });
    expect(e.message).toContain(`'${ours}'`);
  });

  it.each([
    ["loss", "itakura"], ["solver", "cd-fast"], ["init", "svd"], ["maxIter", -1], ["maxIter", 2.5],
    ["tol", -1], ["tol", NaN], ["seed", 0.5], ["alphaW", -1], ["alphaH", "lots"], ["l1Ratio", 2],
    ["onProgress", "yes"], ["signal", {}],
  ])("%s = %s → INVALID_OPTION", async (option, value) => {
    const e = await failure(nmf(good(), { rank: 2, [option]: value } as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option });
  });

  it("options must be an object; the constructor checks them too", async () => {
    expect(await failure(nmf(good(), undefined as never))).toBeInstanceOf(OptionError);
    expect(() => new NMF({ rank: 0 })).toThrow(OptionError);
  });

  it("a failed call does not break the next one", async () => {
    await failure(nmf({ rows: 2, cols: 2, data: [1, NaN, 1, 1] }, { rank: 1 }));
    const r = await nmf(good(), { rank: 2, maxIter: 10, seed: 0 });
    expect(Number.isFinite(r.reconstructionError)).toBe(true);
  });
});

describe("estimator misuse", () => {
  it("transform and inverseTransform before fit → NotFittedError", async () => {
    const model = new NMF({ rank: 2 });
    await expect(model.transform(good())).rejects.toBeInstanceOf(NotFittedError);
    await expect(model.inverseTransform({ rows: 1, cols: 2, data: [1, 1] })).rejects.toBeInstanceOf(NotFittedError);
  });

  it("transform with a different number of columns → SHAPE_MISMATCH", async () => {
    const model = await new NMF({ rank: 2, seed: 0, maxIter: 10 }).fit(good());
    const e = await failure(model.transform([[1, 2, 3]]));
    expect(e).toMatchObject({ code: "SHAPE_MISMATCH" });
    const e2 = await failure(model.inverseTransform({ rows: 1, cols: 3, data: [1, 1, 1] }));
    expect(e2).toMatchObject({ code: "SHAPE_MISMATCH" });
  });
});
