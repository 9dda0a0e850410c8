// The engine: one kernel instance, its linear memory, and a bump arena the solvers allocate
// named matrices from. Solvers speak in matrices (Buf); only this file turns them into
// pointers and leading dimensions. Memory grows to the largest problem seen and is reused.
// Every kernel call goes through `run`, which splits it by a row (or column) range across the
// engine's threads when it has a pool (src/threads/), or makes the one call on this thread.
import { NMFError } from "./errors.js";
import { CONTROL_BYTES } from "./threads/control.js";
import { Dispatcher, PerThread, rowRange, type KernelArg, type KernelName, type Split } from "./threads/dispatch.js";

export { PerThread, rowRange, type KernelArg, type KernelName, type Split };
import { ThreadPool } from "./threads/pool.js";
import { BetaProduct, DenomMode, KlNumerator, type KernelExports } from "./wasm/kernels.js";
import { compileKernels, compileThreadedKernels, instantiateKernels } from "./wasm/module.js";

/** A row-major f32 matrix living in the engine's memory. */
export interface Buf {
  readonly ptr: number;
  readonly rows: number;
  readonly cols: number;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Target size of the KL/loss row-block scratch (floats): WH exists only this many at a time. */
const BLOCK_FLOATS = 1 << 18;
/** Per-thread scratch is aligned and padded to this (two 64-byte lines: the adjacent-line prefetcher fetches pairs). */
const CACHE_LINE_PAIR = 128;

/**
 * Elementwise passes over fewer elements than this stay on one thread: they take tens of
 * microseconds, about what waking a worker costs, and their operands sit in this core's cache.
 */
const SPLIT_MIN_ELEMENTS = 1 << 20;

/** Room for the k×n partials of a byColumns pass split by rows (rowPartials)… */
const ROW_PARTIALS_BYTES = 4 << 20;
/** …into at most this many chunks (the partials are summed once more). */
const ROW_PARTIALS_MAX = 8;

/** Chunks of rows for a byColumns pass into `out` (1: split by columns instead); depends on the shape only. */
function rowPartialChunks(m: number, out: Buf, blockRows: number): number {
  const fit = Math.floor(ROW_PARTIALS_BYTES / (out.rows * out.cols * 4));
  return Math.max(1, Math.min(ROW_PARTIALS_MAX, fit, Math.floor(m / blockRows)));
}

/** A row split of an elementwise pass over rows×cols: one call on this thread when small. */
function elementwiseRows(at: number, rows: number, cols: number): Split {
  return rowRange(at, 0, rows, rows * cols < SPLIT_MIN_ELEMENTS ? Math.max(rows, 1) : 4);
}

export type DenomLayout = keyof typeof DenomMode;

/** Multiply-adds from which a small (≤ 64×64) AᵀB product is summed over chunks of K (gramChunked). */
const SPLIT_GRAM_MIN = 1 << 18;
/** Multiply-adds from which those chunks are split across threads. */
const GRAM_PARALLEL_MIN = 1 << 21;
/** Chunks of K of such a product: at most this many… */
const GRAM_CHUNKS = 32;
/** …of at least this many rows (a chunk's output is m×n partial sums to add). */
const GRAM_CHUNK_MIN = 256;

/** Scratch with one copy per thread: thread t's copy starts `stride` bytes after thread t−1's. */
export interface ScratchBuf extends Buf {
  readonly stride: number;
}

export class Engine {
  private top: number;
  /** The GEMM kernel's scratch, one per thread (the start of the arena), as a kernel argument of `run`. */
  gemmWork!: PerThread;
  /** Thread 0's GEMM scratch: for a kernel called directly on this thread (this.k.…). */
  work!: number;
  private readonly start: number;
  private readonly dispatcher: Dispatcher;
  /** Offset of the pool's control block in memory (shared engine only). */
  private readonly control: number;

