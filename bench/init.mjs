// Init time: nmf-wasm's NNDSVD-A (initializeFactors, data already loaded) against scikit-learn's
// _initialize_nmf(X, k, 'nndsvda') on the same matrices, in the same run, when /usr/bin/python3
// has scikit-learn (skipped, saying so, otherwise). Sides alternate round by round (which goes
// first alternates too); each figure is the median (and the best) of the rounds after one warm-up
// of each. Rounds: at least 9 (3 quick), more for fast sets, up to ~2 s of each side per set, so
// millisecond-sized inits get enough samples on a noisy machine.
// Both sides single-threaded (scikit-learn's BLAS limited to 1 thread through the environment).
// Run: node bench/init.mjs [--quick] [--json] [--power-iterations N]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchArgs } from "./cli.mjs";
import { initSets } from "./init-sets.mjs";
import { Engine } from "../dist/engine.js";
import { dataSource } from "../dist/data/index.js";
import { initializeFactors } from "../dist/init.js";
import { defaultPowerIterations } from "../dist/rsvd.js";
import { Random } from "../dist/random.js";

import { PYTHON, sklearnEnv } from "./sklearn-env.mjs";

export { PYTHON };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const nnzOf = (V) => (V.format === "csr" ? V.indices.length : V.rows * V.cols);

/** Why scikit-learn cannot be timed here, or undefined when it can. */
function sklearnUnavailable() {
  const probe = spawnSync(PYTHON, ["-c", "import sklearn, scipy; print(sklearn.__version__)"], { encoding: "utf8", env: sklearnEnv() });
  if (probe.error) return `${PYTHON} not found`;
  if (probe.status !== 0) return `${PYTHON} cannot import sklearn/scipy (${probe.stderr.trim().split("\n").pop()})`;
  return undefined;
}

/** A persistent scikit-learn process over the sets written to a temp directory: time(i) → ms. */
async function sklearnTimer(sets) {
  const dir = mkdtempSync(join(tmpdir(), "nmf-init-bench-"));
  const meta = sets.map(({ k, V }, id) => {
    const file = (part, array) => writeFileSync(join(dir, `${id}.${part}`), Buffer.from(array.buffer, array.byteOffset, array.byteLength));
    if (V.format === "csr") {
      file("indptr", Int32Array.from(V.indptr));
      file("indices", Int32Array.from(V.indices));
      file("data", Float32Array.from(V.data));
    } else {
      file("data", Float32Array.from(V.data));
    }
    return { id, k, rows: V.rows, cols: V.cols, format: V.format === "csr" ? "csr" : "dense" };
  });
  writeFileSync(join(dir, "sets.json"), JSON.stringify(meta));
  const script = fileURLToPath(new URL("./sklearn-init.py", import.meta.url));
  const child = spawn(PYTHON, [script, dir], { env: sklearnEnv(), stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error("scikit-learn process ended early");
    return value;
  };
  if ((await next()) !== "ready") throw new Error("scikit-learn process did not start");
  return {
    time: async (i) => { child.stdin.write(`${i}\n`); return Number(await next()); },
    close: () => { child.stdin.end(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/** nmf-wasm's side: an engine per set with V loaded; time() → ms of one NNDSVD-A init. */
async function oursTimer({ k, V }, powerIterations) {
  const engine = await Engine.create();
  const data = dataSource(V, "V").load(engine, k);
  const W = engine.alloc(V.rows, k), H = engine.alloc(k, V.cols);
  return async () => {
    const mark = engine.mark();
    const start = performance.now();
    await initializeFactors(engine, data, W, H, "nndsvda", new Random(0), { powerIterations });
    const ms = performance.now() - start;
    engine.release(mark);
    return ms;
  };
}

/** `powerIterations`: override the library's choice (undefined: defaultPowerIterations). */
export async function benchInit({ quick = false, powerIterations = undefined } = {}) {
  const { sets, notes } = initSets({ quick });
  const minRounds = quick ? 3 : 9, maxRounds = quick ? 15 : 101, budgetMs = quick ? 500 : 2000;
  const unavailable = sklearnUnavailable();
  if (unavailable) notes.push(`scikit-learn column skipped: ${unavailable}`);
  const sklearn = unavailable ? undefined : await sklearnTimer(sets);
  const rows = [];
  try {
    for (const [i, set] of sets.entries()) {
      process.stderr.write(`  init ${set.name}…`);
      const ours = await oursTimer(set, powerIterations);
      const mine = [], theirs = [];
      await ours();
      if (sklearn) await sklearn.time(i);
      const warm = Math.max(await ours(), sklearn ? await sklearn.time(i) : 0); // a second warm-up, as an estimate
      const rounds = Math.max(minRounds, Math.min(maxRounds, Math.floor(budgetMs / Math.max(warm, 1e-3))));
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) { mine.push(await ours()); if (sklearn) theirs.push(await sklearn.time(i)); }
        else { if (sklearn) theirs.push(await sklearn.time(i)); mine.push(await ours()); }
      }
      const row = {
        set: set.name, m: set.V.rows, n: set.V.cols, nnz: nnzOf(set.V), k: set.k,
        powerIterations: powerIterations ?? defaultPowerIterations(set.V.rows, set.V.cols, set.k),
        rounds, oursMs: median(mine), oursBestMs: Math.min(...mine),
        ...(sklearn ? { sklearnMs: median(theirs), sklearnBestMs: Math.min(...theirs) } : {}),
      };
      process.stderr.write(` ${row.oursMs.toFixed(1)} ms${sklearn ? ` vs scikit-learn ${row.sklearnMs.toFixed(1)} ms` : ""}\n`);
      rows.push(row);
    }
  } finally {
    sklearn?.close();
  }
  return { rows, notes };
}

export function initMarkdown({ rows, notes }) {
  const withSklearn = rows.some((r) => r.sklearnMs !== undefined);
  const lines = [
    `| set | k | non-zeros | power iterations | rounds | nmf-wasm ms (best) |${withSklearn ? " scikit-learn ms (best) | scikit-learn / nmf-wasm | target (≤ scikit-learn) |" : ""}`,
    `|---|--:|--:|--:|--:|--:|${withSklearn ? "--:|--:|---|" : ""}`,
    ...rows.map((r) => `| ${r.set} | ${r.k} | ${r.nnz === r.m * r.n ? "dense" : r.nnz.toLocaleString("en-US")} | ${r.powerIterations} | ${r.rounds} | ` +
      `${r.oursMs.toFixed(1)} (${r.oursBestMs.toFixed(1)}) |` +
      (withSklearn ? ` ${r.sklearnMs.toFixed(1)} (${r.sklearnBestMs.toFixed(1)}) | ${(r.sklearnMs / r.oursMs).toFixed(2)}× | ${r.oursMs <= r.sklearnMs ? "pass" : "**above**"} |` : "")),
    "",
    "NNDSVD-A init only (V already loaded), single thread on both sides; medians (best in brackets) of alternating rounds after a warm-up; the ratio and the target are judged on the medians. " +
    "scikit-learn: `_initialize_nmf(X, k, 'nndsvda')` (randomized_svd with its n_iter='auto', LU normalizer), float32 X, BLAS limited to 1 thread.",
    ...notes.map((n) => `\n${n}`),
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs();
  const at = process.argv.indexOf("--power-iterations");
  const result = await benchInit({ ...args, powerIterations: at >= 0 ? Number(process.argv[at + 1]) : undefined });
  console.log(args.json ? JSON.stringify(result.rows) : initMarkdown(result));
}
