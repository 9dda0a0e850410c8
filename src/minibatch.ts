// MiniBatchNMF: scikit-learn 1.2's online NMF (Lefèvre, Bach & Févotte 2011), camelCase.
// Each step takes a batch of rows, updates its W (one multiplicative update, or a fresh solve),
// then H from running statistics A ← ρ·A + H^(1/γ)·numer, B ← ρ·B + denom, H = (A / B)^γ.
// A step's statistics are sums over the batch's rows, so shards of a batch can compute theirs
// anywhere and a coordinator sums them (statistics / mergeStatistics / applyStatistics).
import type { DataMatrix } from "./data/data-matrix.js";
import { rowStore, type RowStore } from "./data/row-store.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { onlineApply, onlineStatistics, squaredDistance } from "./engine-online.js";
import { MatrixShapeError, MatrixValueError, NotFittedError, OptionError, abortError } from "./errors.js";
import { meanOf } from "./init.js";
import { FROBENIUS, KULLBACK_LEIBLER, reconstructionError, updateExponent } from "./loss.js";
import type { Matrix, MatrixInput } from "./matrix.js";
import { F32_SUBNORMAL_BELOW, F64_EPS } from "./mu-rules.js";
import {
  NMF, abortPoint, readOut, regularization, rejectZerosForBeta, resolveStart, writeStart, type Start,
} from "./nmf.js";
import { resolveOptions, type NMFOptions, type ResolvedOptions } from "./options.js";
import { muHalfSteps } from "./solvers/mu.js";

export interface MiniBatchNMFOptions extends Omit<NMFOptions, "solver" | "updateW" | "updateH" | "onProgress" | "graph"> {
  /** Rows per mini-batch (default 1024; at most the rows of V). */
  batchSize?: number;
  /** Weight of past batches in the statistics, in [0, 1] (default 0.7); ρ = forgetFactor^(batchSize / rows). */
  forgetFactor?: number;
  /** Solve each batch's W from scratch instead of one update of the rows' previous W (default false). */
  freshRestarts?: boolean;
  /** Iterations of such a solve (also used by partialFit and statistics; default 30). */
  freshRestartsMaxIter?: number;
  /** Stop after this many batches without improvement of the smoothed batch cost; null: never (default 10). */
  maxNoImprovement?: number | null;
  /** Iterations of transform's W solve (default: maxIter). */
  transformMaxIter?: number | null;
}

interface MiniBatchSettings {
  base: ResolvedOptions;
  batchSize: number;
  forgetFactor: number;
  freshRestarts: boolean;
  freshRestartsMaxIter: number;
  maxNoImprovement: number | null;
  transformMaxIter: number;
}

/**
 * One shard's contribution to a step of the H update, for rows of V solved against the same H:
 * every field is a sum over the shard's rows, so shards sum (in any grouping) to the batch's.
 */
export interface ShardStatistics {
  /** Rows the shard contributed. */
  rows: number;
  rank: number;
  cols: number;
  /** rank×cols, row-major: H^(1/γ) ∘ the H update's numerator (Wᵀ·V for Frobenius). */
  numerator: Float32Array;
  /** rank×cols: the denominator (WᵀW·H for Frobenius) plus the rows' share of H's regularization. */
  denominator: Float32Array;
  /** Σ over the rows of the loss and regularization (scikit-learn's batch cost × rows). */
  cost: number;
}

/** The online state besides H: scikit-learn's _components_numerator / _components_denominator and ρ. */
interface OnlineState {
  A: Float32Array;
  B: Float32Array;
  rho: number;
}

const OWN_KEYS = ["batchSize", "forgetFactor", "freshRestarts", "freshRestartsMaxIter", "maxNoImprovement", "transformMaxIter"];
const NOT_HERE = ["solver", "updateW", "updateH", "onProgress", "graph"];

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new OptionError("INVALID_OPTION", `${name} must be a positive integer, got ${String(value)}`, name);
  }
  return value;
}

