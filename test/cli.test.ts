// The nmf-wasm command line, run as a user would (a child process on the built package, dist/):
// outputs, exit codes and the one-line error messages.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatNpy, parseCsv, parseNpy } from "../src/index.js";
// @ts-expect-error: plain ESM without types
import { createProgress } from "../cli/progress.mjs";
// @ts-expect-error: plain ESM without types
import { formatRankTable, parseRanks } from "../cli/rank.mjs";

const BIN = fileURLToPath(new URL("../bin/nmf-wasm.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nmf-wasm-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run { code: number | null; stdout: string; stderr: string }

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

function file(name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

/** ‖V − WH‖_F from the matrices as the CLI wrote them. */
function residual(V: ArrayLike<number>, W: { rows: number; cols: number; data: ArrayLike<number> },
  H: { rows: number; cols: number; data: ArrayLike<number> }): number {
  let sum = 0;
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < H.cols; j++) {
      let wh = 0;
      for (let c = 0; c < W.cols; c++) wh += W.data[i * W.cols + c] * H.data[c * H.cols + j];
      sum += (V[i * H.cols + j] - wh) ** 2;
    }
  }
  return Math.sqrt(sum);
}

const NAMED = "gene,s1,s2,s3\nA,1,2,3\nB,4,5,6\nC,7,8,10\nD,1,0,2\n";

describe.concurrent("nmf-wasm fit", { timeout: 60_000 }, () => {
  it("fits a named CSV: W.csv and H.csv keep the names, and their product has the error the JSON summary reports", async () => {
    file("genes.csv", NAMED);
    const run = await cli("fit", "genes.csv", "--rank", "2", "--seed", "1", "--out", "named", "--json", "--quiet");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ rows: 4, cols: 3, rank: 2, solver: "hals", loss: "frobenius", threads: 1, files: ["named/W.csv", "named/H.csv"] });
    const W = parseCsv(readFileSync(join(dir, "named/W.csv"), "utf8"));
    const H = parseCsv(readFileSync(join(dir, "named/H.csv"), "utf8"));
    expect(W.rowNames).toEqual(["A", "B", "C", "D"]);
    expect(W.columnNames).toEqual(["component_1", "component_2"]);
    expect(H.columnNames).toEqual(["s1", "s2", "s3"]);
    expect([W.rows, W.cols, H.rows, H.cols]).toEqual([4, 2, 2, 3]);
    const V = parseCsv(NAMED).data;
    expect(residual(V, W, H)).toBeCloseTo(summary.error, 4);
  });

  it("reads .npy, writes .npy, and --runs keeps the lowest of the runs' errors", async () => {
    const data = Float32Array.from({ length: 60 }, (_, t) => ((t * 7) % 11) + (t % 3));
    file("m.npy", formatNpy({ rows: 10, cols: 6, data }));
    const run = await cli("fit", "m.npy", "-k", "3", "--seed", "4", "--init", "random", "--runs", "3", "--format", "npy", "-o", "npy", "--json", "-q");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.errors).toHaveLength(3);
    expect(summary.error).toBe(Math.min(...summary.errors));
    // The best run's own seed (derived from --seed by the library's nRuns) refits it alone.
    const again = await cli("fit", "m.npy", "-k", "3", "--seed", String(summary.seed), "--init", "random", "--format", "npy", "-o", "npy1", "--json", "-q");
    expect(JSON.parse(again.stdout).error).toBe(summary.error);
    const W = parseNpy(readFileSync(join(dir, "npy/W.npy"))), H = parseNpy(readFileSync(join(dir, "npy/H.npy")));
    expect([W.rows, W.cols, H.rows, H.cols]).toEqual([10, 3, 3, 6]);
    expect(residual(data, W, H)).toBeCloseTo(summary.error, 3);
  });

  it("keeps a Matrix Market input sparse, writes .mtx, and prints the text summary", async () => {
    file("s.mtx", "%%MatrixMarket matrix coordinate integer general\n3 4 5\n1 1 2\n2 2 3\n3 3 1\n1 4 4\n3 1 1\n");
    const run = await cli("fit", "s.mtx", "-k", "2", "--seed", "0", "--format", "mtx", "-o", "mtx", "--loss", "kl");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^input +s\.mtx \(3 × 4 sparse, 5 non-zeros\)$/m);
    expect(run.stdout).toMatch(/^solver +mu$/m);
    expect(run.stdout).toMatch(/^wrote +mtx\/W\.mtx, mtx\/H\.mtx$/m);
    expect(readFileSync(join(dir, "mtx/H.mtx"), "utf8")).toMatch(/^%%MatrixMarket matrix coordinate real general\n% written by nmf-wasm\n2 4 \d+\n/);
    expect(run.stderr).toMatch(/fit +\d+\/200 iterations +error/); // plain progress lines when stderr is not a TTY
  });

  it("names the file, line, row and column of a negative entry, in one line, exit code 1", async () => {
    file("neg.csv", "a,b\n-3,1\n2,2\n");
    const run = await cli("fit", "neg.csv", "-k", "1");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("nmf-wasm: neg.csv, line 2 (row 1, column 1) is negative (-3); NMF needs non-negative data\n");
    expect(existsSync(join(dir, "W.csv"))).toBe(false);
    const debug = await cli("fit", "neg.csv", "-k", "1", "--debug");
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/CliError: .*\n\s+at /); // the stack only with --debug
  });

  it("one-line errors for a malformed CSV, a bad .npy, a sparse negative, a missing file, a NaN, a zero the loss cannot take", async () => {
    file("bad.csv", "1,2\n3,x\n");
    file("bad.npy", "not numpy");
    file("neg.mtx", "%%MatrixMarket matrix coordinate real general\n2 2 1\n2 1 -0.5\n");
    file("nan.tsv", "1\t2\n3\tNaN\n");
    file("zero.csv", "x,y\n1,0\n2,3\n");
    const runs = await Promise.all([cli("fit", "bad.csv", "-k", "1"), cli("fit", "bad.npy", "-k", "1"),
      cli("fit", "neg.mtx", "-k", "1"), cli("fit", "missing.csv", "-k", "1"), cli("fit", "nan.tsv", "-k", "1"),
      cli("fit", "zero.csv", "-k", "1", "--loss", "itakura-saito")]);
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(runs.map((r) => r.stderr)).toEqual([
      "nmf-wasm: bad.csv, line 2: column 2: 'x' is not a number\n",
      "nmf-wasm: bad.npy: not a .npy file (no \\x93NUMPY magic)\n",
      "nmf-wasm: neg.mtx: entry (2, 1) is negative (-0.5); NMF needs non-negative data\n",
      "nmf-wasm: cannot read missing.csv: no such file\n",
      "nmf-wasm: nan.tsv, line 2 (row 2, column 2) is missing or NaN\n",
      expect.stringMatching(/^nmf-wasm: zero\.csv, line 2 \(row 1, column 2\) is 0, and a β-divergence with β ≤ 0 .*\n$/),
    ]);
  });

  it("usage errors exit with 2; a rank the data cannot take names the flag", async () => {
    file("small.csv", "1,2\n3,4\n");
    const [noRank, badIter, badLoss, tooBig] = await Promise.all([cli("fit", "small.csv"), cli("fit", "small.csv", "-k", "1", "--max-iter", "0"),
      cli("fit", "small.csv", "-k", "1", "--loss", "l2"), cli("fit", "small.csv", "-k", "5", "--init", "nndsvd")]);
    expect([noRank.code, badIter.code, badLoss.code]).toEqual([2, 2, 2]);
    expect(noRank.stderr).toMatch(/^nmf-wasm fit: required option '-k, --rank <k>' not specified/);
    expect(badIter.stderr).toBe("nmf-wasm: --max-iter must be a positive integer, got '0'\n");
    expect(badLoss.stderr).toMatch(/^nmf-wasm: --loss must be one of frobenius/);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/^nmf-wasm: --rank: .*rank ≤ min\(rows, cols\) = 2, got 5/);
  });

  it("Ctrl-C (SIGINT) stops a long fit cleanly: exit code 130, no output files", async () => {
    const data = Float32Array.from({ length: 200 * 150 }, (_, t) => ((t * 2654435761) % 1000) / 1000);
    file("long.npy", formatNpy({ rows: 200, cols: 150, data }));
    const child = spawn(process.execPath, [BIN, "fit", "long.npy", "-k", "10", "--max-iter", "1000000", "--tol", "0", "-o", "interrupted"], { cwd: dir });
    let stderr = "", sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
        if (!sent && stderr.includes("iterations")) sent = child.kill("SIGINT"); // once, when the fit is under way
      });
      child.on("exit", (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/nmf-wasm: interrupted, stopping…\n$/);
    expect(existsSync(join(dir, "interrupted"))).toBe(false);
  });
});

