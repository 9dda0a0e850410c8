// Writing matrices: CSV (with names when known), .npy (float32) or Matrix Market (non-zeros).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { denseToCsr, formatCsv, formatMatrixMarket, formatNpy } from "nmf-wasm";
import { CliError } from "./errors.mjs";

export const OUTPUT_FORMATS = ["csv", "npy", "mtx"];

/** Component names for the rank columns of W and rows of H. */
export function componentNames(k, prefix = "component") {
  return Array.from({ length: k }, (_, c) => `${prefix}_${c + 1}`);
}

/**
 * Write `matrix` to DIR/BASE.FORMAT; `rowNames`/`columnNames` are used by CSV only (a header row
 * is written when there are column names). Returns the path.
 */
export function writeMatrix(dir, base, format, matrix, { rowNames, columnNames, cornerName } = {}) {
  const path = join(dir, `${base}.${format}`);
  let content;
  if (format === "csv") content = formatCsv(matrix, { rowNames, columnNames, cornerName });
  else if (format === "npy") content = formatNpy(matrix);
  else content = formatMatrixMarket(denseToCsr(matrix, base));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, content);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${error.code === "EACCES" ? "permission denied" : error.message}`);
  }
  return path;
}

/** W (rows × k) and H (k × cols) of a fit, named after the input's rows and columns when it had names. */
export function writeFactors(dir, format, { W, H }, { rowNames, columnNames, cornerName } = {}) {
  const components = componentNames(W.cols);
  const csv = format === "csv";
  return [
    writeMatrix(dir, "W", format, W, csv && rowNames ? { rowNames, columnNames: components, cornerName: cornerName ?? "" } : {}),
    writeMatrix(dir, "H", format, H, csv && columnNames ? { rowNames: components, columnNames, cornerName: "component" } : {}),
  ];
}