function resolveMiniBatchOptions(options: unknown): MiniBatchSettings {
  if (options === null || typeof options !== "object") {
    throw new OptionError("INVALID_OPTION", "options must be an object with at least { rank }", "options");
  }
  const own: Record<string, unknown> = {}, rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (NOT_HERE.includes(key)) {
      throw new OptionError("UNKNOWN_OPTION", `'${key}' is not an option of MiniBatchNMF (multiplicative updates only)`, key);
    }
    (OWN_KEYS.includes(key) ? own : rest)[key] = value;
  }
  const base = resolveOptions({ ...rest, solver: "mu" });
  const forgetFactor = own.forgetFactor ?? 0.7;
  if (typeof forgetFactor !== "number" || !(forgetFactor >= 0 && forgetFactor <= 1)) {
    throw new OptionError("INVALID_OPTION", `forgetFactor must be a number in [0, 1], got ${String(forgetFactor)}`, "forgetFactor");
  }
  const freshRestarts = own.freshRestarts ?? false;
  if (typeof freshRestarts !== "boolean") throw new OptionError("INVALID_OPTION", "freshRestarts must be true or false", "freshRestarts");
  const maxNoImprovement = own.maxNoImprovement === undefined ? 10 : own.maxNoImprovement;
  return {
    base,
    batchSize: positiveInteger(own.batchSize ?? 1024, "batchSize"),
    forgetFactor,
    freshRestarts,
    freshRestartsMaxIter: positiveInteger(own.freshRestartsMaxIter ?? 30, "freshRestartsMaxIter"),
    maxNoImprovement: maxNoImprovement === null ? null : positiveInteger(maxNoImprovement, "maxNoImprovement"),
    transformMaxIter: own.transformMaxIter == null ? base.maxIter : positiveInteger(own.transformMaxIter, "transformMaxIter"),
  };
}

/** Options NMFOptions knows, for the NMF base class (inverseTransform, components). */
function baseOptions(options: MiniBatchNMFOptions): NMFOptions {
  const rest: Record<string, unknown> = { ...options };
  for (const key of OWN_KEYS) delete rest[key];
  return rest as unknown as NMFOptions;
}

/** The kernels of a step, in one engine: W solves and updates, costs, H statistics. */
class StepKernels {
  readonly k: number;
  readonly gamma: number;
  constructor(readonly engine: Engine, readonly s: MiniBatchSettings, readonly H: Buf) {
    this.k = H.rows;
    this.gamma = updateExponent(s.base.beta);
  }

  private halfSteps(X: DataMatrix, W: Buf, updateH: boolean) {
    const { engine, H, s } = this;
    return muHalfSteps({
      engine, V: X, W, H, beta: s.base.beta, maxIter: 0, tol: 0, reg: regularization(s.base, X.rows, X.cols),
      updateW: true, updateH, afterIteration: () => undefined,
    });
  }

  /** scikit-learn's _solve_W: W from √(mean(X)/k) by multiplicative updates until ‖ΔW‖/‖W‖ ≤ tol. */
  solveW(X: DataMatrix, maxIter: number): Buf {
    const { engine, k } = this;
    const W = engine.alloc(X.rows, k), previous = engine.alloc(X.rows, k);
    engine.fill(W, Math.sqrt(meanOf(X) / k));
    engine.view(previous).set(engine.view(W));
    const steps = this.halfSteps(X, W, false);
    const tol = this.s.base.tol;
    for (let it = 0; it < maxIter; it++) {
      steps.updateW();
      const change = Math.sqrt(squaredDistance(engine, W, previous) / engine.dot(W, W));
      if (tol > 0 && change <= tol) break;
      engine.view(previous).set(engine.view(W));
    }
    return W;
  }

  /** One multiplicative update of the batch's W (rows of the fit's W) with H fixed. */
  updateW(X: DataMatrix, W: Buf): void {
    this.halfSteps(X, W, true).updateW();
  }

  /** Σ over the batch of the loss (D, not its square root) and the regularization terms. */
  cost(X: DataMatrix, W: Buf): number {
    const { engine, H, s } = this;
    const reg = regularization(s.base, X.rows, X.cols);
    const error = reconstructionError(X, s.base.beta, W, H);
    return error * error / 2 + reg.l1W * engine.sum(W) + reg.l1H * engine.sum(H) +
      reg.l2W * engine.dot(W, W) + reg.l2H * engine.dot(H, H);
  }

  /** The batch's statistics into numer and den (k×n). */
  statistics(X: DataMatrix, W: Buf, numer: Buf, den: Buf): void {
    const { engine, H, s, k } = this;
    const beta = s.base.beta;
    const reg = regularization(s.base, X.rows, X.cols);
    const mark = engine.mark();
    if (beta === FROBENIUS) {
      const gram = engine.alloc(k, k);
      X.wtTimesV(numer, W);
      engine.gemm(gram, W, W, { transA: true });
      engine.gemm(den, gram, H);
      onlineStatistics(engine, H, numer, den, "matrix", den, reg.l1H, reg.l2H, this.gamma);
    } else if (beta === KULLBACK_LEIBLER) {
      const columnSums = engine.alloc(k, 1);
      X.klNumeratorH(numer, W, H);
      engine.columnSums(W, columnSums, 1); // scikit-learn: zero column sums of W become 1
      onlineStatistics(engine, H, numer, columnSums, "column", den, reg.l1H, reg.l2H, this.gamma);
    } else {
      X.betaNumeratorH(numer, W, H, beta);
      engine.betaProduct("forH", den, null, W, H, beta, engine.allocRowBlock(X.rows, X.cols));
      onlineStatistics(engine, H, numer, den, "matrix", den, reg.l1H, reg.l2H, this.gamma);
    }
    engine.release(mark);
  }

