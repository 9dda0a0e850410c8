// NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html) ↔
// dense 2-D matrices. Bytes in and out (no file system here, so it works in browsers).
import { MatrixShapeError } from "../errors.js";

export interface ParsedNpy {
  rows: number;
  cols: number;
  /** Row-major values: float32 files give a Float32Array, every other dtype a Float64Array. */
  data: Float32Array | Float64Array;
  /** The file's dtype descriptor, e.g. '<f4', '<i8'. */
  dtype: string;
}

export interface FormatNpyOptions {
  /** 'float32' ('<f4', default) or 'float64' ('<f8'). */
  dtype?: "float32" | "float64";
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function parseError(source: string, message: string): MatrixShapeError {
  return new MatrixShapeError("PARSE_ERROR", `${source}: ${message}`, source);
}

/** Reads element t of a dtype from a DataView: [bytes per element, reader]. */
function elementReader(kind: string, size: number, little: boolean): ((v: DataView, at: number) => number) | undefined {
  switch (`${kind}${size}`) {
    case "f4": return (v, at) => v.getFloat32(at, little);
    case "f8": return (v, at) => v.getFloat64(at, little);
    case "i1": return (v, at) => v.getInt8(at);
    case "i2": return (v, at) => v.getInt16(at, little);
    case "i4": return (v, at) => v.getInt32(at, little);
    case "i8": return (v, at) => Number(v.getBigInt64(at, little));
    case "u1": case "b1": return (v, at) => v.getUint8(at);
    case "u2": return (v, at) => v.getUint16(at, little);
    case "u4": return (v, at) => v.getUint32(at, little);
    case "u8": return (v, at) => Number(v.getBigUint64(at, little));
    default: return undefined;
  }
}

/** The value of `key` in the header's Python dict literal, as source text. */
function headerField(header: string, key: string): string | undefined {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(header);
  return m?.[1];
}

/**
 * Parse a .npy file (versions 1–3) holding a 2-D array (a 1-D array reads as one row) of float32,
 * float64, signed or unsigned integers or booleans, either byte order, C or Fortran order. A
 * malformed or unsupported file throws `MatrixShapeError` with code `PARSE_ERROR`.
 */
export function parseNpy(bytes: Uint8Array | ArrayBuffer, options: { source?: string } = {}): ParsedNpy {
  const source = options.source ?? "NPY";
  const u8 = bytes instanceof Uint8Array ? bytes : bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : undefined;
  if (!u8) throw new MatrixShapeError("INVALID_TYPE", "parseNpy needs a Uint8Array or ArrayBuffer", source);
  if (u8.length < 10 || MAGIC.some((b, t) => u8[t] !== b)) throw parseError(source, "not a .npy file (no \\x93NUMPY magic)");
  const major = u8[6];
  if (major < 1 || major > 3) throw parseError(source, `.npy format version ${major}.${u8[7]} is not supported (1–3)`);
  const view = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > u8.length) throw parseError(source, "the header is cut short");
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(u8.subarray(8 + lengthBytes, dataStart));

  const descr = headerField(header, "descr")?.slice(1, -1);
  const fortran = headerField(header, "fortran_order");
  const shapeText = headerField(header, "shape");
  if (!descr || !fortran || !shapeText) throw parseError(source, `header without descr, fortran_order or shape: ${header.trim()}`);
  const dt = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const read = dt ? elementReader(dt[2], Number(dt[3]), dt[1] !== ">") : undefined;
  if (!dt || !read) {
    throw parseError(source, `dtype '${descr}' is not supported (float32/64, int8–64, uint8–64, bool)`);
  }
  const size = Number(dt[3]);
  const shape = shapeText.slice(1, -1).split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw parseError(source, `shape ${shapeText} is not valid`);
  if (shape.length === 0 || shape.length > 2) throw parseError(source, `expected a 2-D array, got shape ${shapeText}`);
  const [rows, cols] = shape.length === 2 ? shape : [1, shape[0]];
  const count = rows * cols;
  if (dataStart + count * size > u8.length) {
    throw parseError(source, `the data is cut short: ${rows}×${cols} ${descr} needs ${count * size} bytes, the file has ${u8.length - dataStart}`);
  }
  const float32 = dt[2] === "f" && size === 4;
  const data = float32 ? new Float32Array(count) : new Float64Array(count);
  const transposed = fortran === "True";
  for (let t = 0; t < count; t++) {
    const x = read(view, dataStart + t * size);
    // Fortran order stores column by column: element t is (t % rows, t / rows).
    data[transposed ? (t % rows) * cols + Math.floor(t / rows) : t] = x;
  }
  return { rows, cols, data, dtype: descr };
}

/** Write a dense row-major matrix as a version 1.0 .npy file (C order, little-endian). */
export function formatNpy(matrix: { rows: number; cols: number; data: ArrayLike<number> }, options: FormatNpyOptions = {}): Uint8Array {
  const { rows, cols, data } = matrix;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data?.length !== rows * cols) {
    throw new MatrixShapeError("SHAPE_MISMATCH", "formatNpy needs { rows, cols, data } with data.length = rows × cols", "npy");
  }
  const dtype = options.dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") {
    throw new MatrixShapeError("INVALID_TYPE", `dtype must be 'float32' or 'float64', got ${String(dtype)}`, "npy");
  }
  const size = dtype === "float32" ? 4 : 8;
  let header = `{'descr': '<f${size}', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  // Pad with spaces and a newline so the data starts at a multiple of 64 bytes (numpy's alignment).
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + rows * cols * size);
  out.set(MAGIC);
  out[6] = 1; out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let t = 0; t < header.length; t++) out[10 + t] = header.charCodeAt(t);
  const start = 10 + header.length;
  for (let t = 0; t < rows * cols; t++) {
    if (size === 4) view.setFloat32(start + 4 * t, data[t], true);
    else view.setFloat64(start + 8 * t, data[t], true);
  }
  return out;
}
