// CSV and NPY readers/writers: names detected, round trips exact, and malformed input rejected
// with a PARSE_ERROR that names the line (CSV) or the problem (NPY).
import { describe, expect, it } from "vitest";
import { MatrixShapeError, formatCsv, formatNpy, nmf, parseCsv, parseNpy } from "../src/index.js";

function parseErrorOf(fn: () => unknown): MatrixShapeError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MatrixShapeError);
    return error as MatrixShapeError;
  }
  throw new Error("expected a throw");
}

describe("parseCsv", () => {
  it("reads a bare numeric matrix: no names, exponents and signs kept", () => {
    const m = parseCsv("1,2.5,3\n4,5e-1,-6\n");
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2.5, 3, 4, 0.5, -6]);
    expect(m.columnNames).toBeUndefined();
    expect(m.rowNames).toBeUndefined();
    expect(Array.from(m.lines)).toEqual([1, 2]);
  });

  it("detects a header row and a row-name column, with or without a corner cell", () => {
    const withCorner = parseCsv("gene,s1,s2\nTP53,1,2\nBRCA1,3,4\n");
    expect(withCorner.columnNames).toEqual(["s1", "s2"]);
    expect(withCorner.rowNames).toEqual(["TP53", "BRCA1"]);
    expect(withCorner.cornerName).toBe("gene");
    expect(Array.from(withCorner.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(withCorner.lines)).toEqual([2, 3]);
    const noCorner = parseCsv("s1,s2\nTP53,1,2\nBRCA1,3,4\n");
    expect(noCorner.columnNames).toEqual(["s1", "s2"]);
    expect(noCorner.rowNames).toEqual(["TP53", "BRCA1"]);
    const headerOnly = parseCsv("a,b\n1,2\n");
    expect(headerOnly.columnNames).toEqual(["a", "b"]);
    expect(headerOnly.rowNames).toBeUndefined();
  });

  it("detects tabs and semicolons, skips blank lines, handles CRLF, a BOM and quoted names", () => {
    const tsv = parseCsv("\ufeffx\ty\n1\t2\r\n\r\n3\t4\r\n");
    expect(tsv.columnNames).toEqual(["x", "y"]);
    expect(Array.from(tsv.data)).toEqual([1, 2, 3, 4]);
    expect(Array.from(tsv.lines)).toEqual([2, 4]);
    expect(Array.from(parseCsv("1;2\n3;4").data)).toEqual([1, 2, 3, 4]);
    const quoted = parseCsv('"name, with comma","say ""hi"""\n1,2\n');
    expect(quoted.columnNames).toEqual(["name, with comma", 'say "hi"']);
  });

  it("forces or refuses names when told", () => {
    expect(parseCsv("1,2\n3,4", { header: true }).columnNames).toEqual(["1", "2"]);
    expect(parseCsv("1,2\n3,4", { header: true }).rows).toBe(1);
    expect(() => parseCsv("a,1\nb,2", { rowNames: false, header: false })).toThrow(/line 1: column 1: 'a' is not a number/);
  });

  it("reads NaN/Inf spellings as values (rejecting them is the fit's job)", () => {
    const m = parseCsv("nan,inf\n-Infinity,NA\n");
    expect(Number.isNaN(m.data[0]) && m.data[1] === Infinity && m.data[2] === -Infinity && Number.isNaN(m.data[3])).toBe(true);
  });

  it("names the line and column of a malformed entry, a ragged row, an empty field", () => {
    const notNumber = parseErrorOf(() => parseCsv("a,b\n1,2\n3,x\n", { source: "data.csv" }));
    expect(notNumber.code).toBe("PARSE_ERROR");
    expect(notNumber.message).toBe("data.csv, line 3: column 2: 'x' is not a number");
    expect(parseErrorOf(() => parseCsv("1,2\n3\n")).message).toMatch(/CSV, line 2: expected 2 fields like line 1, got 1/);
    expect(parseErrorOf(() => parseCsv("1,2\n3,\n")).message).toMatch(/line 2: column 2 is empty/);
    expect(parseErrorOf(() => parseCsv('"open,1\n2,3')).message).toMatch(/line 1: a quoted field is not closed/);
    expect(parseErrorOf(() => parseCsv("a,b,c\n1,2\n")).message).toMatch(/line 1: the header has 3 names for 2 columns/);
    expect(parseErrorOf(() => parseCsv("")).code).toBe("EMPTY_MATRIX");
    expect(parseErrorOf(() => parseCsv("a,b\n")).code).toBe("EMPTY_MATRIX");
  });
});