  /** H from the statistics: A ← ρA + numer, B ← ρB + den, H = (A / B)^γ. */
  apply(numer: Buf, den: Buf, A: Buf, B: Buf, rho: number): void {
    const zeroBelow = this.s.base.beta <= 1 ? F64_EPS : F32_SUBNORMAL_BELOW;
    onlineApply(this.engine, this.H, numer, den, A, B, rho, zeroBelow, this.gamma);
  }
}

/** scikit-learn's _minibatch_convergence: relative change of H, or the smoothed batch cost stalling. */
class ConvergenceMonitor {
  private ewa: number | undefined;
  private ewaMin: number | undefined;
  private noImprovement = 0;
  constructor(private readonly rows: number, private readonly tol: number, private readonly maxNoImprovement: number | null) {}

  /** After step `step` (1-based) on `batchRows` rows with mean cost `cost`; hChange = ‖H − H_prev‖/‖H‖. */
  converged(step: number, batchRows: number, cost: number, hChange: () => number): boolean {
    if (step === 1) return false; // H was not updated yet before the first step
    const alpha = Math.min(batchRows / (this.rows + 1), 1);
    this.ewa = this.ewa === undefined ? cost : this.ewa * (1 - alpha) + cost * alpha;
    if (this.tol > 0 && hChange() <= this.tol) return true;
    if (this.ewaMin === undefined || this.ewa < this.ewaMin) {
      this.noImprovement = 0;
      this.ewaMin = this.ewa;
    } else {
      this.noImprovement++;
    }
    return this.maxNoImprovement !== null && this.noImprovement >= this.maxNoImprovement;
  }
}

function checkStatistics(stats: ShardStatistics, k: number, n: number, name: string): void {
  if (stats === null || typeof stats !== "object" || stats.rank !== k || stats.cols !== n ||
    !(stats.numerator instanceof Float32Array) || !(stats.denominator instanceof Float32Array) ||
    stats.numerator.length !== k * n || stats.denominator.length !== k * n) {
    throw new MatrixShapeError("SHAPE_MISMATCH", `${name} must hold rank×cols = ${k}×${n} Float32Array numerator and denominator`, name);
  }
  if (!Number.isInteger(stats.rows) || stats.rows < 1) {
    throw new MatrixShapeError("INVALID_TYPE", `${name}.rows must be a positive integer, got ${String(stats.rows)}`, name);
  }
  for (const field of ["numerator", "denominator"] as const) {
    const values = stats[field];
    for (let t = 0; t < values.length; t++) {
      if (!(values[t] >= 0 && values[t] < Infinity)) {
        throw new MatrixValueError(Number.isNaN(values[t]) ? "NAN_ENTRY" : values[t] < 0 ? "NEGATIVE_ENTRY" : "INFINITE_ENTRY",
          `${name}.${field} at (${Math.floor(t / n)}, ${t % n}) is ${values[t]}`, `${name}.${field}`, Math.floor(t / n), t % n);
      }
    }
  }
}

/** scikit-learn-style online NMF: fit, fitTransform, partialFit, transform, inverseTransform. */
export class MiniBatchNMF extends NMF {
  private readonly settings: MiniBatchSettings;
  private online: OnlineState | undefined;
  /** Mini-batch steps taken (by fit, or partialFit / applyStatistics calls since). */
  nSteps = 0;

  constructor(options: MiniBatchNMFOptions) {
    const settings = resolveMiniBatchOptions(options);
    super(baseOptions(options));
    this.settings = settings;
  }

