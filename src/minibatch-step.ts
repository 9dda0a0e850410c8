// The kernels of one MiniBatchNMF step in one engine (W solves and updates, the batch cost, the
// H statistics and their application) and scikit-learn's stopping test for fit.
import type { DataMatrix } from "./data/data-matrix.js";
import type { Buf, Engine } from "./engine.js";
import { onlineApply, onlineStatistics, squaredDistance } from "./engine-online.js";
import { meanOf } from "./init.js";
import { FROBENIUS, KULLBACK_LEIBLER, reconstructionError, updateExponent } from "./loss.js";
import type { MiniBatchSettings } from "./minibatch-options.js";
import { F32_SUBNORMAL_BELOW, F64_EPS } from "./mu-rules.js";
import { regularization } from "./nmf.js";
import { muHalfSteps } from "./solvers/mu.js";

/** The kernels of a step, in one engine: W solves and updates, costs, H statistics. */
export class StepKernels {
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
export class ConvergenceMonitor {
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
