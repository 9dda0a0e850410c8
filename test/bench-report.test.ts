// BENCHMARKS.md's renderer (bench/report.mjs) on made-up section results: the layout, without
// running a benchmark. The numbers here are inputs, not measurements.
import { describe, expect, it } from "vitest";
import { anchor, normalizeResult, renderBenchmarks, renderHistory, rowsToTable } from "../bench/report.mjs";
import { SECTIONS } from "../bench/run.mjs";

const machine = { date: "2026-12-05T19:00:00.000Z", node: "v20.20.2", v8: "11.3", platform: "linux x64",
  cpu: "Test CPU", cores: 2, memoryGiB: 8, loadAverage: [0.5, 0.25, 0.125] };

describe("bench report", () => {
  it("a row array becomes a table: numeric columns right-aligned, null as a dash, pipes escaped", () => {
    expect(rowsToTable([{ name: "a|b", ms: 12.345, n: 3 }, { name: "c", ms: null, n: 40 }])).toBe([
      "| name | ms | n |",
      "|---|--:|--:|",
      "| a\\|b | 12.3 | 3 |",
      "| c | – | 40 |",
    ].join("\n"));
  });

  it("a section may return markdown, rows or an object; each becomes the same shape", () => {
    expect(normalizeResult("text")).toEqual({ markdown: "text", machine: [], keyRatios: [], json: null });
    const rows = [{ x: 1 }];
    expect(normalizeResult(rows)).toMatchObject({ markdown: "| x |\n|--:|\n| 1 |", json: rows });
    const r = normalizeResult({ markdown: "intro", rows, keyRatios: [{ label: "L", value: "2×" }], machine: [["k", "v"]] });
    // The section's own markdown is its report (its rows already shown there); the rows go to the JSON.
    expect(r.markdown).toBe("intro");
    expect(normalizeResult({ rows }).markdown).toBe("| x |\n|--:|\n| 1 |");
    expect(r).toMatchObject({ keyRatios: [{ label: "L", value: "2×" }], machine: [["k", "v"]], json: rows });
  });

  it("the history has a row per ratio and a column per run, a dash where a run lacks a ratio, notes numbered", () => {
    const md = renderHistory([
      { date: "2026-11-23T12:19:00.000Z", keyRatios: [{ label: "A (20×)", value: "17.0×" }], note: "first" },
      { date: "2026-12-05T19:00:00.000Z", keyRatios: [{ label: "A (20×)", value: "21.0×" }, { label: "B", value: "3.0×" }] },
    ]);
    expect(md.split("\n")).toEqual([
      "| ratio (floor) | 2026-11-23 12:19 (1) | 2026-12-05 19:00 |",
      "|---|--:|--:|",
      "| A (20×) | 17.0× | 21.0× |",
      "| B | – | 3.0× |",
      "",
      "(1) first",
    ]);
    expect(renderHistory([])).toMatch(/No full run/);
  });

  it("the file: machine table with the sections' lines, sections in order with their load, history, notes", () => {
    const sections = [
      { title: "Second thing", loadBefore: [1, 2, 3], result: normalizeResult({ markdown: "S2", machine: [["builds", "both"]] }) },
      { title: "First (a) thing", loadBefore: [4, 5, 6], result: normalizeResult([{ v: 1 }]) },
    ];
    const md = renderBenchmarks({ quick: true, machine, loadAtEnd: [1, 1, 1], runtimeSeconds: 12.4, sections,
      history: [], notes: "<!-- hidden -->\n### My notes\n\nText." });
    expect(md).toMatch(/^# Benchmarks\n/);
    expect(md).toContain("--quick run");
    expect(md).toContain("| CPU | Test CPU, 2 cores, 8 GiB |");
    expect(md).toContain("| load average (1 / 5 / 15 min) | 0.50 / 0.25 / 0.13 at start, 1.00 / 1.00 / 1.00 at end |");
    expect(md).toContain("| builds | both |\n| wall time of this run | 12 s |");
    expect(md).toContain("[First (a) thing](#first-a-thing)");
    const order = ["## Second thing", "Load average before this section: 1.00 / 2.00 / 3.00.", "S2", "## First (a) thing",
      "| v |", "## History of runs", "No full run recorded yet.", "### My notes"].map((s) => md.indexOf(s));
    expect(order.every((x) => x >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).not.toContain("hidden");
  });

  it("GitHub-style anchors, and every registered section has a title and a run function", () => {
    expect(anchor("Time to within 1 % of the best error (Frobenius, same start)"))
      .toBe("time-to-within-1--of-the-best-error-frobenius-same-start");
    expect(SECTIONS.length).toBeGreaterThanOrEqual(4);
    for (const s of SECTIONS) {
      expect(typeof s.title).toBe("string");
      expect(typeof s.run).toBe("function");
    }
  });
});
