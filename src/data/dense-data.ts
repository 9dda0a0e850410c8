// Dense V: row-major f32 in the arena; products by GEMM, KL and direct losses a row block of
// WH at a time.
import type { Buf, Engine } from "../engine.js";
import type { DenseSource } from "../matrix.js";
import { betaDivergenceFromSums } from "../loss.js";
import { squaredErrorFromTraces, type DataMatrix, type FrobeniusTraces } from "./data-matrix.js";

export class DenseData implements DataMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly nonZeros: number;

  private constructor(private readonly engine: Engine, readonly V: Buf, private readonly scratch: Buf) {
    this.rows = V.rows;
    this.cols = V.cols;
    this.sum = engine.sum(V);
    this.sumSquares = engine.dot(V, V);
    this.nonZeros = engine.countNonZeros(V);
  }

  /** Copy (and validate) the caller's matrix into the arena. */
  static create(engine: Engine, source: DenseSource, prepare?: (values: Float32Array, largest: number) => void): DenseData {
    const V = engine.alloc(source.rows, source.cols);
    const largest = source.copyInto(engine.view(V));
    prepare?.(engine.view(V), largest);
    return new DenseData(engine, V, engine.allocRowBlock(source.rows, source.cols));
  }

  /**
   * V·B (B n×c) as V·(Bᵀ)ᵀ and Vᵀ·B (B m×c) as (Bᵀ·V)ᵀ: the GEMM kernel's tuned orientations
   * for a thin operand (about 1.5× the throughput of the plain ones at c = 20), for the price
   * of transposing a c×n matrix. The c×n scratch lives only for the call: a cached one would
   * dangle once a caller releases the arena region it was taken from (the randomized SVD does).
   */
  vTimes(out: Buf, B: Buf): void {
    const mark = this.engine.mark();
    const Bt = this.engine.alloc(B.cols, this.cols);
    this.engine.transpose(Bt, B);
    this.engine.gemm(out, this.V, Bt, { transB: true });
    this.engine.release(mark);
  }

  vtTimes(out: Buf, B: Buf): void {
    const mark = this.engine.mark();
    const product = this.engine.alloc(B.cols, this.cols);
    this.engine.gemm(product, B, this.V, { transA: true });
    this.engine.transpose(out, product);
    this.engine.release(mark);
  }

  vTimesHt(out: Buf, H: Buf): void {
    this.engine.gemm(out, this.V, H, { transB: true });
  }

  wtTimesV(out: Buf, W: Buf): void {
    this.engine.gemm(out, W, this.V, { transA: true });
  }

  klNumeratorW(out: Buf, W: Buf, H: Buf): void {
    this.engine.klNumeratorW(out, this.V, W, H, this.scratch);
  }

  klNumeratorH(out: Buf, W: Buf, H: Buf): void {
    this.engine.klNumeratorH(out, this.V, W, H, this.scratch);
  }

  klDivergence(W: Buf, H: Buf): number {
    return this.engine.klDivergence(this.V, W, H, this.scratch);
  }

  klNumeratorWAndDivergence(out: Buf, W: Buf, H: Buf): number {
    this.klNumeratorW(out, W, H);
    return this.klDivergence(W, H);
  }

  firstZero(): [number, number] | undefined {
    const t = this.engine.view(this.V).indexOf(0);
    return t < 0 ? undefined : [Math.floor(t / this.cols), t % this.cols];
  }

  betaNumeratorW(out: Buf, W: Buf, H: Buf, beta: number): void {
    this.engine.betaProduct("forW", out, this.V, W, H, beta, this.scratch);
  }

  betaNumeratorH(out: Buf, W: Buf, H: Buf, beta: number): void {
    this.engine.betaProduct("forH", out, this.V, W, H, beta, this.scratch);
  }

  betaDivergence(W: Buf, H: Buf, beta: number): number {
    return betaDivergenceFromSums(this.engine.betaDivergenceSums(this.V, W, H, beta, this.scratch), beta, this.rows * this.cols);
  }

  squaredError(W: Buf, H: Buf, traces?: FrobeniusTraces): number {
    return squaredErrorFromTraces(this.sumSquares, traces) ?? this.engine.squaredError(this.V, W, H, this.scratch);
  }
}