  // @internal keeps WebAssembly types out of the public .d.ts (users need not have the DOM lib).
  private constructor(/** @internal */ readonly memory: WebAssembly.Memory, readonly k: KernelExports, names: string[], shared: boolean) {
    this.top = (k.heapBase() + 15) & ~15;
    this.control = this.top;
    if (shared) this.top += (CONTROL_BYTES + 15) & ~15;
    this.ensure(this.top);
    this.dispatcher = new Dispatcher(k as unknown as Record<string, (...args: number[]) => number>, names,
      shared ? memory.buffer : undefined, this.control);
    this.start = this.top;
    this.reset();
  }

  static async create(): Promise<Engine> {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
    const { module } = await compileKernels();
    return new Engine(memory, await instantiateKernels(memory, module), kernelNames(module), false);
  }

  /**
   * An engine on shared memory with a (lazily grown) worker pool, from the threads build of the
   * kernels; undefined where the runtime has no shared-memory WebAssembly.
   */
  static async createShared(): Promise<Engine | undefined> {
    const module = await compileThreadedKernels();
    if (!module) return undefined;
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
    const names = kernelNames(module);
    const engine = new Engine(memory, await instantiateKernels(memory, module), names, true);
    engine.dispatcher.pool = new ThreadPool(memory, module, engine.control, names, engine.dispatcher.kernels);
    all.push(engine);
    return engine;
  }

  /** Threads kernel calls are split across until the next reset. */
  get threads(): number {
    return this.dispatcher.threads;
  }

  /** Workers the engine's pool has started (0 without a pool). */
  get workers(): number {
    return this.dispatcher.pool ? this.dispatcher.pool.size - 1 : 0;
  }

  /** Split the kernel calls from now on across `threads` threads (starts workers as needed); clears the arena. */
  async useThreads(threads: number): Promise<void> {
    if (threads > 1) {
      if (!this.dispatcher.pool) throw new Error("internal: threads on an engine without a pool");
      await this.dispatcher.pool.grow(threads);
    }
    this.reset(threads);
  }

  /** Stop the engine's workers (it runs on one thread afterwards). */
  closePool(): void {
    this.dispatcher.pool?.close();
    this.dispatcher.pool = undefined;
    this.dispatcher.threads = 1;
    if (all.includes(this)) all.splice(all.indexOf(this), 1);
  }

  /**
   * Mean microseconds of one split kernel call that does no work (a dispatch to every thread and
   * back), over `calls` calls: what a split costs beyond its kernel.
   */
  measureDispatch(calls: number): number {
    const split = rowRange(0, 0, 4 * this.threads);
    const started = performance.now();
    for (let c = 0; c < calls; c++) this.run("copyRows", [0, 0, 0, 0, 0, 0, 0], split);
    return (performance.now() - started) * 1000 / calls;
  }

  /** Forget every allocation (memory stays grown for the next problem); `threads` for what follows. */
  reset(threads = 1): void {
    this.top = this.start;
    this.dispatcher.threads = threads;
    this.gemmWork = this.allocPerThread(this.k.gemmWorkBytes());
    this.work = this.gemmWork.ptr;
  }

  /**
   * Call kernel `name` with `args` (PerThread arguments resolved per thread), split by `split`
   * across the engine's threads. Returns the sum of the chunks' values for a reduction, else 0.
   */
  run(name: KernelName, args: readonly KernelArg[], split: Split): number {
    return this.dispatcher.run(name, args, split);
  }

  /**
   * `bytes` of scratch for each thread (plus allocBytes' slack), each thread's copy on cache
   * lines of its own: two cores writing one line pass it back and forth on every store.
   */
  allocPerThread(bytes: number): PerThread {
    const stride = Math.ceil((bytes + 16) / CACHE_LINE_PAIR) * CACHE_LINE_PAIR;
    const ptr = this.allocBytes(stride * this.threads + CACHE_LINE_PAIR);
    return new PerThread(Math.ceil(ptr / CACHE_LINE_PAIR) * CACHE_LINE_PAIR, stride);
  }

