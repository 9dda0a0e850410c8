// Kernel calls split across threads: a call names a kernel export, its arguments and how a
// range of them maps onto chunks (Split); the dispatcher runs it on this thread or writes it to
// the control block for the pool (pool.ts), every thread claiming chunks (control.ts: runShare).
// Also the per-thread scratch argument (PerThread) and the fixed chunking of reductions that
// keeps results independent of the thread count.
import { CONTROL_BYTES, LAYOUT, controlViews, runShare, type ControlViews } from "./control.js";
import type { ThreadPool } from "./pool.js";
import type { KernelExports } from "../wasm/kernels.js";

/** A kernel argument that differs per thread: thread t gets ptr + t·stride (its own scratch). */
export class PerThread {
  constructor(readonly ptr: number, readonly stride: number) {}
}

export type KernelName = keyof KernelExports;
export type KernelArg = number | PerThread;

/**
 * How a kernel call splits: the range [from, to) is cut into chunks [a, b) (boundaries a multiple
 * of `align` from `from`), and for each chunk args[i] = base + ×start·a + ×end·b for every term
 * [i, base, ×start, ×end], whatever args[i] held (a row range (i0, i1) at i is
 * [[i, 0, 1, 0], [i + 1, 0, 0, 1]]; a pointer that follows the range, [i, ptr, bytes per row, 0]).
 * A kernel that returns a partial sum (`reduce`) is cut into chunks that do not depend on the
 * thread count, and its partials are added in chunk order, so the total is the same bits on any
 * number of threads.
 */
export interface Split {
  from: number;
  to: number;
  terms: readonly (readonly [number, number, number, number])[];
  align?: number;
  reduce?: boolean;
  /**
   * Chunks of exactly this length (the last one shorter) whatever the thread count, run chunk by
   * chunk on one thread too: for kernels whose results depend on where a call's range starts and
   * ends (a chunk's blocking), so that the bits do not depend on the threads.
   */
  chunk?: number;
  /**
   * One call per thread, each on its own thread (PerThread arguments then name that thread's
   * copy), with the chunk [t, t + 1) of the range [0, threads): for filling per-thread copies.
   * `from`, `to` and `align` are ignored.
   */
  eachThread?: boolean;
}

/** Split by rows [from, to) given as the kernel's arguments (i0, i1) at positions at, at + 1. */
export function rowRange(at: number, from: number, to: number, align = 4, reduce = false): Split {
  return { from, to, terms: [[at, 0, 1, 0], [at + 1, 0, 0, 1]], align, reduce };
}

/**
 * Chunks per thread of a split that is not a reduction: claimed dynamically, so a thread the OS
 * deschedules for a while (a shared machine) leaves its chunks to the others.
 */
const CHUNKS_PER_THREAD = 4;

/** Chunks of a reduction: this many (fewer for short ranges), whatever the thread count. */
const REDUCE_CHUNKS = 32;

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;

/** Runs the kernel calls of one module instance, split across its pool's threads (or not). */
export class Dispatcher {
  /** Threads calls are split across (1: no split). */
  threads = 1;
  pool: ThreadPool | undefined;
  readonly kernels: ((...args: number[]) => number)[];
  private readonly index: Map<string, number>;
  private readonly ctrl: ControlViews;
  private readonly args: number[] = [];

  /**
   * `exports` of the instance, `names` its kernels in the order every thread uses; the control
   * block at `control` in `shared` (the pool's memory), or in a buffer of its own without one.
   */
  constructor(exports: Record<string, (...args: number[]) => number>, names: string[],
    shared: ArrayBufferLike | undefined, control: number) {
    this.kernels = names.map((name) => exports[name]);
    this.index = new Map(names.map((name, i) => [name, i]));
    this.ctrl = shared ? controlViews(shared, control) : controlViews(new ArrayBuffer(CONTROL_BYTES), 0);
  }

  /**
   * Call kernel `name` with `args` (PerThread arguments resolved per thread), split by `split`
   * across the engine's threads. Returns the sum of the chunks' values for a reduction, else 0.
   */
  run(name: KernelName, args: readonly KernelArg[], split: Split): number {
    const L = LAYOUT;
    const op = this.index.get(name);
    if (op === undefined) throw new Error(`internal: no kernel ${name}`);
    if (args.length > L.MAX_ARGS || split.terms.length > L.MAX_TERMS) throw new Error(`internal: ${name} has too many arguments`);
    if (split.eachThread) split = { ...split, from: 0, to: this.threads, align: 1, chunk: 1 };
    const length = split.to - split.from, align = split.align ?? 4;
    let chunk = Math.max(length, 1);
    if (split.chunk) chunk = split.chunk;
    else if (split.reduce) chunk = roundUp(Math.ceil(length / REDUCE_CHUNKS), align);
    else if (this.threads > 1 && length >= 2 * align) chunk = roundUp(Math.ceil(length / (CHUNKS_PER_THREAD * this.threads)), align);
    const chunks = length > 0 ? Math.ceil(length / chunk) : 0;
    if (split.reduce && chunks > L.MAX_CHUNKS) throw new Error(`internal: ${name} split into ${chunks} partial results`);
    const participants = Math.min(this.threads, chunks);
    if (participants <= 1 && !split.reduce && (!split.chunk || chunks <= 1)) {
      // One call over the whole range on this thread: the kernel call as it was before the pool.
      if (chunks === 0) return 0;
      const call = this.args;
      call.length = args.length;
      for (let at = 0; at < args.length; at++) {
        const arg = args[at];
        call[at] = arg instanceof PerThread ? arg.ptr : arg;
      }
      for (const [at, base, perStart, perEnd] of split.terms) call[at] = base + perStart * split.from + perEnd * split.to;
      this.kernels[op].apply(null, call);
      return 0;
    }
    const { i32, f64 } = this.ctrl;
    i32[L.OP] = op;
    i32[L.NARGS] = args.length;
    let locals = 0;
    for (let at = 0; at < args.length; at++) {
      const arg = args[at];
      if (arg instanceof PerThread) {
        f64[L.ARGS + at] = arg.ptr;
        f64[L.LOCALS + 2 * locals] = at;
        f64[L.LOCALS + 2 * locals + 1] = arg.stride;
        locals++;
      } else {
        f64[L.ARGS + at] = arg;
      }
    }
    i32[L.NLOCALS] = locals;
    for (let t = 0; t < split.terms.length; t++) {
      const [at, base, perStart, perEnd] = split.terms[t];
      const slot = L.TERMS + 4 * t;
      f64[slot] = at;
      f64[slot + 1] = base;
      f64[slot + 2] = perStart;
      f64[slot + 3] = perEnd;
    }
    i32[L.NTERMS] = split.terms.length;
    i32[L.FROM] = split.from;
    i32[L.TO] = split.to;
    i32[L.CHUNK] = chunk;
    i32[L.NCHUNKS] = chunks;
    i32[L.REDUCE] = split.reduce ? 1 : 0;
    i32[L.PARTICIPANTS] = Math.max(participants, 1);
    i32[L.STEAL] = split.eachThread ? 0 : 1;
    for (let s = 0; s < participants; s++) i32[L.NEXT + s] = 0;
    if (participants > 1) this.pool!.run(participants);
    else runShare(i32, f64, this.kernels, 0, L, this.args);
    if (!split.reduce) return 0;
    let total = 0;
    for (let c = 0; c < chunks; c++) total += f64[L.RESULTS + c];
    return total;
  }
}
