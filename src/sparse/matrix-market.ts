// Matrix Market exchange format (https://math.nist.gov/MatrixMarket/formats.html), the sparse
// files of SuiteSparse, scipy.io.mmwrite and R's Matrix: `coordinate` with `real`, `integer`
// or `pattern` values, `general` or `symmetric`. Strings in and out (no file system here, so
// it works in browsers; read the file with fs or fetch).
import { MatrixShapeError } from "../errors.js";
import { cooToCsr } from "./coo.js";
import type { CsrMatrix, CsrMatrixLike } from "./csr.js";

function parseError(message: string, line: number): MatrixShapeError {
  return new MatrixShapeError("PARSE_ERROR", `Matrix Market, line ${line}: ${message}`, "matrix-market");
}

/** Parse a Matrix Market coordinate file into CSR (duplicate entries are summed). */
export function parseMatrixMarket(text: string): CsrMatrix {
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
  const nnz = csr.indptr[csr.rows];
  const lines = [`%%MatrixMarket matrix coordinate ${field} general`, "% written by nmf-wasm", `${csr.rows} ${csr.cols} ${nnz}`];
  for (let i = 0; i < csr.rows; i++) {
    for (let p = csr.indptr[i]; p < csr.indptr[i + 1]; p++) {
      const x = csr.data[p];
      if (field === "integer" && !Number.isInteger(x)) {
        throw new MatrixShapeError("INVALID_TYPE", `entry (${i}, ${csr.indices[p]}) = ${x} is not an integer; write with field 'real'`, "csr");
      }
      lines.push(`${i + 1} ${csr.indices[p] + 1} ${x}`);
    }
  }
  return lines.join("\n") + "\n";
}
