// The per-shard statistics of MiniBatchNMF's H update (docs/minibatch.md, "map-reduce contract"):
// their type, their checks, and their sum.
import { MatrixShapeError, MatrixValueError } from "./errors.js";

/**
 * One shard's contribution to a step of the H update, for rows of V solved against the same H:
 * every field is a sum over the shard's rows, so shards sum (in any grouping) to the batch's.
 */
export interface ShardStatistics {
  /** Rows the shard contributed. */
  rows: number;
  rank: number;
  cols: number;
  /** rank×cols, row-major: H^(1/γ) ∘ the H update's numerator (Wᵀ·V for Frobenius). */
  numerator: Float32Array;
  /** rank×cols: the denominator (WᵀW·H for Frobenius) plus the rows' share of H's regularization. */
  denominator: Float32Array;
  /** Σ over the rows of the loss and regularization (scikit-learn's batch cost × rows). */
  cost: number;
}

export function checkStatistics(stats: ShardStatistics, k: number, n: number, name: string): void {
  if (stats === null || typeof stats !== "object" || stats.rank !== k || stats.cols !== n ||
    !(stats.numerator instanceof Float32Array) || !(stats.denominator instanceof Float32Array) ||
    stats.numerator.length !== k * n || stats.denominator.length !== k * n) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `${name} must hold rank×cols = ${k}×${n} Float32Array numerator and denominator`, name);
  }
  if (!Number.isInteger(stats.rows) || stats.rows < 1) {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.rows must be a positive integer, got ${String(stats.rows)}`, name);
  }
  for (const field of ["numerator", "denominator"] as const) {
    const values = stats[field];
    for (let t = 0; t < values.length; t++) {
      if (!(values[t] >= 0 && values[t] < Infinity)) {
        throw new MatrixValueError(Number.isNaN(values[t]) ? "NAN_ENTRY" : values[t] < 0 ? "NEGATIVE_ENTRY" : "INFINITE_ENTRY",
          `${name}.${field} at (${Math.floor(t / n)}, ${t % n}) is ${values[t]}`, `${name}.${field}`, Math.floor(t / n), t % n);
      }
    }
  }
}

/** Sum shards' statistics (in the order given; sums are associative up to float rounding). */
export function mergeStatistics(list: ShardStatistics[]): ShardStatistics {
  if (!Array.isArray(list) || list.length === 0) {
    throw new MatrixShapeError("EMPTY_MATRIX", "mergeStatistics needs at least one ShardStatistics", "statistics");
  }
  const { rank, cols } = list[0];
  const merged: ShardStatistics = {
    rows: 0, rank, cols, numerator: new Float32Array(rank * cols), denominator: new Float32Array(rank * cols), cost: 0,
  };
  list.forEach((stats, i) => {
    checkStatistics(stats, rank, cols, `statistics[${i}]`);
    merged.rows += stats.rows;
    merged.cost += stats.cost;
    for (let t = 0; t < merged.numerator.length; t++) {
      merged.numerator[t] += stats.numerator[t];
      merged.denominator[t] += stats.denominator[t];
    }
  });
  return merged;
}
