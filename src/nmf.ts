// The public entry points: nmf() and the NMF estimator. Validation, layout in the engine, init,
// then the solver loop; results are copied out so the caller owns them.
import { dataSource, type DataMatrix } from "./data/index.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { withFitEngine } from "./threads/fit-engine.js";
import { MatrixShapeError, MatrixValueError, NotFittedError, OptionError, abortError } from "./errors.js";
import { defaultInit, initializeFactors, meanOf, type InitMethod } from "./init.js";
import { denseSource, type DenseSource, type Matrix, type MatrixInput } from "./matrix.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";
import { Random, freshSeed } from "./random.js";
import { multipleRuns, type RunSummary } from "./runs.js";
import { alternatingNnls, coordinateDescent } from "./solvers/alternating.js";
import { graphHalfSteps } from "./solvers/graph-mu.js";
import { loadGraph } from "./engine-graph.js";
import { graphAffinity } from "./graph.js";
import { maskedSource } from "./masked.js";
import type { MaskedData } from "./data/masked-data.js";
import { maskedHalfSteps } from "./solvers/masked-mu.js";
import { maskedCoordinateDescent } from "./solvers/masked-cd.js";
import { hals } from "./solvers/hals.js";
import { klWarmStarted } from "./solvers/kl-warm-start.js";
import { multiplicativeUpdates, type Regularization, type SolverProblem } from "./solvers/mu.js";

export interface NMFResult {
  /** m×k non-negative factor. */
  W: Matrix;
  /** k×n non-negative factor (the components). */
  H: Matrix;
  /** ‖V − WH‖_F for Frobenius, √(2·D_KL(V‖WH)) for KL (scikit-learn's reconstruction_err_). */
  reconstructionError: number;
  /** Iterations run. */
  iterations: number;
  /** True when the tol criterion stopped the fit before maxIter. */
  converged: boolean;
  /** Error at the start and at each check (every 10 iterations). */
  history: { iteration: number; error: number }[];
  /** With nRuns > 1: every run's seed, error and iterations (this result is the lowest-error run). */
  runs?: RunSummary[];
  /** With nRuns > 1: the samples × samples consensus matrix (mean connectivity over the runs). */
  consensus?: Matrix;
  /** Threads the fit's kernels ran on (W, H and every number are the same bits for any count). */
  threads: number;
  /** Why `threads` is less than asked for (no cross-origin isolation, problem too small, …), if it is. */
  threadsNote?: string;
}

/** Yield to the event loop this often when a signal is given, so an abort can arrive. */
const YIELD_EVERY_MS = 50;

