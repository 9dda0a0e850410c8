// `nmf-wasm topics FILES… --rank K`: a topic model of text files (one document per file, or per
// line with --lines): prints each topic's top terms, writes the document-topic weights.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { documentTopics, topTerms, vectorize } from "nmf-wasm/text";
import { CliError } from "./errors.mjs";
import { addFitOptions, fitOptions, nonNegativeNumber, positiveInteger, solverOf } from "./fit-options.mjs";
import { readFile } from "./input.mjs";
import { componentNames, writeMatrix } from "./output.mjs";
import { fitBest } from "./run-fit.mjs";

/** Files named on the command line; a folder stands for the files directly in it (sorted). */
function expandFiles(paths) {
  const files = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new CliError(`cannot read ${path}: no such file`);
    }
    if (stat.isDirectory()) {
      files.push(...readdirSync(path).sort().map((f) => join(path, f)).filter((f) => statSync(f).isFile()));
    } else {
      files.push(path);
    }
  }
  return files;
}

/** Documents and their names: one per file, or one per non-blank line ("file:line"). */
function readDocuments(paths, perLine) {
  const names = [], texts = [];
  for (const file of expandFiles(paths)) {
    const text = readFile(file, "utf8");
    if (!perLine) {
      names.push(file);
      texts.push(text);
      continue;
    }
    text.split(/\r?\n/).forEach((line, t) => {
      if (line.trim() === "") return;
      names.push(`${file}:${t + 1}`);
      texts.push(line);
    });
  }
  return { names, texts };
}

export function topicsCommand(context) {
  const command = new Command("topics")
    .description("topic model of text files: one document per file (or per line with --lines)")
    .argument("<files...>", "text files, or folders of them")
    .requiredOption("-k, --rank <k>", "number of topics", positiveInteger("--rank"))
    .option("--top <n>", "terms shown per topic", positiveInteger("--top"), 10)
    .option("--lines", "one document per line instead of per file")
    .option("--min-df <x>", "ignore terms in fewer documents (a count ≥ 1, or a proportion < 1)", nonNegativeNumber("--min-df"))
    .option("--max-df <x>", "ignore terms in more documents (a proportion ≤ 1, or a count ≥ 2)", nonNegativeNumber("--max-df"))
    .option("--max-features <n>", "keep only the n most frequent terms", positiveInteger("--max-features"))
    .option("--no-stop-words", "keep English stop words (removed by default)");
  addFitOptions(command)
    .option("-o, --out <dir>", "folder for document-topics.csv and topics.csv", ".")
    .option("--json", "print topics and summary as JSON")
    .option("-q, --quiet", "no progress; topics only");
  return command.action(async (paths, flags) => {
    const { names, texts } = readDocuments(paths, flags.lines);
    if (texts.length === 0) throw new CliError(`no documents in ${paths.join(", ")}`);
    const vectorizerOptions = { stopWords: flags.stopWords ? "english" : null };
    for (const key of ["minDf", "maxDf", "maxFeatures"]) if (flags[key] !== undefined) vectorizerOptions[key] = flags[key];
    const { matrix, vocabulary } = vectorize(texts, vectorizerOptions);
    if (matrix.cols === 0) throw new CliError(`no terms left in ${texts.length} document(s) after --min-df/--max-df and stop words`);
    const options = { rank: flags.rank, ...fitOptions(flags) };
    const best = await fitBest(matrix, options, { runs: flags.runs ?? 1, quiet: flags.quiet || flags.json, signal: context.signal });
    const { result } = best;
    const topics = topTerms(result.H, vocabulary, flags.top);
    const { weights, dominant } = documentTopics(result.W);
    const topicNames = componentNames(flags.rank, "topic");
    const files = [
      writeMatrix(flags.out, "document-topics", "csv", weights, { rowNames: names, columnNames: topicNames, cornerName: "document" }),
      writeMatrix(flags.out, "topics", "csv", result.H, { rowNames: topicNames, columnNames: vocabulary, cornerName: "topic" }),
    ];
    const summary = {
      documents: texts.length, terms: vocabulary.length, rank: flags.rank, loss: options.loss ?? "frobenius", solver: solverOf(options),
      iterations: result.iterations, converged: result.converged, error: result.reconstructionError,
      seconds: Number(best.seconds.toFixed(3)), threads: result.threads ?? options.threads ?? 1, files,
    };
    if (flags.json) {
      const dominantTopics = names.map((name, i) => ({ document: name, topic: dominant[i] + 1 }));
      console.log(JSON.stringify({ ...summary, topics: topics.map((terms) => terms.map((t) => t.term)), dominantTopics }, null, 2));
      return;
    }
    const share = new Float64Array(flags.rank);
    for (const d of dominant) if (d >= 0) share[d]++;
    topics.forEach((terms, c) => {
      console.log(`topic ${String(c + 1).padStart(2)} (${share[c]} docs)  ${terms.map((t) => t.term).join(" ")}`);
    });
    if (!flags.quiet) {
      console.log(`\n${texts.length} documents × ${vocabulary.length} terms, ${result.iterations} iterations, ` +
        `error ${result.reconstructionError.toPrecision(5)}, ${best.seconds.toFixed(2)} s; wrote ${files.join(", ")}`);
    }
  });
}