  /** A rows×cols scratch matrix for each thread (ptr: thread 0's). */
  allocScratch(rows: number, cols: number): ScratchBuf {
    const { ptr, stride } = this.allocPerThread(rows * cols * 4);
    return { ptr, rows, cols, stride };
  }

  /**
   * The per-thread kernel argument for scratch: a ScratchBuf or PerThread as allocated, or a
   * plain buffer or pointer (one copy: only while the engine runs on one thread).
   */
  local(scratch: Buf | ScratchBuf | PerThread | number): PerThread {
    if (scratch instanceof PerThread) return scratch;
    if (typeof scratch !== "number" && "stride" in scratch) return new PerThread(scratch.ptr, scratch.stride);
    if (this.threads > 1) throw new Error("internal: shared scratch on a multi-threaded engine");
    return new PerThread(typeof scratch === "number" ? scratch : scratch.ptr, 0);
  }

  /**
   * A matrix operand as a kernel argument: one shared copy (a Buf), or per-thread copies (a
   * ScratchBuf, as `replicate` fills them), each thread reading its own.
   */
  operand(buf: Buf | ScratchBuf): KernelArg {
    return "stride" in buf ? new PerThread(buf.ptr, buf.stride) : buf.ptr;
  }

  /** Zeroes every thread's copy of a scratch matrix (its padding included). */
  fillCopies(buf: ScratchBuf, value: number): void {
    new Float32Array(this.memory.buffer, buf.ptr, buf.stride / 4 * this.threads).fill(value);
  }

  /**
   * Every thread writes its own copy in `into` of src[:, 0:cols] (or of its transpose, src k×n into
   * n×k): an operand the next pass gathers at random, so that each core finds it in its own cache
   * rather than fetching every line from the core that wrote it (measured: a gather pass over a
   * factor one core had just rewritten gained 1.0–1.65× on two threads). On one thread: one copy.
   */
  replicate(into: Buf | ScratchBuf, src: Buf, cols: number, transpose: boolean): void {
    if (this.threads <= 1 || !("stride" in into)) {
      if (transpose) this.transpose(into, src, cols);
      else this.k.copyRows(0, src.rows, cols, src.ptr, src.cols, into.ptr, into.cols);
      return;
    }
    const args = [0, src.rows, cols, src.ptr, src.cols, new PerThread(into.ptr, into.stride), into.cols];
    this.run(transpose ? "transpose" : "copyRows", args, { from: 0, to: 0, terms: [], eachThread: true });
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    const pages = Math.ceil((end - have) / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      throw new NMFError("OUT_OF_MEMORY",
        `cannot grow WebAssembly memory to ${(end / 2 ** 20).toFixed(0)} MiB (limit ${MAX_PAGES * PAGE / 2 ** 30} GiB)`);
    }
  }

  /** Position of the arena, to free everything allocated after it with `release`. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /**
   * `bytes` of the arena, 16-byte aligned, plus 16 readable bytes of slack: vector kernels may
   * load a partial last vector of a row (lanes they never store) without reading past memory.
   */
  allocBytes(bytes: number): number {
    const ptr = this.top;
    // Exact float64 arithmetic: 32-bit bit operations wrapped sizes past 2 GiB to negative.
    const end = Math.ceil((ptr + bytes + 16) / 16) * 16;
    if (!(end <= MAX_PAGES * PAGE)) {
      throw new NMFError("OUT_OF_MEMORY", `problem needs more than ${MAX_PAGES * PAGE / 2 ** 30} GiB of WebAssembly memory`);
    }
    this.ensure(end);
    this.top = end;
    return ptr;
  }

  /** A rows×cols matrix in the arena (contents undefined). */
  alloc(rows: number, cols: number): Buf {
    return { ptr: this.allocBytes(rows * cols * 4), rows, cols };
  }

