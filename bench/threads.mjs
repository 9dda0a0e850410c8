// Thread scaling: ms per iteration at 1 … cores threads (dense 4000×2000 k=32: mu Frobenius,
// mu KL, cd; synthetic sparse 6000×20000 with ~1M non-zeros, k=20: mu KL, cd), from the same
// fixed start. Each round runs every thread count once, in alternating order (1…N, then N…1),
// and a count's time is the median over rounds, so the ratios come from one run under the same
// load. Each round also times the machine's ceiling right after the row's fits (the GEMM register
// tile, L1-resident, split by the same dispatch), so every row has a ceiling from the same
// minutes: on a shared VM the second vCPU's speed changes from second to second. Per iteration = (elapsed at the last check − elapsed at the first) / the iterations
// between, so setup (copy of V, CSC build) is left out and one error check per 10 iterations is
// in, as in a real fit. Also: µs of one dispatch (an empty split call, back to back and after a
// pause that lets the workers block) per thread count, and the
// size below which fits stay on one thread. Floor: 2 threads ≥ 1.75× faster than 1 on every row.
//   node bench/threads.mjs [--quick] [--json]
import { pathToFileURL } from "node:url";
import os from "node:os";
import { closeThreadPool, nmf } from "../dist/index.js";
import { measureDispatch, measureGatherPass, measureParallelWork } from "../dist/threads/fit-engine.js";
import { threadingThreshold } from "../dist/threads/plan.js";
import { factorData } from "./data.mjs";
import { sparseFactorData } from "./sparse-data.mjs";

export const THREADS_FLOOR = 1.75;

function cases(quick) {
  const dense = quick ? { m: 800, n: 400, k: 16 } : { m: 4000, n: 2000, k: 32 };
  const sparse = quick ? { m: 2000, n: 8000, density: 0.03, k: 12 } : { m: 6000, n: 20000, density: 1e6 / (6000 * 20000), k: 20 };
  const d = factorData(dense.m, dense.n, dense.k, 4);
  const s = sparseFactorData(sparse.m, sparse.n, sparse.density, sparse.k, 5);
  const denseName = `dense ${dense.m}×${dense.n} k=${dense.k}`;
  const sparseName = `sparse ${sparse.m}×${sparse.n} (${s.V.indices.length} nnz) k=${sparse.k}`;
  return [
    { data: denseName, label: "mu Frobenius", set: d, k: dense.k, solver: "mu", loss: "frobenius" },
    { data: denseName, label: "mu KL", set: d, k: dense.k, solver: "mu", loss: "kl" },
    { data: denseName, label: "cd", set: d, k: dense.k, solver: "cd", loss: "frobenius" },
    { data: sparseName, label: "mu KL", set: s, k: sparse.k, solver: "mu", loss: "kl", sparse: true },
    { data: sparseName, label: "cd", set: s, k: sparse.k, solver: "cd", loss: "frobenius", sparse: true },
    // The default Frobenius solver, reported beside the issue's rows (not part of its floor).
    { data: denseName, label: "hals (default; reported, not in the floor)", set: d, k: dense.k, solver: "hals", loss: "frobenius", extra: true },
    { data: sparseName, label: "hals (default; reported, not in the floor)", set: s, k: sparse.k, solver: "hals", loss: "frobenius", sparse: true, extra: true },
  ];
}

