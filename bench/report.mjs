// Renders BENCHMARKS.md from a run's sections and the history of full runs. Pure functions (no
// timing, no file access), so the layout is unit-tested without running a benchmark.
//
// A section's `run` returns its result in one of three shapes:
//   - a markdown string;
//   - an array of flat row objects (rendered as a table, one column per key);
//   - { markdown?, rows?, machine?, keyRatios?, json? }: `machine` adds [label, value] lines to the
//     run's machine table, `keyRatios` ({ label, value }) go to the history of runs, `json` to --json.
import { formatLoad } from "./machine.mjs";

/** A markdown table from flat row objects: one column per key of the first row. */
export function rowsToTable(rows) {
  if (!rows.length) return "(no rows)";
  const keys = Object.keys(rows[0]);
  const cell = (x) => (x == null ? "–" : typeof x === "number" ? formatNumber(x) : String(x).replaceAll("|", "\\|"));
  const numeric = keys.map((k) => rows.every((r) => r[k] == null || typeof r[k] === "number"));
  return [
    `| ${keys.join(" | ")} |`,
    `|${numeric.map((n) => (n ? "--:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${keys.map((k) => cell(r[k])).join(" | ")} |`),
  ].join("\n");
}

function formatNumber(x) {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 0.01 ? x.toFixed(2) : x.toPrecision(3);
}

/** A section's result in the { markdown, machine, keyRatios, json } shape. */
export function normalizeResult(result) {
  if (typeof result === "string") return { markdown: result, machine: [], keyRatios: [], json: null };
  if (Array.isArray(result)) return { markdown: rowsToTable(result), machine: [], keyRatios: [], json: result };
  // A section's own markdown is its report; rows alone are rendered as a table. Rows always go to the JSON.
  return {
    markdown: result.markdown ?? (result.rows ? rowsToTable(result.rows) : ""), machine: result.machine ?? [], keyRatios: result.keyRatios ?? [],
    json: result.json ?? result.rows ?? null,
  };
}

/**
 * The history table: one row per key ratio, one column per full run (oldest first), a dash where
 * a run did not measure that ratio; each run's note below it.
 */
export function renderHistory(history) {
  if (!history.length) return "No full run recorded yet.";
  const labels = [];
  for (const run of history) for (const { label } of run.keyRatios) if (!labels.includes(label)) labels.push(label);
  const head = history.map((run, i) => `${run.date.slice(0, 16).replace("T", " ")}${run.note ? ` (${i + 1})` : ""}`);
  const lines = [
    `| ratio (floor) | ${head.join(" | ")} |`,
    `|---|${history.map(() => "--:").join("|")}|`,
    ...labels.map((label) => `| ${label} | ${history.map((run) =>
      run.keyRatios.find((r) => r.label === label)?.value ?? "–").join(" | ")} |`),
  ];
  const notes = history.map((run, i) => (run.note ? `(${i + 1}) ${run.note}` : null)).filter(Boolean);
  return [lines.join("\n"), ...(notes.length ? ["", notes.join("\n\n")] : [])].join("\n");
}

/**
 * The whole BENCHMARKS.md. `sections`: [{ title, loadBefore, result }] in report order (result as
 * from normalizeResult); `machine`: machineInfo() at the start; `history`: full runs, oldest first;
 * `notes`: hand-written markdown (bench/notes.md) placed after the history; `recorded`: a line saying
 * where the tables came from, when they are not this run's.
 */
export function renderBenchmarks({ quick, machine, loadAtEnd, runtimeSeconds, sections, history, recorded, notes }) {
  const out = [];
  out.push("# Benchmarks", "");
  out.push("Written by `npm run bench` (`node bench/run.mjs`): do not edit by hand. One run, each section in turn, " +
    "on the machine below; the history at the end holds the key ratios of every full run. The machine is a shared " +
    "2-core VM, so single figures move with its load: compare ratios measured in one process, and the history.");
  if (quick) out.push("", "**--quick run: small shapes and few samples, a harness check, not representative.**");
  if (recorded) out.push("", recorded);
  out.push("", "| | |", "|---|---|");
  out.push(`| date | ${machine.date} |`);
  out.push(`| Node | ${machine.node} (V8 ${machine.v8}), ${machine.platform} |`);
  out.push(`| CPU | ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB |`);
  out.push(`| load average (1 / 5 / 15 min) | ${formatLoad(machine.loadAverage)} at start` +
    `${loadAtEnd ? `, ${formatLoad(loadAtEnd)} at end` : ""} |`);
  for (const s of sections) for (const [label, value] of s.result.machine) out.push(`| ${label} | ${value} |`);
  if (runtimeSeconds != null) out.push(`| wall time of this run | ${runtimeSeconds.toFixed(0)} s |`);
  out.push("");
  if (sections.length > 1) {
    out.push("Sections: " + sections.map((s) => `[${s.title}](#${anchor(s.title)})`).join(" · "), "");
  }
  for (const s of sections) {
    out.push(`## ${s.title}`, "");
    if (s.loadBefore) out.push(`Load average before this section: ${formatLoad(s.loadBefore)}.`, "");
    out.push(s.result.markdown.trim(), "");
  }
  out.push("## History of runs", "");
  out.push("The key ratios of each full run (`npm run bench`, UTC times); a run's number points to its note.", "");
  out.push(renderHistory(history), "");
  const kept = (notes ?? "").replace(/<!--[\s\S]*?-->/g, "").trim();
  if (kept) out.push(kept, "");
  return out.join("\n");
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function anchor(title) {
  return title.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").trim().replace(/ /g, "-");
}
