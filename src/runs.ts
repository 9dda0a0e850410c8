// Multiple runs (R NMF's nrun): the same fit from nRuns seeds, the lowest-error one kept, with each
// run's summary and the consensus matrix (mean connectivity of the samples' clusters over runs).
//
// Run r's seed is the r-th draw of the library's PRNG (xoshiro128**, src/random.ts) seeded with
// `seed`, shifted to 31 bits: runSeeds(seed, n). The seeds are fixed before any fit starts and each
// run depends only on its seed, so the runs, the best fit and the consensus are the same in any
// order or thread count. The fits run one after another here; they are independent, so a worker
// pool can spread them without changing a result.
import { dataSource } from "./data/index.js";
import { OptionError } from "./errors.js";
import type { Matrix, MatrixInput } from "./matrix.js";
import { ConsensusAccumulator, clustersOf } from "./measures/clustering.js";
import { MAX_CONSENSUS_SAMPLES } from "./measures/input.js";
import type { NMFResult } from "./nmf.js";
import type { ResolvedOptions } from "./options.js";
import { Random, freshSeed } from "./random.js";

export interface RunSummary {
  /** The seed this run was fitted with (nmf(V, { …options, seed }) reproduces it alone). */
  seed: number;
  reconstructionError: number;
  iterations: number;
}

export interface MultiRunResult extends NMFResult {
  runs: RunSummary[];
  /** Samples × samples mean connectivity over the runs; absent with `consensus: false`. */
  consensus?: Matrix;
}

/** One fit with fully resolved options (nmf.ts's factorize). */
export type FitOnce = (V: MatrixInput, options: ResolvedOptions) => Promise<NMFResult>;

/** The seeds of nRuns runs derived from `seed`. */
export function runSeeds(seed: number, nRuns: number): number[] {
  const rng = new Random(seed);
  return Array.from({ length: nRuns }, () => rng.nextUint32() >>> 1);
}

/** Observes each finished run (index, result) — estimateRank's progress. */
export type RunObserver = (run: number, result: NMFResult) => void;

/**
 * nRuns fits of V, best kept. Without an explicit init the runs start from 'random' (R's default
 * seeding): NNDSVD would start every run in the same place. An explicit { W, H } init is refused.
 */
export async function multipleRuns(V: MatrixInput, options: ResolvedOptions, fitOnce: FitOnce,
  onRun?: RunObserver): Promise<MultiRunResult> {
  if (typeof options.init === "object") {
    throw new OptionError("INVALID_OPTION", "init { W, H } starts every run at the same point: with nRuns > 1 use a random init", "init");
  }
  const { rows } = dataSource(V, "V");
  if (options.consensus && rows > MAX_CONSENSUS_SAMPLES) {
    throw new OptionError("INVALID_OPTION",
      `the consensus matrix of ${rows} samples would be ${rows}×${rows}; it is computed for ≤ ${MAX_CONSENSUS_SAMPLES} rows: pass consensus: false`, "consensus");
  }
  const seeds = runSeeds(options.seed ?? freshSeed(), options.nRuns);
  const init = options.init ?? "random";
  const consensus = options.consensus ? new ConsensusAccumulator(rows) : undefined;
  const { onProgress } = options;
  let best: NMFResult | undefined;
  const runs: RunSummary[] = [];
  for (let r = 0; r < seeds.length; r++) {
    const result = await fitOnce(V, {
      ...options, init, seed: seeds[r], nRuns: 1,
      onProgress: onProgress && ((event) => onProgress({ ...event, run: r })),
    });
    runs.push({ seed: seeds[r], reconstructionError: result.reconstructionError, iterations: result.iterations });
    consensus?.add(clustersOf(result.W));
    if (!best || result.reconstructionError < best.reconstructionError) best = result;
    onRun?.(r, result);
  }
  return { ...best!, runs, ...(consensus ? { consensus: consensus.matrix() } : {}) };
}
