// The property fuzz of the public API (scripts/fuzz-cases.mjs) on the sources: valid input gives
// finite non-negative factors and true, finite errors; invalid input a typed NMFError; nothing
// raw, nothing mutated, nothing slow. scripts/fuzz.mjs runs 10⁵ cases of the same generator.
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";
// @ts-expect-error: a plain ESM module shared with scripts/fuzz.mjs, no type declarations
import { runFuzz } from "../scripts/fuzz-cases.mjs";

interface FuzzReport {
  counts: Record<string, number>;
  failures: { index: number; kind: string; problem: string; options?: string }[];
}

describe("property fuzz of the public API", () => {
  it.each([[1, 5000], [2, 5000]])("seed %i: %i cases, every one meets the oracle", async (seed, cases) => {
    const { counts, failures } = (await runFuzz(api, { cases, seed })) as FuzzReport;
    expect(failures).toEqual([]);
    expect(counts.cases).toBe(cases);
    // The mix the generator promises: most valid fits succeed, invalid ones are all refused, parses run.
    expect(counts.validFitted).toBeGreaterThan(0.4 * cases);
    expect(counts.invalidRefused).toBe(counts.invalid);
    expect(counts.parsed).toBeGreaterThan(0);
    expect(counts.parseRefused).toBeGreaterThan(0);
  }, 60000);
});
