// Graph-regularized NMF on scikit-learn's digits (1797 images of 8×8 pixels, examples/data):
// a 5-nearest-neighbour graph over the images (knnGraph), then NMF with and without it, and
// k-means on W's rows: with the graph, the clusters match the digit labels much better
// (normalized mutual information), as in Cai et al. (TPAMI 2011).
//   node examples/digits-graph.mjs [--rank 10] [--lambda 10] [--iters 300] [--seed 0]
import { knnGraph, nmf } from "nmf-wasm";
import { kMeans, normalizedMutualInformation } from "./clustering.mjs";
import { loadDigits } from "./digits-data.mjs";

function flag(name, fallback) {
  const t = process.argv.indexOf(`--${name}`);
  return t > 0 && process.argv[t + 1] !== undefined ? Number(process.argv[t + 1]) : fallback;
}
const rank = flag("rank", 10), lambda = flag("lambda", 10), maxIter = flag("iters", 300), seed = flag("seed", 0);

const { X, labels } = loadDigits();
let started = performance.now();
const affinity = await knnGraph(X, { neighbors: 5 });
console.log(`digits ${X.rows} × ${X.cols}; 5-NN graph: ${affinity.indices.length} edges in ` +
  `${(performance.now() - started).toFixed(0)} ms (first call includes WebAssembly start-up)`);

console.log(`\nk-means (10 clusters, 10 restarts) on W's rows; NMI with the digit labels (1 = perfect):`);
console.log("| loss | graph | NMI | ‖X − WH‖ | time |\n|---|---|---|---|---|");
for (const loss of ["frobenius", "kullback-leibler"]) {
  for (const graph of [undefined, { affinity, lambda }]) {
    started = performance.now();
    const r = await nmf(X, { rank, loss, solver: "mu", init: "random", seed, maxIter, tol: 0, graph });
    const seconds = (performance.now() - started) / 1000;
    const nmi = normalizedMutualInformation(kMeans(r.W, 10, { restarts: 10, seed }), labels);
    console.log(`| ${loss} | ${graph ? `λ = ${lambda}` : "none"} | ${nmi.toFixed(3)} | ` +
      `${r.reconstructionError.toFixed(1)} | ${seconds.toFixed(2)} s |`);
  }
}
