// Options: names, defaults and checks, scikit-learn's semantics in camelCase.
import { OptionError } from "./errors.js";
import { INIT_METHODS, type InitMethod } from "./init.js";
import { FROBENIUS, ITAKURA_SAITO, KULLBACK_LEIBLER } from "./loss.js";
import type { MatrixInput } from "./matrix.js";

export interface ProgressEvent {
  /** Iterations done so far. */
  iteration: number;
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
  loss?: "frobenius" | "kullback-leibler" | "kl" | "itakura-saito" | number;
  /**
   * Solver: 'cd' (coordinate descent / HALS; the default for Frobenius), 'anls' (alternating
   * non-negative least squares; Frobenius) or 'mu' (multiplicative updates; every loss; the
   * default for the others).
   */
  solver?: "cd" | "anls" | "mu";
  /**
   * Initialization: 'random', 'nndsvd', 'nndsvda', 'nndsvdar', or explicit { W, H } (copied).
   * Default: 'nndsvda' when rank ≤ min(rows, cols), else 'random'.
   */
  init?: InitMethod | { W: MatrixInput; H: MatrixInput };
  /** Maximum number of iterations (default 200). */
  maxIter?: number;
  /** Stop when the error improved by less than tol × initial error over 10 iterations (default 1e-4; 0 = never). */
  tol?: number;
  /** Seed of the random init and of the randomized SVD; same seed, same result. Default: random. */
  seed?: number;
  /** Regularization strength of W (default 0); scaled by the number of columns of V as in scikit-learn. */
  alphaW?: number;
  /** Regularization strength of H, or 'same' as alphaW (default); scaled by the number of rows of V. */
  alphaH?: number | "same";
  /** Mix of L1 (1) and L2 (0) regularization (default 0). */
  l1Ratio?: number;
  /** false: W stays as given in init { W, H } (only H is fitted). Default true. */
  updateW?: boolean;
  /** false: H stays as given in init { W, H } (only W is fitted). Default true. */
  updateH?: boolean;
  /** Called at each convergence check (every 10 iterations). */
  onProgress?: (event: ProgressEvent) => void;
  /** Aborts the fit between iterations with an AbortError. */
  signal?: AbortSignal;
}

export interface ResolvedOptions {
  rank: number;
  /** The loss as its β. */
  beta: number;
  solver: "cd" | "anls" | "mu";
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
}

const KNOWN = new Set(["rank", "loss", "solver", "init", "maxIter", "tol", "seed", "alphaW", "alphaH",
  "l1Ratio", "updateW", "updateH", "onProgress", "signal"]);

/** scikit-learn spellings users will try, and ours. */
const RENAMED: Record<string, string> = {
  n_components: "rank", nComponents: "rank", beta_loss: "loss", betaLoss: "loss", max_iter: "maxIter",
  random_state: "seed", randomState: "seed", alpha_W: "alphaW", alpha_H: "alphaH", l1_ratio: "l1Ratio",
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
  const solver = o.solver ?? (beta === FROBENIUS ? "cd" : "mu");
  if (solver !== "mu" && solver !== "cd" && solver !== "anls") {
    throw new OptionError("INVALID_OPTION", `unknown solver '${String(solver)}' (expected 'cd', 'anls' or 'mu')`, "solver");
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
  return {
    rank, beta, solver, init: init as ResolvedOptions["init"], maxIter,
    tol: nonNegativeNumber(o.tol ?? 1e-4, "tol"), seed: seed as number | undefined,
    alphaW, alphaH, l1Ratio, updateW: updateW as boolean, updateH: updateH as boolean,
    onProgress: o.onProgress as ResolvedOptions["onProgress"], signal: signal as AbortSignal | undefined,
  };
}
