// Where a fit's time goes, per kernel call, on 1 and 2 threads: wraps Engine.run, runs the
// threads benchmark's problems (dense 4000×2000 k=32, sparse 6000×20000 ~1M non-zeros k=20)
// alternating 1 and 2 threads, and prints ms per fit of each kernel (by name, mode and range
// length) on each, with the ratio. Built before (npm run build).
//   node scripts/profile-kernels.mjs dense|sparse mu|cd|hals|anls [frobenius|kl] [rounds]
import { closeThreadPool, nmf } from "../dist/index.js";
import { Engine } from "../dist/engine.js";
import { factorData } from "../bench/data.mjs";
import { sparseFactorData } from "../bench/sparse-data.mjs";

const [which = "dense", solver = "mu", loss = "frobenius", roundsArg = "3"] = process.argv.slice(2);
const rounds = Number(roundsArg);
const sparse = which === "sparse";
const set = sparse ? sparseFactorData(6000, 20000, 1e6 / (6000 * 20000), 20, 5) : factorData(4000, 2000, 32, 4);
const k = sparse ? 20 : 32;

const stats = { 1: {}, 2: {} };
const perIteration = { 1: [], 2: [] };
let current = stats[1];
const run = Engine.prototype.run;
Engine.prototype.run = function (name, args, split) {
  const started = performance.now();
  const value = run.call(this, name, args, split);
  const mode = /^(kl|beta)/.test(name) && !/Sparse|Part/.test(name) ? `/${args[0]}` : "";
  const key = `${name}${mode}:${split.to - split.from}`;
  const s = (current[key] ??= { calls: 0, ms: 0 });
  s.calls++;
  s.ms += performance.now() - started;
  return value;
};

for (let round = 0; round < rounds; round++) {
  for (const threads of round % 2 ? [2, 1] : [1, 2]) {
    current = stats[threads];
    let first, last;
    await nmf(set.V, {
      rank: k, solver, loss, init: { W: set.W0, H: set.H0 }, maxIter: 30, tol: 0, threads,
      onProgress: (e) => { first ??= e; last = e; },
    });
    perIteration[threads].push((last.elapsedMs - first.elapsedMs) / (last.iteration - first.iteration));
  }
}
await closeThreadPool();

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const [one, two] = [median(perIteration[1]), median(perIteration[2])];
console.log(`${which} ${solver} ${loss}: ms/iteration ${one.toFixed(2)} on 1 thread, ${two.toFixed(2)} on 2 (${(one / two).toFixed(2)}×)`);
console.log(`${"kernel:range".padEnd(34)} ${"calls".padStart(6)} ${"1 thr ms".padStart(9)} ${"2 thr ms".padStart(9)}  ratio`);
// Calls made on one thread only as direct kernel calls (not through Engine.run) show as n/a.
const keys = [...new Set([...Object.keys(stats[1]), ...Object.keys(stats[2])])];
const total = (key) => (stats[1][key]?.ms ?? 0) + (stats[2][key]?.ms ?? 0);
for (const key of keys.sort((a, b) => total(b) - total(a))) {
  const a = stats[1][key], b = stats[2][key];
  const fmt = (s) => (s ? (s.ms / rounds).toFixed(1) : "n/a").padStart(9);
  console.log(`${key.padEnd(34)} ${String((a ?? b).calls / rounds).padStart(6)} ${fmt(a)} ${fmt(b)}  ${a && b ? (a.ms / b.ms).toFixed(2) : ""}`);
}
