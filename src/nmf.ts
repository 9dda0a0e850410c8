// The public entry points: nmf() and the NMF estimator. Validation, layout in the engine, init,
// then the solver loop; results are copied out so the caller owns them.
import { dataSource } from "./data/index.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { MatrixShapeError, MatrixValueError, NotFittedError, OptionError, abortError } from "./errors.js";
import { defaultInit, initializeFactors, meanOf } from "./init.js";
import { denseSource, type DenseSource, type Matrix, type MatrixInput } from "./matrix.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";
import { Random, freshSeed } from "./random.js";
import { alternatingNnls, coordinateDescent } from "./solvers/alternating.js";
import { hals } from "./solvers/hals.js";
import { klWarmStarted } from "./solvers/kl-warm-start.js";
import { multiplicativeUpdates, type Regularization } from "./solvers/mu.js";

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
}

/** Yield to the event loop this often when a signal is given, so an abort can arrive. */
const YIELD_EVERY_MS = 50;

function checkedSource(input: MatrixInput, name: string, rows: number | undefined, cols: number | undefined): DenseSource {
  const source = denseSource(input, name);
  if ((rows !== undefined && source.rows !== rows) || (cols !== undefined && source.cols !== cols)) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name} is ${source.rows}×${source.cols}, expected ${rows ?? source.rows}×${cols ?? source.cols}`, name);
  }
  return source;
}

function copyIn(engine: Engine, source: DenseSource, name: string, rejectAllZero: boolean): Buf {
  const buf = engine.alloc(source.rows, source.cols);
  const view = engine.view(buf);
  source.copyInto(view);
  if (rejectAllZero && view.every((x) => x === 0)) {
    throw new MatrixValueError("ALL_ZERO_FACTOR",
      `${name} is all zeros: multiplicative updates could never move it`, name, 0, 0);
  }
  return buf;
}

function readOut(engine: Engine, buf: Buf): Matrix {
  return { rows: buf.rows, cols: buf.cols, data: engine.read(buf) };
}

/** scikit-learn's _compute_regularization: L1/L2 parts, scaled by the other dimension. */
function regularization(opts: ResolvedOptions, rows: number, cols: number): Regularization {
  return {
    l1W: cols * opts.alphaW * opts.l1Ratio,
    l2W: cols * opts.alphaW * (1 - opts.l1Ratio),
    l1H: rows * opts.alphaH * opts.l1Ratio,
    l2H: rows * opts.alphaH * (1 - opts.l1Ratio),
  };
}

/**
 * Factorize V (or, with fixedH, solve for W only: the transform of new data).
 * Every input is validated before the first kernel runs; nothing the caller owns is written.
 */
async function factorize(input: MatrixInput, opts: ResolvedOptions, fixedH?: Matrix): Promise<NMFResult> {
  const started = performance.now();
  const V = dataSource(input, "V");
  const { rows: m, cols: n } = V;
  const k = opts.rank;
  if (fixedH && fixedH.cols !== n) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `V has ${n} columns but the fitted components have ${fixedH.cols}`, "V");
  }
  const init = fixedH ? undefined : opts.init ?? defaultInit(k, m, n);
  if (typeof init === "string" && init !== "random" && k > Math.min(m, n)) {
    throw new OptionError("INVALID_RANK",
      `init '${init}' needs rank ≤ min(rows, cols) = ${Math.min(m, n)}, got ${k}; use init: 'random'`, "rank");
  }
  const customW = typeof init === "object" ? checkedSource(init.W, "init.W", m, k) : undefined;
  const customH = typeof init === "object" ? checkedSource(init.H, "init.H", k, n) : undefined;
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw abortError(signal);

  return withEngine(async (engine) => {
    const data = V.load(engine, k);
    const zero = opts.beta <= 0 ? data.firstZero() : undefined;
    if (zero) {
      throw new MatrixValueError("ZERO_ENTRY",
        `V at (${zero[0]}, ${zero[1]}) is 0, and a β-divergence with β ≤ 0 (loss ${opts.beta === 0 ? "'itakura-saito'" : opts.beta}) ` +
        "cannot fit zeros (scikit-learn refuses them too): add a small positive value to V or use β > 0", "V", zero[0], zero[1]);
    }
    let W: Buf, H: Buf;
    if (customW && customH) {
      W = copyIn(engine, customW, "init.W", true);
      H = copyIn(engine, customH, "init.H", true);
    } else {
      W = engine.alloc(m, k);
      H = engine.alloc(k, n);
      if (fixedH) {
        engine.write(H, fixedH.data);
        // scikit-learn's transform start: every entry √(mean(V)/k) for 'mu', zeros for 'cd'.
        engine.fill(W, opts.solver === "mu" ? Math.sqrt(meanOf(data) / k) : 0);
      } else {
        const rng = new Random(opts.seed ?? freshSeed());
        initializeFactors(engine, data, W, H, init as Exclude<typeof init, object | undefined>, rng);
      }
    }

    let lastYield = performance.now();
    const mu = opts.klWarmStart > 0 ? klWarmStarted(opts.klWarmStart) : multiplicativeUpdates;
    const solve = { hals, cd: coordinateDescent, anls: alternatingNnls, mu }[opts.solver];
    const outcome = await solve({
      engine, V: data, W, H, beta: opts.beta, maxIter: opts.maxIter, tol: opts.tol,
      reg: regularization(opts, m, n), updateW: opts.updateW, updateH: !fixedH && opts.updateH,
      afterIteration: async (iteration, error) => {
        if (error !== undefined && onProgress) {
          onProgress({ iteration, error, elapsedMs: performance.now() - started, maxIter: opts.maxIter });
        }
        if (signal) {
          if (performance.now() - lastYield > YIELD_EVERY_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
          if (signal.aborted) throw abortError(signal);
        }
      },
    });
    return { W: readOut(engine, W), H: fixedH ? fixedH : readOut(engine, H), ...outcome };
  });
}

/**
 * Non-negative matrix factorization V ≈ W·H.
 * @param V  m×n non-negative matrix: { rows, cols, data } (row-major) or number[][].
 */
export async function nmf(V: MatrixInput, options: NMFOptions): Promise<NMFResult> {
  return factorize(V, resolveOptions(options));
}

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
    const result = await factorize(V, this.options);
    this.components = result.H;
    this.reconstructionError = result.reconstructionError;
    this.iterations = result.iterations;
    this.converged = result.converged;
    return result.W;
  }

  /** W for new rows with the components fixed (same solver and loss; H never changes). */
  async transform(V: MatrixInput): Promise<Matrix> {
    const H = this.fitted("transform");
    return (await factorize(V, { ...this.options, init: undefined, updateW: true }, H)).W;
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
