// npm run bench: one run, one markdown report on stdout (progress on stderr).
//   1. GEMM GFLOP/s for both kernel builds: SIMD128 in this process, relaxed SIMD in a child
//      process started with the flag Node 20 needs (--experimental-wasm-relaxed-simd).
//   2. MU-Frobenius and MU-KL ms per iteration: WASM (SIMD128 here, relaxed SIMD in a child)
//      vs the pure-JS baseline, with the baseline/WASM ratio against the floor.
//   node bench/run.mjs [--quick] [--json FILE]
//   3. Sparse (CSR) MU ms per iteration, WASM vs the pure-JS CSR baseline, on the SOTU tf-idf
//      matrix and a synthetic 10000×20000 0.5 % matrix, with peak WebAssembly memory (a fresh
//      child process, so the memory figure is the sparse fits' own; relaxed SIMD in another).
//   4. Time to within 1 % of the best error, per solver (mu, cd, anls, hals).
//   5. Time to a good answer of the default fits vs scikit-learn (bench/time-to-answer.mjs).
//   --quick: small shapes, few samples (checks the harness).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { benchGemm } from "./gemm.mjs";
import { DATA_DESCRIPTION } from "./data.mjs";
import { benchMu, muPlan } from "./mu.mjs";
import { benchSolvers } from "./solvers.mjs";
import { benchTimeToAnswer } from "./time-to-answer.mjs";
import { sparsePlan } from "./sparse.mjs";
import { formatLoad, machineInfo } from "./machine.mjs";

const started = performance.now();
const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const jsonIndex = argv.indexOf("--json");
const jsonFile = jsonIndex >= 0 ? argv[jsonIndex + 1] : undefined;
if (jsonIndex >= 0 && (!jsonFile || jsonFile.startsWith("--"))) {
  console.error("usage: node bench/run.mjs [--quick] [--json FILE]");
  process.exit(2);
}
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";

/** Floors (GFLOP/s) by build: square 1024 and each NMF product. */
const GEMM_FLOOR = { simd: { square: 35, nmf: 28 }, relaxed: { square: 45, nmf: 36 } };
const MU_FLOOR = 25;
const BUILD_LABEL = { simd: "SIMD128", relaxed: "relaxed SIMD", simd128: "SIMD128", "relaxed-simd": "relaxed SIMD" };

const machine = machineInfo();
const progress = (s) => process.stderr.write(`${s}\n`);

/**
 * Run a bench script in a child with the relaxed-SIMD flag; its stdout is JSON. Node versions
 * that ship relaxed SIMD may reject or ignore the flag: then retry without it.
 */
function relaxedChild(script, args) {
  let last;
  for (const flags of [[RELAXED_FLAG], []]) {
    const r = spawnSync(process.execPath, [...flags, here(script), ...args],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 2 ** 20 });
    if (r.status === 0) {
      try {
        const shown = [here(script), ...args].map((a) => (isAbsolute(a) ? relative(here(".."), a) : a));
        return { rows: JSON.parse(r.stdout), command: ["node", ...flags, ...shown].join(" ") };
      } catch (e) {
        last = `unparseable output (${e.message})`;
      }
    } else last = `exit ${r.status ?? r.signal}`;
  }
  return { error: last };
}

// ---------------------------------------------------------------- GEMM
const loadBefore = {};
loadBefore.gemm = machineInfo().loadAverage;
progress(`GEMM, SIMD128 (this process)…`);
const simdGemm = await benchGemm({ wasmPath: here("../build/nmf-simd.wasm"), quick });
progress(`GEMM, relaxed SIMD (child process)…`);
const relaxedGemmRun = relaxedChild("./gemm.mjs", [here("../build/nmf-relaxed.wasm"), "--json", ...(quick ? ["--quick"] : [])]);
const relaxedGemm = relaxedGemmRun.rows ?? [];

function gemmFloor(row) {
  const floors = GEMM_FLOOR[row.variant];
  if (!floors || row.ceiling) return undefined;
  if (row.shape === "square 1024") return floors.square;
  if (!row.shape.startsWith("square")) return floors.nmf;
  return undefined;
}
function verdict(median, best, floor) {
  if (floor === undefined) return "–";
  if (median >= floor) return "pass";
  if (best >= floor) return "**below** on median (best passes)";
  return "**below**";
}
const tileBest = Object.fromEntries([...simdGemm, ...relaxedGemm].filter((r) => r.ceiling).map((r) => [r.variant, r.bestGflops]));
const gemmRows = [...simdGemm, ...relaxedGemm].map((r) => {
  const floor = gemmFloor(r);
  const ofTileBest = !r.ceiling && tileBest[r.variant] ? r.bestGflops / tileBest[r.variant] : null;
  return { ...r, floor: floor ?? null, ofTileBest, verdict: verdict(r.gflops, r.bestGflops, floor) };
});

