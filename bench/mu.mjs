// Multiplicative updates, ms per iteration: the WASM engine vs the pure-JS baseline, from the
// same start (init: {W0, H0}, tol 0, so every run does exactly maxIter iterations).
//
// Per-iteration cost is a difference of two run lengths, measured with tinybench:
//   ms/iter = (t(maxIter = long) − t(maxIter = short)) / (long − short)
// which cancels the fixed costs of a call on both sides (copy-in of V, initial and final error,
// copy-out; the baseline's Float32Array copies and its two W·H error passes).
// Engine and baseline check the error every 10 iterations even with tol 0; short and long are
// multiples of 10 on the WASM side, so its figure includes those checks (1 per 10 iterations).
// The baseline's runs (1 and 3 iterations) never reach a check, so none is in its figure.
//
//   node bench/mu.mjs [--quick] [--wasm-only] [--json]
//   node --experimental-wasm-relaxed-simd bench/mu.mjs --variant relaxed-simd --wasm-only --json
import { pathToFileURL } from "node:url";
import { benchArgs } from "./cli.mjs";
import { Bench } from "tinybench";
import { nmf, kernelVariant, setKernelVariant } from "../dist/index.js";
import { baselineMu } from "../dist/baseline/index.js";
import { factorData } from "./data.mjs";

export const LOSSES = ["frobenius", "kullback-leibler"];

/** Shapes and run lengths. samples = timed runs per run length (after `warmup` untimed ones). */
export function muPlan(quick) {
  return {
    shapes: quick ? [[1200, 600, 16]] : [[3000, 1500, 20], [4000, 2000, 32]],
    wasm: quick ? { short: 10, long: 30, samples: 2, warmup: 1 } : { short: 10, long: 40, samples: 3, warmup: 1 },
    // The baseline is warmed up (JIT) on a small problem first, so its timed runs skip warmup.
    baseline: quick ? { short: 1, long: 3, samples: 1, warmup: 0 } : { short: 1, long: 3, samples: 2, warmup: 0 },
  };
}

/**
 * Time run(short) and run(long) with tinybench; ms per iteration from medians and from minima.
 * `async` is given to tinybench explicitly: otherwise it calls each task once, unawaited, to find
 * out, and that stray fit would run interleaved with the timed ones.
 */
async function perIteration(run, { short, long, samples, warmup }, async) {
  const bench = new Bench({
    iterations: samples, time: 0, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true,
  });
  bench.add(`maxIter=${short}`, () => run(short), { async });
  bench.add(`maxIter=${long}`, () => run(long), { async });
  await bench.run();
  const [a, b] = bench.tasks.map((t) => t.result.latency);
  const n = long - short;
  return {
    msPerIter: (b.p50 - a.p50) / n,
    msPerIterFromMin: (b.min - a.min) / n,
    short, long, samples: Math.min(a.samplesCount, b.samplesCount),
    shortMedianMs: a.p50, longMedianMs: b.p50,
  };
}

export function wasmPerIteration({ V, W0, H0, k, loss, plan }) {
  return perIteration((maxIter) => nmf(V, { rank: k, loss, solver: "mu", init: { W: W0, H: H0 }, maxIter, tol: 0, threads: 1 }), plan, true);
}

export function baselinePerIteration({ V, W0, H0, loss, plan }) {
  return perIteration((maxIter) => baselineMu(V, W0, H0, { loss, maxIter, tol: 0 }), plan, false);
}

/** Get the baseline's loops optimized by the JIT before anything is timed. */
function warmBaseline() {
  const { V, W0, H0 } = factorData(120, 90, 6, 7);
  for (const loss of LOSSES) for (let r = 0; r < 3; r++) baselineMu(V, W0, H0, { loss, maxIter: 5, tol: 0 });
}

/**
 * Every shape × loss: WASM (the build `variant`, or whatever the engine picks with "auto")
 * and, unless wasmOnly, the baseline. Progress goes to stderr.
 */
export async function benchMu({ quick = false, wasmOnly = false, variant = "auto" } = {}) {
  setKernelVariant(variant);
  const build = await kernelVariant();
  const plan = muPlan(quick);
  if (!wasmOnly) warmBaseline();
  const rows = [];
  for (const [m, n, k] of plan.shapes) {
    const data = factorData(m, n, k);
    for (const loss of LOSSES) {
      process.stderr.write(`  MU ${loss} ${m}×${n} k=${k}: WASM ${build}…`);
      const wasm = await wasmPerIteration({ ...data, k, loss, plan: plan.wasm });
      process.stderr.write(` ${wasm.msPerIter.toFixed(1)} ms/iter`);
      let baseline;
      if (!wasmOnly) {
        process.stderr.write("; baseline…");
        baseline = await baselinePerIteration({ ...data, loss, plan: plan.baseline });
        process.stderr.write(` ${baseline.msPerIter.toFixed(0)} ms/iter`);
      }
      process.stderr.write("\n");
      rows.push({ m, n, k, loss, build, wasm, ...(baseline ? { baseline } : {}) });
    }
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = benchArgs();
  const rows = await benchMu(args);
  if (args.json) console.log(JSON.stringify(rows));
  else {
    console.table(rows.map((r) => ({
      shape: `${r.m}×${r.n} k=${r.k}`, loss: r.loss, build: r.build,
      wasmMsPerIter: +r.wasm.msPerIter.toFixed(2),
      baselineMsPerIter: r.baseline ? +r.baseline.msPerIter.toFixed(0) : undefined,
      ratio: r.baseline ? +(r.baseline.msPerIter / r.wasm.msPerIter).toFixed(1) : undefined,
    })));
  }
}
