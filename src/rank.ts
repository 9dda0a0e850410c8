// The rank survey (R NMF's nmfEstimateRank): for each candidate rank, nRuns fits, their consensus,
// and the measures that help choose k — optionally on randomized data as the null comparison.
import { dataSource } from "./data/index.js";
import { OptionError } from "./errors.js";
import type { Matrix, MatrixInput } from "./matrix.js";
import { dispersion } from "./measures/clustering.js";
import { checkSampleCap } from "./measures/input.js";
import { consensusTree } from "./measures/linkage.js";
import { explainedVariance, residuals } from "./measures/residuals.js";
import { silhouetteOfTree } from "./measures/silhouette.js";
import { sparseness } from "./measures/sparseness.js";
import { fitOnce } from "./nmf.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";
import { Random, freshSeed } from "./random.js";
import { randomizeRows } from "./randomize.js";
import { multipleRuns } from "./runs.js";

export interface RankProgressEvent {
  /** Runs finished so far, over every rank (and the randomized survey). */
  runsDone: number;
  runsTotal: number;
  /** The rank of the run just finished, and whether it was on the randomized data. */
  rank: number;
  randomized: boolean;
  elapsedMs: number;
}

export interface EstimateRankOptions extends Omit<NMFOptions, "rank" | "nRuns" | "consensus" | "onProgress"> {
  /** Candidate ranks (positive integers; sorted, duplicates dropped, as R does). */
  ranks: number[];
  /** Fits per rank (default 30, R's nrun). */
  nRuns?: number;
  /** Also survey V with each row's values permuted (R's randomize) as the null comparison. Default false. */
  randomized?: boolean;
  /** Called after every run. */
  onProgress?: (event: RankProgressEvent) => void;
}

/** The measures of one rank (R's nmfEstimateRank columns, read in our orientation). */
export interface RankMeasures {
  rank: number;
  /** Cophenetic correlation of the consensus (cophcor). */
  cophenetic: number;
  /** Dispersion of the consensus. */
  dispersion: number;
  /** ‖V − WH‖² of the best run. */
  rss: number;
  /** 1 − rss / ΣV² of the best run. */
  evar: number;
  /** Mean Hoyer sparseness of W's rows (each sample's mix; R's sparseness.coef). */
  sparsenessW: number;
  /** Mean Hoyer sparseness of H's rows (each component over the features; R's sparseness.basis). */
  sparsenessH: number;
  /** Mean consensus silhouette width (R's silhouette.consensus); null for rank 1 (no second cluster). */
  silhouette: number | null;
  /** The best run's reconstructionError (the fit's loss). */
  reconstructionError: number;
  /** Samples × samples consensus matrix. */
  consensus: Matrix;
}

export interface RankSurvey {
  ranks: RankMeasures[];
  /** The same rows for the randomized V, when asked. */
  randomized?: RankMeasures[];
}

function checkRanks(ranks: unknown): number[] {
  if (!Array.isArray(ranks) || ranks.length === 0 ||
    !ranks.every((r) => typeof r === "number" && Number.isInteger(r) && r >= 1)) {
    throw new OptionError("INVALID_RANK", `ranks must be a non-empty array of positive integers, got ${JSON.stringify(ranks)}`, "ranks");
  }
  return [...new Set(ranks as number[])].sort((a, b) => a - b);
}

/** The PRNG stream that randomizes V: seeded apart from the runs' seeds. */
const RANDOMIZE_STREAM = 0x5bd1e995;

/**
 * Survey candidate ranks: for each, nRuns fits from seeds derived from `seed` (the same seeds at
 * every rank, as R resets its seed per rank), the consensus of their clusters and its measures.
 * Brunet's rule: choose the rank before the cophenetic correlation starts to fall; compare with
 * the randomized survey (measures that fall as fast there reflect overfitting, not structure).
 */
export async function estimateRank(V: MatrixInput, options: EstimateRankOptions): Promise<RankSurvey> {
  if (options === null || typeof options !== "object") {
    throw new OptionError("INVALID_OPTION", "options must be an object with at least { ranks }", "options");
  }
  const { ranks: rawRanks, randomized = false, onProgress, nRuns = 30, ...fitOptions } = options;
  if ("rank" in fitOptions) throw new OptionError("UNKNOWN_OPTION", "estimateRank takes ranks: [...], not rank", "rank");
  if ("consensus" in fitOptions) throw new OptionError("UNKNOWN_OPTION", "estimateRank always computes the consensus", "consensus");
  const ranks = checkRanks(rawRanks);
  if (typeof randomized !== "boolean") throw new OptionError("INVALID_OPTION", "randomized must be true or false", "randomized");
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new OptionError("INVALID_OPTION", "onProgress must be a function", "onProgress");
  }
  // The survey's measures all come from the n×n consensus: check its size before any fit.
  checkSampleCap(dataSource(V, "V").rows, "V's consensus");
  const seed = fitOptions.seed ?? freshSeed();
  const base = resolveOptions({ ...fitOptions, seed, rank: ranks[0], nRuns, consensus: true });
  const started = performance.now();
  const runsTotal = ranks.length * nRuns * (randomized ? 2 : 1);
  let runsDone = 0;

  const survey = async (data: MatrixInput, isRandomized: boolean): Promise<RankMeasures[]> => {
    const rows: RankMeasures[] = [];
    for (const rank of ranks) {
      const opts: ResolvedOptions = { ...base, rank, onProgress: undefined };
      const fit = await multipleRuns(data, opts, fitOnce, () => {
        runsDone++;
        onProgress?.({ runsDone, runsTotal, rank, randomized: isRandomized, elapsedMs: performance.now() - started });
      });
      const consensus = fit.consensus!;
      const { rss, total } = await residuals(data, fit.W, fit.H);
      const tree = consensusTree(consensus);
      rows.push({
        rank,
        cophenetic: tree.cophenetic,
        dispersion: dispersion(consensus),
        rss,
        evar: explainedVariance(rss, total),
        sparsenessW: fit.W.cols > 1 ? sparseness(fit.W, { along: "rows" }) : 1,
        sparsenessH: sparseness(fit.H, { along: "rows" }),
        silhouette: rank >= 2 && rank <= consensus.rows ? silhouetteOfTree(consensus, tree.merges, rank).average : null,
        reconstructionError: fit.reconstructionError,
        consensus,
      });
    }
    return rows;
  };

  const result: RankSurvey = { ranks: await survey(V, false) };
  if (randomized) result.randomized = await survey(randomizeRows(V, new Random(seed ^ RANDOMIZE_STREAM)), true);
  return result;
}
