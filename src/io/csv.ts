// Delimited text (CSV, TSV) ↔ dense matrices, with optional row and column names. Strings in and
// out (no file system here, so it works in browsers). Quoting follows RFC 4180: a field in double
// quotes may hold the delimiter, newlines and "" for a quote.
import { MatrixShapeError } from "../errors.js";

export interface ParseCsvOptions {
  /** Field separator; default: detected from the first line (tab, semicolon or comma). */
  delimiter?: string;
  /**
   * Whether the first row holds column names. 'auto' (default): yes when one of its fields (past a
   * row-name column) is not a number.
   */
  header?: boolean | "auto";
  /**
   * Whether the first column holds row names. 'auto' (default): yes when the first field of a data
   * row is not a number.
   */
  rowNames?: boolean | "auto";
  /** Name used in error messages (e.g. the file name); default 'CSV'. */
  source?: string;
}

export interface ParsedCsv {
  rows: number;
  cols: number;
  /** Row-major values, float64 as written (nmf-wasm copies V to float32 itself). */
  data: Float64Array;
  /** Names from the header row (without the row-name column's heading), if there was one. */
  columnNames?: string[];
  /** Names from the first column, if it held names. */
  rowNames?: string[];
  /** The header's heading of the row-name column (the corner cell), if both are present. */
  cornerName?: string;
  /** 1-based line in the text where each data row starts, for error messages. */
  lines: Int32Array;
}

export interface FormatCsvOptions {
  /** Field separator (default ','). */
  delimiter?: string;
  /** Written as a first column. */
  rowNames?: readonly string[];
  /** Written as a header row. */
  columnNames?: readonly string[];
  /** Heading of the row-name column when both names are written (default ''). */
  cornerName?: string;
  /**
   * Significant digits: a number (1–17), or 'shortest' (default): text that reads back to the same
   * value with the fewest digits — for a Float32Array the fewest of 6–9 significant digits that
   * give the same float32 (so 0.1f is "0.1", not "0.10000000149011612"), otherwise JavaScript's
   * own shortest float64 text.
   */
  precision?: number | "shortest";
}

function parseError(source: string, line: number, message: string): MatrixShapeError {
  return new MatrixShapeError("PARSE_ERROR", `${source}, line ${line}: ${message}`, source);
}