// ---------------------------------------------------------------- MU
loadBefore.mu = machineInfo().loadAverage;
progress(`MU, SIMD128 WASM and pure-JS baseline (this process)…`);
const muSimd = await benchMu({ quick, variant: "simd128" });
progress(`MU, relaxed SIMD WASM (child process)…`);
const muRelaxedRun = relaxedChild("./mu.mjs", ["--variant", "relaxed-simd", "--wasm-only", "--json", ...(quick ? ["--quick"] : [])]);
const muRelaxed = muRelaxedRun.rows ?? [];

const muRows = muSimd.map((r) => {
  const relaxed = muRelaxed.find((x) => x.m === r.m && x.n === r.n && x.k === r.k && x.loss === r.loss);
  const ratio = r.baseline.msPerIter / r.wasm.msPerIter;
  const ratioRelaxed = relaxed ? r.baseline.msPerIter / relaxed.wasm.msPerIter : undefined;
  return {
    m: r.m, n: r.n, k: r.k, loss: r.loss,
    simd128: r.wasm, relaxedSimd: relaxed?.wasm ?? null, relaxedBuild: relaxed?.build ?? null, baseline: r.baseline,
    ratioSimd128: ratio, ratioRelaxed: ratioRelaxed ?? null, floor: MU_FLOOR,
  };
});

// ---------------------------------------------------------------- report
loadBefore.sparse = machineInfo().loadAverage;
progress("sparse MU (child process) …");
const sparseRun = spawnSync(process.execPath, [here("./sparse.mjs"), "--json", ...(quick ? ["--quick"] : [])],
  { encoding: "utf8", maxBuffer: 1 << 26 });
if (sparseRun.status !== 0) throw new Error(`bench/sparse.mjs failed:\n${sparseRun.stderr}`);
const sparseRows = JSON.parse(sparseRun.stdout);
// The relaxed build's ratio comes from its own process, its WASM and baseline runs interleaved:
// this VM's speed drifts between processes, so a ratio across two processes would carry that.
progress("sparse MU, relaxed SIMD WASM and baseline (child process) …");
const sparseRelaxedRun = relaxedChild("./sparse.mjs", ["--variant", "relaxed-simd", "--json", ...(quick ? ["--quick"] : [])]);
const sparseRelaxed = sparseRelaxedRun.rows ?? [];

loadBefore.solvers = machineInfo().loadAverage;
progress("time to within 1 % of the best error, per solver …");
const solverRows = await benchSolvers({ quick });

loadBefore.timeToAnswer = machineInfo().loadAverage;
progress("time to a good answer, default fits vs scikit-learn …");
const timeToAnswer = await benchTimeToAnswer({ quick });

const runtimeS = (performance.now() - started) / 1000;
const loadAtEnd = machineInfo().loadAverage;
const out = [];
const say = (s = "") => out.push(s);
const f1 = (x) => x.toFixed(1);
const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const plan = muPlan(quick);

say(`## nmf-wasm benchmark${quick ? " (--quick: harness check, not representative)" : ""}`);
say();
say("| | |");
say("|---|---|");
say(`| date | ${machine.date} |`);
say(`| Node | ${machine.node} (V8 ${machine.v8}), ${machine.platform} |`);
say(`| CPU | ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; every benchmark single-threaded |`);
say(`| load average (1 / 5 / 15 min) | ${formatLoad(machine.loadAverage)} at start, ${formatLoad(loadAtEnd)} at end |`);
say(`| GEMM kernel builds | SIMD128: build/nmf-simd.wasm in the main process; relaxed SIMD: ${relaxedGemmRun.command ? `child process \`${relaxedGemmRun.command}\`` : `not measured (${relaxedGemmRun.error})`} |`);
say(`| MU kernel builds | WASM: library with setKernelVariant('simd128') in the main process (kernelVariant() = ${muSimd[0]?.build}); ` +
  `${muRelaxed.length ? `library with setKernelVariant('relaxed-simd') in a child process (kernelVariant() = ${muRelaxed[0].build})` : `relaxed SIMD not measured (${muRelaxedRun.error})`}; baseline: pure JS (dist/baseline) |`);
say(`| wall time of this run | ${runtimeS.toFixed(0)} s |`);
say();

say(`### GEMM throughput (single thread; load average before: ${formatLoad(loadBefore.gemm)})`);
say();
say("GFLOP/s = 2·M·N·K / time. *median* = median sample, *best* = fastest sample; " +
  `tinybench, ${quick ? "≥ 3 samples and ≥ 0.2 s" : "≥ 10 samples and ≥ 1.5 s"} per product after warm-up, operands uniform [0, 1). ` +
  "Pass/below is judged on the median. Products are named op M×N×K: WtV = Wᵀ·V, VHt = V·Hᵀ, WH = W·H for V 4000×2000, k = 32. " +
  "The first row of each build is the ceiling: the packed path's 4×8 register tile alone (gemmTileLoop), repeated over " +
  "panels that stay in L1, with no packing, cache misses or edges; *best / tile best* compares each product's fastest sample with it.");
