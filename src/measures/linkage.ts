// Average-linkage (UPGMA) hierarchical clustering of a consensus matrix's distances 1 − C, its
// cophenetic correlation (R NMF's cophcor) and its cut into k clusters (R's cutree).
//
// The agglomeration keeps, per cluster, its nearest neighbour to the right and updates only what a
// merge changes (Murtagh's nearest-neighbour list, the scheme of R's hclust): O(n²) memory (the
// condensed float64 distances) and O(n²) time in typical cases. Ties are broken as R's hclust
// breaks them (the lowest index wins), so the tree, and every value derived from it, matches R's on
// the same distances. n is capped at MAX_CONSENSUS_SAMPLES (input.ts).
import type { Matrix } from "../matrix.js";
import { readSquare, type MeasureMatrix } from "./input.js";

/** One agglomeration: clusters represented by their lowest member merge at `height`. */
export interface Merge {
  a: number;
  b: number;
  height: number;
  sizeA: number;
  sizeB: number;
}

/** Index of pair (i, j), i < j, in the condensed upper triangle of an n×n matrix. */
function pairIndex(n: number, i: number, j: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed distances 1 − C, read from the lower triangle as R's as.dist does. */
export function consensusDistances(C: Matrix): Float64Array {
  const n = C.rows;
  const d = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) d[pairIndex(n, i, j)] = 1 - C.data[j * n + i];
  }
  return d;
}

/** Average-linkage agglomeration of n items; `d` (condensed) is overwritten. n − 1 merges. */
export function averageLinkage(d: Float64Array, n: number): Merge[] {
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const nearest = new Int32Array(n), nearestDistance = new Float64Array(n).fill(Infinity);
  const findNearest = (i: number) => {
    let best = Infinity, at = -1;
    for (let j = i + 1; j < n; j++) {
      if (active[j] && d[pairIndex(n, i, j)] < best) {
        best = d[pairIndex(n, i, j)];
        at = j;
      }
    }
    nearest[i] = at;
    nearestDistance[i] = best;
  };
  for (let i = 0; i < n - 1; i++) findNearest(i);

  const merges: Merge[] = [];
  for (let step = 0; step < n - 1; step++) {
    let low = -1, best = Infinity;
    for (let i = 0; i < n - 1; i++) {
      if (active[i] && nearestDistance[i] < best) {
        best = nearestDistance[i];
        low = i;
      }
    }
    const a = Math.min(low, nearest[low]), b = Math.max(low, nearest[low]);
    merges.push({ a, b, height: best, sizeA: size[a], sizeB: size[b] });
    active[b] = 0;
    // The merged cluster's distance to each other cluster is the size-weighted mean of its parts'.
    let nextBest = Infinity, nextAt = -1;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === a) continue;
      const ak = a < k ? pairIndex(n, a, k) : pairIndex(n, k, a);
      const bk = b < k ? pairIndex(n, b, k) : pairIndex(n, k, b);
      d[ak] = (size[a] * d[ak] + size[b] * d[bk]) / (size[a] + size[b]);
      if (a < k) {
        if (d[ak] < nextBest) {
          nextBest = d[ak];
          nextAt = k;
        }
      } else if (d[ak] < nearestDistance[k]) {
        nearestDistance[k] = d[ak];
        nearest[k] = a;
      }
    }
    size[a] += size[b];
    nearest[a] = nextAt;
    nearestDistance[a] = nextBest;
    for (let i = 0; i < n - 1; i++) {
      if (active[i] && (nearest[i] === a || nearest[i] === b)) findNearest(i);
    }
  }
  return merges;
}

/** Cluster of every item after cutting the tree into k clusters, numbered by first appearance (R's cutree). */
export function cutTree(merges: Merge[], n: number, k: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let t = 0; t < n - Math.max(1, Math.min(k, n)); t++) parent[root(merges[t].b)] = root(merges[t].a);
  const label = new Map<number, number>();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = root(i);
    let c = label.get(r);
    if (c === undefined) label.set(r, c = label.size);
    out[i] = c;
  }
  return out;
}

/**
 * Cophenetic correlation of a consensus matrix (R NMF's cophcor, Brunet et al. 2004): the Pearson
 * correlation between the distances 1 − C and the cophenetic distances (merge heights) of their
 * average-linkage tree. 1 when the runs agree on a clustering; it drops as they disagree.
 * Both vectors' sums come from the merges: a merge of clusters A, B at height h sets |A|·|B| pairs'
 * cophenetic distance to h, and their distances 1 − C sum to |A|·|B|·h (average linkage's height is
 * their mean), so no n×n cophenetic matrix is formed.
 * Where R gives NA (the distances are constant, e.g. every run puts all samples in one cluster),
 * the tree reproduces them exactly and this returns 1.
 */
export function cophenetic(C: MeasureMatrix): number {
  return consensusTree(readSquare(C, "C")).cophenetic;
}

/** The average-linkage tree of a validated consensus matrix and its cophenetic correlation. */
export function consensusTree(M: Matrix): { merges: Merge[]; cophenetic: number } {
  const n = M.rows;
  if (n < 2) return { merges: [], cophenetic: 1 };
  const d = consensusDistances(M);
  let sumD = 0, sumD2 = 0;
  for (let t = 0; t < d.length; t++) {
    sumD += d[t];
    sumD2 += d[t] * d[t];
  }
  const merges = averageLinkage(d, n);
  let sumH = 0, sumH2 = 0;
  for (const { height, sizeA, sizeB } of merges) {
    const pairs = sizeA * sizeB;
    sumH += pairs * height;
    sumH2 += pairs * height * height;
  }
  // Σ d·h over pairs equals Σ h² over merges' pairs (see above).
  const count = d.length;
  const cov = sumH2 - (sumD * sumH) / count;
  const varD = sumD2 - (sumD * sumD) / count, varH = sumH2 - (sumH * sumH) / count;
  const tiny = 1e-12 * Math.max(1, sumD2);
  const value = varD <= tiny || varH <= tiny ? 1 : Math.min(1, cov / Math.sqrt(varD * varH));
  return { merges, cophenetic: value };
}
