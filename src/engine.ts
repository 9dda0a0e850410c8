// The engine: one kernel instance, its linear memory, and a bump arena the solvers allocate
// named matrices from. Solvers speak in matrices (Buf); only this file turns them into
// pointers and leading dimensions. Memory grows to the largest problem seen and is reused.
import { NMFError } from "./errors.js";
import { BetaProduct, DenomMode, KlNumerator, type KernelExports } from "./wasm/kernels.js";
import { instantiateKernels } from "./wasm/module.js";

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

export type DenomLayout = keyof typeof DenomMode;

export class Engine {
  private top: number;
  private releases = 0;
  /** The GEMM kernel's scratch (the start of the arena). */
  readonly work: number;
  private readonly start: number;

  private constructor(readonly memory: WebAssembly.Memory, readonly k: KernelExports) {
    this.top = (k.heapBase() + 15) & ~15;
    this.work = this.top;
    this.top += (k.gemmWorkBytes() + 15) & ~15;
    this.ensure(this.top);
    this.start = this.top;
  }

  static async create(): Promise<Engine> {
    const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES });
    return new Engine(memory, await instantiateKernels(memory));
  }

  /** Forget every allocation (memory stays grown for the next problem). */
  reset(): void {
    this.top = this.start;
    this.releases++;
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
    this.releases++;
  }

  /**
   * How many times memory was released: scratch allocated lazily (inside some caller's
   * mark/release) is stale once this changes, and must be allocated again, not reused.
   */
  get releaseCount(): number {
    return this.releases;
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
  rowRange(buf: Buf, i0: number, i1: number): Buf {
    return { ptr: buf.ptr + i0 * buf.cols * 4, rows: i1 - i0, cols: buf.cols };
  }

  /** Scratch for the row-blocked KL and loss passes over a matrix with n columns. */
  allocRowBlock(m: number, n: number): Buf {
    const rows = Math.max(4, Math.min(m, Math.floor(BLOCK_FLOATS / n) & ~3));
    return this.alloc(rows, n);
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
    this.k.gemm(+transA, +transB, 0, m, 0, n, K, A.ptr, A.cols, B.ptr, B.cols, C.ptr, C.cols, +accumulate, this.work);
  }

  /** X ← X · (numer / (denom + l1 + l2·X))^γ with zero denominators → eps; then X < zeroBelow → 0. */
  multiplicativeUpdate(X: Buf, numer: Buf, denom: Buf, layout: DenomLayout,
    l1: number, l2: number, zeroBelow: number, gamma = 1): void {
    this.k.muUpdate(0, X.rows, X.cols, X.ptr, X.cols, numer.ptr, numer.cols, denom.ptr, denom.cols,
      DenomMode[layout], l1, l2, zeroBelow, gamma);
  }

  /**
   * The Frobenius update with its denominator fused in, no denominator matrix:
   *   W-side ("rows"):    X ← X ∘ numer / (X·G + l1 + l2·X)     (X m×k, G = HHᵀ)
   *   H-side ("columns"): X ← X ∘ numer / (G·X + l1 + l2·X)     (X k×n, G = WᵀW)
   * then X < zeroBelow → 0. `scratch` holds gramUpdateScratchBytes(k).
   */
  multiplicativeUpdateGram(side: "rows" | "columns", X: Buf, numer: Buf, G: Buf, l1: number, l2: number,
    zeroBelow: number, scratch: number): void {
    if (side === "rows") {
      this.k.muUpdateRowsGram(0, X.rows, X.cols, X.ptr, X.cols, numer.ptr, numer.cols, G.ptr, l1, l2, zeroBelow, scratch);
    } else {
      this.k.muUpdateColumnsGram(0, X.cols, X.rows, X.ptr, X.cols, numer.ptr, numer.cols, G.ptr, l1, l2, zeroBelow, scratch);
    }
  }

  /** Bytes of scratch multiplicativeUpdateGram needs for rank k. */
  gramUpdateScratchBytes(k: number): number {
    return this.k.muUpdateGramScratchBytes(k);
  }

  /**
   * β-divergence products, WH a row block at a time: with V, the numerators V·WH^(β−2)·Hᵀ (forW,
   * out m×k) or Wᵀ·(V·WH^(β−2)) (forH, out k×n); without V (null), the denominators WH^(β−1)·Hᵀ
   * or Wᵀ·WH^(β−1).
   */
  betaProduct(which: keyof typeof BetaProduct, out: Buf, V: Buf | null, W: Buf, H: Buf, beta: number, scratch: Buf): void {
    if (which === "forH") this.fill(out, 0);
    this.k.betaProduct(BetaProduct[which], 0, W.rows, H.cols, W.cols, V ? V.ptr : 0, V ? V.cols : 0, W.ptr, W.cols,
      H.ptr, H.cols, out.ptr, out.cols, scratch.ptr, scratch.rows, this.work, beta);
  }

  /** β-divergence sums (beta.ts, before scaling) over V's entries, or only the Σ WH^β part when V is null. */
  betaDivergenceSums(V: Buf | null, W: Buf, H: Buf, beta: number, scratch: Buf): number {
    return this.k.betaDivergencePart(0, W.rows, H.cols, W.cols, V ? V.ptr : 0, V ? V.cols : 0, W.ptr, W.cols,
      H.ptr, H.cols, scratch.ptr, scratch.rows, this.work, beta);
  }

  /** KL numerator for W: out (m×k) = (V / WH)·Hᵀ, WH formed a row block at a time. */
  klNumeratorW(out: Buf, V: Buf, W: Buf, H: Buf, scratch: Buf): void {
    this.k.klNumerator(KlNumerator.forW, 0, V.rows, V.cols, W.cols, V.ptr, V.cols, W.ptr, W.cols,
      H.ptr, H.cols, out.ptr, out.cols, scratch.ptr, scratch.rows, this.work);
  }

  /** KL numerator for H: out (k×n) = Wᵀ·(V / WH). */
  klNumeratorH(out: Buf, V: Buf, W: Buf, H: Buf, scratch: Buf): void {
    this.fill(out, 0);
    this.k.klNumerator(KlNumerator.forH, 0, V.rows, V.cols, W.cols, V.ptr, V.cols, W.ptr, W.cols,
      H.ptr, H.cols, out.ptr, out.cols, scratch.ptr, scratch.rows, this.work);
  }

  /** Generalized KL divergence D(V‖WH), scikit-learn's definition, in f64. */
  klDivergence(V: Buf, W: Buf, H: Buf, scratch: Buf): number {
    return this.k.klDivergencePart(0, V.rows, V.cols, W.cols, V.ptr, V.cols, W.ptr, W.cols,
      H.ptr, H.cols, scratch.ptr, scratch.rows, this.work);
  }

  /** ‖V − WH‖²_F summed directly in f64 (row blocks of WH). */
  squaredError(V: Buf, W: Buf, H: Buf, scratch: Buf): number {
    return this.k.squaredErrorPart(0, V.rows, V.cols, W.cols, V.ptr, V.cols, W.ptr, W.cols,
      H.ptr, H.cols, scratch.ptr, scratch.rows, this.work);
  }

  /**
   * One coordinate-descent sweep over the rows of X for ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖²,
   * given G = YᵀY and P = V·Y, components in the order of `order` (k i32). Returns Σ|projected gradient|.
   */
  coordinateDescentSweep(X: Buf, G: Buf, P: Buf, order: number, l1: number, l2: number): number {
    return this.k.cdSweep(0, X.rows, X.cols, X.ptr, X.cols, G.ptr, P.ptr, P.cols, order, l1, l2);
  }

  /**
   * Exact non-negative least squares for every row of X (block principal pivoting), same problem
   * as coordinateDescentSweep; `work` holds nnlsWorkBytes(k). Returns Σ|projected gradient| at the incoming X.
   */
  nnlsRows(X: Buf, G: Buf, P: Buf, l1: number, l2: number, work: number): number {
    return this.k.nnlsRows(0, X.rows, X.cols, X.ptr, X.cols, G.ptr, P.ptr, P.cols, l1, l2, work);
  }

  nnlsWorkBytes(k: number): number {
    return this.k.nnlsWorkBytes(k);
  }

  /** An i32 array in the arena holding `values`; returns its pointer. */
  allocInt32(values: ArrayLike<number>): number {
    const ptr = this.allocBytes(values.length * 4);
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** out = Aᵀ (out A.cols×A.rows). */
  transpose(out: Buf, A: Buf): void {
    this.k.transpose(0, A.rows, A.cols, A.ptr, A.cols, out.ptr, out.cols);
  }

  /** Σ of all entries of A, in f64. */
  sum(A: Buf): number {
    return this.k.sumF64(A.ptr, A.rows * A.cols);
  }

  /** Σ A∘B over all entries (same shape), in f64. */
  dot(A: Buf, B: Buf): number {
    return this.k.dotF64(A.ptr, B.ptr, A.rows * A.cols);
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
