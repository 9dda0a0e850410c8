// Nightly-style property fuzz of the built package (dist/): `node scripts/fuzz.mjs --cases 100000
// [--seed 1]`. Prints the counts and any failures (with the case index to replay under the seed);
// exits 1 on a failure. `--only INDEX` replays one case (printing it and its outcome); `--verbose`
// lists the valid fits that failed with NON_FINITE_RESULT. The same cases run in the test suite (test/fuzz.test.ts, fewer of them).
import * as api from "../dist/index.js";
import { runFuzz } from "./fuzz-cases.mjs";

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const cases = argument("cases", 100000), seed = argument("seed", 1);
const started = performance.now();
let lastReport = started;
const { counts, failures, nonFinite } = await runFuzz(api, {
  cases, seed, keep: 50, only: process.argv.includes("--only") ? argument("only") : undefined,
  onCase(index) {
    if (performance.now() - lastReport > 10000) {
      lastReport = performance.now();
      console.error(`… ${index} cases, ${((lastReport - started) / 1000).toFixed(0)} s`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
console.log(`fuzz: ${counts.cases} cases, seed ${seed}, ${seconds.toFixed(1)} s`);
console.log("| outcome | count |\n| --- | --: |");
for (const [name, count] of Object.entries(counts)) console.log(`| ${name} | ${count} |`);
for (const f of failures) console.log(`FAIL case ${f.index} (${f.kind}): ${f.problem}${f.options ? `\n  options ${f.options}` : ""}`);
if (process.argv.includes("--verbose")) for (const f of nonFinite) console.log(`NON_FINITE_RESULT case ${f.index}: ${f.message}\n  V in [${f.smallest}, ${f.largest}], options ${f.options}`);
process.exitCode = counts.failures > 0 ? 1 : 0;
