// How many threads a fit runs on, and why not more: the `threads` option resolved against the
// runtime (cores, SharedArrayBuffer, cross-origin isolation) and the size of the problem.

/** The most threads a fit runs on (workers + the calling thread). */
export const MAX_THREADS = 16;

/**
 * 'auto' takes the cores the runtime reports, at most this many. Published WebAssembly scaling
 * (docs/threads.md) flattens past 4 threads and some workloads lose beyond; NMF's passes stream V
 * once or twice per iteration, so memory bandwidth, not cores, bounds them past a few threads.
 */
export const AUTO_THREADS_CAP = 4;

/**
 * Below this many multiply-adds per pass over V (m·n·k dense, nnz·k sparse), a fit stays on the
 * calling thread: a split kernel call costs a dispatch (tens of µs, docs/threads.md), and an
 * iteration makes 4–8 of them. Overridable for tests and benchmarks (setThreadingThreshold).
 */
export const DEFAULT_MIN_WORK = 1 << 22;
let minWork = DEFAULT_MIN_WORK;

/** Set the size below which fits stay on one thread (0: always split; for tests and benchmarks). */
export function setThreadingThreshold(work: number): void {
  minWork = work;
}

export function threadingThreshold(): number {
  return minWork;
}

export type ThreadsOption = number | "auto";

/** What a fit was given: threads, and why it is 1 when it had to be. */
export interface ThreadsPlan {
  threads: number;
  note?: string;
}

/** Logical cores the runtime reports (os.availableParallelism in Node, hardwareConcurrency in browsers). */
export async function reportedCores(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node === "string") {
    const specifier = "node:os";
    const os = (await import(/* @vite-ignore */ specifier)) as { availableParallelism?: () => number; cpus(): unknown[] };
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return nav?.hardwareConcurrency ?? 1;
}

/** Why this runtime cannot share memory with workers, or undefined when it can. */
export function threadsUnavailable(): string | undefined {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean; Worker?: unknown; process?: unknown };
  if (g.crossOriginIsolated === false || typeof g.SharedArrayBuffer === "undefined") {
    return "SharedArrayBuffer is unavailable: the page is not cross-origin isolated " +
      "(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp or credentialless)";
  }
  if (typeof g.Worker === "undefined" && typeof g.process === "undefined") return "this runtime has no Web Workers";
  return undefined;
}

/** The threads a fit of `work` multiply-adds per pass asks for, before the pool is consulted. */
export async function planThreads(option: ThreadsOption, work: number): Promise<ThreadsPlan> {
  let threads = option === "auto" ? Math.min(await reportedCores(), AUTO_THREADS_CAP) : option;
  let note: string | undefined;
  if (threads > MAX_THREADS) {
    note = `threads: ${threads} capped at ${MAX_THREADS}`;
    threads = MAX_THREADS;
  }
  if (threads <= 1) return { threads: 1, note: option === "auto" ? "the runtime reports one core" : undefined };
  if (work < minWork) {
    return { threads: 1, note: `problem too small to gain from threads (${work} multiply-adds per pass, threshold ${minWork})` };
  }
  const unavailable = threadsUnavailable();
  if (unavailable) return { threads: 1, note: unavailable };
  return { threads, note };
}
