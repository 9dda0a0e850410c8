// The control block a kernel call is split through: one small area of i32 words and f64 slots
// (in shared memory for the pool, in a plain buffer for a single-threaded engine). The caller
// writes one job (kernel, arguments, range, chunking), every participating thread runs
// `runShare` on it, and chunks are claimed through an atomic counter.
// `runShare` is also the worker's code (worker-source.ts sends its text to the worker), so it
// must stay self-contained: no imports, no outer names, only its parameters.

/** Word and slot numbers of the control block. */
export const LAYOUT = {
  // i32 words
  GEN: 0, DONE: 1, OP: 2, NARGS: 3, NCHUNKS: 5, PARTICIPANTS: 6, FROM: 7, TO: 8, CHUNK: 9,
  NTERMS: 10, NLOCALS: 11, REDUCE: 12, ERROR: 13, PROBE: 14, STEAL: 15,
  /** One chunk counter per participant's home segment (at most 16 threads). */
  NEXT: 16, MAX_SEGMENTS: 16,
  I32_WORDS: 32,
  // f64 slots (after the i32 words)
  ARGS: 0, MAX_ARGS: 32,
  TERMS: 32, MAX_TERMS: 8,     // (arg index, base, × chunk start, × chunk end)
  LOCALS: 64, MAX_LOCALS: 8,   // (arg index, bytes between the threads' copies)
  RESULTS: 80, MAX_CHUNKS: 256,
  F64_SLOTS: 336,
  /** OP of the job that stops the workers. */
  STOP: -1,
} as const;

export type Layout = typeof LAYOUT;

/** Bytes of a control block. */
export const CONTROL_BYTES = LAYOUT.I32_WORDS * 4 + LAYOUT.F64_SLOTS * 8;

export interface ControlViews {
  i32: Int32Array;
  f64: Float64Array;
}

export function controlViews(buffer: ArrayBufferLike, byteOffset: number): ControlViews {
  return {
    i32: new Int32Array(buffer, byteOffset, LAYOUT.I32_WORDS),
    f64: new Float64Array(buffer, byteOffset + LAYOUT.I32_WORDS * 4, LAYOUT.F64_SLOTS),
  };
}

/**
 * This thread's share of the job in the control block: claim chunks until none is left; for
 * chunk [a, b) set every ranged argument to its term's base + ×start·a + ×end·b, every per-thread argument
 * to base + thread·stride, call the kernel, and keep its value in the chunk's result slot.
 * The chunks are cut into one contiguous segment per participant: a thread claims its own
 * segment's chunks first, then the others' (a descheduled thread's work is taken over). So a
 * thread gets the same rows in consecutive calls over the same range, and the rows one kernel
 * wrote are still in that core's cache when the next reads them. Without STEAL a thread runs its
 * own segment only (a job of one chunk per thread that each must run itself).
 */
export function runShare(i32: Int32Array, f64: Float64Array, kernels: ((...args: number[]) => number)[],
  thread: number, L: Layout, args: number[]): void {
  const kernel = kernels[i32[L.OP]];
  const nargs = i32[L.NARGS], nterms = i32[L.NTERMS], nlocals = i32[L.NLOCALS];
  const from = i32[L.FROM], to = i32[L.TO], chunk = i32[L.CHUNK], nchunks = i32[L.NCHUNKS];
  const reduce = i32[L.REDUCE] !== 0;
  const segments = i32[L.PARTICIPANTS];
  const visits = i32[L.STEAL] !== 0 ? segments : 1;
  args.length = nargs;
  for (let a = 0; a < nargs; a++) args[a] = f64[L.ARGS + a];
  for (let s = 0; s < nlocals; s++) args[f64[L.LOCALS + 2 * s]] += thread * f64[L.LOCALS + 2 * s + 1];
  for (let v = 0; v < visits; v++) {
    const segment = (thread + v) % segments;
    const first = Math.floor(segment * nchunks / segments), last = Math.floor((segment + 1) * nchunks / segments);
    for (;;) {
      const c = first + Atomics.add(i32, L.NEXT + segment, 1);
      if (c >= last) break;
      const start = from + c * chunk;
      const end = Math.min(to, start + chunk);
      for (let t = 0; t < nterms; t++) {
        const term = L.TERMS + 4 * t;
        args[f64[term]] = f64[term + 1] + f64[term + 2] * start + f64[term + 3] * end;
      }
      const value = kernel.apply(null, args);
      if (reduce) f64[L.RESULTS + c] = value;
    }
  }
}
