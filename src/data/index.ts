// V as the caller passes it (dense or CSR) → a validated source → a DataMatrix in the arena.
import type { Engine } from "../engine.js";
import { denseSource, type MatrixInput } from "../matrix.js";
import { csrSource, isCsr } from "../sparse/csr.js";
import { CsrData } from "./csr-data.js";
import type { DataMatrix } from "./data-matrix.js";
import { DenseData } from "./dense-data.js";

export type { DataMatrix, FrobeniusTraces } from "./data-matrix.js";

/** Sees V's values as copied into the arena, and the largest of them. */
export type PrepareValues = (values: Float32Array, largest: number) => void;

/** A validated data matrix not yet copied: its shape, and how to load it into an engine. */
export interface DataSource {
  readonly rows: number;
  readonly cols: number;
  readonly format: "dense" | "csr";
  /** Stored entries (rows·cols for dense V). */
  readonly nnz: number;
  /**
   * Copy into the arena, checking every value on the way; set up for factors of `rank`.
   * `prepare` sees the copied values and their largest before anything is derived from them
   * (it may rescale them in place).
   */
  load(engine: Engine, rank: number, prepare?: PrepareValues): DataMatrix;
}

/** Check V's shape, type and (for CSR) structure up front, without copying anything. */
export function dataSource(input: MatrixInput, name: string): DataSource {
  if (isCsr(input)) {
    const source = csrSource(input, name);
    return { rows: source.rows, cols: source.cols, format: "csr", nnz: source.nnz, load: (engine, rank, prepare) => CsrData.create(engine, source, rank, prepare) };
  }
  const source = denseSource(input, name);
  return { rows: source.rows, cols: source.cols, format: "dense", nnz: source.rows * source.cols, load: (engine, _rank, prepare) => DenseData.create(engine, source, prepare) };
}
