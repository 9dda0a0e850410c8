// `nmf-wasm fit INPUT --rank K …`: factorize a matrix file, write W and H, print a summary.
import { Command, Option } from "commander";
import { addFitOptions, fitOptions, positiveInteger, solverOf } from "./fit-options.mjs";
import { readMatrix } from "./input.mjs";
import { OUTPUT_FORMATS, writeFactors } from "./output.mjs";
import { fitBest } from "./run-fit.mjs";

export function fitCommand(context) {
  const command = new Command("fit")
    .description("factorize the matrix in INPUT (.csv/.tsv with optional names, .npy, .mtx sparse) as W·H")
    .argument("<input>", "matrix file: .csv, .tsv, .txt (delimited), .npy, or .mtx (Matrix Market, kept sparse)")
    .requiredOption("-k, --rank <k>", "number of components", positiveInteger("--rank"));
  addFitOptions(command)
    .option("-o, --out <dir>", "folder for W and H", ".")
    .addOption(new Option("--format <format>", "output format of W and H").choices(OUTPUT_FORMATS).default("csv"))
    .option("--json", "print the summary as JSON")
    .option("-q, --quiet", "no progress and no summary");
  return command.action(async (inputPath, flags) => {
    const input = context.input = readMatrix(inputPath);
    const options = { rank: flags.rank, ...fitOptions(flags) };
    const best = await fitBest(input.matrix, options, { runs: flags.runs ?? 1, quiet: flags.quiet, signal: context.signal });
    const files = writeFactors(flags.out, flags.format, best.result, input);
    const { result } = best;
    const { rows, cols } = input.matrix;
    const summary = {
      input: inputPath, rows, cols, sparse: input.sparse, ...(input.sparse && { nonZeros: input.matrix.indptr[rows] }),
      rank: flags.rank, loss: options.loss ?? "frobenius", solver: solverOf(options),
      iterations: result.iterations, converged: result.converged, error: result.reconstructionError,
      seconds: Number(best.seconds.toFixed(3)), threads: result.threads ?? options.threads ?? 1,
      runs: flags.runs ?? 1, ...(flags.runs > 1 && { bestRun: best.run, errors: best.errors }),
      ...(best.seed !== undefined && { seed: best.seed }), files,
    };
    if (flags.json) console.log(JSON.stringify(summary, null, 2));
    else if (!flags.quiet) printSummary(summary);
  });
}

function printSummary(s) {
  const shape = `${s.rows} × ${s.cols}${s.sparse ? ` sparse, ${s.nonZeros} non-zeros` : ""}`;
  const lines = [
    ["input", `${s.input} (${shape})`],
    ["rank", s.rank], ["loss", s.loss], ["solver", s.solver],
    ["iterations", `${s.iterations}${s.converged ? " (converged)" : ""}`],
    ["error", s.error.toPrecision(6)],
    ["seconds", s.seconds.toFixed(2)], ["threads", s.threads],
    ...(s.runs > 1 ? [["runs", `${s.runs}, best: run ${s.bestRun} (errors ${Math.min(...s.errors).toPrecision(4)}–${Math.max(...s.errors).toPrecision(4)})`]] : []),
    ["wrote", s.files.join(", ")],
  ];
  for (const [key, value] of lines) console.log(`${key.padEnd(10)} ${value}`);
}
