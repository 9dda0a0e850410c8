// Validation and loading of V for masked / weighted NMF (options missing and weights): which
// entries are observed, with what weight, checked before anything is copied into an engine.
import type { DataSource } from "./data/index.js";
import { MaskedDenseData } from "./data/masked-dense.js";
import { ObservedCsrData } from "./data/observed-csr.js";
import { MatrixShapeError, OptionError } from "./errors.js";
import { badEntry, denseSource, type MatrixInput } from "./matrix.js";
import { csrSource, isCsr } from "./sparse/csr.js";

export interface MaskOptions {
  missing?: "nan" | "unstored";
  weights?: MatrixInput;
}

function noObservedEntry(): MatrixShapeError {
  return new MatrixShapeError("EMPTY_MATRIX", "V has no observed entry (every entry is missing or has weight 0)", "V");
}

/** V's observed entries and weights as a DataSource for the masked solvers. */
export function maskedSource(input: MatrixInput, { missing, weights }: MaskOptions): DataSource {
  if (isCsr(input)) {
    if (missing !== "unstored") {
      throw new OptionError("INVALID_OPTION", missing === "nan"
        ? "missing: 'nan' marks NaN entries of a dense V; for CSR V use missing: 'unstored'"
        : "weights need a dense V (for CSR V, missing: 'unstored' observes the stored entries)", missing ? "missing" : "weights");
    }
    if (weights !== undefined) throw new OptionError("INVALID_OPTION", "weights need a dense V", "weights");
    const source = csrSource(input, "V");
    if (source.nnz === 0) throw noObservedEntry();
    return { rows: source.rows, cols: source.cols, format: "csr", nnz: source.nnz, load: (engine, rank) => ObservedCsrData.create(engine, source, rank) };
  }
  if (missing === "unstored") {
    throw new OptionError("INVALID_OPTION", "missing: 'unstored' needs a CSR V (its stored entries are the observed ones)", "missing");
  }
  const shape = denseSource(input, "V");
  const { rows, cols } = shape;
  const weightSource = weights === undefined ? undefined : denseSource(weights, "weights");
  if (weightSource && (weightSource.rows !== rows || weightSource.cols !== cols)) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `weights is ${weightSource.rows}×${weightSource.cols}, V is ${rows}×${cols}`, "weights");
  }
  // Read everything now: a bad value or an all-missing V is an error before any engine work.
  const v = new Float32Array(rows * cols), s = new Float32Array(rows * cols);
  if (weightSource) weightSource.copyInto(s);
  else s.fill(1);
  const flat: ArrayLike<unknown> = Array.isArray(input) ? (input as ArrayLike<number>[]).flatMap((row) => Array.from(row)) :
    (input as { data: ArrayLike<number> }).data;
  let observed = 0;
  for (let t = 0; t < flat.length; t++) {
    const x = flat[t];
    if (typeof x === "number" && Number.isNaN(x) && missing === "nan") {
      s[t] = 0;
      continue;
    }
    v[t] = x as number;
    if (!(v[t] >= 0 && v[t] < Infinity) || typeof x !== "number") throw badEntry("V", x as number, Math.floor(t / cols), t % cols);
    observed += s[t];
  }
  if (!(observed > 0)) throw noObservedEntry();
  return { rows, cols, format: "dense", nnz: rows * cols, load: (engine) => MaskedDenseData.create(engine, rows, cols, v, s) };
}
