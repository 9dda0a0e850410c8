// The public entry points: nmf() and the NMF estimator. Validation, layout in the engine, init,
// then the solver loop; results are copied out so the caller owns them.
import { dataSource } from "./data/index.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { MatrixShapeError, MatrixValueError, NMFError, NotFittedError, OptionError, abortError } from "./errors.js";
import { checkFootprint } from "./footprint.js";
import { defaultInit, initializeFactors, meanOf } from "./init.js";
import { denseSource, type DenseSource, type Matrix, type MatrixInput } from "./matrix.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";
import { Random, freshSeed } from "./random.js";
import { alternatingNnls, coordinateDescent } from "./solvers/alternating.js";
import { multiplicativeUpdates, type Regularization } from "./solvers/mu.js";
import { pacer } from "./pacing.js";
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
}

function checkedSource(input: MatrixInput, name: string, rows: number | undefined, cols: number | undefined): DenseSource {
  const source = denseSource(input, name);
  if ((rows !== undefined && source.rows !== rows) || (cols !== undefined && source.cols !== cols)) {
    throw new MatrixShapeError("SHAPE_MISMATCH",
      `${name} is ${source.rows}×${source.cols}, expected ${rows ?? source.rows}×${cols ?? source.cols}`, name);
  }
  return source;
}

/** The caller's matrix copied into the arena (values checked), and its largest entry. */
function copyIn(engine: Engine, source: DenseSource, name: string, rejectAllZero: boolean): { buf: Buf; largest: number } {
  const buf = engine.alloc(source.rows, source.cols);
  const largest = source.copyInto(engine.view(buf));
  if (rejectAllZero && largest === 0) {
    throw new MatrixValueError("ALL_ZERO_FACTOR",
      `${name} is all zeros: multiplicative updates could never move it`, name, 0, 0);
  }
  return { buf, largest };
}

/** A caller-owned copy of a matrix, scaled back by 2^(−exponent); a non-finite entry fails the fit. */
function readOut(engine: Engine, buf: Buf, exponent = 0): Matrix {
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
  checkFootprint({ rows: m, cols: n, stored: V.stored, format: V.format, rank: k });
  if (signal?.aborted) throw abortError(signal);
  const pause = pacer(signal);

  return withEngine(async (engine) => {
    // V's scale: a power of two bringing its largest entry near 1 when it is far from it.
    let v = 0, largestV = 0;
    const data = V.load(engine, k, (values, largest) => {
      v = dataScaleExponent(largest, opts.beta);
      largestV = largest;
      scaleData(values, v, opts.beta);
    });
    const zero = opts.beta <= 0 ? data.firstZero() : undefined;
    if (zero) {
      throw new MatrixValueError("ZERO_ENTRY",
        `V at (${zero[0]}, ${zero[1]}) is 0, and a β-divergence with β ≤ 0 (loss ${opts.beta === 0 ? "'itakura-saito'" : opts.beta}) ` +
        "cannot fit zeros (scikit-learn refuses them too): add a small positive value to V or use β > 0", "V", zero[0], zero[1]);
    }
    let W: Buf, H: Buf;
    let scaling: Scaling = NO_SCALING;
    if (customW && customH) {
      const given = { W: copyIn(engine, customW, "init.W", true), H: copyIn(engine, customH, "init.H", true) };
      W = given.W.buf;
      H = given.H.buf;
      scaling = scaleGivenStart(engine.view(W), engine.view(H), v, k,
        { largestV, largestW: given.W.largest, largestH: given.H.largest, updateW: opts.updateW, updateH: opts.updateH });
    } else {
      W = engine.alloc(m, k);
      H = engine.alloc(k, n);
      scaling = factorScaling(v);
      if (fixedH) {
        engine.write(H, fixedH.data);
        scaleValues(engine.view(H), scaling.h);
        // scikit-learn's transform start: every entry √(mean(V)/k) for 'mu', zeros for 'cd'.
        engine.fill(W, opts.solver === "mu" ? Math.sqrt(meanOf(data) / k) : 0);
      } else {
        const rng = new Random(opts.seed ?? freshSeed());
        await initializeFactors(engine, data, W, H, init as Exclude<typeof init, object | undefined>, rng, pause);
      }
    }

    const { beta } = opts;
    const solve = { cd: coordinateDescent, anls: alternatingNnls, mu: multiplicativeUpdates }[opts.solver];
    const outcome = await solve({
      engine, V: data, W, H, beta, maxIter: opts.maxIter, tol: opts.tol,
      reg: scaleRegularization(regularization(opts, m, n), scaling, beta), updateW: opts.updateW, updateH: !fixedH && opts.updateH,
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
    return {
      W: readOut(engine, W, scaling.w),
      H: fixedH ? fixedH : readOut(engine, H, scaling.h),
      ...outcome,
      reconstructionError: reportedError(outcome.reconstructionError, scaling, beta),
      history: outcome.history.map(({ iteration, error }) => ({ iteration, error: reportedError(error, scaling, beta) })),
    };
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
