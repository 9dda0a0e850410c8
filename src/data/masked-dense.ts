// Dense V with per-entry weights S (missing entries: weight 0, value 0) in the arena: V, S and
// S∘V (m×n each). Numerators come from S∘V by the dense kernels ((S∘V)·Hᵀ, Wᵀ·(S∘V), and for KL
// ((S∘V)/WH)·Hᵀ), the masked denominators from assembly/masked.ts, a row block of WH at a time.
import { largestEntry } from "../matrix.js";
import type { Buf, Engine } from "../engine.js";
import { weightedLoss, weightedProduct } from "../engine-masked.js";
import { DenseData } from "./dense-data.js";
import { MaskedDataBase, type MaskedData, type ObservedEntries } from "./masked-data.js";
import { allocSparse, sparseViews, transposeSparse } from "../engine-sparse.js";

export class MaskedDenseData extends MaskedDataBase implements MaskedData {
  readonly rows: number;
  readonly cols: number;
  /** Σ(S∘V) scaled so that sum / (rows·cols) is the weighted mean of the observed entries (the init's scale). */
  readonly sum: number;
  readonly sumSquares: number;
  /** Non-zeros of S∘V (the DataMatrix contract; masked fits have no 'hals' budget to feed). */
  readonly nonZeros: number;
  private entries: ObservedEntries | undefined;

  private constructor(private readonly engine: Engine, private readonly V: Buf, private readonly S: Buf,
    private readonly weighted: DenseData, private readonly mask: DenseData, private readonly scratch: Buf) {
    super();
    this.rows = V.rows;
    this.cols = V.cols;
    this.sum = weighted.sum * (this.rows * this.cols) / mask.sum;
    this.sumSquares = engine.dot(weighted.V, V);
    this.nonZeros = weighted.nonZeros;
  }

  /** v: V with missing entries 0; s: the weights (0 where missing); Σ s > 0. */
  static create(engine: Engine, rows: number, cols: number, v: Float32Array, s: Float32Array): MaskedDenseData {
    const sv = new Float32Array(v.length);
    for (let t = 0; t < v.length; t++) sv[t] = s[t] * v[t];
    const load = (data: Float32Array) => DenseData.create(engine, { rows, cols, copyInto: (dest) => { dest.set(data); return largestEntry(data); } });
    const V = load(v), S = load(s), SV = load(sv);
    return new MaskedDenseData(engine, V.V, S.V, SV, S, engine.allocRowBlock(rows, cols));
  }

  vTimes(out: Buf, B: Buf): void { this.weighted.vTimes(out, B); }
  vtTimes(out: Buf, B: Buf): void { this.weighted.vtTimes(out, B); }
  vTimesHt(out: Buf, H: Buf): void { this.weighted.vTimesHt(out, H); }
  wtTimesV(out: Buf, W: Buf): void { this.weighted.wtTimesV(out, W); }
  klNumeratorW(out: Buf, W: Buf, H: Buf): void { this.weighted.klNumeratorW(out, W, H); }
  klNumeratorH(out: Buf, W: Buf, H: Buf): void { this.weighted.klNumeratorH(out, W, H); }

  klDivergence(W: Buf, H: Buf): number {
    return weightedLoss(this.engine, "kl", this.V, this.S, W, H, this.scratch);
  }

  squaredError(W: Buf, H: Buf): number {
    return weightedLoss(this.engine, "squared", this.V, this.S, W, H, this.scratch);
  }

  /** The entries with weight > 0 as CSR and CSC (values V, weights S; no weights when all are 1). */
  observedEntries(): ObservedEntries {
    if (this.entries) return this.entries;
    const { engine, rows, cols } = this;
    let nnz = 0, binary = true;
    for (const w of engine.view(this.S)) {
      if (w > 0) nnz++;
      if (w > 0 && w !== 1) binary = false;
    }
    const byRow = allocSparse(engine, rows, cols, nnz), weights = allocSparse(engine, rows, cols, nnz);
    // Views after the allocations (an allocation may grow memory and detach earlier views).
    const s = engine.view(this.S), v = engine.view(this.V);
    const out = sparseViews(engine, byRow), w = sparseViews(engine, weights);
    let p = 0;
    for (let i = 0; i < rows; i++) {
      out.indptr[i] = p;
      for (let j = 0, t = i * cols; j < cols; j++, t++) {
        if (!(s[t] > 0)) continue;
        out.indices[p] = j;
        out.values[p] = v[t];
        w.values[p++] = s[t];
      }
    }
    out.indptr[rows] = p;
    w.indptr.set(out.indptr);
    w.indices.set(out.indices);
    this.entries = {
      byRow, byColumn: transposeSparse(engine, byRow),
      ...(binary ? {} : { rowWeights: weights, columnWeights: transposeSparse(engine, weights) }),
    };
    return this.entries;
  }

  maskedProductW(out: Buf, W: Buf, H: Buf): void { weightedProduct(this.engine, "W", out, this.S, W, H, this.scratch); }
  maskedProductH(out: Buf, W: Buf, H: Buf): void { weightedProduct(this.engine, "H", out, this.S, W, H, this.scratch); }
  maskTimesHt(out: Buf, H: Buf): void { this.mask.vTimesHt(out, H); }
  wtTimesMask(out: Buf, W: Buf): void { this.mask.wtTimesV(out, W); }
}
