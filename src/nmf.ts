// The public entry points: nmf() and the NMF estimator. Validation, layout in the engine, init,
// then the solver loop; results are copied out so the caller owns them.
import { dataSource, type DataMatrix } from "./data/index.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { withFitEngine } from "./threads/fit-engine.js";
import { MatrixShapeError, MatrixValueError, NMFError, NotFittedError, OptionError, abortError } from "./errors.js";
import { checkFootprint } from "./footprint.js";
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
import { pacer, type Pause } from "./pacing.js";
import {
  NO_SCALING, dataScaleExponent, factorScaling, scaleData, scaleGivenStart, scaleRegularization, scaleValues, scalingBackLoses,
  unscaleError, type Scaling,
} from "./scaling.js";

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

export function checkedSource(input: MatrixInput, name: string, rows: number | undefined, cols: number | undefined): DenseSource {
  const source = denseSource(input, name);
  if ((rows !== undefined && source.rows !== rows) || (cols !== undefined && source.cols !== cols)) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name} is ${source.rows}×${source.cols}, expected ${rows ?? source.rows}×${cols ?? source.cols}`, name);
  }
  return source;
}

/** The caller's matrix copied into the arena (values checked), and its largest entry. */
export function copyIn(engine: Engine, source: DenseSource, name: string, rejectAllZero: boolean): { buf: Buf; largest: number } {
  const buf = engine.alloc(source.rows, source.cols);
  const largest = source.copyInto(engine.view(buf));
  if (rejectAllZero && largest === 0) {
    throw new MatrixValueError("ALL_ZERO_FACTOR",
      `${name} is all zeros: multiplicative updates could never move it`, name, 0, 0);
  }
  return { buf, largest };
}

/** A caller-owned copy of a matrix, scaled back by 2^(−exponent); a non-finite entry fails the fit. */
export function readOut(engine: Engine, buf: Buf, exponent = 0): Matrix {
  const data = engine.read(buf);
  scaleValues(data, -exponent);
  for (let t = 0; t < data.length; t++) {
    if (!(data[t] >= 0 && data[t] < Infinity)) throw nonFinite(`a factor came out with entry ${data[t]}`);
  }
  return { rows: buf.rows, cols: buf.cols, data };
}

function nonFinite(what: string): NMFError {
  return new NMFError("NON_FINITE_RESULT", `${what}: float32 arithmetic left its range in this fit; please report it with the input`);
}

/** A reported error must be finite (and is scaled back to the caller's V). */
function reportedError(error: number, scaling: Scaling, beta: number): number {
  const unscaled = unscaleError(error, scaling, beta);
  if (!(unscaled >= 0 && unscaled < Infinity)) throw nonFinite(`the reconstruction error came out ${unscaled}`);
  return unscaled;
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

/**
 * Write the start into W and H (copying and checking the caller's, or initializing from V, whose
 * values were scaled by 2^v) and return how the factors are scaled against the caller's (scaling.ts).
 */
export async function writeStart(engine: Engine, data: DataMatrix, start: Start, W: Buf, H: Buf,
  opts: { seed: number | undefined; updateW: boolean; updateH: boolean },
  scale: { v: number; largestV: number } = { v: 0, largestV: 0 }, pause?: Pause): Promise<Scaling> {
  if ("method" in start) {
    await initializeFactors(engine, data, W, H, start.method, new Random(opts.seed ?? freshSeed()), { pause });
    return scale.v === 0 ? NO_SCALING : factorScaling(scale.v);
  }
  const mark = engine.mark();
  // Both copies first: an allocation may grow memory, which detaches earlier views.
  const givenW = copyIn(engine, start.W, "init.W", true), givenH = copyIn(engine, start.H, "init.H", true);
  engine.view(W).set(engine.view(givenW.buf));
  engine.view(H).set(engine.view(givenH.buf));
  engine.release(mark);
  return scaleGivenStart(engine.view(W), engine.view(H), scale.v, W.cols, {
    largestV: scale.largestV, largestW: givenW.largest, largestH: givenH.largest, updateW: opts.updateW, updateH: opts.updateH,
  });
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
  checkFootprint({ rows: m, cols: n, stored: V.nnz, format: V.format, rank: k });
  if (signal?.aborted) throw abortError(signal);
  const pause = pacer(signal);

  return withFitEngine(opts.threads, V.nnz * k, async (engine, plan) => {
    // V's scale: a power of two bringing its largest entry near 1 when it is far from it.
    let v = 0, largestV = 0;
    const data = V.load(engine, k, (values, largest) => {
      v = dataScaleExponent(largest, opts.beta);
      largestV = largest;
      scaleData(values, v, opts.beta);
    });
    rejectZerosForBeta(data, opts.beta);
    const W = engine.alloc(m, k), H = engine.alloc(k, n);
    let scaling: Scaling;
    if (start) {
      scaling = await writeStart(engine, data, start, W, H, opts, { v, largestV }, pause);
    } else {
      scaling = factorScaling(v);
      engine.write(H, fixedH!.data);
      scaleValues(engine.view(H), scaling.h);
      // scikit-learn's transform start: every entry √(mean(V)/k) for 'mu', zeros for 'cd'.
      engine.fill(W, opts.solver === "mu" ? Math.sqrt(meanOf(data) / k) : 0);
    }

    const { beta } = opts;
    const mu = opts.klWarmStart > 0 ? klWarmStarted(opts.klWarmStart) : multiplicativeUpdates;
    const solve = masked && opts.solver === "cd" ? (p: SolverProblem) => maskedCoordinateDescent(p, data as MaskedData)
      : { hals, cd: coordinateDescent, anls: alternatingNnls, mu }[opts.solver];
    const outcome = await solve({
      engine, V: data, W, H, beta, maxIter: opts.maxIter, tol: opts.tol,
      reg: scaleRegularization(regularization(opts, m, n), scaling, beta), updateW: opts.updateW, updateH: !fixedH && opts.updateH,
      halfSteps: masked ? (p) => maskedHalfSteps(p, data as MaskedData) : affinity && ((p) => graphHalfSteps(p, {
        graph: loadGraph(engine, affinity.indptr, affinity.indices, affinity.values, opts.graph!.lambda),
        normalize: opts.graph!.normalize,
      })),
      afterIteration: async (iteration, error) => {
        if (error !== undefined) {
          const reported = reportedError(error, scaling, beta);
          onProgress?.({ iteration, error: reported, elapsedMs: performance.now() - started, maxIter: opts.maxIter });
        }
        await pause();
      },
      pause,
    });
    if (scalingBackLoses(engine.view(W), engine.view(H), m, k, n, scaling)) {
      throw nonFinite("the factors span more than float32 can return at V's scale");
    }
    const threads = plan.note === undefined ? { threads: plan.threads } : { threads: plan.threads, threadsNote: plan.note };
    return {
      W: readOut(engine, W, scaling.w),
      H: fixedH ? fixedH : readOut(engine, H, scaling.h),
      ...outcome,
      reconstructionError: reportedError(outcome.reconstructionError, scaling, beta),
      history: outcome.history.map(({ iteration, error }) => ({ iteration, error: reportedError(error, scaling, beta) })),
      ...threads,
    };
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
    checkFootprint({ rows: source.rows, cols: H.cols, stored: source.rows * H.cols, format: "dense", rank: H.rows });
    return withEngine(async (engine) => {
      const Wb = copyIn(engine, source, "W", false).buf;
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
