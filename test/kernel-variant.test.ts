// setKernelVariant's contract: before the kernels are compiled any build may be chosen; after the
// first kernelVariant() call (or factorization) only the same choice, else an OptionError that says
// what compiled them. Own file: vitest isolates module state per file, so nothing has compiled yet.
import { describe, expect, it } from "vitest";
import { NMFError, OptionError, kernelVariant, nmf, setKernelVariant } from "../src/index.js";

function failure(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a throw");
}

describe("setKernelVariant", () => {
  it("an unknown variant is an OptionError naming the accepted ones", () => {
    const e = failure(() => setKernelVariant("avx512" as never));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "variant" });
    expect(e.message).toMatch(/'avx512'.*'relaxed-simd', 'simd128' or 'auto'/);
  });

  it("after kernelVariant() compiled the kernels (no factorization yet), another choice is an OptionError", async () => {
    setKernelVariant("simd128");
    expect(await kernelVariant()).toBe("simd128");
    expect(() => setKernelVariant("simd128")).not.toThrow(); // the same choice is fine
    const e = failure(() => setKernelVariant("auto"));
    expect(e).toBeInstanceOf(OptionError);
    expect(e).toBeInstanceOf(NMFError);
    expect(e.message).toMatch(/too late.*already compiled \('simd128'\) by a factorization or a kernelVariant\(\) call/);
    expect(e.message).not.toMatch(/before the first factorization/);
    // The build in use did not change, and a fit still runs on it.
    const fit = await nmf({ rows: 2, cols: 2, data: [1, 2, 2, 4] }, { rank: 1, maxIter: 50 });
    expect(fit.reconstructionError).toBeLessThan(1e-3);
    expect(await kernelVariant()).toBe("simd128");
  });
});
