// Rank survey speed: estimateRank for k = 2…8 with 30 runs each on a 1000×500 planted matrix
// (5 blocks + noise), at 1 thread and at every thread; total seconds and runs per second. The
// consensus measures (average linkage, cophenetic, silhouette on the 1000×1000 consensus) are
// timed apart, once per rank, to show what the survey costs beyond its fits.
//   node bench/rank.mjs [--quick]          (--quick: 200×100, k = 2…4, 5 runs)
// Thread counts go through the fit option `threads` where the build has it (the worker pool);
// a build without it runs single-threaded and says so.
import os from "node:os";
import { pathToFileURL } from "node:url";
import { consensusSilhouette, cophenetic, estimateRank, nmf } from "../dist/index.js";

/** Samples × features, `groups` blocks of strength 1–2 plus 0–0.1 noise (mulberry32, seeded). */
export function plantedMatrix(rows, cols, groups, seed = 1) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const g = Math.floor((i * groups) / rows);
    for (let j = 0; j < cols; j++) data[i * cols + j] = (Math.floor((j * groups) / cols) === g ? 1 + random() : 0) + 0.1 * random();
  }
  return { rows, cols, data };
}

/** Whether this build accepts the `threads` fit option (the worker pool's). */
async function hasThreadsOption() {
  try {
    await nmf({ rows: 2, cols: 2, data: [1, 2, 3, 4] }, { rank: 1, maxIter: 1, threads: 1 });
    return true;
  } catch (error) {
    if (error?.code === "UNKNOWN_OPTION") return false;
    throw error;
  }
}

export async function benchRank({ quick = false } = {}) {
  const shape = quick ? { rows: 200, cols: 100, ranks: [2, 3, 4], nRuns: 5 } : { rows: 1000, cols: 500, ranks: [2, 3, 4, 5, 6, 7, 8], nRuns: 30 };
  const V = plantedMatrix(shape.rows, shape.cols, 5);
  const all = os.availableParallelism?.() ?? os.cpus().length;
  const threaded = await hasThreadsOption();
  const settings = threaded ? [1, all].filter((t, i, list) => list.indexOf(t) === i) : [undefined];
  const rows = [];
  let survey;
  for (const threads of settings) {
    const started = performance.now();
    survey = await estimateRank(V, {
      ranks: shape.ranks, nRuns: shape.nRuns, seed: 0, ...(threads ? { threads } : {}),
      onProgress: ({ runsDone, runsTotal }) => { if (runsDone % 10 === 0) process.stderr.write(`\r  ${runsDone}/${runsTotal} runs`); },
    });
    process.stderr.write("\n");
    const seconds = (performance.now() - started) / 1000;
    const runs = shape.ranks.length * shape.nRuns;
    rows.push({ threads: threads ?? "1 (no threads option)", seconds, runs, runsPerSecond: runs / seconds });
  }
  // The measures alone, on the last survey's consensus matrices.
  const measureStarted = performance.now();
  for (const r of survey.ranks) {
    cophenetic(r.consensus);
    consensusSilhouette(r.consensus, r.rank);
  }
  const measureMs = (performance.now() - measureStarted) / survey.ranks.length;

  const title = `estimateRank on ${shape.rows}×${shape.cols} (5 planted blocks), k = ${shape.ranks[0]}…${shape.ranks.at(-1)}, ${shape.nRuns} runs each, default fit options (hals, 200 iterations max, tol 1e-4)`;
  const markdown = [
    `### ${title}`, "",
    "| threads | total s | runs | runs/s |", "| ---: | ---: | ---: | ---: |",
    ...rows.map((r) => `| ${r.threads} | ${r.seconds.toFixed(2)} | ${r.runs} | ${r.runsPerSecond.toFixed(2)} |`), "",
    `Consensus measures per rank (average linkage + cophenetic, silhouette; ${shape.rows}×${shape.rows}): ${measureMs.toFixed(0)} ms.`, "",
    "| k | cophenetic | dispersion | silhouette | evar |", "| ---: | ---: | ---: | ---: | ---: |",
    ...survey.ranks.map((r) => `| ${r.rank} | ${r.cophenetic.toFixed(4)} | ${r.dispersion.toFixed(4)} | ${r.silhouette?.toFixed(4) ?? "–"} | ${r.evar.toFixed(4)} |`),
  ].join("\n");
  return { rows, measureMs, markdown };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { markdown } = await benchRank({ quick: process.argv.includes("--quick") });
  console.log(markdown);
}
