// Choosing k: a rank survey of the State of the Union topic model (R NMF's nmfEstimateRank).
// For each candidate number of topics, several fits from random starts; how much they agree
// (cophenetic correlation, dispersion, silhouette of their consensus) and how much of the data
// they explain (evar), optionally next to the same survey on shuffled data (the null).
//   node examples/rank-survey.mjs [--ranks 4,6,8,10,12] [--runs 4] [--iters 200] [--seed 0] [--randomized]
// (20 fits by default, about 20–40 s on one core; R's default is 30 runs per rank.)
import { estimateRank } from "nmf-wasm";
import { sotuMatrix } from "./sotu-matrix.mjs";
import { progressBar } from "./terminal.mjs";

const arg = (name) => {
  const t = process.argv.indexOf(`--${name}`);
  return t > 0 ? process.argv[t + 1] : undefined;
};
const ranks = (arg("ranks") ?? "4,6,8,10,12").split(",").map(Number);
const nRuns = Number(arg("runs") ?? 4), maxIter = Number(arg("iters") ?? 200), seed = Number(arg("seed") ?? 0);
const randomized = process.argv.includes("--randomized");

const started = performance.now();
const { matrix, description } = sotuMatrix();
console.log(description);
const total = ranks.length * nRuns * (randomized ? 2 : 1);
const bar = progressBar(`rank survey (${total} fits)`, total);
const survey = await estimateRank(matrix, {
  ranks, nRuns, maxIter, seed, randomized,
  onProgress: ({ runsDone, rank, randomized: isNull }) => bar.update(runsDone, `k=${rank}${isNull ? " (shuffled)" : ""}`),
});
bar.done(`${((performance.now() - started) / 1000).toFixed(1)} s`);

// The cophenetic correlation of NMF consensus matrices mostly lives in [0.5, 1]: the meter shows that range.
const BAR = 20;
const meter = (x) => "█".repeat(Math.max(0, Math.round(((x - 0.5) / 0.5) * BAR))).padEnd(BAR, "·");
const table = (rows, title) => {
  console.log(`\n${title}\n   k  cophenetic (0.5 … 1)           dispersion  silhouette  evar    sparseness W/H`);
  for (const r of rows) {
    console.log(`  ${String(r.rank).padStart(2)}  ${r.cophenetic.toFixed(3)} ${meter(r.cophenetic)}   ${r.dispersion.toFixed(3)}       ` +
      `${(r.silhouette ?? NaN).toFixed(3).padStart(6)}      ${r.evar.toFixed(3)}   ${r.sparsenessW.toFixed(2)} / ${r.sparsenessH.toFixed(2)}`);
  }
};
table(survey.ranks, "Speeches × words:");
if (survey.randomized) table(survey.randomized, "Shuffled (each speech's word weights permuted; no shared topics):");

// Brunet et al.'s rule: the first k after which the cophenetic correlation falls.
const rows = survey.ranks;
const pick = rows.find((r, t) => t + 1 < rows.length && rows[t + 1].cophenetic < r.cophenetic) ?? rows.at(-1);
console.log(`\nBrunet's rule (last k before the cophenetic correlation first drops): k = ${pick.rank}. ` +
  "A high value means the runs agree on which speeches share a dominant topic; read it with evar, " +
  "which always grows with k, and against the shuffled survey when --randomized is given.");
