// `nmf-wasm rank INPUT --ranks 2-8 --runs 20`: R NMF-style rank survey (cophenetic correlation,
// dispersion, RSS, explained variance, sparseness, silhouette) through the library's
// estimateRank, when this build has it.
import { Command } from "commander";
import * as library from "nmf-wasm";
import { CliError, usageError } from "./errors.mjs";
import { addFitOptions, fitOptions, positiveInteger } from "./fit-options.mjs";
import { readMatrix } from "./input.mjs";
import { createProgress, seconds as formatSeconds } from "./progress.mjs";

/** "2-8", "2,4,6" or "2-4,8" → sorted distinct ranks. */
export function parseRanks(text) {
  const ranks = new Set();
  for (const part of text.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const lo = m && Number(m[1]), hi = m && Number(m[2] ?? m[1]);
    if (!m || lo < 1 || hi < lo) throw usageError(`--ranks must look like 2-8 or 2,3,5 (positive, low to high), got '${text}'`);
    for (let k = lo; k <= hi; k++) ranks.add(k);
  }
  return [...ranks].sort((a, b) => a - b);
}

/** The survey's columns: [key, heading, digits]. */
export const RANK_COLUMNS = [
  ["rank", "rank", 0], ["cophenetic", "cophenetic", 4], ["dispersion", "dispersion", 4], ["rss", "rss", 5],
  ["evar", "evar", 4], ["sparsenessW", "sparse W", 3], ["sparsenessH", "sparse H", 3],
  ["silhouette", "silhouette", 3], ["reconstructionError", "error", 5],
];

/** Survey rows `[{ rank, cophenetic, … }]` as an aligned text table. */
export function formatRankTable(rows) {
  const cell = (row, [key, , digits]) => {
    const x = row[key];
    if (typeof x !== "number" || !Number.isFinite(x)) return "–";
    return digits === 0 ? String(x) : x.toPrecision(digits);
  };
  const table = [RANK_COLUMNS.map(([, heading]) => heading), ...rows.map((row) => RANK_COLUMNS.map((c) => cell(row, c)))];
  const widths = RANK_COLUMNS.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table.map((r) => r.map((x, c) => x.padStart(widths[c])).join("  ")).join("\n");
}

export function rankCommand(context) {
  const command = new Command("rank")
    .description("survey ranks for model selection (cophenetic correlation, dispersion, RSS, …) over several runs each")
    .argument("<input>", "matrix file: .csv, .tsv, .txt, .npy or .mtx")
    .requiredOption("--ranks <list>", "ranks to try: 2-8, or 2,3,5", parseRanks)
    .option("--runs <n>", "runs per rank (default: the library's)", positiveInteger("--runs"))
    .option("--randomized", "also survey the data with each row's values permuted (the null comparison)");
  addFitOptions(command, { runs: false })
    .option("--json", "print the survey as JSON")
    .option("-q, --quiet", "no progress");
  return command.action(async (inputPath, flags) => {
    const { estimateRank } = library;
    if (typeof estimateRank !== "function") {
      throw new CliError("this build of nmf-wasm has no estimateRank (rank survey); `rank` needs a version that exports it");
    }
    const input = context.input = readMatrix(inputPath);
    const options = {
      ranks: flags.ranks, ...(flags.runs !== undefined && { nRuns: flags.runs }), ...(flags.randomized && { randomized: true }),
      ...fitOptions(flags), signal: context.signal,
    };
    const progress = createProgress({ quiet: flags.quiet || flags.json });
    progress.start("rank survey");
    options.onProgress = ({ runsDone, runsTotal, rank, randomized, elapsedMs }) =>
      progress.report(runsDone / runsTotal, `${runsDone}/${runsTotal} runs  rank ${rank}${randomized ? " (randomized)" : ""}  ${formatSeconds(elapsedMs)}`);
    const started = performance.now();
    let survey;
    try {
      survey = await estimateRank(input.matrix, options);
    } finally {
      progress.end();
    }
    const seconds = (performance.now() - started) / 1000;
    // The consensus matrices (samples × samples) stay out of the printed survey.
    const rows = (list) => list?.map(({ consensus, ...measures }) => measures);
    if (flags.json) {
      console.log(JSON.stringify({ input: inputPath, seconds: Number(seconds.toFixed(3)), ranks: rows(survey.ranks),
        ...(survey.randomized && { randomized: rows(survey.randomized) }) }, null, 2));
      return;
    }
    console.log(formatRankTable(rows(survey.ranks)));
    if (survey.randomized) console.log(`\nrandomized data (each row's values permuted):\n${formatRankTable(rows(survey.randomized))}`);
    console.log(`(${seconds.toFixed(2)} s)`);
  });
}
