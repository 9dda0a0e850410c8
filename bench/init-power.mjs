// How many power iterations the randomized SVD behind NNDSVD-A needs, judged by the fit: for each
// set and q ∈ {0, 1, 2, 4, 7}, the NNDSVD-A start from q power iterations, then `cd` and `mu` for a
// fixed number of iterations from it (tol 0), reporting the error at a few checkpoints (0 = the
// start) relative to the lowest final error over q for the same seed, averaged over seeds.
// Errors and iteration counts do not depend on machine load.
// Run: node bench/init-power.mjs [--quick] [--json]
import { pathToFileURL } from "node:url";
import { benchArgs } from "./cli.mjs";
import { initSets } from "./init-sets.mjs";
import { nmf } from "../dist/index.js";
import { Engine } from "../dist/engine.js";
import { dataSource } from "../dist/data/index.js";
import { initializeFactors } from "../dist/init.js";
import { Random } from "../dist/random.js";

export const POWER_ITERATIONS = [0, 1, 2, 4, 7];

/** The NNDSVD-A factors of V with q power iterations (seed fixed). */
let engine;
async function nndsvdaStart(V, k, q, seed) {
  engine ??= await Engine.create();
  engine.reset();
  const data = dataSource(V, "V").load(engine, k);
  const W = engine.alloc(V.rows, k), H = engine.alloc(k, V.cols);
  await initializeFactors(engine, data, W, H, "nndsvda", new Random(seed), { powerIterations: q });
  return { W: { rows: V.rows, cols: k, data: engine.read(W) }, H: { rows: k, cols: V.cols, data: engine.read(H) } };
}

export async function benchInitPower({ quick = false } = {}) {
  const { sets, notes } = initSets({ quick });
  const checkpoints = quick ? [0, 10, 50] : [0, 10, 50, 100, 200];
  const seeds = quick ? [1] : [1, 2];
  const maxIter = checkpoints[checkpoints.length - 1];
  const rows = [];
  for (const { name, k, V } of sets) {
    for (const solver of ["cd", "mu"]) {
      const ratios = POWER_ITERATIONS.map(() => checkpoints.map(() => 0));
      for (const seed of seeds) {
        const runs = [];
        for (const q of POWER_ITERATIONS) {
          process.stderr.write(`  ${name} ${solver} q=${q} seed ${seed}…\n`);
          const start = await nndsvdaStart(V, k, q, seed);
          const r = await nmf(V, { rank: k, solver, init: start, maxIter, tol: 0 });
          const at = (it) => r.history.find((h) => h.iteration === it)?.error ?? r.reconstructionError;
          runs.push(checkpoints.map(at));
        }
        const best = Math.min(...runs.map((errors) => errors[errors.length - 1]));
        runs.forEach((errors, i) => errors.forEach((e, t) => { ratios[i][t] += e / best / seeds.length; }));
      }
      POWER_ITERATIONS.forEach((q, i) => {
        rows.push({ set: name, k, solver, q, ...Object.fromEntries(checkpoints.map((it, t) => [`it${it}`, ratios[i][t]])) });
      });
    }
  }
  return { rows, notes, checkpoints };
}

export function initPowerMarkdown({ rows, notes, checkpoints }) {
  const head = `| set | k | solver | q | ${checkpoints.map((c) => `error @${c} / best`).join(" | ")} |`;
  const rule = `|---|--:|---|--:|${checkpoints.map(() => "--:").join("|")}|`;
  const body = rows.map((r) => `| ${r.set} | ${r.k} | ${r.solver} | ${r.q} | ${checkpoints.map((c) => r[`it${c}`].toFixed(5)).join(" | ")} |`);
  return [head, rule, ...body, ...notes.map((n) => `\n${n}`)].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs();
  const result = await benchInitPower(args);
  console.log(args.json ? JSON.stringify(result.rows) : initPowerMarkdown(result));
}