say();
say("| product | build | GFLOP/s median | GFLOP/s best | ms median | best / tile best | floor | vs floor |");
say("|---|---|--:|--:|--:|--:|--:|---|");
for (const r of gemmRows) {
  say(`| ${r.shape} | ${BUILD_LABEL[r.variant] ?? r.variant} | ${f1(r.gflops)} | ${f1(r.bestGflops)} | ${ms(r.ms)} | ` +
    `${r.ofTileBest == null ? "–" : `${(100 * r.ofTileBest).toFixed(0)} %`} | ${r.floor ?? "–"} | ${r.verdict} |`);
}
if (!relaxedGemm.length) say(`\nRelaxed SIMD GEMM not measured: ${relaxedGemmRun.error}.`);
say();

say(`### Multiplicative updates, ms per iteration (single thread; load average before: ${formatLoad(loadBefore.mu)})`);
say();
say(`Data: ${DATA_DESCRIPTION}. Every run starts from the same W0, H0 (init object, tol 0, so exactly maxIter iterations).`);
say();
say("| data | loss | WASM SIMD128 | WASM relaxed SIMD | pure-JS baseline | baseline / SIMD128 | baseline / relaxed |");
say("|---|---|--:|--:|--:|--:|--:|");
/** A baseline/WASM ratio against its floor, or a dash when it was not measured. */
const ratioCell = (x, floor) => (x == null ? "–" : `${f1(x)}× ${x >= floor ? "pass" : "**below**"}`);
for (const r of muRows) {
  say(`| dense ${r.m}×${r.n}, k=${r.k} | ${r.loss === "frobenius" ? "Frobenius" : "KL"} | ${ms(r.simd128.msPerIter)} | ` +
    `${r.relaxedSimd ? ms(r.relaxedSimd.msPerIter) : "–"} | ${ms(r.baseline.msPerIter)} | ${ratioCell(r.ratioSimd128, MU_FLOOR)} | ${ratioCell(r.ratioRelaxed, MU_FLOOR)} |`);
}
if (!muRelaxed.length) say(`\nRelaxed SIMD MU not measured: ${muRelaxedRun.error}.`);
say();
say(`Floor: baseline / WASM ≥ ${MU_FLOOR}×. ` +
  "ms per iteration = (t(maxIter = long) − t(maxIter = short)) / (long − short), t = median of tinybench samples of one whole " +
  "`nmf()` / `baselineMu()` call; the difference cancels each call's fixed costs (copy-in, initial and final error, copy-out). " +
  `WASM: short = ${plan.wasm.short}, long = ${plan.wasm.long}, ${plan.wasm.samples} samples each after ${plan.wasm.warmup} warm-up; ` +
  "its figure includes the library's error check every 10 iterations (done even with tol 0). " +
  `Baseline: short = ${plan.baseline.short}, long = ${plan.baseline.long}, ${plan.baseline.samples} sample${plan.baseline.samples > 1 ? "s" : ""} each ` +
  "(JIT warmed up on a small problem first); neither run reaches the 10th iteration, so its figure holds no error check, which favours the baseline slightly.");

say();

