// Clusters from W, connectivity and consensus matrices, and clustering scores against known
// classes (R NMF's predict, connectivity, consensus, dispersion, purity, entropy).
import { MatrixShapeError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { checkSampleCap, labelCodes, readMatrix, readSquare, type MeasureMatrix } from "./input.js";

/**
 * Each sample's cluster: the index (0-based) of its largest component in its row of W, the first
 * on ties — R's predict() on the transpose (argmax of each column of coef). Uses W as given: a
 * rescaling of W's columns (see normalizeFactors) can change it.
 */
export function clusters(W: MeasureMatrix): Int32Array {
  const M = readMatrix(W, "W");
  return clustersOf(M);
}

/** clusters() of an already validated W. */
export function clustersOf(W: Matrix): Int32Array {
  const out = new Int32Array(W.rows);
  for (let i = 0; i < W.rows; i++) {
    let best = 0;
    for (let c = 1; c < W.cols; c++) if (W.data[i * W.cols + c] > W.data[i * W.cols + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Sums connectivity matrices over runs; `matrix()` is their mean, the consensus (n×n float32). */
export class ConsensusAccumulator {
  private readonly counts: Float32Array;
  private runs = 0;

  constructor(readonly n: number) {
    checkSampleCap(n, "consensus");
    this.counts = new Float32Array(n * n);
  }

  /** Add one run's clusters (length n): every pair in one cluster gains 1. */
  add(labels: ArrayLike<number>): void {
    const members = new Map<number, number[]>();
    for (let i = 0; i < this.n; i++) {
      const list = members.get(labels[i]);
      if (list) list.push(i);
      else members.set(labels[i], [i]);
    }
    for (const list of members.values()) {
      for (const a of list) for (const b of list) this.counts[a * this.n + b] += 1;
    }
    this.runs++;
  }

  /** The mean connectivity; the accumulator is spent afterwards. */
  matrix(): Matrix {
    const scale = 1 / this.runs;
    for (let t = 0; t < this.counts.length; t++) this.counts[t] *= scale;
    return { rows: this.n, cols: this.n, data: this.counts };
  }
}

/** The n×n 0/1 matrix of "same cluster" (R's connectivity of a membership factor). */
export function connectivity(labels: ArrayLike<number | string>): Matrix {
  const { codes } = labelCodes(labels, "labels");
  const acc = new ConsensusAccumulator(codes.length);
  acc.add(codes);
  return acc.matrix();
}

/**
 * Dispersion of a consensus matrix (Kim & Park 2007, R's dispersion): Σ 4(C_ij − ½)² / n²,
 * 1 for a crisp (0/1) consensus, lower as the runs disagree.
 */
export function dispersion(C: MeasureMatrix): number {
  const M = readSquare(C, "C");
  let sum = 0;
  for (let t = 0; t < M.data.length; t++) sum += 4 * (M.data[t] - 0.5) ** 2;
  return sum / (M.rows * M.rows);
}

/** Contingency table clusters (rows) × classes (columns), as R's table(x, y). */
function contingency(labels: ArrayLike<number | string>, classes: ArrayLike<number | string>) {
  const x = labelCodes(labels, "labels"), y = labelCodes(classes, "classes");
  if (x.codes.length !== y.codes.length) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `labels has ${x.codes.length} entries but classes has ${y.codes.length}`, "classes");
  }
  const table = new Float64Array(x.count * y.count);
  for (let i = 0; i < x.codes.length; i++) table[x.codes[i] * y.count + y.codes[i]]++;
  return { table, clusters: x.count, classes: y.count, n: x.codes.length };
}

/** Purity of a clustering against known classes (R's purity): Σ_clusters max_class n(q, j) / n, in (0, 1]. */
export function purity(labels: ArrayLike<number | string>, classes: ArrayLike<number | string>): number {
  const { table, clusters: q, classes: l, n } = contingency(labels, classes);
  let sum = 0;
  for (let r = 0; r < q; r++) sum += Math.max(...table.subarray(r * l, (r + 1) * l));
  return sum / n;
}

/**
 * Entropy of a clustering against known classes (R's entropy):
 * −1/(n·log₂ l) Σ_q Σ_j n(q, j)·log₂(n(q, j)/n_q), 0 when every cluster is one class. With a single
 * class (l = 1) it is 0 (R divides by log₂ 1 = 0 and gives NaN).
 */
export function entropy(labels: ArrayLike<number | string>, classes: ArrayLike<number | string>): number {
  const { table, clusters: q, classes: l, n } = contingency(labels, classes);
  if (l === 1) return 0;
  let sum = 0;
  for (let r = 0; r < q; r++) {
    let size = 0;
    for (let j = 0; j < l; j++) size += table[r * l + j];
    for (let j = 0; j < l; j++) {
      const count = table[r * l + j];
      if (count > 0) sum += count * Math.log2(count / size);
    }
  }
  return sum === 0 ? 0 : -sum / (n * Math.log2(l));
}
