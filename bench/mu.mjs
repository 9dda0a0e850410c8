// Multiplicative updates, ms per iteration: the WASM engine vs the pure-JS baseline, from the
// same start. Per-iteration cost is a difference of two run lengths, (t(long) − t(short)) /
// (long − short), which cancels the fixed costs (copy-in, initial and final error) on both sides.
import { Bench } from "tinybench";
import { nmf } from "../dist/index.js";
import { baselineMu } from "../dist/baseline/index.js";

async function medianMs(fn, samples) {
  const bench = new Bench({ iterations: samples, time: 0, warmupIterations: 1, warmupTime: 0 });
  bench.add("task", fn);
  await bench.run();
  return bench.tasks[0].result.latency.p50;
}

/** ms per iteration of `run(iterations)` from two run lengths. */
async function perIteration(run, short, long, samples) {
  const a = await medianMs(() => run(short), samples);
  const b = await medianMs(() => run(long), samples);
  return (b - a) / (long - short);
}

export async function benchMu({ V, W0, H0, k, loss, quick }) {
  const wasm = await perIteration(
    (maxIter) => nmf(V, { rank: k, loss, init: { W: W0, H: H0 }, maxIter, tol: 0 }),
    quick ? 2 : 10, quick ? 6 : 40, quick ? 2 : 3);
  const baseline = await perIteration(
    (maxIter) => baselineMu(V, W0, H0, { loss, maxIter, tol: 0 }),
    1, quick ? 2 : 3, 1);
  return { wasmMs: wasm, baselineMs: baseline, ratio: baseline / wasm };
}
