// MiniBatchNMF's options: its own (scikit-learn's MiniBatchNMF parameters, camelCase) on top of
// the NMF options it shares, with typed checks.
import { OptionError } from "./errors.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";

export interface MiniBatchNMFOptions extends Omit<NMFOptions, "solver" | "updateW" | "updateH" | "onProgress" | "graph" | "missing" | "weights"> {
  /** Rows per mini-batch (default 1024; at most the rows of V). */
  batchSize?: number;
  /** Weight of past batches in the statistics, in [0, 1] (default 0.7); ρ = forgetFactor^(batchSize / rows). */
  forgetFactor?: number;
  /** Solve each batch's W from scratch instead of one update of the rows' previous W (default false). */
  freshRestarts?: boolean;
  /** Iterations of such a solve (also used by partialFit and statistics; default 30). */
  freshRestartsMaxIter?: number;
  /** Stop after this many batches without improvement of the smoothed batch cost; null: never (default 10). */
  maxNoImprovement?: number | null;
  /** Iterations of transform's W solve (default: maxIter). */
  transformMaxIter?: number | null;
}

export interface MiniBatchSettings {
  base: ResolvedOptions;
  batchSize: number;
  forgetFactor: number;
  freshRestarts: boolean;
  freshRestartsMaxIter: number;
  maxNoImprovement: number | null;
  transformMaxIter: number;
}

const OWN_KEYS = ["batchSize", "forgetFactor", "freshRestarts", "freshRestartsMaxIter", "maxNoImprovement", "transformMaxIter"];
const NOT_HERE = ["solver", "updateW", "updateH", "onProgress", "graph", "missing", "weights"];

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new OptionError("INVALID_OPTION", `${name} must be a positive integer, got ${String(value)}`, name);
  }
  return value;
}

export function resolveMiniBatchOptions(options: unknown): MiniBatchSettings {
  if (options === null || typeof options !== "object") {
    throw new OptionError("INVALID_OPTION", "options must be an object with at least { rank }", "options");
  }
  const own: Record<string, unknown> = {}, rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (NOT_HERE.includes(key)) {
      throw new OptionError("UNKNOWN_OPTION", `'${key}' is not an option of MiniBatchNMF (multiplicative updates only)`, key);
    }
    (OWN_KEYS.includes(key) ? own : rest)[key] = value;
  }
  const base = resolveOptions({ ...rest, solver: "mu" });
  const forgetFactor = own.forgetFactor ?? 0.7;
  if (typeof forgetFactor !== "number" || !(forgetFactor >= 0 && forgetFactor <= 1)) {
    throw new OptionError("INVALID_OPTION", `forgetFactor must be a number in [0, 1], got ${String(forgetFactor)}`, "forgetFactor");
  }
  const freshRestarts = own.freshRestarts ?? false;
  if (typeof freshRestarts !== "boolean") throw new OptionError("INVALID_OPTION", "freshRestarts must be true or false", "freshRestarts");
  const maxNoImprovement = own.maxNoImprovement === undefined ? 10 : own.maxNoImprovement;
  return {
    base,
    batchSize: positiveInteger(own.batchSize ?? 1024, "batchSize"),
    forgetFactor,
    freshRestarts,
    freshRestartsMaxIter: positiveInteger(own.freshRestartsMaxIter ?? 30, "freshRestartsMaxIter"),
    maxNoImprovement: maxNoImprovement === null ? null : positiveInteger(maxNoImprovement, "maxNoImprovement"),
    transformMaxIter: own.transformMaxIter == null ? base.maxIter : positiveInteger(own.transformMaxIter, "transformMaxIter"),
  };
}

/** Options NMFOptions knows, for the NMF base class (inverseTransform, components). */
export function baseOptions(options: MiniBatchNMFOptions): NMFOptions {
  const rest: Record<string, unknown> = { ...options };
  for (const key of OWN_KEYS) delete rest[key];
  return rest as unknown as NMFOptions;
}