/** Split text into records of fields (RFC 4180 quoting), each with the line it starts on. */
function records(text: string, delimiter: string, source: string): { fields: string[]; line: number }[] {
  if (!text.includes('"')) return unquotedRecords(text, delimiter);
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [], field = "", line = 1, start = 1, quoted = false, wasQuoted = false;
  const endRecord = () => {
    fields.push(field);
    // A blank line (one empty unquoted field) is skipped, as is a trailing newline.
    if (!(fields.length === 1 && fields[0].trim() === "" && !wasQuoted)) out.push({ fields, line: start });
    fields = []; field = ""; wasQuoted = false;
  };
  for (let p = 0; p < text.length; p++) {
    const ch = text[p];
    if (quoted) {
      if (ch === '"') {
        if (text[p + 1] === '"') { field += '"'; p++; } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true; wasQuoted = true; field = "";
    } else if (text.startsWith(delimiter, p)) {
      fields.push(field); field = ""; wasQuoted = false;
      p += delimiter.length - 1;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[p + 1] === "\n") p++;
      endRecord();
      line++;
      start = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw parseError(source, start, "a quoted field is not closed");
  if (field !== "" || fields.length > 0 || wasQuoted) endRecord();
  return out;
}

/** The common case, no quotes anywhere: split lines and fields directly (several times faster). */
function unquotedRecords(text: string, delimiter: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  for (let t = 0; t < lines.length; t++) {
    if (lines[t].trim() !== "") out.push({ fields: lines[t].split(delimiter), line: t + 1 });
  }
  return out;
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.includes("\t")) return "\t";
  if (firstLine.includes(";") && !firstLine.includes(",")) return ";";
  return ",";
}

/** A number as CSV writers spell them: decimal, exponent, NaN/Inf in numpy's and R's spellings. */
function toNumber(field: string): number {
  const s = field.trim();
  if (s === "") return NaN;
  const x = Number(s);
  if (!Number.isNaN(x)) return x;
  const lower = s.toLowerCase();
  if (lower === "nan" || lower === "na") return NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  return NaN;
}

function isNumeric(field: string): boolean {
  const s = field.trim();
  if (s === "") return false;
  return !Number.isNaN(Number(s)) || /^[+-]?(nan|na|inf|infinity)$/i.test(s);
}

/**
 * Parse delimited text into a dense matrix. A header row of column names and a first column of row
 * names are detected (or forced with `header`/`rowNames`) and returned. A malformed file throws
 * `MatrixShapeError` with code `PARSE_ERROR` naming the line (and column) — a field that is not a
 * number, a row with a different number of fields, an empty field. NaN, Inf and negative numbers are
 * read as such: rejecting them is the fit's job (or the caller's, with the line from `lines`).
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): ParsedCsv {
  if (typeof text !== "string") throw new MatrixShapeError("INVALID_TYPE", `parseCsv needs a string, got ${typeof text}`, "csv");
  const source = options.source ?? "CSV";
  const delimiter = options.delimiter ?? detectDelimiter(text);
  if (delimiter === "" || delimiter.includes('"') || /[\r\n]/.test(delimiter)) {
    throw new MatrixShapeError("PARSE_ERROR", `delimiter ${JSON.stringify(delimiter)} is not usable`, source);
  }
  const recs = records(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, delimiter, source);
  if (recs.length === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${source}: no data`, source);

  // Row names: the first field of the first data row (the second record if the first looks like a header).
  const headerAuto = (options.header ?? "auto") === "auto";
  const probe = recs.length > 1 ? recs[1] : recs[0];
  let hasRowNames = options.rowNames === true ||
    ((options.rowNames ?? "auto") === "auto" && !isNumeric(probe.fields[0]) && probe.fields.length > 1);
  let hasHeader = options.header === true ||
    (headerAuto && recs[0].fields.slice(hasRowNames ? 1 : 0).some((f) => !isNumeric(f)));
  // A header without a corner cell for the names column ("a,b" over "x,1,2"): names are still there.
  if (!hasRowNames && (options.rowNames ?? "auto") === "auto" && hasHeader && recs.length > 1 &&
    recs[0].fields.length === recs[1].fields.length - 1 && !isNumeric(recs[1].fields[0])) {
    hasRowNames = true;
  }
  if (!hasHeader && headerAuto && recs.length === 1 && recs[0].fields.some((f) => !isNumeric(f))) hasHeader = true;

  const header = hasHeader ? recs[0] : undefined;
  const body = hasHeader ? recs.slice(1) : recs;
  if (body.length === 0) throw new MatrixShapeError("EMPTY_MATRIX", `${source}: a header but no data rows`, source);
  const skip = hasRowNames ? 1 : 0;
  const cols = body[0].fields.length - skip;
  if (cols < 1) throw new MatrixShapeError("EMPTY_MATRIX", `${source}, line ${body[0].line}: no numeric columns`, source);
  const rows = body.length;
  const data = new Float64Array(rows * cols);
  const lines = new Int32Array(rows);
  const rowNames: string[] = [];
  for (let i = 0; i < rows; i++) {
    const { fields, line } = body[i];
    if (fields.length !== cols + skip) {
      throw parseError(source, line, `expected ${cols + skip} fields like line ${body[0].line}, got ${fields.length}`);
    }
    lines[i] = line;
    if (hasRowNames) rowNames.push(fields[0].trim());
    for (let j = 0; j < cols; j++) {
      const field = fields[j + skip];
      let x = Number(field);
      if (Number.isNaN(x) || field.trim() === "") {
        if (!isNumeric(field)) {
          throw parseError(source, line, field.trim() === ""
            ? `column ${j + skip + 1} is empty (a missing value)`
            : `column ${j + skip + 1}: '${field.trim()}' is not a number`);
        }
        x = toNumber(field);
      }
      data[i * cols + j] = x;
    }
  }
  const result: ParsedCsv = { rows, cols, data, lines };
  if (header) {
    const names = header.fields.map((f) => f.trim());
    if (names.length === cols + skip) {
      result.columnNames = names.slice(skip);
      if (skip) result.cornerName = names[0];
    } else if (names.length === cols) {
      result.columnNames = names;
    } else {
      throw parseError(source, header.line, `the header has ${names.length} names for ${cols} columns`);
    }
  }
  if (hasRowNames) result.rowNames = rowNames;
  return result;
}

function quote(field: string, delimiter: string): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim()
    ? `"${field.replaceAll('"', '""')}"` : field;
}

/** A toPrecision result without trailing zeros ("1.50000" → "1.5"); exponent forms via Number. */
function trimDigits(s: string): string {
  if (s.includes("e")) return String(Number(s));
  if (!s.includes(".")) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // '0'
  if (s.charCodeAt(end - 1) === 46) end--; // '.'
  return s.slice(0, end);
}

/** The shortest decimal that reads back as the same float32 value (6–9 significant digits). */
function shortestFloat32(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  for (let digits = 6; digits < 9; digits++) {
    const s = x.toPrecision(digits);
    if (Math.fround(Number(s)) === x) return trimDigits(s);
  }
  return trimDigits(x.toPrecision(9));
}

/**
 * Write a dense row-major matrix as delimited text (a trailing newline; '\n' line ends), with a
 * header row of `columnNames` and a first column of `rowNames` when given. Names are quoted when
 * they need it.
 */
export function formatCsv(matrix: { rows: number; cols: number; data: ArrayLike<number> },
  options: FormatCsvOptions = {}): string {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data?.length !== rows * cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH", "formatCsv needs { rows, cols, data } with data.length = rows × cols", "csv");
  }
  const delimiter = options.delimiter ?? ",";
  const { rowNames, columnNames } = options;
  if (rowNames && rowNames.length !== rows) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `${rowNames.length} row names for ${rows} rows`, "rowNames");
  }
  if (columnNames && columnNames.length !== cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `${columnNames.length} column names for ${cols} columns`, "columnNames");
  }
  const precision = options.precision ?? "shortest";
  const single = data instanceof Float32Array;
  const write = precision === "shortest"
    ? (single ? shortestFloat32 : (x: number) => String(x))
    : (x: number) => (Number.isFinite(x) ? trimDigits(x.toPrecision(precision)) : String(x));
  const out: string[] = [];
  if (columnNames) {
    const names = columnNames.map((n) => quote(String(n), delimiter));
    out.push((rowNames ? [quote(options.cornerName ?? "", delimiter), ...names] : names).join(delimiter));
  }
  const cells: string[] = new Array(cols + (rowNames ? 1 : 0));
  for (let i = 0; i < rows; i++) {
    let c = 0;
    if (rowNames) cells[c++] = quote(String(rowNames[i]), delimiter);
    for (let j = 0; j < cols; j++) cells[c++] = write(data[i * cols + j]);
    out.push(cells.join(delimiter));
  }
  return out.join("\n") + "\n";
}
