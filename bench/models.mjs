// The models' costs (docs/minibatch.md, docs/graph.md, docs/missing.md):
//   1. masked / weighted Frobenius and KL, ms per iteration, vs the plain MU fit of the same V;
//   2. CSR completion (missing: 'unstored', MU and cd) per iteration at 1M observed entries, vs plain CSR MU;
//   3. MiniBatchNMF.partialFit throughput (rows per second), dense and CSR chunks;
//   4. GNMF per iteration (digits and a 20000-sample kNN graph) vs plain MU, and knnGraph's time.
// ms per iteration = (t(long) − t(short)) / (long − short), median of interleaved rounds.
//   node bench/models.mjs [--quick] [--json]
import { pathToFileURL } from "node:url";
import { benchArgs } from "./cli.mjs";
import { factorData, uniform } from "./data.mjs";
import { perIteration } from "./sparse.mjs";
import { sparseFactorData } from "./sparse-data.mjs";
import { MiniBatchNMF, knnGraph, nmf } from "../dist/index.js";
import { loadDigits } from "../examples/digits-data.mjs";

const progress = (s) => process.stderr.write(`${s}\n`);
const fixed = (x, d = 2) => (x === undefined ? "–" : x.toFixed(d));

async function maskedRows(quick) {
  const [m, n, k] = quick ? [300, 200, 10] : [2000, 1000, 10];
  const { V, W0, H0 } = factorData(m, n, k);
  const u = uniform(3);
  const weights = { rows: m, cols: n, data: Float32Array.from({ length: m * n }, () => 0.5 + u()) };
  const withNaN = { rows: m, cols: n, data: V.data.map((x) => (u() < 0.2 ? NaN : x)) };
  const [short, long, rounds] = quick ? [2, 6, 1] : [10, 40, 3];
  const rows = [];
  for (const loss of ["frobenius", "kullback-leibler"]) {
    progress(`  masked ${m}×${n} ${loss}…`);
    const base = { rank: k, loss, init: { W: W0, H: H0 }, tol: 0 };
    const [plain, weighted, missing] = await perIteration([
      { run: (maxIter) => nmf(V, { ...base, solver: "mu", maxIter }), short, long },
      { run: (maxIter) => nmf(V, { ...base, weights, maxIter }), short, long },
      { run: (maxIter) => nmf(withNaN, { ...base, missing: "nan", maxIter }), short, long },
    ], rounds);
    rows.push({ section: "masked", shape: `${m}×${n} dense, k=${k}`, loss, plainMs: plain, weightsMs: weighted, missingMs: missing });
  }
  return rows;
}

async function completionRows(quick) {
  const [m, n, density, k] = quick ? [5000, 1000, 0.01, 10] : [20000, 5000, 0.01, 10];
  const { V, W0, H0 } = sparseFactorData(m, n, density, k);
  const [short, long, rounds] = quick ? [2, 6, 1] : [5, 25, 3];
  const rows = [];
  for (const loss of ["frobenius", "kullback-leibler"]) {
    progress(`  completion ${m}×${n}, ${V.indices.length} observed, ${loss}…`);
    const base = { rank: k, loss, solver: "mu", init: { W: W0, H: H0 }, tol: 0 };
    const runners = [
      { run: (maxIter) => nmf(V, { ...base, maxIter }), short, long },
      { run: (maxIter) => nmf(V, { ...base, missing: "unstored", maxIter }), short, long },
    ];
    if (loss === "frobenius") {
      runners.push({ run: (maxIter) => nmf(V, { ...base, solver: "cd", missing: "unstored", maxIter }), short, long });
    }
    const [plain, completion, cd] = await perIteration(runners, rounds);
    rows.push({ section: "completion", shape: `${m}×${n} CSR, ${V.indices.length.toLocaleString("en")} observed, k=${k}`, loss,
      plainMs: plain, missingMs: completion, cdMs: cd });
  }
  return rows;
}

