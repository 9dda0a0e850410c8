// Matrix Market exchange format (https://math.nist.gov/MatrixMarket/formats.html), the sparse
// files of SuiteSparse, scipy.io.mmwrite and R's Matrix: `coordinate` with `real`, `integer`
// or `pattern` values, `general` or `symmetric`. Strings in and out (no file system here, so
// it works in browsers; read the file with fs or fetch).
import { MatrixShapeError, MatrixValueError } from "../errors.js";
import { cooToCsr, csrHostBytes, HOST_ARRAY_LIMIT_BYTES } from "./coo.js";
import { csrSource, type CsrMatrix, type CsrMatrixLike } from "./csr.js";

function parseError(message: string, line: number): MatrixShapeError {
  return new MatrixShapeError("PARSE_ERROR", `Matrix Market, line ${line}: ${message}`, "matrix-market");
}

/** The file's text: a string, or its bytes (Uint8Array, Node's Buffer, ArrayBuffer) as UTF-8. */
function fileText(input: unknown): string {
  if (typeof input === "string") return input;
  if (input instanceof ArrayBuffer || input instanceof Uint8Array) return new TextDecoder().decode(input);
  throw new MatrixShapeError("INVALID_TYPE",
    `parseMatrixMarket needs the file's text (a string) or its bytes (Uint8Array, ArrayBuffer), got ${input === null ? "null" : typeof input}`,
    "matrix-market");
}

/** Parse a Matrix Market coordinate file into CSR (duplicate entries are summed). */
export function parseMatrixMarket(input: string | Uint8Array | ArrayBuffer): CsrMatrix {
  const text = fileText(input);
  let pos = 0, lineNo = 0;
  const nextLine = (): string | undefined => {
    if (pos >= text.length) return undefined;
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, "");
    pos = end + 1;
    lineNo++;
    return line;
  };
  const header = nextLine();
  const banner = header?.trim().toLowerCase().split(/\s+/) ?? [];
  if (banner[0] !== "%%matrixmarket" || banner[1] !== "matrix") throw parseError("the first line must be '%%MatrixMarket matrix …'", 1);
  const [, , format, field, symmetry] = banner;
  if (format !== "coordinate") throw parseError(`format '${format}' is not supported (only 'coordinate', the sparse format)`, 1);
  if (!["real", "integer", "pattern"].includes(field)) throw parseError(`field '${field}' is not supported (real, integer or pattern)`, 1);
  if (symmetry !== "general" && symmetry !== "symmetric") throw parseError(`symmetry '${symmetry}' is not supported (general or symmetric)`, 1);

  let size: string | undefined;
  while ((size = nextLine()) !== undefined && (size.startsWith("%") || size.trim() === ""));
  const dims = size?.trim().split(/\s+/).map(Number) ?? [];
  if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 0)) throw parseError("expected 'rows cols entries'", lineNo);
  const [rows, cols, entries] = dims;
  if (rows < 1 || cols < 1) throw parseError(`the matrix is empty (${rows}×${cols})`, lineNo);
  // Checked before anything proportional to them is allocated: a 60-byte file may declare 3e9 rows.
  if (rows > 2 ** 31 - 1 || cols > 2 ** 31 - 1 || csrHostBytes(rows, Math.min(entries, text.length)) > HOST_ARRAY_LIMIT_BYTES) {
    throw parseError(`${rows}×${cols} is beyond what nmf-wasm can hold (indices are 32-bit; its CSR would exceed ${HOST_ARRAY_LIMIT_BYTES / 2 ** 30} GiB)`, lineNo);
  }
  if (symmetry === "symmetric" && rows !== cols) throw parseError(`a symmetric matrix must be square, this one is ${rows}×${cols}`, lineNo);
  const row: number[] = [], col: number[] = [], data: number[] = [];
  const pattern = field === "pattern";
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("%")) continue;
    const parts = trimmed.split(/\s+/);
    if (parts.length !== (pattern ? 2 : 3)) throw parseError(`expected ${pattern ? "'row col'" : "'row col value'"}, got '${trimmed}'`, lineNo);
    const i = Number(parts[0]) - 1, j = Number(parts[1]) - 1;
    const x = pattern ? 1 : Number(parts[2]);
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= rows || j >= cols) {
      throw parseError(`entry (${parts[0]}, ${parts[1]}) is outside ${rows}×${cols} (indices are 1-based)`, lineNo);
    }
    if (Number.isNaN(x) || (field === "integer" && !Number.isInteger(x))) throw parseError(`'${parts[2]}' is not a valid ${field} value`, lineNo);
    // Values are kept as float32: one beyond its range would silently become ±Infinity.
    if (!Number.isFinite(Math.fround(x))) throw parseError(`'${parts[2]}' is infinite or beyond float32 range`, lineNo);
    row.push(i); col.push(j); data.push(x);
    if (symmetry === "symmetric" && i !== j) { row.push(j); col.push(i); data.push(x); }
    if (row.length > 2 * entries) break;
  }
  const stored = symmetry === "symmetric" ? row.filter((i, t) => i >= col[t]).length : row.length;
  if (stored !== entries) throw parseError(`the header announces ${entries} entries, the file has ${stored}`, lineNo);
  return cooToCsr({ rows, cols, row, col, data }, "matrix-market");
}

/** Write a CSR matrix as a Matrix Market `coordinate … general` file (1-based indices). */
export function formatMatrixMarket(csr: CsrMatrixLike, { field = "real" }: { field?: "real" | "integer" | undefined } = {}): string {
  if (field !== "real" && field !== "integer") {
    throw new MatrixShapeError("INVALID_TYPE", `field must be 'real' or 'integer', got ${String(field)}`, "csr");
  }
  // Structure checked as nmf checks it (typed errors, not a TypeError on null).
  if (typeof csr !== "object" || csr === null || csr.format !== "csr") {
    throw new MatrixShapeError("INVALID_TYPE", "formatMatrixMarket needs a CSR matrix { format: 'csr', rows, cols, indptr, indices, data }", "csr");
  }
  csrSource(csr, "csr");
  const nnz = csr.indptr[csr.rows];
  const lines = [`%%MatrixMarket matrix coordinate ${field} general`, "% written by nmf-wasm", `${csr.rows} ${csr.cols} ${nnz}`];
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      const x = csr.data[p];
      // A value the format (and our parser) cannot carry back: NaN, ±Infinity, beyond float32.
      if (typeof x !== "number" || !Number.isFinite(Math.fround(x))) {
        throw new MatrixValueError(Number.isNaN(x) || typeof x !== "number" ? "NAN_ENTRY" : "INFINITE_ENTRY",
          `entry (${i}, ${csr.indices[p]}) = ${String(x)} cannot be written (not a finite float32 value)`, "csr", i, csr.indices[p]);
      }
      if (field === "integer" && !Number.isInteger(x)) {
        throw new MatrixShapeError("INVALID_TYPE", `entry (${i}, ${csr.indices[p]}) = ${x} is not an integer; write with field 'real'`, "csr");
      }
      lines.push(`${i + 1} ${csr.indices[p] + 1} ${x}`);
    }
  }
  return lines.join("\n") + "\n";
}
