// Options: names, defaults and checks, scikit-learn's semantics in camelCase.
import { OptionError } from "./errors.js";
import { INIT_METHODS, type InitMethod } from "./init.js";
import { FROBENIUS, ITAKURA_SAITO, KULLBACK_LEIBLER } from "./loss.js";
import type { MatrixInput } from "./matrix.js";
import { resolveThreadsOption } from "./threads/option.js";
import type { ThreadsOption } from "./threads/plan.js";
import { isCsr, type CsrMatrixLike } from "./sparse/csr.js";

export interface ProgressEvent {
  /** Iterations done so far. */
  iteration: number;
  /** With nRuns > 1: which run (0-based) this check belongs to. */
  run?: number;
  /** Reconstruction error at this check (same definition as `reconstructionError`). */
  error: number;
  /** Milliseconds since the fit started (initialization included). */
  elapsedMs: number;
  maxIter: number;
}

export interface NMFOptions {
  /** Number of components k (a positive integer). */
  rank: number;
  /**
   * Loss minimized, a β-divergence: 'frobenius' (β = 2, default), 'kullback-leibler' (alias 'kl',
   * β = 1), 'itakura-saito' (β = 0), or β itself as a number.
   */
  loss?: "frobenius" | "kullback-leibler" | "kl" | "itakura-saito" | number | undefined;
  /**
   * Solver: 'hals' (accelerated HALS with extrapolation; the default for Frobenius), 'cd'
   * (coordinate descent, scikit-learn's iterates and stopping rule), 'anls' (alternating
   * non-negative least squares; Frobenius) or 'mu' (multiplicative updates; every loss; the
   * default for the others, warm-started for KL: see klWarmStart).
   */
  solver?: "hals" | "cd" | "anls" | "mu" | undefined;
  /**
   * KL loss only: at most this many outer iterations of a Frobenius 'hals' fit (stopping earlier
   * by its rule at tol 1e-4) run from the init before the multiplicative updates start (part of the
   * initialization: not counted in `iterations`). Default KL_WARM_START (50) when `solver` is
   * omitted, 0 (scikit-learn's plain start) with solver: 'mu'.
   */
  klWarmStart?: number | undefined;
  /**
   * Initialization: 'random', 'nndsvd', 'nndsvda', 'nndsvdar', or explicit { W, H } (copied).
   * Default: 'nndsvda' when rank ≤ min(rows, cols), else 'random'.
   */
  init?: InitMethod | { W: MatrixInput; H: MatrixInput } | undefined;
  /** Maximum number of iterations (default 200). */
  maxIter?: number | undefined;
  /** Stop when the error improved by less than tol × initial error over 10 iterations (default 1e-4; 0 = never). */
  tol?: number | undefined;
  /** Seed of the random init and of the randomized SVD; same seed, same result. Default: random. */
  seed?: number | undefined;
  /** Regularization strength of W (default 0); scaled by the number of columns of V as in scikit-learn. */
  alphaW?: number | undefined;
  /** Regularization strength of H, or 'same' as alphaW (default); scaled by the number of rows of V. */
  alphaH?: number | "same" | undefined;
  /** Mix of L1 (1) and L2 (0) regularization (default 0). */
  l1Ratio?: number | undefined;
  /** false: W stays as given in init { W, H } (only H is fitted). Default true. */
  updateW?: boolean | undefined;
  /** false: H stays as given in init { W, H } (only W is fitted). Default true. */
  updateH?: boolean | undefined;
  /** Called at each convergence check (every 10 iterations). */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Aborts the fit between iterations with an AbortError. */
  signal?: AbortSignal | undefined;
  /**
   * Fit this many times from seeds derived from `seed` and keep the lowest-error fit, with every
   * run's summary and the samples × samples consensus matrix (default 1; docs/model-selection.md).
   */
  nRuns?: number | undefined;
  /** With nRuns > 1: compute the consensus matrix (default true; needs rows ≤ 5000). */
  consensus?: boolean | undefined;
  /**
   * Threads the kernels run on: 'auto' (default: the cores the runtime reports, at most 4) or a
   * positive integer; 1 runs on the calling thread only. Results are the same bits for any value.
   */
  threads?: number | "auto" | undefined;
  /**
   * Graph-regularized NMF (Cai et al.'s GNMF): a non-negative m×m CSR affinity over the rows of V
   * (e.g. from knnGraph; symmetrized as (A + Aᵀ)/2) and its weight λ ≥ 0. Frobenius or KL, solver 'mu'.
   * normalize (default true): H's rows to unit norm every iteration, W compensating.
   */
  graph?: GraphOption | undefined;
  /**
   * Missing values: 'nan' — NaN entries of a dense V are not observed; 'unstored' — only the stored
   * entries of a CSR V are observed (matrix completion). The loss sums observed entries only.
   * Frobenius or KL, solver 'mu' (default), or 'cd' with Frobenius. Default: none
   * (NaN is an error, unstored entries are zeros).
   */
  missing?: "nan" | "unstored" | undefined;
  /** A non-negative weight per entry of a dense V (rows×cols; 0 = ignored): R's ls-nmf. Frobenius or KL; solver 'mu' or 'cd'. */
  weights?: MatrixInput | undefined;
}