/** ms per iteration between the first and last checks of a fit of `iterations` (a multiple of 10). */
async function msPerIteration(c, start, threads, iterations) {
  const checks = [];
  const r = await nmf(c.set.V, {
    rank: c.k, solver: c.solver, loss: c.loss, init: start, maxIter: iterations, tol: 0, threads,
    onProgress: (e) => checks.push(e),
  });
  if (r.threads !== threads) throw new Error(`asked ${threads} threads, got ${r.threads}: ${r.threadsNote}`);
  const first = checks[0], last = checks.at(-1);
  return (last.elapsedMs - first.elapsedMs) / (last.iteration - first.iteration);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchThreads({ quick = false, rounds = quick ? 2 : 7, maxThreads } = {}) {
  const cores = maxThreads ?? Math.max(2, os.availableParallelism?.() ?? os.cpus().length);
  const counts = Array.from({ length: cores }, (_, t) => t + 1);
  const dispatch = [];
  for (const threads of counts) dispatch.push({ threads, cost: await measureDispatch(threads, quick ? 10 : 50) });
  // The machine's ceiling in the same run: perfectly parallel L1-resident work on 1 … N threads,
  // alternating, median of rounds (a shared VM's second vCPU may give less than a whole core).
  const ceilingTimes = Object.fromEntries(counts.map((t) => [t, []]));
  const reps = quick ? 40000 : 200000;
  const timeCeiling = async (order, into) => {
    for (const threads of order) {
      const ms = await measureParallelWork(threads, reps);
      into[threads].push(ms);
      ceilingTimes[threads].push(ms);
    }
  };
  const rows = [];
  for (const c of cases(quick)) {
    const start = { W: c.set.W0, H: c.set.H0 };
    // About half a second per fit: a sparse iteration takes a few ms, a dense one tens.
    const iterations = quick ? 20 : c.sparse ? 60 : 30;
    await msPerIteration(c, start, counts.at(-1), 20); // warm-up: workers started, memory grown
    const times = Object.fromEntries(counts.map((t) => [t, []]));
    const rowCeiling = Object.fromEntries(counts.map((t) => [t, []]));
    const gatherTimes = Object.fromEntries(counts.map((t) => [t, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...counts].reverse() : counts;
      for (const threads of order) times[threads].push(await msPerIteration(c, start, threads, iterations));
      await timeCeiling(order, rowCeiling);
      if (c.sparse) for (const threads of order) gatherTimes[threads].push(await measureGatherPass(threads, c.set.V, c.k, quick ? 5 : 20));
    }
    const ratios = (samples) => Object.fromEntries(counts.map((t) => [t, median(samples[1]) / median(samples[t])]));
    const ms = Object.fromEntries(counts.map((t) => [t, median(times[t])]));
    const speedup = Object.fromEntries(counts.map((t) => [t, ms[1] / ms[t]]));
    rows.push({
      data: c.data, solver: c.label, ms, speedup, ceiling: ratios(rowCeiling), memoryCeiling: c.sparse ? ratios(gatherTimes) : undefined,
      passes: speedup[2] >= THREADS_FLOOR, extra: c.extra ?? false,
    });
  }
  const ceilingMs = Object.fromEntries(counts.map((t) => [t, median(ceilingTimes[t])]));
  const ceiling = Object.fromEntries(counts.map((t) => [t, ceilingMs[1] / ceilingMs[t]]));
  await closeThreadPool();
  return { counts, rows, dispatch, ceiling, ceilingMs, threshold: threadingThreshold(), markdown: markdown(counts, rows, dispatch, ceiling, ceilingMs) };
}

/** A row's verdict: the floor, or why it was out of reach while the row was measured. */
function verdict(r) {
  if (r.extra) return r.passes ? "(≥ floor)" : "(< floor)";
  if (r.passes) return "pass";
  const limit = Math.min(r.ceiling[2], r.memoryCeiling?.[2] ?? Infinity);
  return limit < THREADS_FLOOR ? `FAIL: ceiling ${limit.toFixed(2)} below the floor then` : "FAIL";
}

function markdown(counts, rows, dispatch, ceiling, ceilingMs) {
  const lines = [
    `| data | solver | ${counts.map((t) => `${t} thr ms/iter`).join(" | ")} | ${counts.slice(1).map((t) => `speed-up at ${t}`).join(" | ")} | ` +
      `${counts.slice(1).map((t) => `compute ceiling at ${t}`).join(" | ")} | ${counts.slice(1).map((t) => `memory ceiling at ${t}`).join(" | ")} | 2 thr ≥ ${THREADS_FLOOR}× |`,
    `|---|---|${counts.map(() => "---:").join("|")}|${counts.slice(1).map(() => "---:").join("|")}|${counts.slice(1).map(() => "---:").join("|")}|${counts.slice(1).map(() => "---:").join("|")}|:---:|`,
    ...rows.map((r) => `| ${r.data} | ${r.solver} | ${counts.map((t) => r.ms[t].toFixed(2)).join(" | ")} | ` +
      `${counts.slice(1).map((t) => r.speedup[t].toFixed(2)).join(" | ")} | ${counts.slice(1).map((t) => r.ceiling[t].toFixed(2)).join(" | ")} | ` +
      `${counts.slice(1).map((t) => r.memoryCeiling ? r.memoryCeiling[t].toFixed(2) : "—").join(" | ")} | ${verdict(r)} |`),
    `| ceiling over the whole run: the GEMM register tile alone (L1-resident, no memory traffic) | — | ${counts.map((t) => ceilingMs[t].toFixed(1)).join(" | ")} | ` +
      `${counts.slice(1).map((t) => ceiling[t].toFixed(2)).join(" | ")} | ${counts.slice(1).map(() => "").join(" | ")} | ${counts.slice(1).map(() => "").join(" | ")} | ` +
      `${ceiling[2] >= THREADS_FLOOR ? "reachable" : "**floor above the machine's ceiling**"} |`,
    "",
    "ms/iter: median over alternating rounds of (elapsed at the last check − at the first) / iterations between, from the same start. " +
    "Compute ceiling: perfectly parallel work (the GEMM register tile on L1-resident panels) split by the same dispatch, timed at 1 … N threads " +
    "right after each round of the row's fits; the ratio of the medians over the row's rounds (the last row: over all rounds). " +
    "Memory ceiling (sparse rows): the simplest gather pass (spmm, one multiply-add per gathered float) over the row's matrix, each pass after " +
    "the factor it gathers changed, as in a fit: the calling thread rewrites it (not timed), each thread copies it into its own cache " +
    "(on one thread: one copy) and the pass runs, both timed the same way (every core must receive the changed factor before it gathers from it). " +
    "No pass split n ways gains more than the compute ceiling on this machine at that time, and no pass of such gathers more than the memory ceiling.",
    "",
    `| threads | ${dispatch.map((d) => d.threads).join(" | ")} |`,
    `|---|${dispatch.map(() => "---:").join("|")}|`,
    `| µs per dispatch, back to back (median) | ${dispatch.map((d) => d.cost?.hot.toFixed(1) ?? "n/a").join(" | ")} |`,
    `| µs per dispatch, after a 3 ms pause (median) | ${dispatch.map((d) => d.cost?.cold.toFixed(1) ?? "n/a").join(" | ")} |`,
  ];
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchThreads({ quick: process.argv.includes("--quick") });
  if (process.argv.includes("--json")) console.log(JSON.stringify(result));
  else {
    console.log(result.markdown);
    console.log(`\nFits below ${result.threshold} multiply-adds per pass (m·n·k dense, nnz·k sparse) stay on one thread.`);
  }
}
