// Sparse MU, ms per iteration: the WASM engine on CSR input vs the pure-JS CSR baseline, on the
// State of the Union tf-idf matrix (k = 10) and a synthetic 10000 × 20000 matrix at 0.5 %
// density (k = 20); plus the peak WebAssembly memory of the synthetic fit. Run in a fresh
// process (bench/run.mjs does) so the memory figure is this fit's alone.
//   node bench/sparse.mjs [--quick] [--wasm-only] [--json]
//   node --experimental-wasm-relaxed-simd bench/sparse.mjs --variant relaxed-simd --wasm-only --json
import { pathToFileURL } from "node:url";
import { benchArgs } from "./cli.mjs";
import { kernelVariant, nmf, setKernelVariant, wasmMemoryBytes } from "../dist/index.js";
import { baselineMuCsr } from "../dist/baseline/index.js";
import { uniform } from "./data.mjs";
import { sotuTfidf, sparseFactorData } from "./sparse-data.mjs";

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * ms per iteration of each runner: (t(long) − t(short)) / (long − short), the median over
 * `rounds` rounds that run every runner in turn (after one warm-up round). Interleaving keeps a
 * slow spell of this shared machine from landing on one side of the ratio only.
 */
export async function perIteration(runners, rounds) {
  const samples = runners.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    for (const [i, { run, short, long }] of runners.entries()) {
      const t0 = performance.now();
      await run(short);
      const t1 = performance.now();
      await run(long);
      const t2 = performance.now();
      if (round > 0) samples[i].push((t2 - t1 - (t1 - t0)) / (long - short));
    }
  }
  return samples.map(median);
}

const csrBytes = (V) => V.indptr.length * 4 + V.indices.length * 4 + V.data.length * 4;

function sotuData(k) {
  const matrix = sotuTfidf();
  const u = uniform(7);
  const start = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, () => 0.01 + 0.1 * u()) });
  return { V: matrix, W0: start(matrix.rows, k), H0: start(k, matrix.cols) };
}

/**
 * Iterations (short, long) and rounds of each side; the baseline takes ~50 ms (SOTU) to ~0.5 s per
 * iteration. Both sides check the error at every 10th iteration (tol 0 too), so every full-run
 * pair has one check per 10 iterations between short and long: WASM 10 → 210 / 60, baseline 2 → 12 / 1 → 11.
 * SOTU runs 11 rounds (~2 s each): single rounds on a shared 2-core VM vary by ±20 %.
 */
export function sparsePlan(quick) {
  return {
    sotu: { wasm: [10, quick ? 30 : 210], baseline: [2, quick ? 4 : 12], rounds: quick ? 1 : 11 },
    synthetic: { wasm: [10, quick ? 20 : 60], baseline: [1, quick ? 2 : 11], rounds: quick ? 1 : 3 },
  };
}

/**
 * Every set × loss: WASM (the build `variant`, or what the engine picks with "auto") and, unless
 * wasmOnly, the pure-JS CSR baseline, interleaved.
 */
export async function benchSparse({ quick = false, wasmOnly = false, variant = "auto" } = {}) {
  setKernelVariant(variant);
  const build = await kernelVariant();
  const plan = sparsePlan(quick);
  const sets = [
    { name: "SOTU tf-idf", k: 10, plan: plan.sotu, ...sotuData(10) },
    quick ? { name: "synthetic 2000×4000, 0.5%", k: 20, plan: plan.synthetic, ...sparseFactorData(2000, 4000, 0.005, 20) }
      : { name: "synthetic 10000×20000, 0.5%", k: 20, plan: plan.synthetic, ...sparseFactorData(10000, 20000, 0.005, 20) },
  ];
  const rows = [];
  for (const { name, k, V, W0, H0, plan: setPlan } of sets) {
    for (const loss of ["frobenius", "kullback-leibler"]) {
      process.stderr.write(`  sparse ${name} ${loss}: ${build}${wasmOnly ? "" : " and baseline"}…`);
      const runners = [{
        run: (maxIter) => nmf(V, { rank: k, loss, solver: "mu", init: { W: W0, H: H0 }, maxIter, tol: 0, threads: 1 }),
        short: setPlan.wasm[0], long: setPlan.wasm[1],
      }];
      if (!wasmOnly) {
        runners.push({ run: async (maxIter) => baselineMuCsr(V, W0, H0, { loss, maxIter }), short: setPlan.baseline[0], long: setPlan.baseline[1] });
      }
      const [wasmMs, baselineMs] = await perIteration(runners, setPlan.rounds);
      process.stderr.write(` ${wasmMs.toFixed(2)}${baselineMs ? ` / ${baselineMs.toFixed(1)}` : ""} ms/iter\n`);
      rows.push({
        name, m: V.rows, n: V.cols, nnz: V.indices.length, k, loss, build, wasmMs,
        ...(baselineMs ? { baselineMs, ratio: baselineMs / wasmMs } : {}),
        csrMiB: csrBytes(V) / 2 ** 20, factorsMiB: (V.rows + V.cols) * k * 4 / 2 ** 20, peakWasmMiB: wasmMemoryBytes() / 2 ** 20,
      });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs();
  const rows = await benchSparse(args);
  if (args.json) console.log(JSON.stringify(rows));
  else console.table(rows);
}