describe.concurrent("nmf-wasm topics", { timeout: 60_000 }, () => {
  const LINES = ["the cat sat on the mat with another cat", "dogs bark and dogs run in the park",
    "cats purr and cats sleep on mats", "the dog chased a ball in the park", "kitten cat purr meow", "puppy dog bark fetch ball"];

  it("one document per line: prints k topics that separate cats from dogs, writes normalized document-topic weights", async () => {
    file("pets.txt", LINES.join("\n") + "\n\n");
    const run = await cli("topics", "pets.txt", "--lines", "-k", "2", "--seed", "0", "--top", "4", "-o", "pets");
    expect(run.code).toBe(0);
    const topicLines = run.stdout.split("\n").filter((l) => l.startsWith("topic"));
    expect(topicLines).toHaveLength(2);
    const catTopic = topicLines.findIndex((l) => l.includes("cat"));
    expect(catTopic).toBeGreaterThanOrEqual(0);
    expect(topicLines[1 - catTopic]).toMatch(/dog/);
    expect(topicLines[1 - catTopic]).not.toMatch(/\bcat\b/);
    const weights = parseCsv(readFileSync(join(dir, "pets/document-topics.csv"), "utf8"));
    expect(weights.rowNames).toEqual(LINES.map((_, t) => `pets.txt:${t + 1}`));
    expect(weights.columnNames).toEqual(["topic_1", "topic_2"]);
    for (let i = 0; i < weights.rows; i++) expect(weights.data[2 * i] + weights.data[2 * i + 1]).toBeCloseTo(1, 5);
    // The cat documents (0, 2, 4) lean to the cat topic, the dog documents to the other.
    for (const i of [0, 2, 4]) expect(weights.data[2 * i + catTopic]).toBeGreaterThan(0.5);
    for (const i of [1, 3, 5]) expect(weights.data[2 * i + catTopic]).toBeLessThan(0.5);
    const H = parseCsv(readFileSync(join(dir, "pets/topics.csv"), "utf8"));
    expect(H.rows).toBe(2);
    expect(H.columnNames).toContain("purr");
  });

  it("one document per file (a folder expands to its files), JSON output, and no documents is an error", async () => {
    LINES.forEach((line, t) => file(`doc${t}.txt`, line));
    const run = await cli("topics", "doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt", "--rank", "2", "--seed", "1", "--json", "-o", "files");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.documents).toBe(4);
    expect(out.topics).toHaveLength(2);
    expect(out.dominantTopics.map((d: { document: string }) => d.document)).toEqual(["doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt"]);
    file("empty.txt", "\n\n");
    const empty = await cli("topics", "empty.txt", "--lines", "-k", "2");
    expect(empty.code).toBe(1);
    expect(empty.stderr).toBe("nmf-wasm: no documents in empty.txt\n");
  });
});