  /** Rows [i0, i1) of a matrix, as a matrix of its own (same memory). */
  rowSlice(buf: Buf, i0: number, i1: number): Buf {
    return { ptr: buf.ptr + i0 * buf.cols * 4, rows: i1 - i0, cols: buf.cols };
  }

  /** Scratch for the row-blocked KL and loss passes over a matrix with n columns (one per thread). */
  allocRowBlock(m: number, n: number): ScratchBuf {
    const rows = Math.max(4, Math.min(m, Math.floor(BLOCK_FLOATS / n) & ~3));
    return this.allocScratch(rows, n);
  }

  /** Live view of a matrix's data; invalid after an allocation that grows memory. */
  view(buf: Buf): Float32Array {
    return new Float32Array(this.memory.buffer, buf.ptr, buf.rows * buf.cols);
  }

  write(buf: Buf, data: ArrayLike<number>): void {
    this.view(buf).set(data);
  }

  /** A copy of a matrix's data, owned by the caller. */
  read(buf: Buf): Float32Array {
    return this.view(buf).slice();
  }

  fill(buf: Buf, value: number): void {
    this.view(buf).fill(value);
  }

  /** C (+)= op(A)·op(B), with op = transpose where asked. */
  gemm(C: Buf, A: Buf, B: Buf, opts: { transA?: boolean; transB?: boolean; accumulate?: boolean } = {}): void {
    const { transA = false, transB = false, accumulate = false } = opts;
    const K = transA ? A.rows : A.cols;
    const m = transA ? A.cols : A.rows;
    const n = transB ? B.rows : B.cols;
    if (C.rows !== m || C.cols !== n || (transB ? B.cols : B.rows) !== K) {
      throw new Error(`internal: gemm shapes ${C.rows}×${C.cols} = ${m}×${K} · ${transB ? B.cols : B.rows}×${n}`);
    }
    // Every entry of C is the same sum over K whichever block of C a call computes, so C splits
    // by rows or columns without changing a bit: by rows for the thin A·Bᵀ of the dot path
    // (V·Hᵀ) and when C is taller than wide; by columns otherwise (Wᵀ·V: each thread packs only
    // its columns of V). A small C (both sides ≤ 64: a k×k Gram product) over a long K (WᵀW,
    // HHᵀ from Hᵀ: ~5 % of a sparse cd iteration) is a reduction over fixed chunks of K
    // (gramChunked); A·Aᵀ stays whole, its kernel computing only half of the tiles when it has all of C.
    if (m <= 64 && n <= 64 && transA && !transB && m * n * K >= SPLIT_GRAM_MIN) {
      this.gramChunked(C, A, B, accumulate);
      return;
    }
    const args = [+transA, +transB, 0, m, 0, n, K, A.ptr, A.cols, B.ptr, B.cols, C.ptr, C.cols, +accumulate, this.gemmWork];
    if (m <= 64 && n <= 64) this.run("gemm", args, rowRange(2, 0, m, Math.max(m, 1)));
    else if ((!transA && transB && n <= 64) || m > n) this.run("gemm", args, rowRange(2, 0, m));
    else this.run("gemm", args, rowRange(4, 0, n, 8));
  }