describe("formatCsv", () => {
  it("round-trips float32 values exactly with the shortest text, names included and quoted", () => {
    const data = new Float32Array([0.1, 1 / 3, 12345.678, 0, 1e-20, 7]);
    const text = formatCsv({ rows: 2, cols: 3, data }, {
      rowNames: ["r,1", "r2"], columnNames: ["a", 'b"', "c"], cornerName: "id",
    });
    expect(text.split("\n")[0]).toBe('id,a,"b""",c');
    expect(text.split("\n").slice(1)).toEqual(['"r,1",0.1,0.33333334,12345.678', "r2,0,1e-20,7", ""]);
    const back = parseCsv(text);
    expect(back.rowNames).toEqual(["r,1", "r2"]);
    expect(back.columnNames).toEqual(["a", 'b"', "c"]);
    expect(Array.from(Float32Array.from(back.data))).toEqual(Array.from(data));
  });

  it("writes float64 exactly, fixed precision when asked, and tabs", () => {
    const data = new Float64Array([Math.PI, 1 / 3]);
    expect(Array.from(parseCsv(formatCsv({ rows: 1, cols: 2, data })).data)).toEqual(Array.from(data));
    expect(formatCsv({ rows: 1, cols: 2, data }, { precision: 3, delimiter: "\t" })).toBe("3.14\t0.333\n");
  });

  it("writes NaN, Infinity, tiny and huge float32 values so they read back the same", () => {
    const data = Float32Array.from([Number.NaN, Infinity, 1e-7, 1.5e10, 123456789, 3.4028234663852886e38, 1e-45, 100]);
    const text = formatCsv({ rows: 1, cols: data.length, data });
    expect(text).toBe("NaN,Infinity,1e-7,15000000000,123456790,3.4028235e+38,1.4013e-45,100\n");
    const back = Float32Array.from(parseCsv(text).data);
    expect(Array.from(back)).toEqual(Array.from(data));
  });

  it("rejects names that do not fit the shape", () => {
    expect(() => formatCsv({ rows: 1, cols: 2, data: [1, 2] }, { rowNames: ["a", "b"] })).toThrow(/2 row names for 1 rows/);
    expect(() => formatCsv({ rows: 1, cols: 2, data: [1] })).toThrow(MatrixShapeError);
  });
});

/** A .npy file written by hand (independent of formatNpy): header text + raw bytes. */
function npyBytes(header: string, body: Uint8Array, version = 1): Uint8Array {
  const lengthBytes = version === 1 ? 2 : 4;
  const padded = header + " ".repeat(63 - ((6 + 2 + lengthBytes + header.length) % 64)) + "\n";
  const out = new Uint8Array(8 + lengthBytes + padded.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, padded.length, true); else view.setUint32(8, padded.length, true);
  out.set(new TextEncoder().encode(padded), 8 + lengthBytes);
  out.set(body, 8 + lengthBytes + padded.length);
  return out;
}

