// The main job: a topic model of the State of the Union addresses (1790–2021, 233 speeches).
// tf-idf document-term matrix (CSR) → NMF with k = 10 → each topic's top words and which
// topics dominate each decade; then the same model refitted from a few random starts, and how
// much the runs agree (the cophenetic correlation of their consensus, R NMF's measure).
//   node examples/topics.mjs [--topics K] [--seed N] [--iters N] [--runs N]   (--runs 0: skip)
import { cophenetic, dispersion, nmf } from "nmf-wasm";
import { documentTopics, topTerms } from "nmf-wasm/text";
import { sotuMatrix } from "./sotu-matrix.mjs";
import { progressBar } from "./terminal.mjs";

function flag(name, fallback) {
  const t = process.argv.indexOf(`--${name}`);
  return t > 0 && process.argv[t + 1] !== undefined ? Number(process.argv[t + 1]) : fallback;
}
const rank = flag("topics", 10), seed = flag("seed", 0), maxIter = flag("iters", 500), nRuns = flag("runs", 3);

const started = performance.now();
const { speeches, matrix, vocabulary, description } = sotuMatrix();
console.log(description);

const bar = progressBar(`NMF k=${rank}`, maxIter);
const fitStarted = performance.now();
const result = await nmf(matrix, {
  rank, seed, maxIter, tol: 1e-4,
  onProgress: ({ iteration, error }) => bar.update(iteration, `error ${error.toFixed(4)}`),
});
bar.done(`${result.iterations} iterations${result.converged ? " (converged)" : ""} in ` +
  `${((performance.now() - fitStarted) / 1000).toFixed(2)} s, error ${result.reconstructionError.toFixed(4)}`);

console.log("\nTopics (top words by weight):");
const topics = topTerms(result.H, vocabulary, 8);
topics.forEach((terms, c) => console.log(`  ${String(c).padStart(2)}  ${terms.map((t) => t.term).join(", ")}`));

// Per decade: the average topic mix of its speeches, as a shaded row, and its leading topic.
const { weights } = documentTopics(result.W);
const decades = new Map();
speeches.forEach((s, i) => {
  const decade = Math.floor(s.year / 10) * 10;
  const mix = decades.get(decade) ?? { sum: new Float64Array(rank), count: 0 };
  for (let c = 0; c < rank; c++) mix.sum[c] += weights.data[i * rank + c];
  mix.count++;
  decades.set(decade, mix);
});
const SHADES = " ░▒▓█";
console.log(`\nTopic mix by decade (darker = larger share):\n        ${Array.from({ length: rank }, (_, c) => String(c).padStart(2)).join("")}   leading topic`);
for (const [decade, { sum, count }] of [...decades].sort((a, b) => a[0] - b[0])) {
  const share = Array.from(sum, (x) => x / count);
  const lead = share.indexOf(Math.max(...share));
  const cells = share.map((x) => SHADES[Math.min(4, Math.round(x * 8))].repeat(2)).join("");
  console.log(`  ${decade}s ${cells}   ${lead}: ${topics[lead].slice(0, 3).map((t) => t.term).join(", ")}`);
}

// Stability: NMF has many local minima. Refit from nRuns random starts; the consensus matrix says
// how often each pair of speeches shares its dominant topic across the runs.
if (nRuns >= 2) {
  const runsBar = progressBar(`${nRuns} random restarts`, nRuns);
  const runsStarted = performance.now();
  const multi = await nmf(matrix, {
    rank, seed, maxIter, tol: 1e-4, nRuns, onProgress: ({ run }) => runsBar.update(run, `run ${run + 1}`),
  });
  runsBar.done(`${((performance.now() - runsStarted) / 1000).toFixed(2)} s`);
  const C = multi.consensus;
  console.log(`\nStability over ${nRuns} random starts: errors ${multi.runs.map((r) => r.reconstructionError.toFixed(4)).join(", ")} ` +
    `(the NNDSVD-A fit above: ${result.reconstructionError.toFixed(4)})`);
  console.log(`  cophenetic correlation ${cophenetic(C).toFixed(3)}, dispersion ${dispersion(C).toFixed(3)} ` +
    "(1 = every run groups the speeches by dominant topic the same way; examples/rank-survey.mjs compares k)");
}
console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(2)} s`);