  /**
   * C (+)= AᵀB for a small C over a long K: partial products over chunks of K that depend only on
   * K (at most GRAM_CHUNKS of at least GRAM_CHUNK_MIN rows), added in chunk order, so the bits
   * do not depend on the threads that computed them.
   */
  private gramChunked(C: Buf, A: Buf, B: Buf, accumulate: boolean): void {
    const K = A.rows, m = A.cols, n = B.cols;
    if (C.cols !== n) throw new Error("internal: gramChunked needs a contiguous C");
    const chunkK = Math.ceil(Math.max(Math.ceil(K / GRAM_CHUNKS), GRAM_CHUNK_MIN) / 4) * 4;
    const count = Math.ceil(K / chunkK);
    const mark = this.mark();
    const partials = this.allocBytes(count * m * n * 4);
    // Below GRAM_PARALLEL_MIN the same chunks run on this thread (measured: 2·10⁶ multiply-adds
    // took longer on two threads than on one, 2.4·10⁶ 1.5× less).
    this.run("gramPartials", [0, 0, chunkK, K, m, n, A.ptr, A.cols, B.ptr, B.cols, partials, this.gemmWork],
      rowRange(0, 0, count, m * n * K < GRAM_PARALLEL_MIN ? count : 1));
    this.k.sumStrided(0, m * n, count, partials, m * n, C.ptr, +accumulate);
    this.release(mark);
  }

  /** X ← X · (numer / (denom + l1 + l2·X))^γ with zero denominators → eps; then X < zeroBelow → 0. */
  multiplicativeUpdate(X: Buf, numer: Buf, denom: Buf, layout: DenomLayout,
    l1: number, l2: number, zeroBelow: number, gamma = 1): void {
    this.run("muUpdate", [0, 0, X.cols, X.ptr, X.cols, numer.ptr, numer.cols, denom.ptr, denom.cols,
      DenomMode[layout], l1, l2, zeroBelow, gamma], elementwiseRows(0, X.rows, X.cols));
  }

  /**
   * The Frobenius update with its denominator fused in, no denominator matrix:
   *   W-side ("rows"):    X ← X ∘ numer / (X·G + l1 + l2·X)     (X m×k, G = HHᵀ)
   *   H-side ("columns"): X ← X ∘ numer / (G·X + l1 + l2·X)     (X k×n, G = WᵀW)
   * then X < zeroBelow → 0. `scratch` holds gramUpdateScratchBytes(k) per thread.
   */
  multiplicativeUpdateGram(side: "rows" | "columns", X: Buf, numer: Buf, G: Buf, l1: number, l2: number,
    zeroBelow: number, gramScratch: PerThread | number): void {
    const scratch = this.local(gramScratch);
    if (side === "rows") {
      this.run("muUpdateRowsGram", [0, 0, X.cols, X.ptr, X.cols, numer.ptr, numer.cols, G.ptr, l1, l2, zeroBelow, scratch],
        rowRange(0, 0, X.rows));
    } else {
      this.run("muUpdateColumnsGram", [0, 0, X.rows, X.ptr, X.cols, numer.ptr, numer.cols, G.ptr, l1, l2, zeroBelow, scratch],
        rowRange(0, 0, X.cols, 8));
    }
  }

  /** Per-thread scratch for multiplicativeUpdateGram at rank k. */
  allocGramUpdateScratch(k: number): PerThread {
    return this.allocPerThread(this.gramUpdateScratchBytes(k));
  }

  /** Bytes of scratch multiplicativeUpdateGram needs for rank k (one thread's). */
  gramUpdateScratchBytes(k: number): number {
    return this.k.muUpdateGramScratchBytes(k);
  }

