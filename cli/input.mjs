// Reading the CLI's matrix input: CSV/TSV (names kept), NumPy .npy, Matrix Market .mtx (stays
// sparse), chosen by the file's extension; every entry checked so a bad one is named by file,
// line (CSV) and 1-based row and column.
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { parseCsv, parseMatrixMarket, parseNpy } from "nmf-wasm";
import { CliError } from "./errors.mjs";

const FORMATS = { ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".npy": "npy", ".mtx": "mtx" };

/** Read a file, with a one-line error when it cannot be. */
export function readFile(path, encoding) {
  try {
    return readFileSync(path, encoding);
  } catch (error) {
    const reason = { ENOENT: "no such file", EISDIR: "it is a folder", EACCES: "permission denied" }[error.code] ?? error.message;
    throw new CliError(`cannot read ${path}: ${reason}`);
  }
}

/**
 * The matrix in `path`: { matrix, sparse, rowNames?, columnNames?, cornerName?, where(row, col) },
 * `where` naming an entry (0-based row/col in, 1-based words out) for error messages.
 */
export function readMatrix(path) {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new CliError(`${path}: unknown file type '${extname(path)}' (expected .csv, .tsv, .txt, .npy or .mtx)`);
  const name = basename(path);
  let input;
  if (format === "csv") {
    const parsed = parseCsv(readFile(path, "utf8"), { source: path, delimiter: extname(path).toLowerCase() === ".tsv" ? "\t" : undefined });
    input = {
      matrix: parsed, sparse: false, rowNames: parsed.rowNames, columnNames: parsed.columnNames, cornerName: parsed.cornerName,
      where: (i, j) => `${path}, line ${parsed.lines[i]} (row ${i + 1}, column ${j + 1})`,
    };
  } else if (format === "npy") {
    const parsed = parseNpy(readFile(path), { source: path });
    input = { matrix: parsed, sparse: false, where: (i, j) => `${path}: entry (row ${i + 1}, column ${j + 1})` };
  } else {
    const parsed = parseMatrixMarket(readFile(path, "utf8").toString());
    input = { matrix: parsed, sparse: true, where: (i, j) => `${path}: entry (${i + 1}, ${j + 1})` };
  }
  checkEntries(input);
  return { ...input, name };
}

function describe(x) {
  if (Number.isNaN(x)) return "is missing or NaN";
  if (x < 0) return `is negative (${x}); NMF needs non-negative data`;
  return `is infinite (${x})`;
}

/** Reject the first negative, NaN or infinite entry, naming where it is. */
function checkEntries({ matrix, sparse, where }) {
  const { rows, cols, data } = matrix;
  if (sparse) {
    for (let i = 0; i < rows; i++) {
      for (let p = matrix.indptr[i]; p < matrix.indptr[i + 1]; p++) {
        const x = data[p];
        if (!(x >= 0 && x < Infinity)) throw new CliError(`${where(i, matrix.indices[p])} ${describe(x)}`);
      }
    }
    return;
  }
  for (let t = 0; t < rows * cols; t++) {
    const x = data[t];
    if (!(x >= 0 && x < Infinity)) throw new CliError(`${where(Math.floor(t / cols), t % cols)} ${describe(x)}`);
  }
}
