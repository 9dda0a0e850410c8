// Matrix completion: a CSR V whose stored entries are the observed ones (stored zeros included)
// and whose other entries are missing. Everything is O(nnz·k): products with V and with its
// pattern P (the stored positions, weight 1), and WH only at the stored entries (SDDMM).
import type { Buf, Engine } from "../engine.js";
import { sparseViews } from "../engine-sparse.js";
import type { CsrSource } from "../sparse/csr.js";
import { CsrData } from "./csr-data.js";
import { MaskedDataBase, type MaskedData, type ObservedEntries } from "./masked-data.js";

export class ObservedCsrData extends MaskedDataBase implements MaskedData {
  readonly rows: number;
  readonly cols: number;
  /** Σ V scaled so that sum / (rows·cols) is the mean of the stored entries (the init's scale). */
  readonly sum: number;
  readonly sumSquares: number;
  readonly nonZeros: number;

  private constructor(private readonly V: CsrData, private readonly pattern: CsrData) {
    super();
    this.rows = V.rows;
    this.cols = V.cols;
    this.sum = V.sum * (V.rows * V.cols) / V.S.nnz;
    this.sumSquares = V.sumSquares;
    this.nonZeros = V.nonZeros;
  }

  static create(engine: Engine, source: CsrSource, rank: number): ObservedCsrData {
    const V = CsrData.create(engine, source, rank);
    const pattern = CsrData.create(engine, {
      rows: source.rows, cols: source.cols, nnz: source.nnz,
      copyInto(indptr, indices, values) {
        const stored = sparseViews(engine, V.S);
        indptr.set(stored.indptr);
        indices.set(stored.indices);
        values.fill(1);
        return values.length > 0 ? 1 : 0;
      },
    }, rank);
    return new ObservedCsrData(V, pattern);
  }

  vTimes(out: Buf, B: Buf): void { this.V.vTimes(out, B); }
  vtTimes(out: Buf, B: Buf): void { this.V.vtTimes(out, B); }
  vTimesHt(out: Buf, H: Buf): void { this.V.vTimesHt(out, H); }
  wtTimesV(out: Buf, W: Buf): void { this.V.wtTimesV(out, W); }
  klNumeratorW(out: Buf, W: Buf, H: Buf): void { this.V.klNumeratorW(out, W, H); }
  klNumeratorH(out: Buf, W: Buf, H: Buf): void { this.V.klNumeratorH(out, W, H); }
  klDivergence(W: Buf, H: Buf): number { return this.V.observedKlDivergence(W, H); }

  squaredError(W: Buf, H: Buf): number { return this.V.observedSquaredError(W, H); }

  observedEntries(): ObservedEntries { return { byRow: this.V.S, byColumn: this.V.T }; }

  /** With P's weights 1, the β = 3 numerator P·WH^(β−2) is WH at the stored entries. */
  maskedProductW(out: Buf, W: Buf, H: Buf): void { this.pattern.betaNumeratorW(out, W, H, 3); }
  maskedProductH(out: Buf, W: Buf, H: Buf): void { this.pattern.betaNumeratorH(out, W, H, 3); }
  maskTimesHt(out: Buf, H: Buf): void { this.pattern.vTimesHt(out, H); }
  wtTimesMask(out: Buf, W: Buf): void { this.pattern.wtTimesV(out, W); }
}