  /** Fit to V by mini-batches of its rows; returns W (m×k). */
  override async fitTransform(V: MatrixInput): Promise<Matrix> {
    const s = this.settings, { base } = s;
    const store = rowStore(V, "V");
    const m = store.rows, n = store.cols, k = base.rank;
    const start = resolveStart(base, m, n);
    if (base.signal?.aborted) throw abortError(base.signal);
    const batchSize = Math.min(s.batchSize, m);
    const rho = s.forgetFactor ** (batchSize / m);
    const stepsPerEpoch = Math.ceil(m / batchSize);

    const result = await withEngine(async (engine) => {
      const H = engine.alloc(k, n), A = engine.alloc(k, n), B = engine.alloc(k, n), previousH = engine.alloc(k, n);
      const numer = engine.alloc(k, n), den = engine.alloc(k, n);
      const W = new Float32Array(m * k);
      this.initialize(engine, store, start, H, W);
      engine.view(A).set(engine.view(H));
      engine.fill(B, 1);
      engine.view(previousH).set(engine.view(H));

      const kernels = new StepKernels(engine, s, H);
      const monitor = new ConvergenceMonitor(m, base.tol, s.maxNoImprovement);
      const checkAbort = abortPoint(base.signal);
      const hChange = () => Math.sqrt(squaredDistance(engine, H, previousH) / engine.dot(H, H));
      let steps = 0, converged = false;
      while (steps < base.maxIter * stepsPerEpoch) {
        const first = (steps % stepsPerEpoch) * batchSize, last = Math.min(m, first + batchSize);
        const mark = engine.mark();
        const X = store.load(engine, k, first, last);
        let Wb: Buf;
        if (s.freshRestarts) {
          Wb = kernels.solveW(X, s.freshRestartsMaxIter);
        } else {
          Wb = engine.alloc(last - first, k);
          engine.write(Wb, W.subarray(first * k, last * k));
          kernels.updateW(X, Wb);
          W.set(engine.view(Wb), first * k);
        }
        const cost = kernels.cost(X, Wb) / (last - first);
        kernels.statistics(X, Wb, numer, den);
        kernels.apply(numer, den, A, B, rho);
        engine.release(mark);
        steps++;
        if (monitor.converged(steps, last - first, cost, hChange)) {
          converged = true;
          break;
        }
        engine.view(previousH).set(engine.view(H));
        await checkAbort();
      }

      const mark = engine.mark();
      const X = store.load(engine, k);
      let Wfinal: Buf;
      if (s.freshRestarts) {
        Wfinal = kernels.solveW(X, s.transformMaxIter);
      } else {
        Wfinal = engine.alloc(m, k);
        engine.write(Wfinal, W);
      }
      const error = reconstructionError(X, base.beta, Wfinal, H);
      const out = { W: readOut(engine, Wfinal), H: readOut(engine, H), error, steps, converged,
        A: engine.read(A), B: engine.read(B) };
      engine.release(mark);
      return out;
    });
    this.components = result.H;
    this.reconstructionError = result.error;
    this.nSteps = result.steps;
    this.iterations = Math.ceil(result.steps / stepsPerEpoch);
    this.converged = result.converged;
    this.online = { A: result.A, B: result.B, rho };
    return result.W;
  }

  /** Initial H (and W, rows of the whole V) from the start, in the engine. */
  private initialize(engine: Engine, store: RowStore, start: Start, H: Buf, W: Float32Array | undefined): void {
    const k = H.rows;
    const mark = engine.mark();
    const X = store.load(engine, k);
    rejectZerosForBeta(X, this.settings.base.beta);
    const Wbuf = engine.alloc(X.rows, k);
    writeStart(engine, X, start, Wbuf, H, this.settings.base.seed);
    W?.set(engine.view(Wbuf));
    engine.release(mark);
  }

  /**
   * One step on a chunk of rows (dense or CSR), for data that arrives in pieces: memory stays
   * O(chunk + rank·cols). The first call initializes H from its chunk (or from init.H).
   */
  async partialFit(chunk: MatrixInput): Promise<this> {
    const store = rowStore(chunk, "X");
    if (!this.online) await this.start(store);
    return this.applyStep(await this.statisticsOf(store));
  }

  /** The first partialFit's setup: H from the chunk, A = H, B = 1, ρ from the chunk's rows. */
  private async start(store: RowStore): Promise<void> {
    const s = this.settings, k = s.base.rank;
    const start = resolveStart(s.base, store.rows, store.cols);
    const H = await withEngine(async (engine) => {
      const Hbuf = engine.alloc(k, store.cols);
      this.initialize(engine, store, start, Hbuf, undefined);
      return readOut(engine, Hbuf);
    });
    this.components = H;
    this.online = {
      A: H.data.slice(), B: new Float32Array(H.data.length).fill(1),
      rho: s.forgetFactor ** (Math.min(s.batchSize, store.rows) / store.rows),
    };
    this.nSteps = 0;
  }