describe("progress", () => {
  const events = [10, 20, 50, 60, 100, 150, 200].map((iteration) => ({ iteration, error: 1 / iteration, elapsedMs: iteration * 5, maxIter: 200 }));
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
  };

  it("on a TTY: one line redrawn in place with a bar, iterations, error and elapsed time, ended by a newline", () => {
    const { out, stream } = sink(true);
    const progress = createProgress({ stream });
    progress.start("fit");
    for (const e of events) progress.update(e);
    progress.end();
    expect(out).toHaveLength(events.length + 1);
    expect(out.slice(0, -1).every((s) => s.startsWith("\r") && !s.includes("\n"))).toBe(true);
    expect(out[2]).toBe("\rfit [######------------------]  50/200 iterations  error 0.020000  0.3 s");
    expect(out.at(-2)).toMatch(/^\rfit \[#{24}\] 200\/200 iterations/);
    expect(out.at(-1)).toBe("\n");
  });

  it("elsewhere: plain lines at each quarter of the iterations; quiet prints nothing", () => {
    const { out, stream } = sink(false);
    const progress = createProgress({ stream });
    progress.start("run 1/2");
    for (const e of events) progress.update(e);
    progress.end();
    expect(out.map((s) => Number(/^run 1\/2 +(\d+)\/200 iterations/.exec(s)?.[1]))).toEqual([10, 50, 100, 150, 200]);
    expect(out.every((s) => s.endsWith("\n"))).toBe(true);
    const quiet = sink(true);
    const silent = createProgress({ stream: quiet.stream, quiet: true });
    for (const e of events) silent.update(e);
    silent.end();
    expect(quiet.out).toEqual([]);
  });
});

describe("nmf-wasm rank", { timeout: 60_000 }, () => {
  it("parses rank lists and rejects bad ones", () => {
    expect(parseRanks("2-5")).toEqual([2, 3, 4, 5]);
    expect(parseRanks("6,2-3,3")).toEqual([2, 3, 6]);
    expect(() => parseRanks("5-2")).toThrow(/--ranks must look like/);
    expect(() => parseRanks("0-2")).toThrow(/--ranks must look like/);
  });

  it("formats the survey rows as an aligned table, '–' for a missing measure (silhouette null at rank 1)", () => {
    const table = formatRankTable([
      { rank: 2, cophenetic: 0.99123, dispersion: 0.9, rss: 12.5, evar: 0.8, sparsenessW: 0.3, sparsenessH: 0.4, silhouette: 0.7, reconstructionError: 3.5 },
      { rank: 10, cophenetic: 0.8, dispersion: 0.7, rss: 4, evar: 0.95, sparsenessW: 0.5, sparsenessH: 0.6, silhouette: null, reconstructionError: 2 },
    ]).split("\n");
    expect(table[0].trim().split(/\s{2,}/)).toEqual(["rank", "cophenetic", "dispersion", "rss", "evar", "sparse W", "sparse H", "silhouette", "error"]);
    expect(table[1].trim().split(/\s+/)).toEqual(["2", "0.9912", "0.9000", "12.500", "0.8000", "0.300", "0.400", "0.700", "3.5000"]);
    expect(table[2].trim().split(/\s+/)[7]).toBe("–");
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it("runs estimateRank when the library has it, else says clearly that it is missing", async () => {
    file("r.csv", "1,2,3,0\n4,5,6,1\n7,8,10,2\n1,0,2,9\n3,3,1,1\n");
    const run = await cli("rank", "r.csv", "--ranks", "2-3", "--runs", "3", "--seed", "0");
    const library = await import("../src/index.js");
    if ("estimateRank" in library) {
      expect(run.code).toBe(0);
      expect(run.stdout.split("\n")[0]).toMatch(/rank +cophenetic +dispersion/);
      expect(run.stdout.split("\n").slice(1, 3).map((l) => l.trim().split(/\s+/)[0])).toEqual(["2", "3"]);
    } else {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe("nmf-wasm: this build of nmf-wasm has no estimateRank (rank survey); `rank` needs a version that exports it\n");
    }
  });
});