export interface GraphOption {
  affinity: CsrMatrixLike;
  lambda: number;
  normalize?: boolean | undefined;
}

export interface ResolvedOptions {
  rank: number;
  /** The loss as its β. */
  beta: number;
  solver: "hals" | "cd" | "anls" | "mu";
  /** At most this many Frobenius 'hals' iterations before KL's multiplicative updates (0: none). */
  klWarmStart: number;
  init: InitMethod | { W: MatrixInput; H: MatrixInput } | undefined;
  maxIter: number;
  tol: number;
  seed: number | undefined;
  alphaW: number;
  alphaH: number;
  l1Ratio: number;
  updateW: boolean;
  updateH: boolean;
  onProgress: ((event: ProgressEvent) => void) | undefined;
  signal: AbortSignal | undefined;
  nRuns: number;
  consensus: boolean;
  threads: ThreadsOption;
  /** Optional (undefined = off), so code that builds ResolvedOptions by hand need not list them. */
  graph?: { affinity: CsrMatrixLike; lambda: number; normalize: boolean };
  missing?: "nan" | "unstored";
  weights?: MatrixInput;
}

/** Frobenius 'hals' iterations before a default KL fit's multiplicative updates (docs/solvers.md). */
export const KL_WARM_START = 50;

const KNOWN = new Set(["rank", "loss", "solver", "init", "maxIter", "tol", "seed", "alphaW", "alphaH",
  "l1Ratio", "updateW", "updateH", "onProgress", "signal", "klWarmStart", "nRuns", "consensus", "threads", "graph",
  "missing", "weights"]);

/** scikit-learn spellings users will try, and ours. */
const RENAMED: Record<string, string> = {
  n_components: "rank", nComponents: "rank", beta_loss: "loss", betaLoss: "loss", max_iter: "maxIter",
  random_state: "seed", randomState: "seed", alpha_W: "alphaW", alpha_H: "alphaH", l1_ratio: "l1Ratio",
  nrun: "nRuns", nRun: "nRuns", n_runs: "nRuns",
};

function nonNegativeNumber(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new OptionError("INVALID_OPTION", `${name} must be a finite number ≥ 0, got ${String(value)}`, name);
  }
  return value;
}

/**
 * β the arithmetic can hold: float32 holds WH^(β−1) over the data's range only for moderate |β|
 * (β = 100 overflowed to NaN), and D_β divides by β(β − 1), which cancels to noise next to 0 and 1
 * (β = 5e-324 gave an error of 0 or ∞): there, the limits themselves are the losses to use.
 */
export const MAX_ABS_BETA = 10;
const BETA_GAP = 1e-3;

function checkBeta(beta: number): void {
  if (Math.abs(beta) > MAX_ABS_BETA) {
    throw new OptionError("INVALID_OPTION", `loss β = ${beta} is outside [−${MAX_ABS_BETA}, ${MAX_ABS_BETA}], beyond what float32 powers of WH can hold`, "loss");
  }
  for (const [limit, name] of [[ITAKURA_SAITO, "'itakura-saito' (β = 0)"], [KULLBACK_LEIBLER, "'kullback-leibler' (β = 1)"]] as const) {
    if (beta !== limit && Math.abs(beta - limit) < BETA_GAP) {
      throw new OptionError("INVALID_OPTION",
        `loss β = ${beta} is within ${BETA_GAP} of ${limit}, where the β-divergence cancels to rounding noise; use ${name}`, "loss");
    }
  }
}

const BETA_OF: Record<string, number> = {
  frobenius: FROBENIUS, "kullback-leibler": KULLBACK_LEIBLER, kl: KULLBACK_LEIBLER, "itakura-saito": ITAKURA_SAITO,
};

