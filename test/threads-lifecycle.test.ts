// The pool's lifecycle: lazily started, reused, never keeps a Node process alive, safe under
// concurrent fits, usable after a thrown onProgress or an abort, closable, and no growth of
// workers or memory over many fits.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeThreadPool, denseToCsr, nmf, wasmMemoryBytes, type NMFOptions } from "../src/index.js";
import { measureDispatch, measureGatherPass, measureParallelWork, threadPoolWorkers } from "../src/threads/fit-engine.js";
import { DEFAULT_MIN_WORK, setThreadingThreshold } from "../src/threads/plan.js";
import { bitsEqual, randomMatrix } from "./helpers.js";

beforeAll(() => setThreadingThreshold(0));
afterAll(async () => {
  setThreadingThreshold(DEFAULT_MIN_WORK);
  await closeThreadPool();
});

const V = randomMatrix(90, 70, 31);
const options: NMFOptions = { rank: 6, solver: "mu", loss: "kl", maxIter: 20, tol: 0, seed: 8 };

/** src/ transpiled (no type check) into a temporary directory, for a plain Node child process. */
function transpiledSource(): string {
  const src = fileURLToPath(new URL("../src/", import.meta.url));
  const out = mkdtempSync(join(tmpdir(), "nmf-wasm-threads-"));
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
  for (const file of walk(src)) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(out, relative(src, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(out, "package.json"), '{ "type": "module" }');
  return out;
}

describe("thread pool lifecycle", () => {
  it("the benchmark's measurements run on the idle pool at 1 and 2 threads and leave it usable", async () => {
    const S = denseToCsr(randomMatrix(300, 500, 21, 0.9));
    const csr = { rows: S.rows, cols: S.cols, indptr: S.indptr, indices: S.indices, data: S.data };
    for (const threads of [1, 2]) {
      const dispatch = await measureDispatch(threads, 2);
      expect(dispatch!.hot).toBeGreaterThan(0);
      expect(dispatch!.cold).toBeGreaterThan(0);
      expect(await measureParallelWork(threads, 200)).toBeGreaterThan(0);
      expect(await measureGatherPass(threads, csr, 8, 2)).toBeGreaterThan(0);
    }
    const V = randomMatrix(60, 40, 22);
    const options: NMFOptions = { rank: 4, seed: 1, maxIter: 5, tol: 0 };
    const alone = await nmf(V, { ...options, threads: 1 });
    const split = await nmf(V, { ...options, threads: 2 });
    expect(bitsEqual(split.W.data, alone.W.data)).toBe(true);
  });

  it("a Node script that fits on threads and ends exits by itself", async () => {
    const dir = transpiledSource();
    try {
      const script = join(dir, "fit-and-end.mjs");
      writeFileSync(script, `
        import { nmf } from "./index.js";
        import { setThreadingThreshold } from "./threads/plan.js";
        setThreadingThreshold(0);
        const data = Float32Array.from({ length: 60 * 50 }, (_, t) => ((t * 7919) % 101) / 101 + 0.01);
        const r = await nmf({ rows: 60, cols: 50, data }, { rank: 4, maxIter: 10, threads: 2 });
        console.log(JSON.stringify({ threads: r.threads, error: r.reconstructionError }));
      `);
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = execFile(process.execPath, [script], { timeout: 60000 }, (error, out) =>
          resolve({ code: error ? (error as { code?: number }).code ?? -1 : 0, stdout: out }));
        void child;
      });
      expect(code).toBe(0);
      const printed = JSON.parse(stdout.trim()) as { threads: number; error: number };
      expect(printed.threads).toBe(2);
      expect(printed.error).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90000);

  it("concurrent fits each get the answer they get alone", async () => {
    const alone = await nmf(V, { ...options, threads: 1 });
    const other = await nmf(randomMatrix(60, 80, 32), { ...options, threads: 1 });
    const results = await Promise.all([
      nmf(V, { ...options, threads: 2 }), nmf(randomMatrix(60, 80, 32), { ...options, threads: 2 }), nmf(V, { ...options, threads: 3 }),
    ]);
    expect(bitsEqual(results[0].W.data, alone.W.data)).toBe(true);
    expect(bitsEqual(results[1].W.data, other.W.data)).toBe(true);
    expect(bitsEqual(results[2].H.data, alone.H.data)).toBe(true);
    expect(results[2].reconstructionError).toBe(alone.reconstructionError);
    // One fit owns the pool at a time; the others ran on one thread and say why.
    expect(results.filter((r) => r.threads > 1).length).toBeGreaterThanOrEqual(1);
    for (const r of results.filter((r) => r.threads === 1)) expect(r.threadsNote).toMatch(/busy/);
  });

  it("a thrown onProgress and an abort leave the pool usable", async () => {
    const reference = await nmf(V, { ...options, threads: 2 });
    const boom = new Error("from onProgress");
    await expect(nmf(V, { ...options, threads: 2, onProgress: () => { throw boom; } })).rejects.toBe(boom);
    const controller = new AbortController();
    const aborted = nmf(V, {
      ...options, threads: 2, maxIter: 100000, signal: controller.signal,
      onProgress: (e) => { if (e.iteration >= 10) controller.abort(); },
    });
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    const after = await nmf(V, { ...options, threads: 2 });
    expect(after.threads).toBe(2);
    expect(bitsEqual(after.W.data, reference.W.data)).toBe(true);
  });

  it("many fits reuse the same workers and memory; closeThreadPool stops them, a later fit starts anew", async () => {
    await nmf(V, { ...options, threads: 3 });
    const workers = await threadPoolWorkers();
    const memory = wasmMemoryBytes();
    expect(workers).toBe(2);
    for (let t = 0; t < 15; t++) await nmf(V, { ...options, maxIter: 3, threads: 1 + (t % 3) });
    expect(await threadPoolWorkers()).toBe(workers);
    expect(wasmMemoryBytes()).toBe(memory);
    await closeThreadPool();
    expect(await threadPoolWorkers()).toBe(0);
    const again = await nmf(V, { ...options, threads: 2 });
    expect(again.threads).toBe(2);
    expect(await threadPoolWorkers()).toBe(1);
  });
});
