// The silhouette of the consensus clustering, as R NMF's silhouette(fit, what = 'consensus') and
// its summary's silhouette.consensus (NMF 0.25): samples clustered by cutting the average-linkage
// tree of 1 − C into k clusters, then cluster::silhouette on the distances 1 − C. O(n²), plain TS.
import { OptionError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { readSquare, type MeasureMatrix } from "./input.js";
import { consensusTree, cutTree, type Merge } from "./linkage.js";

export interface Silhouette {
  /** Mean silhouette width over the samples (R's summary(si)$avg.width). */
  average: number;
  /** Each sample's width in [−1, 1]: (b − a)/max(a, b), a its mean distance within its cluster, b to the nearest other. */
  widths: Float64Array;
  /** Each sample's consensus cluster (0-based, numbered by first appearance, as R's cutree). */
  clusters: Int32Array;
}

/**
 * Silhouette of the consensus clustering into k clusters (2 ≤ k ≤ n). A sample alone in its
 * cluster has width 0 (Rousseeuw's convention, as cluster::silhouette), as has one with a = b.
 */
export function consensusSilhouette(C: MeasureMatrix, k: number): Silhouette {
  const M = readSquare(C, "C");
  if (!Number.isInteger(k) || k < 2 || k > M.rows) {
    throw new OptionError("INVALID_RANK", `the consensus silhouette needs 2 ≤ k ≤ ${M.rows} clusters, got ${String(k)}`, "k");
  }
  return silhouetteOfTree(M, consensusTree(M).merges, k);
}

/** The silhouette of a validated consensus whose tree is already built (2 ≤ k ≤ n). */
export function silhouetteOfTree(M: Matrix, merges: Merge[], k: number): Silhouette {
  const n = M.rows;
  const clusters = cutTree(merges, n, k);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[clusters[i]]++;
  const widths = new Float64Array(n), sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[clusters[j]] += 1 - M.data[i * n + j];
    const own = clusters[i];
    let nearest = Infinity;
    for (let c = 0; c < k; c++) if (c !== own) nearest = Math.min(nearest, sums[c] / sizes[c]);
    const within = sums[own] / (sizes[own] - 1);
    widths[i] = sizes[own] === 1 || within === nearest ? 0 : (nearest - within) / Math.max(within, nearest);
    total += widths[i];
  }
  return { average: total / n, widths, clusters };
}