/** The graph option checked (the affinity's shape and values are checked against V in the fit). */
function resolveGraph(value: unknown, beta: number, solver: unknown): ResolvedOptions["graph"] {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || !isCsr((value as GraphOption).affinity)) {
    throw new OptionError("INVALID_OPTION", "graph must be { affinity: <CSR matrix, rows(V)×rows(V)>, lambda }", "graph");
  }
  const { affinity, lambda, normalize = true } = value as GraphOption;
  nonNegativeNumber(lambda, "graph.lambda");
  if (typeof normalize !== "boolean") throw new OptionError("INVALID_OPTION", "graph.normalize must be true or false", "graph.normalize");
  if (beta !== FROBENIUS && beta !== KULLBACK_LEIBLER) {
    throw new OptionError("INVALID_OPTION", "graph regularization supports the Frobenius and Kullback-Leibler losses", "graph");
  }
  if (solver !== undefined && solver !== "mu") {
    throw new OptionError("INVALID_OPTION", `graph regularization uses multiplicative updates: solver must be 'mu', got '${String(solver)}'`, "solver");
  }
  return { affinity, lambda, normalize };
}

/** missing / weights checked (shapes and values against V in the fit); true when either is set. */
function resolveMask(missing: unknown, weights: unknown, beta: number, solver: unknown): boolean {
  if (missing !== undefined && missing !== "nan" && missing !== "unstored") {
    throw new OptionError("INVALID_OPTION", `missing must be 'nan' or 'unstored', got ${JSON.stringify(missing)}`, "missing");
  }
  if (weights !== undefined && (weights === null || typeof weights !== "object")) {
    throw new OptionError("INVALID_OPTION", "weights must be a dense matrix ({ rows, cols, data } or number[][])", "weights");
  }
  if (missing === undefined && weights === undefined) return false;
  const name = missing !== undefined ? "missing" : "weights";
  if (beta !== FROBENIUS && beta !== KULLBACK_LEIBLER) {
    throw new OptionError("INVALID_OPTION", `${name} supports the Frobenius and Kullback-Leibler losses`, name);
  }
  if (solver !== undefined && solver !== "mu" && !(solver === "cd" && beta === FROBENIUS)) {
    throw new OptionError("INVALID_OPTION",
      `${name}: solver must be 'mu' (or 'cd' with the Frobenius loss), got '${String(solver)}'`, "solver");
  }
  return true;
}

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === null || typeof options !== "object") {
    throw new OptionError("INVALID_OPTION", "options must be an object with at least { rank }", "options");
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN.has(key)) {
      const hint = Object.hasOwn(RENAMED, key) ? ` (did you mean '${RENAMED[key]}'?)` : "";
      throw new OptionError("UNKNOWN_OPTION", `unknown option '${key}'${hint}`, key);
    }
  }
  const rank = o.rank;
  if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1) {
    throw new OptionError("INVALID_RANK", `rank must be a positive integer, got ${String(rank)}`, "rank");
  }
  const loss = o.loss ?? "frobenius";
  // Own properties only: 'constructor', 'toString', '__proto__' are not losses.
  const beta = typeof loss === "number" && Number.isFinite(loss) ? loss
    : typeof loss === "string" && Object.hasOwn(BETA_OF, loss) ? BETA_OF[loss] : undefined;
  if (beta === undefined) {
    throw new OptionError("INVALID_OPTION",
      `unknown loss '${String(loss)}' (expected 'frobenius', 'kullback-leibler', 'kl', 'itakura-saito' or a finite β)`, "loss");
  }
  checkBeta(beta);
  const graph = resolveGraph(o.graph, beta, o.solver);
  const masked = resolveMask(o.missing, o.weights, beta, o.solver);
  if (graph && masked) throw new OptionError("INVALID_OPTION", "graph cannot be combined with missing or weights", "graph");
  const solver = o.solver ?? (beta === FROBENIUS && !graph && !masked ? "hals" : "mu");
  if (solver !== "mu" && solver !== "cd" && solver !== "anls" && solver !== "hals") {
    throw new OptionError("INVALID_OPTION", `unknown solver '${String(solver)}' (expected 'hals', 'cd', 'anls' or 'mu')`, "solver");
  }
  const klWarmStart = o.klWarmStart ??
    (o.solver === undefined && beta === KULLBACK_LEIBLER && !graph && !masked ? KL_WARM_START : 0);
  if (typeof klWarmStart !== "number" || !Number.isInteger(klWarmStart) || klWarmStart < 0) {
    throw new OptionError("INVALID_OPTION", `klWarmStart must be an integer ≥ 0, got ${String(klWarmStart)}`, "klWarmStart");
  }
  if (klWarmStart > 0 && (beta !== KULLBACK_LEIBLER || solver !== "mu" || graph || masked)) {
    throw new OptionError("INVALID_OPTION", "klWarmStart applies to the KL loss with solver 'mu' only (no graph, missing or weights)", "klWarmStart");
  }
  if (solver !== "mu" && beta !== FROBENIUS) {
    throw new OptionError("INVALID_OPTION", `solver '${solver}' minimizes the Frobenius loss only; use solver 'mu' for loss ${JSON.stringify(loss)}`, "solver");
  }
  const updateW = o.updateW ?? true, updateH = o.updateH ?? true;
  for (const [name, value] of [["updateW", updateW], ["updateH", updateH]] as const) {
    if (typeof value !== "boolean") throw new OptionError("INVALID_OPTION", `${name} must be true or false`, name);
  }
  if (!updateW && !updateH) throw new OptionError("INVALID_OPTION", "updateW and updateH are both false: nothing to fit", "updateW");
  if ((!updateW || !updateH) && (typeof o.init !== "object" || o.init === null)) {
    throw new OptionError("INVALID_OPTION",
      `${updateW ? "updateH" : "updateW"}: false keeps that factor as given: pass it in init: { W, H }`, updateW ? "updateH" : "updateW");
  }
  const init = o.init;
  if (init !== undefined && !(typeof init === "string" && (INIT_METHODS as readonly string[]).includes(init)) &&
    !(typeof init === "object" && init !== null && "W" in init && "H" in init)) {
    throw new OptionError("INVALID_OPTION",
      `init must be one of ${INIT_METHODS.map((s) => `'${s}'`).join(", ")} or { W, H }, got ${JSON.stringify(init)}`, "init");
  }
  const maxIter = o.maxIter ?? 200;
  if (typeof maxIter !== "number" || !Number.isInteger(maxIter) || maxIter < 0) {
    throw new OptionError("INVALID_OPTION", `maxIter must be an integer ≥ 0, got ${String(maxIter)}`, "maxIter");
  }
  const seed = o.seed;
  if (seed !== undefined && (typeof seed !== "number" || !Number.isInteger(seed))) {
    throw new OptionError("INVALID_OPTION", `seed must be an integer, got ${String(seed)}`, "seed");
  }
  const alphaW = nonNegativeNumber(o.alphaW ?? 0, "alphaW");
  const alphaH = o.alphaH === undefined || o.alphaH === "same" ? alphaW : nonNegativeNumber(o.alphaH, "alphaH");
  const l1Ratio = nonNegativeNumber(o.l1Ratio ?? 0, "l1Ratio");
  if (l1Ratio > 1) throw new OptionError("INVALID_OPTION", `l1Ratio must be in [0, 1], got ${l1Ratio}`, "l1Ratio");
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw new OptionError("INVALID_OPTION", "onProgress must be a function", "onProgress");
  }
  const signal = o.signal;
  if (signal !== undefined && (typeof signal !== "object" || signal === null || !("aborted" in signal))) {
    throw new OptionError("INVALID_OPTION", "signal must be an AbortSignal", "signal");
  }
  const nRuns = o.nRuns ?? 1;
  if (typeof nRuns !== "number" || !Number.isInteger(nRuns) || nRuns < 1) {
    throw new OptionError("INVALID_OPTION", `nRuns must be a positive integer, got ${String(nRuns)}`, "nRuns");
  }
  const consensus = o.consensus ?? true;
  if (typeof consensus !== "boolean") throw new OptionError("INVALID_OPTION", "consensus must be true or false", "consensus");
  return {
    rank, beta, solver, klWarmStart, init: init as ResolvedOptions["init"], maxIter,
    tol: nonNegativeNumber(o.tol ?? 1e-4, "tol"), seed: seed as number | undefined,
    alphaW, alphaH, l1Ratio, updateW: updateW as boolean, updateH: updateH as boolean,
    onProgress: o.onProgress as ResolvedOptions["onProgress"], signal: signal as AbortSignal | undefined, graph,
    missing: o.missing as ResolvedOptions["missing"], weights: o.weights as MatrixInput | undefined,
    nRuns, consensus,
    threads: resolveThreadsOption(o.threads),
  };
}
