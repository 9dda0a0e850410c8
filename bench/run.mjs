// npm run bench: one run, one markdown report.
//   GEMM GFLOP/s for both kernel builds (the relaxed-SIMD one in a child process with the flag
//   Node 20 needs), then MU-Frobenius and MU-KL ms per iteration, WASM vs the pure-JS baseline.
//   Then the same on CSR input (SOTU tf-idf and a synthetic sparse matrix) vs the pure-JS CSR
//   baseline, with peak WebAssembly memory.
//   --quick: small shapes, few samples (checks the harness).  --json FILE: rows as JSON too.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { kernelVariant } from "../dist/index.js";
import { benchGemm } from "./gemm.mjs";
import { factorData } from "./data.mjs";
import { benchMu } from "./mu.mjs";
import { benchSolvers } from "./solvers.mjs";

const quick = process.argv.includes("--quick");
const jsonIndex = process.argv.indexOf("--json");
const jsonFile = jsonIndex > 0 ? process.argv[jsonIndex + 1] : undefined;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** GEMM floors from the issue, by build: [square 1024, each NMF shape]. */
const GEMM_FLOOR = { simd: [35, 28], relaxed: [45, 36] };
const MU_FLOOR = 25;
const SPARSE_FLOOR = 20;

const lines = [];
const say = (s = "") => { lines.push(s); console.log(s); };
const f1 = (x) => x.toFixed(1);

say(`# nmf-wasm benchmark${quick ? " (--quick)" : ""}`);
say();
say(`${new Date().toISOString()} · Node ${process.version} · ${os.cpus()[0]?.model ?? "unknown CPU"} · ` +
  `${os.cpus().length} cores · load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} · single thread`);
say();

const relaxedRows = JSON.parse(execFileSync(process.execPath,
  ["--experimental-wasm-relaxed-simd", here("./gemm.mjs"), here("../build/nmf-relaxed.wasm"), "--json", ...(quick ? ["--quick"] : [])],
  { encoding: "utf8" }));
const simdRows = await benchGemm({ wasmPath: here("../build/nmf-simd.wasm"), quick });
say("## GEMM, GFLOP/s (median of runs; best run in brackets)");
say();
say("| product | SIMD128 | floor | relaxed SIMD | floor |");
say("|---|---|---|---|---|");
const floorCell = (gflops, floor) => `${floor} ${gflops >= floor ? "✓" : "✗ below"}`;
for (let t = 0; t < simdRows.length; t++) {
  const s = simdRows[t], r = relaxedRows[t];
  const square = s.shape.startsWith("square");
  const floors = square ? (s.shape === "square 1024" ? [GEMM_FLOOR.simd[0], GEMM_FLOOR.relaxed[0]] : ["–", "–"])
    : [GEMM_FLOOR.simd[1], GEMM_FLOOR.relaxed[1]];
  const cell = (row, floor) => (floor === "–" ? "–" : floorCell(row.gflops, floor));
  say(`| ${s.shape} | ${f1(s.gflops)} (${f1(s.bestGflops)}) | ${cell(s, floors[0])} | ${f1(r.gflops)} (${f1(r.bestGflops)}) | ${cell(r, floors[1])} |`);
}
say();

const muShapes = quick ? [[600, 300, 10]] : [[3000, 1500, 20], [4000, 2000, 32]];
const muRows = [];
say(`## Multiplicative updates, ms per iteration (${await kernelVariant()} build; floor: baseline / WASM ≥ ${MU_FLOOR}×)`);
say();
say("| data | loss | WASM | pure-JS baseline | speed-up |");
say("|---|---|---|---|---|");
for (const [m, n, k] of muShapes) {
  const { V, W0, H0 } = factorData(m, n, k);
  for (const loss of ["frobenius", "kullback-leibler"]) {
    const r = await benchMu({ V, W0, H0, k, loss, quick });
    muRows.push({ m, n, k, loss, ...r });
    say(`| dense ${m}×${n}, k=${k} | ${loss} | ${r.wasmMs.toFixed(2)} | ${r.baselineMs.toFixed(0)} | ` +
      `${f1(r.ratio)}× ${r.ratio >= MU_FLOOR ? "✓" : "✗ below"} |`);
  }
}
say();

// Sparse, in a fresh process: its peak WebAssembly memory is then the sparse fits' alone.
const sparseRows = JSON.parse(execFileSync(process.execPath, [here("./sparse.mjs"), "--json", ...(quick ? ["--quick"] : [])], { encoding: "utf8" }));
say(`## Sparse (CSR) multiplicative updates, ms per iteration (floor: baseline / WASM ≥ ${SPARSE_FLOOR}×)`);
say();
say("| data | loss | WASM | pure-JS CSR baseline | speed-up |");
say("|---|---|---|---|---|");
for (const r of sparseRows) {
  say(`| ${r.name} (${r.m}×${r.n}, ${r.nnz.toLocaleString("en")} nnz, k=${r.k}) | ${r.loss} | ${r.wasmMs.toFixed(2)} | ` +
    `${r.baselineMs.toFixed(1)} | ${f1(r.ratio)}× ${r.ratio >= SPARSE_FLOOR ? "✓" : "✗ below"} |`);
}
const big = sparseRows.at(-1);
const budget = 3 * big.csrMiB + big.factorsMiB;
say();
say(`Peak WebAssembly memory for ${big.name}: ${big.peakWasmMiB.toFixed(1)} MiB ` +
  `(budget 3 × CSR ${big.csrMiB.toFixed(1)} MiB + factors ${big.factorsMiB.toFixed(1)} MiB = ${budget.toFixed(1)} MiB ` +
  `${big.peakWasmMiB < budget ? "✓" : "✗ over"}). The engine keeps V as CSR plus a CSC copy built once at setup ` +
  "(2× the CSR), so that V·Hᵀ and Wᵀ·V are both row-parallel gathers; V is never transposed per iteration nor densified.");
say();

const solverRows = await benchSolvers({ quick });
say("## Time to within 1 % of the best error (Frobenius; same start; best = lowest error any solver reached)");
say();
say("| data | k | solver | seconds | iterations | reached | vs mu |");
say("|---|---|---|---|---|---|---|");
for (const r of solverRows) {
  const mu = solverRows.find((x) => x.name === r.name && x.solver === "mu");
  const speedup = r.solver === "mu" ? "–" : `${mu.reached ? "" : "≥ "}${f1(mu.seconds / r.seconds)}×`;
  say(`| ${r.name} | ${r.k} | ${r.solver} | ${r.seconds.toFixed(2)} | ${r.iterations} | ` +
    `${r.reached ? "yes" : `no (error ${r.finalError.toPrecision(5)} vs target ${r.target.toPrecision(5)}; stopped)`} | ${speedup} |`);
}
say();
say("Floor: cd ≥ 5× faster than mu on the dense sets. \"≥\": mu did not reach the target within its time budget, so the ratio is a lower bound.");
say();
say("Per iteration = (t(long run) − t(short run)) / (difference in iterations), medians of tinybench samples; " +
  "convergence checks every 10 iterations are included, copy-in and the final error are not.");

if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ gemm: [...simdRows, ...relaxedRows], mu: muRows, sparse: sparseRows, solvers: solverRows }, null, 2));