  /**
   * Arguments of the row-blocked passes over W (m×k) and H (k×n) (kl.ts, beta.ts), split by
   * rows of W; with `byColumns`, the passes that sum Wᵀ·R over blocks of rows into a k×n
   * output: by fixed chunks of rows, each into a k×n partial of its own, the partials added in
   * chunk order (rowPartials), when those fit ROW_PARTIALS_BYTES; else split by columns of H
   * (column j of every block is computed by the same operations whichever columns a call covers,
   * but a column chunk of V is a strided read and each chunk repacks its blocks: measured 1.5×
   * on 2 threads against 1.9× for the row split).
   */
  private blockPass(name: KernelName, leading: number[], V: Buf | null, W: Buf, H: Buf, out: Buf | null,
    scratch: Buf, trailing: number[], byColumns = false, reduce = false): number {
    const first = leading.length; // position of i0
    const args: KernelArg[] = [...leading, 0, 0, H.cols, W.cols, V ? V.ptr : 0, V ? V.cols : 0, W.ptr, W.cols, H.ptr, H.cols];
    if (out) args.push(out.ptr, out.cols);
    args.push(this.local(scratch), scratch.rows, this.gemmWork, ...trailing);
    if (!byColumns) return this.run(name, args, rowRange(first, 0, W.rows, 4, reduce));
    const chunks = rowPartialChunks(W.rows, out!, scratch.rows);
    if (chunks > 1) {
      this.rowPartials(name, args, first, W.rows, out!, chunks, scratch.rows);
      return 0;
    }
    args[first] = 0;
    args[first + 1] = W.rows;
    // n = the chunk's width; H, out and V start at the chunk's first column.
    const terms: [number, number, number, number][] = [[first + 2, 0, -1, 1], [first + 8, H.ptr, 4, 0], [first + 10, out!.ptr, 4, 0]];
    if (V) terms.push([first + 4, V.ptr, 4, 0]);
    return this.run(name, args, { from: 0, to: H.cols, terms, align: 4 });
  }

  /**
   * A byColumns pass as `chunks` fixed chunks of W's rows (blocks of at most `blockRows`), chunk c
   * writing its own k×n partial, then out = Σ partials in chunk order: the same bits on any
   * number of threads.
   */
  private rowPartials(name: KernelName, args: KernelArg[], first: number, m: number, out: Buf, chunks: number,
    blockRows: number): void {
    const chunkRows = Math.ceil(m / chunks / 4) * 4;
    const count = Math.ceil(m / chunkRows);
    // Blocks of about equal size within a chunk (no sliver at its end).
    const blocks = Math.ceil(chunkRows / blockRows);
    args[first + 13] = Math.ceil(chunkRows / blocks / 4) * 4;
    // Partial c at partials + c·chunkRows·rowStride: the out pointer follows the chunk's first row.
    const rowStride = Math.ceil(out.rows * out.cols * 4 / chunkRows / 16) * 16;
    const mark = this.mark();
    const partials = this.allocBytes(count * chunkRows * rowStride);
    args[first + 10] = partials;
    this.run(name, args, {
      from: 0, to: m, terms: [[first, 0, 1, 0], [first + 1, 0, 0, 1], [first + 10, partials, rowStride, 0]], chunk: chunkRows,
    });
    const elements = out.rows * out.cols;
    // Elementwise over out, reading `count` partials per entry.
    this.run("sumStrided", [0, 0, count, partials, chunkRows * rowStride / 4, out.ptr, 0], elementwiseRows(0, elements, count));
    this.release(mark);
  }

  /**
   * β-divergence products, WH a row block at a time: with V, the numerators V·WH^(β−2)·Hᵀ (forW,
   * out m×k) or Wᵀ·(V·WH^(β−2)) (forH, out k×n); without V (null), the denominators WH^(β−1)·Hᵀ
   * or Wᵀ·WH^(β−1).
   */
  betaProduct(which: keyof typeof BetaProduct, out: Buf, V: Buf | null, W: Buf, H: Buf, beta: number, scratch: Buf): void {
    this.blockPass("betaProduct", [BetaProduct[which]], V, W, H, out, scratch, [beta], which === "forH");
  }

  /** β-divergence sums (beta.ts, before scaling) over V's entries, or only the Σ WH^β part when V is null. */
  betaDivergenceSums(V: Buf | null, W: Buf, H: Buf, beta: number, scratch: Buf): number {
    return this.blockPass("betaDivergencePart", [], V, W, H, null, scratch, [beta], false, true);
  }

  /** KL numerator for W: out (m×k) = (V / WH)·Hᵀ, WH formed a row block at a time. */
  klNumeratorW(out: Buf, V: Buf, W: Buf, H: Buf, scratch: Buf): void {
    this.blockPass("klNumerator", [KlNumerator.forW], V, W, H, out, scratch, []);
  }

