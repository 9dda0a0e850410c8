// npm run bench: runs every section below in turn (progress on stderr) and renders BENCHMARKS.md
// (bench/report.mjs), printing it on stdout too. A full run also appends its key ratios to
// bench/history.json, which BENCHMARKS.md's history of runs is rendered from.
//   node bench/run.mjs [--quick] [--out FILE] [--json FILE]
//   --quick: small shapes, few samples (checks the harness): prints the report, writes no file
//            unless --out is given, and records no history.
//   --out FILE: write the report there (default for a full run: BENCHMARKS.md).
//   --json FILE: every section's rows and the machine, as JSON.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { machineInfo } from "./machine.mjs";
import { normalizeResult, renderBenchmarks } from "./report.mjs";
import { gemmSection, muSection, sparseSection } from "./sections.mjs";

/**
 * The report's sections, in order. `run({ quick, progress })` returns a markdown string, an array of
 * flat row objects, or { markdown, rows, machine, keyRatios, json } (see bench/report.mjs). Another
 * bench module joins with one line, e.g.
 *   { title: "Threads", run: async (o) => (await import("./threads.mjs")).benchThreads(o) },
 */
export const SECTIONS = [
  { title: "GEMM throughput (single thread)", run: gemmSection },
  { title: "Multiplicative updates, ms per iteration (single thread)", run: muSection },
  { title: "Sparse (CSR) multiplicative updates, ms per iteration (single thread)", run: sparseSection },
  { title: "Time to a good answer: default fits vs scikit-learn (single thread)",
    run: async (o) => (await import("./time-to-answer.mjs")).benchTimeToAnswer(o) },
  { title: "NNDSVD-A init vs scikit-learn (single thread)", run: async (o) => {
    const m = await import("./init.mjs");
    return { markdown: m.initMarkdown(await m.benchInit(o)) };
  } },
  { title: "Thread scaling", run: async (o) => (await import("./threads.mjs")).benchThreads(o) },
  { title: "Rank survey (estimateRank)", run: async (o) => (await import("./rank.mjs")).benchRank(o) },
  { title: "Masked, completion, streaming and graph-regularized fits", run: async (o) => (await import("./models.mjs")).benchModels(o) },
  { title: "Responsiveness: event-loop stalls and abort latency", run: async (o) => (await import("./responsiveness.mjs")).benchResponsiveness(o) },
  { title: "Readers and writers (CSV, NPY)", run: async (o) => {
    const m = await import("./io.mjs");
    return { markdown: m.ioMarkdown(m.benchIo(o)) };
  } },
];

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const HISTORY = here("./history.json");
const NOTES = here("./notes.md");

function parseArgs(argv) {
  const value = (flag) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (!v || v.startsWith("--")) {
      console.error("usage: node bench/run.mjs [--quick] [--out FILE] [--json FILE]");
      process.exit(2);
    }
    return v;
  };
  const quick = argv.includes("--quick");
  return { quick, json: value("--json"), out: value("--out") ?? (quick ? undefined : here("../BENCHMARKS.md")) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const machine = machineInfo();
  const progress = (s) => process.stderr.write(`${s}\n`);
  const sections = [];
  for (const { title, run } of SECTIONS) {
    const loadBefore = machineInfo().loadAverage;
    const result = normalizeResult(await run({ quick: args.quick, progress }));
    sections.push({ title, loadBefore, result });
  }
  const runtimeSeconds = (performance.now() - started) / 1000;
  const loadAtEnd = machineInfo().loadAverage;

  const history = JSON.parse(readFileSync(HISTORY, "utf8"));
  if (!args.quick) {
    history.push({ date: machine.date, keyRatios: sections.flatMap((s) => s.result.keyRatios) });
    writeFileSync(HISTORY, `${JSON.stringify(history, null, 2)}\n`);
  }
  const notes = readFileSync(NOTES, "utf8");
  const report = renderBenchmarks({ quick: args.quick, machine, loadAtEnd, runtimeSeconds, sections, history, notes });
  console.log(report);
  if (args.out) {
    writeFileSync(args.out, report);
    progress(`report written to ${args.out}`);
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({
      quick: args.quick, machine: { ...machine, loadAverageAtEnd: loadAtEnd }, runtimeSeconds,
      sections: sections.map((s) => ({ title: s.title, loadAverageBefore: s.loadBefore, keyRatios: s.result.keyRatios, data: s.result.json })),
    }, null, 2));
    progress(`rows written to ${args.json}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