const SPARSE_FLOOR = 20;
say(`### Sparse (CSR) multiplicative updates, ms per iteration (single thread; load average before: ${formatLoad(loadBefore.sparse)})`);
say();
say("| data | loss | WASM SIMD128 | pure-JS CSR baseline | baseline / SIMD128 | WASM relaxed SIMD | pure-JS CSR baseline | baseline / relaxed |");
say("|---|---|--:|--:|--:|--:|--:|--:|");
for (const r of sparseRows) {
  const relaxed = sparseRelaxed.find((x) => x.name === r.name && x.loss === r.loss);
  say(`| ${r.name} (${r.m}×${r.n}, ${r.nnz.toLocaleString("en")} nnz, k=${r.k}) | ${r.loss === "frobenius" ? "Frobenius" : "KL"} | ` +
    `${ms(r.wasmMs)} | ${ms(r.baselineMs)} | ${ratioCell(r.ratio, SPARSE_FLOOR)} | ` +
    `${relaxed ? ms(relaxed.wasmMs) : "–"} | ${relaxed ? ms(relaxed.baselineMs) : "–"} | ${ratioCell(relaxed?.ratio, SPARSE_FLOOR)} |`);
}
const big = sparseRows.at(-1);
const budget = 3 * big.csrMiB + big.factorsMiB;
const sp = sparsePlan(quick);
say();
say(`Floor: baseline / WASM ≥ ${SPARSE_FLOOR}×. Per iteration = (t(long) − t(short)) / (long − short), the median over rounds that ` +
  `run WASM and baseline in turn (SOTU: WASM ${sp.sotu.wasm.join(" and ")} iterations, baseline ${sp.sotu.baseline.join(" and ")}, ${sp.sotu.rounds} rounds; ` +
  `synthetic: WASM ${sp.synthetic.wasm.join(" and ")}, baseline ${sp.synthetic.baseline.join(" and ")}, ${sp.synthetic.rounds} rounds; one warm-up round first). ` +
  "Both sides check the error every 10 iterations, as the library does whatever tol is, and each long − short difference " +
  "holds one check per 10 iterations on both sides. " +
  `Each build's ratio is from one process, WASM and baseline interleaved: SIMD128 and the baseline in one child process, ` +
  `relaxed SIMD and the baseline again in another (${sparseRelaxed.length ? `\`${sparseRelaxedRun.command}\`` : `not measured: ${sparseRelaxedRun.error}`}). ` +
  `Peak WebAssembly memory of the sparse process (${big.name} the largest): ${big.peakWasmMiB.toFixed(1)} MiB, budget 3 × CSR ` +
  `${big.csrMiB.toFixed(1)} MiB + factors ${big.factorsMiB.toFixed(1)} MiB = ${budget.toFixed(1)} MiB: ${big.peakWasmMiB < budget ? "pass" : "**over**"}. ` +
  "The engine keeps V as CSR plus a CSC copy built once at setup (2× the CSR), so V·Hᵀ and Wᵀ·V are both row-parallel " +
  "gathers; V is never transposed per iteration nor densified. When the gathered factor outgrows L2 (256 KiB) and V's rows are " +
  "long enough to keep ≥ 200 non-zeros per row in each block (SOTU: Hᵀ is 10898 × 12 floats, rows of ~1360), the passes sweep it " +
  "in column blocks (bounds computed once at setup); shorter rows (the synthetic set's 100) stay whole.");
say();

say(`### Time to within 1 % of the best error (Frobenius, same start; load average before: ${formatLoad(loadBefore.solvers)})`);
say();
say("| data | k | solver | seconds | iterations | reached | mu / solver |");
say("|---|--:|---|--:|--:|---|--:|");
for (const r of solverRows) {
  const mu = solverRows.find((x) => x.name === r.name && x.solver === "mu");
  const speedup = r.solver === "mu" ? "–" : `${mu.reached ? "" : "≥ "}${f1(mu.seconds / r.seconds)}×`;
  say(`| ${r.name} | ${r.k} | ${r.solver} | ${r.seconds.toFixed(2)} | ${r.iterations} | ` +
    `${r.reached ? "yes" : `no: error ${r.finalError.toPrecision(5)} vs target ${r.target.toPrecision(5)} when its time budget ran out`} | ${speedup} |`);
}
say();
say("Best = the lowest error any solver reached (a long cd run and each solver's own run, from one start); target = 1.01 × best, " +
  "checked every 10 iterations. Floor: cd ≥ 5× faster than mu on the dense sets; \"≥\" marks a lower bound (mu never got there).");

say(`${timeToAnswer.markdown}`);
say();
say(`Load average before: ${formatLoad(loadBefore.timeToAnswer)}. Protocol: bench/time-to-answer.mjs (header).`);

console.log(out.join("\n"));

if (jsonFile) {
  writeFileSync(jsonFile, JSON.stringify({
    quick, machine: { ...machine, loadAverageBeforeSection: loadBefore, loadAverageAtEnd: loadAtEnd }, runtimeSeconds: runtimeS,
    gemm: gemmRows, mu: muRows, muPlan: plan, sparse: sparseRows, sparseRelaxed, solvers: solverRows,
    timeToAnswer: { rows: timeToAnswer.rows, defaults: timeToAnswer.defaults, sklearn: timeToAnswer.sklearn },
    floors: { gemm: GEMM_FLOOR, muRatio: MU_FLOOR },
    relaxedCommands: { gemm: relaxedGemmRun.command ?? relaxedGemmRun.error, mu: muRelaxedRun.command ?? muRelaxedRun.error, sparse: sparseRelaxedRun.command ?? sparseRelaxedRun.error },
  }, null, 2));
  progress(`rows written to ${jsonFile}`);
}