async function partialFitRows(quick) {
  const [chunkRows, n, chunks, k] = quick ? [200, 300, 3, 10] : [1000, 1000, 10, 10];
  const dense = factorData(chunkRows * chunks, n, k).V;
  const sparse = sparseFactorData(chunkRows * chunks, n * 10, 0.01, k).V;
  const slice = (V, c) => V.format === "csr"
    ? (() => {
      const p0 = V.indptr[c * chunkRows], p1 = V.indptr[(c + 1) * chunkRows];
      return { format: "csr", rows: chunkRows, cols: V.cols, indptr: V.indptr.slice(c * chunkRows, (c + 1) * chunkRows + 1).map((p) => p - p0),
        indices: V.indices.slice(p0, p1), data: V.data.slice(p0, p1) };
    })()
    : { rows: chunkRows, cols: V.cols, data: V.data.subarray(c * chunkRows * V.cols, (c + 1) * chunkRows * V.cols) };
  const rows = [];
  for (const [name, V] of [["dense", dense], ["csr", sparse]]) {
    for (const loss of ["frobenius", "kullback-leibler"]) {
      progress(`  partialFit ${name} ${loss}…`);
      const model = new MiniBatchNMF({ rank: k, loss, seed: 0 });
      await model.partialFit(slice(V, 0)); // initialization and warm-up
      const started = performance.now();
      for (let c = 1; c < chunks; c++) await model.partialFit(slice(V, c));
      const seconds = (performance.now() - started) / 1000;
      rows.push({ section: "partialFit", shape: `${name} chunks of ${chunkRows}×${V.cols}${name === "csr" ? " (1 %)" : ""}, k=${k}`,
        loss, rowsPerSecond: (chunks - 1) * chunkRows / seconds });
    }
  }
  return rows;
}

async function graphRows(quick) {
  const digits = loadDigits().X;
  const synthetic = factorData(quick ? 3000 : 20000, 100, 10).V;
  const rows = [];
  for (const [name, V] of [["digits 1797×64", digits], [`synthetic ${synthetic.rows}×100`, synthetic]]) {
    await knnGraph(V, { neighbors: 5 }); // warm-up
    const t0 = performance.now();
    const affinity = await knnGraph(V, { neighbors: 5 });
    const knnMs = performance.now() - t0;
    const [short, long, rounds] = quick ? [2, 6, 1] : [10, 60, 3];
    for (const loss of ["frobenius", "kullback-leibler"]) {
      progress(`  GNMF ${name} ${loss}…`);
      const base = { rank: 10, loss, solver: "mu", seed: 0, init: "random", tol: 0 };
      const [plain, graphed] = await perIteration([
        { run: (maxIter) => nmf(V, { ...base, maxIter }), short, long },
        { run: (maxIter) => nmf(V, { ...base, graph: { affinity, lambda: 10 }, maxIter }), short, long },
      ], rounds);
      rows.push({ section: "gnmf", shape: `${name}, 5-NN graph (${affinity.indices.length} edges, built in ${knnMs.toFixed(0)} ms), k=10`,
        loss, plainMs: plain, graphMs: graphed });
    }
  }
  return rows;
}

export function modelsMarkdown(rows) {
  const by = (section) => rows.filter((r) => r.section === section);
  const lines = [];
  lines.push("| masked (dense) | loss | plain MU ms/iter | weights ms/iter | missing 'nan' ms/iter |", "|---|---|---|---|---|");
  for (const r of by("masked")) lines.push(`| ${r.shape} | ${r.loss} | ${fixed(r.plainMs)} | ${fixed(r.weightsMs)} | ${fixed(r.missingMs)} |`);
  lines.push("", "| completion (CSR) | loss | plain CSR MU ms/iter | missing 'unstored' MU ms/iter | 'unstored' cd ms/iter |",
    "|---|---|---|---|---|");
  for (const r of by("completion")) lines.push(`| ${r.shape} | ${r.loss} | ${fixed(r.plainMs)} | ${fixed(r.missingMs)} | ${fixed(r.cdMs)} |`);
  lines.push("", "| partialFit | loss | rows/s |", "|---|---|---|");
  for (const r of by("partialFit")) lines.push(`| ${r.shape} | ${r.loss} | ${Math.round(r.rowsPerSecond).toLocaleString("en")} |`);
  lines.push("", "| GNMF | loss | plain MU ms/iter | graph λ=10 ms/iter |", "|---|---|---|---|");
  for (const r of by("gnmf")) lines.push(`| ${r.shape} | ${r.loss} | ${fixed(r.plainMs)} | ${fixed(r.graphMs)} |`);
  return lines.join("\n");
}

export async function benchModels({ quick = false } = {}) {
  const rows = [
    ...await maskedRows(quick), ...await completionRows(quick), ...await partialFitRows(quick), ...await graphRows(quick),
  ];
  return { rows, markdown: modelsMarkdown(rows) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs();
  const { rows, markdown } = await benchModels(args);
  console.log(args.json ? JSON.stringify(rows) : markdown);
}