  /** KL numerator for H: out (k×n) = Wᵀ·(V / WH). */
  klNumeratorH(out: Buf, V: Buf, W: Buf, H: Buf, scratch: Buf): void {
    this.blockPass("klNumerator", [KlNumerator.forH], V, W, H, out, scratch, [], true);
  }

  /** Generalized KL divergence D(V‖WH), scikit-learn's definition, in f64. */
  klDivergence(V: Buf, W: Buf, H: Buf, scratch: Buf): number {
    return this.blockPass("klDivergencePart", [], V, W, H, null, scratch, [], false, true);
  }

  /** ‖V − WH‖²_F summed directly in f64 (row blocks of WH). */
  squaredError(V: Buf, W: Buf, H: Buf, scratch: Buf): number {
    return this.blockPass("squaredErrorPart", [], V, W, H, null, scratch, [], false, true);
  }

  /**
   * One coordinate-descent sweep over the rows of X for ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖²,
   * given G = YᵀY and P = V·Y, components in the order of `order` (k i32); `row` holds
   * cdRowBytes(k) per thread. Returns Σ|projected gradient|.
   */
  coordinateDescentSweep(X: Buf, G: Buf, P: Buf, order: number, l1: number, l2: number, row: PerThread | number): number {
    return this.run("cdSweep", [0, 0, X.cols, X.ptr, X.cols, G.ptr, P.ptr, P.cols, order, l1, l2, this.local(row)],
      rowRange(0, 0, X.rows, 4, true));
  }

  /** Per-thread row copy for coordinateDescentSweep at rank k. */
  allocCdRow(k: number): PerThread {
    return this.allocPerThread(this.k.cdRowBytes(k));
  }

  /**
   * Exact non-negative least squares for every row of X (block principal pivoting), same problem
   * as coordinateDescentSweep; `work` holds nnlsWorkBytes(k) per thread. Returns Σ|projected gradient| at the incoming X.
   */
  nnlsRows(X: Buf, G: Buf, P: Buf, l1: number, l2: number, work: PerThread | number): number {
    return this.run("nnlsRows", [0, 0, X.cols, X.ptr, X.cols, G.ptr, P.ptr, P.cols, l1, l2, this.local(work)],
      rowRange(0, 0, X.rows, 4, true));
  }

  /** Per-thread work for nnlsRows at rank k. */
  allocNnlsWork(k: number): PerThread {
    return this.allocPerThread(this.nnlsWorkBytes(k));
  }

  nnlsWorkBytes(k: number): number {
    return this.k.nnlsWorkBytes(k);
  }

  /**
   * Accelerated HALS: up to maxSweeps coordinate-descent sweeps (coordinateDescentSweep's problem)
   * over rows [i0, i1) of X, a block of rows at a time, each block stopping once a sweep changed it
   * by less than delta² of its first sweep (Σ change²). `work` holds halsWorkBytes(k) (one per
   * thread). Returns Σ|projected gradient| of the first sweep. Splits of [0, X.rows) at multiples
   * of halsBlockRows() give identical iterates.
   */
  halsSweeps(X: Buf, G: Buf, P: Buf, l1: number, l2: number, maxSweeps: number, delta: number, work: PerThread | number,
    i0 = 0, i1 = X.rows): number {
    // Chunks start at multiples of the kernel's row block, so any thread count gives the same iterates.
    return this.run("halsSweeps", [0, 0, X.cols, X.ptr, X.cols, G.ptr, P.ptr, P.cols, l1, l2, maxSweeps, delta * delta,
      this.local(work)], rowRange(0, i0, i1, this.halsBlockRows(), true));
  }

  halsWorkBytes(k: number): number {
    return this.k.halsWorkBytes(k);
  }

  /** Per-thread work for halsSweeps at rank k. */
  allocHalsWork(k: number): PerThread {
    return this.allocPerThread(this.halsWorkBytes(k));
  }

