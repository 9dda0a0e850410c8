// MiniBatchNMF: scikit-learn 1.2's online NMF (Lefèvre, Bach & Févotte 2011), camelCase.
// Each step takes a batch of rows, updates its W (one multiplicative update, or a fresh solve),
// then H from running statistics A ← ρ·A + H^(1/γ)·numer, B ← ρ·B + denom, H = (A / B)^γ.
// A step's statistics are sums over the batch's rows, so shards of a batch can compute theirs
// anywhere and a coordinator sums them (statistics / mergeStatistics / applyStatistics).
import { rowStore, type RowStore } from "./data/row-store.js";
import { withEngine, type Buf, type Engine } from "./engine.js";
import { squaredDistance } from "./engine-online.js";
import { MatrixShapeError, NotFittedError, abortError } from "./errors.js";
import { reconstructionError } from "./loss.js";
import type { Matrix, MatrixInput } from "./matrix.js";
import { baseOptions, resolveMiniBatchOptions, type MiniBatchNMFOptions, type MiniBatchSettings } from "./minibatch-options.js";
import { checkStatistics, mergeStatistics, type ShardStatistics } from "./minibatch-statistics.js";
import { ConvergenceMonitor, StepKernels } from "./minibatch-step.js";
import { NMF, readOut, rejectZerosForBeta, resolveStart, writeStart, type Start } from "./nmf.js";
import { pacer } from "./pacing.js";

export type { MiniBatchNMFOptions } from "./minibatch-options.js";
export type { ShardStatistics } from "./minibatch-statistics.js";

/** The online state besides H: scikit-learn's _components_numerator / _components_denominator and ρ. */
interface OnlineState {
  A: Float32Array;
  B: Float32Array;
  rho: number;
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
      await this.initialize(engine, store, start, H, W);
      engine.view(A).set(engine.view(H));
      engine.fill(B, 1);
      engine.view(previousH).set(engine.view(H));

      const kernels = new StepKernels(engine, s, H);
      const monitor = new ConvergenceMonitor(m, base.tol, s.maxNoImprovement);
      const checkAbort = pacer(base.signal);
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
  private async initialize(engine: Engine, store: RowStore, start: Start, H: Buf, W: Float32Array | undefined): Promise<void> {
    const k = H.rows;
    const mark = engine.mark();
    const X = store.load(engine, k);
    rejectZerosForBeta(X, this.settings.base.beta);
    const Wbuf = engine.alloc(X.rows, k);
    await writeStart(engine, X, start, Wbuf, H, { seed: this.settings.base.seed, updateW: true, updateH: true });
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
      await this.initialize(engine, store, start, Hbuf, undefined);
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
    return mergeStatistics(list);
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
