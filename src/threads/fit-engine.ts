// The engine a fit runs on. One shared-memory engine owns the worker pool: it is created on the
// first fit that wants threads, reused by later ones, and owned by one fit at a time. A fit
// that finds it busy runs on a single-threaded engine instead — and since results do not depend
// on the thread count, it gets the same answer it would have got alone.
import { Engine, withEngine } from "../engine.js";
import { allocSparse, sparseViews, spmm } from "../engine-sparse.js";
import { planThreads, threadsUnavailable, type ThreadsOption, type ThreadsPlan } from "./plan.js";

let shared: Promise<Engine | undefined> | undefined;
let busy = false;

/** The pool's engine, created on first use; or why there is none (no threads build, no shared memory). */
async function sharedEngine(): Promise<{ engine?: Engine; note: string }> {
  shared ??= Engine.createShared();
  try {
    const engine = await shared;
    return { engine, note: "this WebAssembly engine has no threads (shared memory) support" };
  } catch (e) {
    shared = undefined; // e.g. a shared memory of this maximum refused: try again next time
    return { note: `shared WebAssembly memory could not be created: ${String(e)}` };
  }
}

/**
 * Run `body` on an engine splitting kernel calls across the threads `option` resolves to for a
 * problem of `work` multiply-adds per pass; `body` learns the threads used and why not more.
 */
export async function withFitEngine<T>(option: ThreadsOption, work: number,
  body: (engine: Engine, plan: ThreadsPlan) => Promise<T>): Promise<T> {
  const plan = await planThreads(option, work);
  if (plan.threads > 1 && busy) {
    return withEngine((engine) => body(engine, { threads: 1, note: "the thread pool was busy with another fit" }));
  }
  if (plan.threads <= 1) return withEngine((engine) => body(engine, plan));
  busy = true;
  try {
    const { engine, note } = await sharedEngine();
    if (!engine) return await withEngine((single) => body(single, { threads: 1, note }));
    try {
      await engine.useThreads(plan.threads);
    } catch (e) {
      engine.reset();
      return await withEngine((single) => body(single, { threads: 1, note: `worker threads failed to start: ${String(e)}` }));
    }
    try {
      return await body(engine, plan);
    } finally {
      engine.reset();
    }
  } finally {
    busy = false;
  }
}

/**
 * Stop the worker threads of the pool and release its memory. Fits started afterwards start a
 * new pool when they want threads. Never needed for a Node process to exit (workers are unref'd).
 */
export async function closeThreadPool(): Promise<void> {
  const pending = shared;
  shared = undefined;
  const engine = await pending;
  engine?.closePool();
}

/** Dispatch costs in µs (medians): back to back (workers still polling) and after a pause (workers blocked). */
export interface DispatchCost {
  hot: number;
  cold: number;
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];

/**
 * What one split kernel call costs beyond its work on `threads` threads: the median over
 * `batches` batches of 200 empty calls back to back, and the median of `batches` single calls
 * each after a 3 ms pause (a worker then sleeps in Atomics.wait and must be woken). Medians,
 * because on a shared machine a descheduled worker adds milliseconds to a few calls.
 * Undefined where threads are unavailable. For benchmarks.
 */
export async function measureDispatch(threads: number, batches = 30): Promise<DispatchCost | undefined> {
  return onIdlePool("measureDispatch", threads, async (engine) => {
    engine.measureDispatch(200);
    const hot: number[] = [], cold: number[] = [];
    for (let b = 0; b < batches; b++) hot.push(engine.measureDispatch(200));
    for (let b = 0; b < batches; b++) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      cold.push(engine.measureDispatch(1));
    }
    return { hot: median(hot), cold: median(cold) };
  });
}

/**
 * The machine's own parallel ceiling, for the thread-scaling benchmark: ms for a fixed amount of
 * perfectly parallel, L1-resident work (the GEMM register tile over panels that fit in L1, no
 * memory traffic, no reduction), on `threads` threads through the same dispatch as every kernel.
 * t(1) / t(n) is the most any kernel split n ways can gain on this machine at that moment.
 */
export async function measureParallelWork(threads: number, reps = 20000): Promise<number | undefined> {
  return onIdlePool("measureParallelWork", threads, (engine) => {
    const kc = 256;
    const A = engine.alloc(kc, 4), B = engine.alloc(kc, 8);
    engine.fill(A, 1e-3);
    engine.fill(B, 1e-3);
    const C = engine.allocPerThread(4 * 8 * 4); // one output tile per thread: no shared cache line
    // Chunk [a, b) of the reps runs b − a repetitions.
    const split = { from: 0, to: reps, terms: [[4, 0, -1, 1]] as [number, number, number, number][], align: 1, reduce: false };
    const started = performance.now();
    engine.run("gemmTileLoop", [kc, A.ptr, B.ptr, C, 0], split);
    return performance.now() - started;
  });
}

/**
 * The memory side's ceiling, for the thread-scaling benchmark's sparse rows: ms of `reps` passes
 * of the simplest gather kernel (spmm: out = S·B, one multiply-add per gathered float) over the
 * CSR matrix S, each after the factor it gathers changed, as in a fit's iteration: the calling
 * thread rewrites a source (not timed, as a fit's update would), then each thread copies it into
 * its own B (engine.replicate, as the sparse passes do; one copy on one thread) and the pass
 * runs, both timed. Every core must receive the changed factor before it can gather from it, so
 * t(1) / t(n) bounds what such a pass gains.
 */
export async function measureGatherPass(threads: number,
  S: { rows: number; cols: number; indptr: Int32Array; indices: Int32Array; data: Float32Array }, k: number,
  reps: number): Promise<number | undefined> {
  return onIdlePool("measureGatherPass", threads, (engine) => {
    const sparse = allocSparse(engine, S.rows, S.cols, S.indices.length);
    const views = sparseViews(engine, sparse);
    views.indptr.set(S.indptr);
    views.indices.set(S.indices);
    views.values.set(S.data);
    const values = engine.alloc(S.cols, k), source = engine.alloc(S.cols, k), out = engine.alloc(S.rows, k);
    const B = engine.allocScratch(S.cols, k);
    engine.fill(values, 0.5);
    let elapsed = 0;
    for (let r = 0; r < reps; r++) {
      engine.k.copyRows(0, source.rows, k, values.ptr, k, source.ptr, k);
      const started = performance.now();
      engine.replicate(B, source, k, false);
      spmm(engine, out, sparse, B, k, false);
      elapsed += performance.now() - started;
    }
    return elapsed;
  });
}

/** A benchmark's body on the shared engine set to `threads` (no fit may own the pool meanwhile). */
async function onIdlePool<T>(what: string, threads: number, body: (engine: Engine) => T | Promise<T>): Promise<T | undefined> {
  if (threadsUnavailable()) return undefined;
  if (busy) throw new Error(`${what}: a fit owns the thread pool`);
  busy = true;
  try {
    const { engine } = await sharedEngine();
    if (!engine) return undefined;
    await engine.useThreads(threads);
    try {
      return await body(engine);
    } finally {
      engine.reset();
    }
  } finally {
    busy = false;
  }
}

/** Worker threads the pool holds now (0 before the first threaded fit or after closeThreadPool). */
export async function threadPoolWorkers(): Promise<number> {
  return (await shared)?.workers ?? 0;
}