describe("parseNpy / formatNpy", () => {
  it("reads float64 C order, float32 (kept float32), int64, uint8 and bool", () => {
    const f8 = parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", new Uint8Array(new Float64Array([1, 2, 3, 4, 5, 6.5]).buffer)));
    expect([f8.rows, f8.cols, f8.dtype]).toEqual([2, 3, "<f8"]);
    expect(Array.from(f8.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
    const f4 = parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", new Uint8Array(new Float32Array([0.1, 2]).buffer)));
    expect(f4.data).toBeInstanceOf(Float32Array);
    expect(Array.from(f4.data)).toEqual([Math.fround(0.1), 2]);
    const i8 = parseNpy(npyBytes("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", new Uint8Array(new BigInt64Array([7n, -3n]).buffer)));
    expect(Array.from(i8.data)).toEqual([7, -3]);
    const u1 = parseNpy(npyBytes("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", new Uint8Array([0, 128, 255])));
    expect([u1.rows, u1.cols]).toEqual([1, 3]);
    expect(Array.from(u1.data)).toEqual([0, 128, 255]);
    expect(Array.from(parseNpy(npyBytes("{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }", new Uint8Array([1, 0]))).data)).toEqual([1, 0]);
  });

  it("reads Fortran order (transposed to row-major), big-endian and format version 2", () => {
    // The 2×3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column.
    const fortran = parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", new Uint8Array(new Float64Array([1, 4, 2, 5, 3, 6]).buffer)));
    expect(Array.from(fortran.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const body = new Uint8Array(8);
    new DataView(body.buffer).setInt32(0, 258, false);
    new DataView(body.buffer).setInt32(4, -1, false);
    expect(Array.from(parseNpy(npyBytes("{'descr': '>i4', 'fortran_order': False, 'shape': (1, 2), }", body)).data)).toEqual([258, -1]);
    const v2 = parseNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(new Float32Array([3]).buffer), 2));
    expect(Array.from(v2.data)).toEqual([3]);
  });

  it("formatNpy writes a 64-byte-aligned header that parseNpy (and numpy's layout) reads back", () => {
    const m = { rows: 2, cols: 2, data: new Float32Array([0.5, 1, 2, 3]) };
    const bytes = formatNpy(m);
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    expect(new TextDecoder().decode(bytes.subarray(10, 10 + headerLength))).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(2, 2\), \} *\n$/);
    const back = parseNpy(bytes.buffer as ArrayBuffer);
    expect(Array.from(back.data)).toEqual([0.5, 1, 2, 3]);
    const f64 = parseNpy(formatNpy({ rows: 1, cols: 2, data: [Math.PI, 1e300] }, { dtype: "float64" }));
    expect(Array.from(f64.data)).toEqual([Math.PI, 1e300]);
  });

  it("rejects a non-npy file, a 3-D array, an unsupported dtype and cut-short data", () => {
    const bad = (bytes: Uint8Array) => parseErrorOf(() => parseNpy(bytes, { source: "x.npy" }));
    expect(bad(new TextEncoder().encode("1,2,3\n")).message).toMatch(/^x\.npy: not a \.npy file/);
    expect(bad(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }", new Uint8Array(8))).message).toMatch(/expected a 2-D array, got shape \(1, 1, 1\)/);
    expect(bad(npyBytes("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(16))).message).toMatch(/dtype '<c16' is not supported/);
    expect(bad(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new Uint8Array(24))).message).toMatch(/cut short: 2×2 <f8 needs 32 bytes, the file has 24/);
    expect(bad(new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0, 0, 0])).message).toMatch(/version 9\.0 is not supported/);
  });

  it("a parsed CSV and NPY of the same matrix fit identically", async () => {
    const csv = parseCsv("3,1,0\n1,4,2\n0,2,5\n2,2,2\n");
    const npy = parseNpy(formatNpy(csv, { dtype: "float64" }));
    const a = await nmf(csv, { rank: 2, seed: 3, maxIter: 50 }), b = await nmf(npy, { rank: 2, seed: 3, maxIter: 50 });
    expect(Array.from(b.W.data)).toEqual(Array.from(a.W.data));
  });
});