export function checkedSource(input: MatrixInput, name: string, rows: number | undefined, cols: number | undefined): DenseSource {
  const source = denseSource(input, name);
  if ((rows !== undefined && source.rows !== rows) || (cols !== undefined && source.cols !== cols)) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name} is ${source.rows}×${source.cols}, expected ${rows ?? source.rows}×${cols ?? source.cols}`, name);
  }
  return source;
}

export function copyIn(engine: Engine, source: DenseSource, name: string, rejectAllZero: boolean): Buf {
  const buf = engine.alloc(source.rows, source.cols);
  const view = engine.view(buf);
  source.copyInto(view);
  if (rejectAllZero && view.every((x) => x === 0)) {
    throw new MatrixValueError("ALL_ZERO_FACTOR",
      `${name} is all zeros: multiplicative updates could never move it`, name, 0, 0);
  }
  return buf;
}

export function readOut(engine: Engine, buf: Buf): Matrix {
  return { rows: buf.rows, cols: buf.cols, data: engine.read(buf) };
}

/** scikit-learn's _compute_regularization: L1/L2 parts, scaled by the other dimension. */
export function regularization(opts: ResolvedOptions, rows: number, cols: number): Regularization {
  return {
    l1W: cols * opts.alphaW * opts.l1Ratio,
    l2W: cols * opts.alphaW * (1 - opts.l1Ratio),
    l1H: rows * opts.alphaH * opts.l1Ratio,
    l2H: rows * opts.alphaH * (1 - opts.l1Ratio),
  };
}

/** A fit's start: an init method, or the caller's W and H (shapes checked now, values when copied). */
export type Start = { method: InitMethod } | { W: DenseSource; H: DenseSource };

/** The start opts.init asks for, checked against V's m×n before any engine work. */
export function resolveStart(opts: ResolvedOptions, m: number, n: number): Start {
  const k = opts.rank;
  const init = opts.init ?? defaultInit(k, m, n);
  if (typeof init === "object") {
    return { W: checkedSource(init.W, "init.W", m, k), H: checkedSource(init.H, "init.H", k, n) };
  }
  if (init !== "random" && k > Math.min(m, n)) {
    throw new OptionError("INVALID_RANK",
      `init '${init}' needs rank ≤ min(rows, cols) = ${Math.min(m, n)}, got ${k}; use init: 'random'`, "rank");
  }
  return { method: init };
}

/** Write the start into W and H (copying and checking the caller's, or initializing from V). */
export function writeStart(engine: Engine, data: DataMatrix, start: Start, W: Buf, H: Buf, seed: number | undefined): void {
  if ("method" in start) {
    initializeFactors(engine, data, W, H, start.method, new Random(seed ?? freshSeed()));
    return;
  }
  const mark = engine.mark();
  // Both copies first: an allocation may grow memory, which detaches earlier views.
  const givenW = copyIn(engine, start.W, "init.W", true), givenH = copyIn(engine, start.H, "init.H", true);
  engine.view(W).set(engine.view(givenW));
  engine.view(H).set(engine.view(givenH));
  engine.release(mark);
}

/** Between iterations: yield to the event loop now and then so an abort can arrive, and honour it. */
export function abortPoint(signal: AbortSignal | undefined): () => Promise<void> {
  let lastYield = performance.now();
  return async () => {
    if (!signal) return;
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
    if (signal.aborted) throw abortError(signal);
  };
}

/** β ≤ 0 cannot fit a zero of V: a typed error naming the first one. */
export function rejectZerosForBeta(data: DataMatrix, beta: number): void {
  const zero = beta <= 0 ? data.firstZero() : undefined;
  if (zero) {
    throw new MatrixValueError("ZERO_ENTRY",
      `V at (${zero[0]}, ${zero[1]}) is 0, and a β-divergence with β ≤ 0 (loss ${beta === 0 ? "'itakura-saito'" : beta}) ` +
      "cannot fit zeros (scikit-learn refuses them too): add a small positive value to V or use β > 0", "V", zero[0], zero[1]);
  }
}

/**
 * Factorize V (or, with fixedH, solve for W only: the transform of new data).
 * Every input is validated before the first kernel runs; nothing the caller owns is written.
 */
async function factorize(input: MatrixInput, opts: ResolvedOptions, fixedH?: Matrix): Promise<NMFResult> {
  const started = performance.now();
  const masked = opts.missing !== undefined || opts.weights !== undefined;
  const V = masked ? maskedSource(input, opts) : dataSource(input, "V");
  const { rows: m, cols: n } = V;
  const k = opts.rank;
  if (fixedH && fixedH.cols !== n) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `V has ${n} columns but the fitted components have ${fixedH.cols}`, "V");
  }
  const start = fixedH ? undefined : resolveStart(opts, m, n);
  const affinity = opts.graph && !fixedH ? graphAffinity(opts.graph.affinity, m) : undefined;
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw abortError(signal);

  return withFitEngine(opts.threads, V.nnz * k, async (engine, plan) => {
    const data = V.load(engine, k);
    rejectZerosForBeta(data, opts.beta);
    const W = engine.alloc(m, k), H = engine.alloc(k, n);
    if (start) {
      writeStart(engine, data, start, W, H, opts.seed);
    } else {
      engine.write(H, fixedH!.data);
      // scikit-learn's transform start: every entry √(mean(V)/k) for 'mu', zeros for 'cd'.
      engine.fill(W, opts.solver === "mu" ? Math.sqrt(meanOf(data) / k) : 0);
    }

    const checkAbort = abortPoint(signal);
    const mu = opts.klWarmStart > 0 ? klWarmStarted(opts.klWarmStart) : multiplicativeUpdates;
    const solve = masked && opts.solver === "cd" ? (p: SolverProblem) => maskedCoordinateDescent(p, data as MaskedData)
      : { hals, cd: coordinateDescent, anls: alternatingNnls, mu }[opts.solver];
    const outcome = await solve({
      engine, V: data, W, H, beta: opts.beta, maxIter: opts.maxIter, tol: opts.tol,
      reg: regularization(opts, m, n), updateW: opts.updateW, updateH: !fixedH && opts.updateH,
      halfSteps: masked ? (p) => maskedHalfSteps(p, data as MaskedData) : affinity && ((p) => graphHalfSteps(p, {
        graph: loadGraph(engine, affinity.indptr, affinity.indices, affinity.values, opts.graph!.lambda),
        normalize: opts.graph!.normalize,
      })),
      afterIteration: async (iteration, error) => {
        if (error !== undefined && onProgress) {
          onProgress({ iteration, error, elapsedMs: performance.now() - started, maxIter: opts.maxIter });
        }
        await checkAbort();
      },
    });
    const threads = plan.note === undefined ? { threads: plan.threads } : { threads: plan.threads, threadsNote: plan.note };
    return { W: readOut(engine, W), H: fixedH ? fixedH : readOut(engine, H), ...outcome, ...threads };
  });
}

/**
 * Non-negative matrix factorization V ≈ W·H.
 * @param V  m×n non-negative matrix: { rows, cols, data } (row-major) or number[][].
 */
export async function nmf(V: MatrixInput, options: NMFOptions): Promise<NMFResult> {
  return fit(V, resolveOptions(options));
}

/** One fit, or with nRuns > 1 the best of several (src/runs.ts). */
function fit(V: MatrixInput, opts: ResolvedOptions): Promise<NMFResult> {
  return opts.nRuns > 1 ? multipleRuns(V, opts, factorize) : factorize(V, opts);
}

/** The single-fit path, for drivers that run many fits (rank survey). */
export { factorize as fitOnce };

/** scikit-learn-style estimator: options in the constructor, fitted components kept. */
export class NMF {
  private readonly options: ResolvedOptions;
  /** Fitted H (k×n): the parts every row of V is built from. */
  components: Matrix | undefined;
  reconstructionError: number | undefined;
  iterations: number | undefined;
  converged: boolean | undefined;

  constructor(options: NMFOptions) {
    this.options = resolveOptions(options);
  }

  /** Fit to V, keep the components; returns this. */
  async fit(V: MatrixInput): Promise<this> {
    await this.fitTransform(V);
    return this;
  }

  /** Fit to V and return W (m×k), the weights of the components in each row of V. */
  async fitTransform(V: MatrixInput): Promise<Matrix> {
    const result = await fit(V, this.options);
    this.components = result.H;
    this.reconstructionError = result.reconstructionError;
    this.iterations = result.iterations;
    this.converged = result.converged;
    return result.W;
  }

  /** W for new rows with the components fixed (same solver and loss; H never changes). */
  async transform(V: MatrixInput): Promise<Matrix> {
    const H = this.fitted("transform");
    return (await factorize(V, { ...this.options, init: undefined, updateW: true, graph: undefined, weights: undefined }, H)).W;
  }

  /** W·H: the data the weights W describe. */
  async inverseTransform(W: MatrixInput): Promise<Matrix> {
    const H = this.fitted("inverseTransform");
    const source = checkedSource(W, "W", undefined, H.rows);
    return withEngine(async (engine) => {
      const Wb = copyIn(engine, source, "W", false);
      const Hb = engine.alloc(H.rows, H.cols);
      engine.write(Hb, H.data);
      const out = engine.alloc(Wb.rows, H.cols);
      engine.gemm(out, Wb, Hb);
      return readOut(engine, out);
    });
  }

  private fitted(method: string): Matrix {
    if (!this.components) throw new NotFittedError(`call fit or fitTransform before ${method}`);
    return this.components;
  }
}
