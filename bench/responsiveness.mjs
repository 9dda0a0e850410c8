// How long a fit holds the event loop, and how long an abort takes to land (issue #18 item 11):
// for each case, a 5 ms interval runs beside the fit (its longest gap is the longest stall), and
// further runs are aborted from timers (latency = rejection − the moment the timer was due: a fit
// that holds the event loop delays the timer itself, and that delay counts).
//   node bench/responsiveness.mjs [--quick]     (prints a markdown table)
import { pathToFileURL } from "node:url";
import { nmf } from "../dist/index.js";
import { factorData } from "./data.mjs";
import { longestStall } from "./event-loop.mjs";

const CASES = [
  { name: "dense 3000×2000, k = 60, NNDSVD-A init, mu", m: 3000, n: 2000, k: 60, options: { solver: "mu", init: "nndsvda" } },
  { name: "dense 3000×2000, k = 60, cd", m: 3000, n: 2000, k: 60, options: { solver: "cd", init: "random" } },
  { name: "dense 1000×800, k = 200, anls", m: 1000, n: 800, k: 200, options: { solver: "anls", init: "random" } },
  { name: "dense 40×40, k = 1000, anls", m: 40, n: 40, k: 1000, options: { solver: "anls" } },
];
const QUICK = [
  { name: "dense 600×400, k = 30, NNDSVD-A init, mu", m: 600, n: 400, k: 30, options: { solver: "mu", init: "nndsvda" } },
  { name: "dense 40×40, k = 300, anls", m: 40, n: 40, k: 300, options: { solver: "anls" } },
];

async function abortLatency(V, k, options, afterMs) {
  const controller = new AbortController();
  const due = performance.now() + afterMs;
  setTimeout(() => controller.abort(), afterMs);
  try {
    await nmf(V, { rank: k, maxIter: 1e6, tol: 0, seed: 1, ...options, signal: controller.signal });
    return NaN;
  } catch (error) {
    if (error?.name !== "AbortError") throw error;
    return performance.now() - due;
  }
}

export async function benchResponsiveness({ quick = false } = {}) {
  // The first fit compiles the kernels (once per process): not what is measured here.
  await nmf([[1, 2], [3, 4]], { rank: 1, maxIter: 1 });
  const rows = [];
  for (const c of quick ? QUICK : CASES) {
    const { V } = factorData(c.m, c.n, Math.min(c.k, 20), 1);
    const stall = await longestStall(() => nmf(V, { rank: c.k, maxIter: quick ? 20 : 3, tol: 0, seed: 1, ...c.options }));
    const latencies = [];
    for (const afterMs of quick ? [30] : [20, 150, 400]) latencies.push(await abortLatency(V, c.k, c.options, afterMs));
    rows.push({ name: c.name, ms: stall.total, stall: stall.longest, abort: Math.max(...latencies) });
  }
  const markdown = ["| fit | its time (ms) | longest event-loop stall (ms) | slowest abort (ms) |", "| --- | --: | --: | --: |",
    ...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} | ${r.stall.toFixed(0)} | ${r.abort.toFixed(0)} |`)].join("\n");
  return { rows, markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { markdown } = await benchResponsiveness({ quick: process.argv.includes("--quick") });
  console.log(markdown);
}
