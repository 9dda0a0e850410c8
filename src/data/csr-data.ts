// CSR V: the matrix and its CSC form (the CSR of Vᵀ, built once at setup) live in the arena,
// so V·B and Vᵀ·B are both row-parallel gather passes and V is never transposed per
// iteration nor densified. WH is only ever formed at the non-zeros of V.
import type { Buf, Engine, ScratchBuf } from "../engine.js";
import {
  allocF64, allocSparse, betaDivergenceSparse, columnBlockCount, columnSumsF64, gramF64, klDivergenceSparse,
  klNumeratorAndDivergenceSparse, klNumeratorSparse,
  spmm, sparseViews, squaredErrorSparse, transposeRows, sumSparse, sumSquaresSparse, countNonZerosSparse, transposeSparse,
  viewF64, withColumnBlocks, type F64Buf, type SparseBuf,
} from "../engine-sparse.js";
import type { CsrSource } from "../sparse/csr.js";
import { betaDivergenceFromSums } from "../loss.js";
import { squaredErrorFromTraces, type DataMatrix, type FrobeniusTraces } from "./data-matrix.js";

const roundUp4 = (k: number) => (k + 3) & ~3;

export class CsrData implements DataMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly nonZeros: number;
  /** Dense row blocks of WH, only for the Σ WH^β of a general β-divergence (allocated on first use). */
  private blockScratch: Buf | undefined;
  /**
   * Hᵀ (n×k4) and, when k is not a multiple of 4, a copy of W (m×k4): zero-padded operands. On
   * several threads both have one copy per thread (engine.replicate), W's then always: the
   * passes gather their rows at random, and each core reads its own copy.
   */
  private readonly Ht: Buf | ScratchBuf;
  /** The factor whose transpose Ht holds. */
  private HtSource: Buf | undefined;
  private readonly Wcopy: Buf | ScratchBuf | undefined;
  private readonly ratio: Buf;
  /** A row's WH at its non-zeros, for the KL divergence (alone or fused into a numerator pass). */
  private readonly whRow: Buf;
  private numerHt: Buf | undefined;
  private readonly gramA: F64Buf;
  private readonly gramB: F64Buf;

  private constructor(private readonly engine: Engine, readonly S: SparseBuf, readonly T: SparseBuf,
    private readonly rank: number) {
    this.rows = S.rows;
    this.cols = S.cols;
    this.sum = sumSparse(engine, S);
    this.sumSquares = sumSquaresSparse(engine, S);
    this.nonZeros = countNonZerosSparse(engine, S);
    const k4 = roundUp4(rank);
    const copies = engine.threads > 1;
    const operand = (rows: number): Buf | ScratchBuf => {
      if (!copies) {
        const buf = engine.alloc(rows, k4);
        engine.fill(buf, 0);
        return buf;
      }
      const buf = engine.allocScratch(rows, k4);
      engine.fillCopies(buf, 0);
      return buf;
    };
    this.Ht = operand(S.cols);
    if (copies || k4 !== rank) this.Wcopy = operand(S.rows);
    // +3: the kernels' last group of a row writes up to three values past the row.
    this.ratio = engine.allocScratch(1, Math.max(S.rows, S.cols) + 3);
    this.whRow = engine.allocScratch(1, S.cols + 3);
    this.gramA = allocF64(engine, rank * rank);
    this.gramB = allocF64(engine, rank * rank);
  }

  /** Copy (and validate) the caller's CSR matrix into the arena and build its CSC form. */
  static create(engine: Engine, source: CsrSource, rank: number,
    prepare?: (values: Float32Array, largest: number) => void): CsrData {
    const S = allocSparse(engine, source.rows, source.cols, source.nnz);
    const views = sparseViews(engine, S);
    const largest = source.copyInto(views.indptr, views.indices, views.values);
    prepare?.(views.values, largest);
    const T = transposeSparse(engine, S);
    // S's passes gather rows of Hᵀ (cols × k4), T's rows of W (rows × k4): cut the long rows
    // into column blocks when the gathered factor outgrows the cache budget.
    const rowBytes = 4 * roundUp4(rank);
    return new CsrData(engine, withColumnBlocks(engine, S, columnBlockCount(S, rowBytes)),
      withColumnBlocks(engine, T, columnBlockCount(T, rowBytes)), rank);
  }

  vTimes(out: Buf, B: Buf): void {
    spmm(this.engine, out, this.S, this.gathered(B, this.Ht), B.cols, false);
  }

  vtTimes(out: Buf, B: Buf): void {
    spmm(this.engine, out, this.T, this.gathered(B, this.Wcopy), B.cols, false);
  }

  /**
   * B (rows of n or m × k) as spmm gathers it: on several threads, each thread's copy (in Hᵀ's or
   * W's per-thread buffers; Hᵀ's then no longer holds a transpose of H).
   */
  private gathered(B: Buf, into: Buf | ScratchBuf | undefined): Buf | ScratchBuf {
    if (!into || !("stride" in into) || B.cols > into.cols || B.rows !== into.rows) return B;
    if (into === this.Ht) this.HtSource = undefined;
    this.engine.replicate(into, B, B.cols, false);
    return into;
  }

  vTimesHt(out: Buf, H: Buf): void {
    spmm(this.engine, out, this.S, this.transposed(H), H.rows, false);
  }

  wtTimesV(out: Buf, W: Buf): void {
    spmm(this.engine, out, this.T, this.gathered(W, this.Wcopy), W.cols, true);
  }

  klNumeratorW(out: Buf, W: Buf, H: Buf): void {
    klNumeratorSparse(this.engine, out, this.S, this.rowsOfW(W), this.transposed(H), this.rank, false, this.ratio);
  }

  klNumeratorH(out: Buf, W: Buf, H: Buf, hUnchanged = false): void {
    const numerHt = this.numeratorRows();
    klNumeratorSparse(this.engine, numerHt, this.T, this.transposed(H, hUnchanged), this.padded(W), this.rank, false, this.ratio);
    transposeRows(this.engine, out, numerHt, this.rank);
  }

  klDivergence(W: Buf, H: Buf): number {
    const Wp = this.rowsOfW(W), Ht = this.transposed(H);
    return klDivergenceSparse(this.engine, this.S, Wp, Ht, this.whRow) + this.sumWH(Wp, Ht);
  }

  klNumeratorWAndDivergence(out: Buf, W: Buf, H: Buf): number {
    const Wp = this.rowsOfW(W), Ht = this.transposed(H);
    const atNonZeros = klNumeratorAndDivergenceSparse(this.engine, out, this.S, Wp, Ht, this.rank, this.ratio, this.whRow);
    return atNonZeros + this.sumWH(Wp, Ht);
  }

  /** Σ WH over every entry = Σ_c (Σ_i W[i, c])·(Σ_j H[c, j]), from the padded W and Hᵀ. */
  private sumWH(Wp: Buf, Ht: Buf): number {
    columnSumsF64(this.engine, Wp, this.rank, this.gramA);
    columnSumsF64(this.engine, Ht, this.rank, this.gramB);
    const a = viewF64(this.engine, this.gramA), b = viewF64(this.engine, this.gramB);
    let sum = 0;
    for (let c = 0; c < this.rank; c++) sum += a[c] * b[c];
    return sum;
  }

  /** A stored zero, or the first entry a row does not store (rows are sorted). */
  firstZero(): [number, number] | undefined {
    const { indptr, indices, values } = sparseViews(this.engine, this.S);
    for (let i = 0; i < this.rows; i++) {
      for (let p = indptr[i], j = 0; j < this.cols; j++, p++) {
        if (p >= indptr[i + 1] || indices[p] !== j) return [i, j];
        if (values[p] === 0) return [i, j];
      }
    }
    return undefined;
  }

  betaNumeratorW(out: Buf, W: Buf, H: Buf, beta: number): void {
    klNumeratorSparse(this.engine, out, this.S, this.rowsOfW(W), this.transposed(H), this.rank, false, this.ratio, beta);
  }

  betaNumeratorH(out: Buf, W: Buf, H: Buf, beta: number, hUnchanged = false): void {
    const numerHt = this.numeratorRows();
    klNumeratorSparse(this.engine, numerHt, this.T, this.transposed(H, hUnchanged), this.padded(W), this.rank, false, this.ratio, beta);
    transposeRows(this.engine, out, numerHt, this.rank);
  }

  /**
   * The H-side numerators row by row (n×k4, as the pass over Vᵀ's rows produces them), then
   * transposed into k×n by the same row split: written straight into k×n, each row of the pass
   * touched k lines, and two threads scaled 1.6× instead of 1.9× (replayed calls).
   */
  private numeratorRows(): Buf {
    this.numerHt ??= this.engine.alloc(this.cols, roundUp4(this.rank));
    return this.numerHt;
  }

  /** The non-zeros' terms, plus (β − 1)·Σ WH^β over every entry from dense row blocks of WH. */
  betaDivergence(W: Buf, H: Buf, beta: number): number {
    const atNonZeros = betaDivergenceSparse(this.engine, this.S, this.rowsOfW(W), this.transposed(H), beta);
    this.blockScratch ??= this.engine.allocRowBlock(this.rows, this.cols);
    const everywhere = this.engine.betaDivergenceSums(null, W, H, beta, this.blockScratch);
    return betaDivergenceFromSums(atNonZeros + everywhere, beta, this.rows * this.cols);
  }

  /**
   * From the solver's traces where they are accurate (as for dense V); otherwise
   * Σ_nnz (v − wh)² + Σ_zeros wh² = Σ_nnz ((v − wh)² − wh²) + ⟨WᵀW, HHᵀ⟩, all in f64: exact for
   * the f32 factors, so a near-exact fit does not cancel to noise.
   */
  squaredError(W: Buf, H: Buf, traces?: FrobeniusTraces): number {
    const fromTraces = squaredErrorFromTraces(this.sumSquares, traces);
    if (fromTraces !== undefined) return fromTraces;
    const Wp = this.rowsOfW(W), Ht = this.transposed(H);
    const atNonZeros = squaredErrorSparse(this.engine, this.S, Wp, Ht);
    const k = this.rank;
    gramF64(this.engine, Wp, k, this.gramA);
    gramF64(this.engine, Ht, k, this.gramB);
    const a = viewF64(this.engine, this.gramA), b = viewF64(this.engine, this.gramB);
    let gramDot = 0;
    for (let c = 0; c < k; c++) {
      gramDot += a[c * k + c] * b[c * k + c];
      for (let d = c + 1; d < k; d++) gramDot += 2 * a[c * k + d] * b[c * k + d];
    }
    return atNonZeros + gramDot;
  }

  /** Σ over the stored entries only of (v − wh)² (matrix completion's loss), f64. */
  observedSquaredError(W: Buf, H: Buf): number {
    return squaredErrorSparse(this.engine, this.S, this.rowsOfW(W), this.transposed(H), "squared");
  }

  /** Σ over the stored entries only of v·log(v/wh) − v + wh (matrix completion's KL), f64. */
  observedKlDivergence(W: Buf, H: Buf): number {
    const Wp = this.rowsOfW(W), Ht = this.transposed(H);
    return klDivergenceSparse(this.engine, this.S, Wp, Ht, this.whRow) + squaredErrorSparse(this.engine, this.S, Wp, Ht, "wh");
  }

  /** Hᵀ in the zero-padded scratch; kept from the last call when the caller says H is unchanged. */
  private transposed(H: Buf, unchanged = false): Buf | ScratchBuf {
    this.checkRank(H.rows);
    if (!(unchanged && this.HtSource === H)) this.engine.replicate(this.Ht, H, H.cols, true);
    this.HtSource = H;
    return this.Ht;
  }

  /**
   * W for the passes over V's rows, which read row i of W for row i of V only: W itself when
   * its rows are a multiple of 4 wide (no copy per thread needed), else the padded copy.
   */
  private rowsOfW(W: Buf): Buf | ScratchBuf {
    return this.rank % 4 === 0 ? W : this.padded(W);
  }

  /** W as the passes over Vᵀ's rows gather it: itself when its rows are a multiple of 4 wide on one thread, else its zero-padded copy (or copies). */
  private padded(W: Buf): Buf | ScratchBuf {
    this.checkRank(W.cols);
    if (!this.Wcopy) return W;
    this.engine.replicate(this.Wcopy, W, W.cols, false);
    return this.Wcopy;
  }

  private checkRank(k: number): void {
    if (k !== this.rank) throw new Error(`internal: CSR data set up for rank ${this.rank}, got ${k}`);
  }
}