  /**
   * A shard's statistics for the next step: its rows' W solved against the current components
   * (freshRestartsMaxIter updates), then the sums of the H update. Needs components (fit, partialFit,
   * or assigned from a coordinator's model).
   */
  async statistics(chunk: MatrixInput): Promise<ShardStatistics> {
    return this.statisticsOf(rowStore(chunk, "X"));
  }

  private async statisticsOf(store: RowStore): Promise<ShardStatistics> {
    const H = this.components;
    if (!H) throw new NotFittedError("call fit or partialFit (or assign components) before statistics");
    if (store.cols !== H.cols) {
      throw new MatrixShapeError("SHAPE_MISMATCH", `X has ${store.cols} columns but the components have ${H.cols}`, "X");
    }
    const s = this.settings, k = H.rows, n = H.cols;
    return withEngine(async (engine) => {
      const Hbuf = engine.alloc(k, n), numer = engine.alloc(k, n), den = engine.alloc(k, n);
      engine.write(Hbuf, H.data);
      const X = store.load(engine, k);
      rejectZerosForBeta(X, s.base.beta);
      const kernels = new StepKernels(engine, s, Hbuf);
      const W = kernels.solveW(X, s.freshRestartsMaxIter);
      const cost = kernels.cost(X, W);
      kernels.statistics(X, W, numer, den);
      return { rows: X.rows, rank: k, cols: n, numerator: engine.read(numer), denominator: engine.read(den), cost };
    });
  }

  /** Sum shards' statistics (in the order given; sums are associative up to float rounding). */
  static mergeStatistics(list: ShardStatistics[]): ShardStatistics {
    if (!Array.isArray(list) || list.length === 0) {
      throw new MatrixShapeError("EMPTY_MATRIX", "mergeStatistics needs at least one ShardStatistics", "statistics");
    }
    const { rank, cols } = list[0];
    const merged: ShardStatistics = {
      rows: 0, rank, cols, numerator: new Float32Array(rank * cols), denominator: new Float32Array(rank * cols), cost: 0,
    };
    list.forEach((stats, i) => {
      checkStatistics(stats, rank, cols, `statistics[${i}]`);
      merged.rows += stats.rows;
      merged.cost += stats.cost;
      for (let t = 0; t < merged.numerator.length; t++) {
        merged.numerator[t] += stats.numerator[t];
        merged.denominator[t] += stats.denominator[t];
      }
    });
    return merged;
  }

  /** One step from (merged) statistics: A ← ρA + numerator, B ← ρB + denominator, H = A / B. */
  async applyStatistics(stats: ShardStatistics): Promise<this> {
    const H = this.components;
    if (!H || !this.online) throw new NotFittedError("call fit or partialFit before applyStatistics");
    checkStatistics(stats, H.rows, H.cols, "statistics");
    return this.applyStep(stats);
  }

  private async applyStep(stats: ShardStatistics): Promise<this> {
    const H = this.components!, online = this.online!;
    const k = H.rows, n = H.cols;
    const next = await withEngine(async (engine) => {
      const bufs = [H.data, stats.numerator, stats.denominator, online.A, online.B].map((data) => {
        const buf = engine.alloc(k, n);
        engine.write(buf, data);
        return buf;
      });
      const [Hbuf, numer, den, A, B] = bufs;
      new StepKernels(engine, this.settings, Hbuf).apply(numer, den, A, B, online.rho);
      return { H: readOut(engine, Hbuf), A: engine.read(A), B: engine.read(B) };
    });
    this.components = next.H;
    this.online = { ...online, A: next.A, B: next.B };
    this.nSteps++;
    return this;
  }

  /** W for new rows with the components fixed: transformMaxIter multiplicative updates (scikit-learn's _solve_W). */
  override async transform(V: MatrixInput): Promise<Matrix> {
    const H = this.components;
    if (!H) throw new NotFittedError("call fit, fitTransform or partialFit before transform");
    const store = rowStore(V, "V");
    if (store.cols !== H.cols) {
      throw new MatrixShapeError("SHAPE_MISMATCH", `V has ${store.cols} columns but the fitted components have ${H.cols}`, "V");
    }
    return withEngine(async (engine) => {
      const Hbuf = engine.alloc(H.rows, H.cols);
      engine.write(Hbuf, H.data);
      const X = store.load(engine, H.rows);
      rejectZerosForBeta(X, this.settings.base.beta);
      return readOut(engine, new StepKernels(engine, this.settings, Hbuf).solveW(X, this.settings.transformMaxIter));
    });
  }
}
