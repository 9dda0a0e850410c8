// File readers/writers: MB/s and ms for parseCsv, formatCsv, parseNpy, formatNpy on a dense
// float32 matrix (random values in [0, 10), the shortest float32 text in the CSV).
//   node bench/io.mjs [--quick]      prints a markdown table; benchIo() returns the rows
import { fileURLToPath } from "node:url";
import { formatCsv, formatNpy, parseCsv, parseNpy } from "nmf-wasm";
import { benchArgs } from "./cli.mjs";

/** Best of `samples` timings of fn(), in ms. */
function best(fn, samples) {
  let min = Infinity;
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** Rows { operation, shape, megabytes, ms, mbPerSecond } for each reader and writer. */
export function benchIo({ quick = false } = {}) {
  const rows = quick ? 200 : 2000, cols = quick ? 100 : 500, samples = quick ? 1 : 3;
  let seed = 1;
  const data = Float32Array.from({ length: rows * cols }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * 10;
  });
  const matrix = { rows, cols, data };
  const csv = formatCsv(matrix), npy = formatNpy(matrix);
  const shape = `${rows} × ${cols}`;
  const row = (operation, bytes, ms) => ({ operation, shape, megabytes: bytes / 1e6, ms, mbPerSecond: bytes / 1e3 / ms });
  return [
    row("parseCsv", csv.length, best(() => parseCsv(csv), samples)),
    row("formatCsv (shortest float32 text)", csv.length, best(() => formatCsv(matrix), samples)),
    row("parseNpy (<f4)", npy.length, best(() => parseNpy(npy), samples)),
    row("formatNpy (<f4)", npy.length, best(() => formatNpy(matrix), samples)),
  ];
}

/** The rows as a markdown table. */
export function ioMarkdown(rows) {
  return ["| operation | matrix | MB | ms | MB/s |", "| --- | --- | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.operation} | ${r.shape} | ${r.megabytes.toFixed(1)} | ${r.ms.toFixed(0)} | ${r.mbPerSecond.toFixed(0)} |`)].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { quick, json } = benchArgs();
  const rows = benchIo({ quick });
  console.log(json ? JSON.stringify(rows) : ioMarkdown(rows));
}