  halsBlockRows(): number {
    return this.k.halsBlockRows();
  }

  /** Y = Xnew + beta·(Xnew − Xold), clipped at 0 when `project` (all three the same shape). */
  extrapolate(Y: Buf, Xnew: Buf, Xold: Buf, beta: number, project: boolean): void {
    this.k.extrapolate(0, Y.rows, Y.cols, Xnew.ptr, Xold.ptr, Y.ptr, Y.cols, beta, +project);
  }

  /** dst = src (same shape). */
  copy(dst: Buf, src: Buf): void {
    this.k.copyRows(0, src.rows, src.cols, src.ptr, src.cols, dst.ptr, dst.cols);
  }

  /** An i32 array in the arena holding `values`; returns its pointer. */
  allocInt32(values: ArrayLike<number>): number {
    const ptr = this.allocBytes(values.length * 4);
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /**
   * out[j, i] = A[i, j] for j < cols (out = Aᵀ with cols = A.cols; out's rows may be longer than
   * A has rows: padding untouched). Split along the longer side so that each thread writes whole
   * stretches of out's rows (a split along a short side would have both write every line).
   */
  transpose(out: Buf, A: Buf, cols = A.cols): void {
    const args = [0, A.rows, cols, A.ptr, A.cols, out.ptr, out.cols];
    if (A.rows * cols < SPLIT_MIN_ELEMENTS) this.k.transpose(0, A.rows, cols, A.ptr, A.cols, out.ptr, out.cols);
    else if (A.rows >= cols) this.run("transpose", args, rowRange(0, 0, A.rows));
    else this.run("transpose", args, { from: 0, to: cols, terms: [[2, 0, -1, 1], [3, A.ptr, 4, 0], [5, out.ptr, 4 * out.cols, 0]], align: 4 });
  }

  /** Σ of all entries of A, in f64. */
  sum(A: Buf): number {
    return this.k.sumF64(A.ptr, A.rows * A.cols);
  }

  /** Σ A∘B over all entries (same shape), in f64. */
  dot(A: Buf, B: Buf): number {
    return this.k.dotF64(A.ptr, B.ptr, A.rows * A.cols);
  }

  /** Entries of A that are not zero. */
  countNonZeros(A: Buf): number {
    return this.k.countNonZeros(A.ptr, A.rows * A.cols);
  }

  /** out[j] = Σ_i A[i, j]; exact zeros become zeroTo. */
  columnSums(A: Buf, out: Buf, zeroTo = 0): void {
    this.k.columnSums(0, A.rows, A.cols, A.ptr, A.cols, out.ptr, zeroTo);
  }

  /** out[i] = Σ_j A[i, j]; exact zeros become zeroTo. */
  rowSums(A: Buf, out: Buf, zeroTo = 0): void {
    this.k.rowSums(0, A.rows, A.cols, A.ptr, A.cols, out.ptr, zeroTo);
  }
}

/** The module's exported functions, in an order every thread derives alike. */
function kernelNames(module: WebAssembly.Module): string[] {
  return WebAssembly.Module.exports(module).filter((e) => e.kind === "function").map((e) => e.name).sort();
}

// A small pool: concurrent fits each get an engine of their own; sequential fits reuse one,
// so repeated calls do not grow memory.
const idle: Engine[] = [];
const all: Engine[] = [];

export async function withEngine<T>(body: (engine: Engine) => Promise<T>): Promise<T> {
  let engine = idle.pop();
  if (!engine) {
    engine = await Engine.create();
    all.push(engine);
  }
  try {
    return await body(engine);
  } finally {
    engine.reset();
    idle.push(engine);
  }
}

/** Bytes of WebAssembly memory held by all engines (for monitoring memory growth). */
export function wasmMemoryBytes(): number {
  return all.reduce((sum, e) => sum + e.memory.buffer.byteLength, 0);
}
