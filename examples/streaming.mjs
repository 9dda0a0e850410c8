// Streaming NMF: a synthetic corpus of documents (word counts, CSR) larger than the memory
// budget this example sets itself is generated a chunk at a time and fed to
// MiniBatchNMF.partialFit; only one chunk and the model (rank × words) ever exist. The batch
// fit of the whole corpus afterwards shows what the budget saved and how close the errors are.
//   node examples/streaming.mjs [--docs N] [--chunk N] [--passes N] [--budget MiB]
import { MiniBatchNMF, nmf, wasmMemoryBytes } from "nmf-wasm";
import { random } from "./random.mjs";

function flag(name, fallback) {
  const t = process.argv.indexOf(`--${name}`);
  return t > 0 && process.argv[t + 1] !== undefined ? Number(process.argv[t + 1]) : fallback;
}
const docs = flag("docs", 60000), chunkRows = flag("chunk", 3000), passes = flag("passes", 2);
const budgetBytes = flag("budget", 8) * 2 ** 20;
const WORDS = 800, TOPICS = 8, WORDS_PER_DOC = 60, rank = TOPICS;

// Each topic favours its own eighth of the vocabulary (90 % of its mass) over the rest.
const topicCdf = Array.from({ length: TOPICS }, (_, z) => {
  const r = random(1000 + z), weights = new Float64Array(WORDS);
  for (let w = 0; w < WORDS; w++) weights[w] = r() * (Math.floor(w / (WORDS / TOPICS)) === z ? 9 * TOPICS : 1);
  let total = 0;
  return weights.map((x) => (total += x)).map((x, _, all) => x / all[WORDS - 1]);
});

/** Documents [start, end) as CSR word counts: each mixes two topics. */
function chunk(start, end) {
  const indptr = new Int32Array(end - start + 1), indices = [], data = [];
  for (let d = start; d < end; d++) {
    const r = random(d * 7919 + 17), counts = new Map();
    const a = Math.floor(r() * TOPICS), b = Math.floor(r() * TOPICS), mix = r();
    for (let t = 0; t < WORDS_PER_DOC; t++) {
      const cdf = topicCdf[r() < mix ? a : b], u = r();
      let lo = 0, hi = WORDS - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
      counts.set(lo, (counts.get(lo) ?? 0) + 1);
    }
    for (const w of [...counts.keys()].sort((x, y) => x - y)) { indices.push(w); data.push(counts.get(w)); }
    indptr[d - start + 1] = indices.length;
  }
  return { format: "csr", rows: end - start, cols: WORDS, indptr, indices: Int32Array.from(indices), data: Float32Array.from(data) };
}

const csrBytes = (m) => m.indptr.byteLength + m.indices.byteLength + m.data.byteLength;
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const corpusBytes = Math.round(csrBytes(chunk(0, 500)) * docs / 500);
console.log(`corpus: ${docs.toLocaleString("en")} documents × ${WORDS} words, ~${mib(corpusBytes)} as CSR ` +
  `(float32), ~${mib(2 * corpusBytes)} as a batch fit holds it (CSR + CSC); budget ${mib(budgetBytes)}`);

// Streaming: chunks generated on the fly, never more than one alive.
const started = performance.now();
const model = new MiniBatchNMF({ rank, seed: 0, forgetFactor: 0.9, freshRestartsMaxIter: 30 });
let peakChunk = 0;
for (let pass = 0; pass < passes; pass++) {
  for (let start = 0; start < docs; start += chunkRows) {
    const X = chunk(start, Math.min(docs, start + chunkRows));
    peakChunk = Math.max(peakChunk, csrBytes(X));
    await model.partialFit(X);
  }
}
const streamSeconds = (performance.now() - started) / 1000;
const streamWasm = wasmMemoryBytes();
const inBudget = peakChunk + 3 * rank * WORDS * 4 <= budgetBytes;
console.log(`partialFit: ${passes} pass(es), ${model.nSteps} chunks of ${chunkRows} in ${streamSeconds.toFixed(1)} s ` +
  `(${Math.round(passes * docs / streamSeconds).toLocaleString("en")} rows/s); largest chunk ${mib(peakChunk)} + ` +
  `model ${mib(3 * rank * WORDS * 4)} ${inBudget ? "within" : "OVER"} the budget; WebAssembly memory ${mib(streamWasm)}`);

/** ‖X − WH‖_F over the whole corpus, summed chunk by chunk (the W of a chunk from transform). */
async function streamedError(H) {
  let squared = 0;
  for (let start = 0; start < docs; start += chunkRows) {
    const X = chunk(start, Math.min(docs, start + chunkRows));
    const W = await model.transform(X);
    const r = await nmf(X, { rank, solver: "mu", init: { W, H }, maxIter: 0 });
    squared += r.reconstructionError ** 2;
  }
  return Math.sqrt(squared);
}
const streamError = await streamedError(model.components);

// The batch fit, for comparison: the whole corpus at once.
const whole = chunk(0, docs);
const batchStarted = performance.now();
const batch = await nmf(whole, { rank, seed: 0, solver: "mu", maxIter: 200, tol: 1e-4 });
const batchSeconds = (performance.now() - batchStarted) / 1000;
console.log(`batch nmf (mu): ${batch.iterations} iterations in ${batchSeconds.toFixed(1)} s; ` +
  `WebAssembly memory now ${mib(wasmMemoryBytes())}`);
console.log(`error ‖X − WH‖_F: streamed ${streamError.toFixed(1)}, batch ${batch.reconstructionError.toFixed(1)} ` +
  `(streamed / batch = ${(streamError / batch.reconstructionError).toFixed(3)})`);
