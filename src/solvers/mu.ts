// Multiplicative updates (Lee & Seung; scikit-learn's _fit_multiplicative_update) for any
// β-divergence: Frobenius (β = 2) and Kullback-Leibler (β = 1) on their fast kernels, other β
// (Itakura-Saito = 0, …) on the general ones with scikit-learn's exponent γ. Each iteration
// updates W, then H, with the zero rules of mu-rules.ts. Every 10 iterations the error is
// checked: stop when (previous − current) / initial < tol.
// The loop only calls kernels: no allocation and no copy of V inside it.
import type { DataMatrix } from "../data/data-matrix.js";
import { Engine, type Buf } from "../engine.js";
import { CHECK_EVERY, F32_SUBNORMAL_BELOW, F64_EPS, stalled } from "../mu-rules.js";
import { FROBENIUS, KULLBACK_LEIBLER, klErrorFromDivergence, reconstructionError, updateExponent } from "../loss.js";

export interface Regularization {
  l1W: number;
  l2W: number;
  l1H: number;
  l2H: number;
}

export interface SolverProblem {
  engine: Engine;
  V: DataMatrix;
  W: Buf;
  H: Buf;
  /** The loss as its β (2 Frobenius, 1 KL, 0 Itakura-Saito, …). */
  beta: number;
  maxIter: number;
  tol: number;
  reg: Regularization;
  /** false: W stays fixed. */
  updateW: boolean;
  /** false: H stays fixed (transform). */
  updateH: boolean;
  /** Called after every iteration, with the error at checks; may stop the fit by throwing. */
  afterIteration: (iteration: number, error: number | undefined) => Promise<void> | void;
  /** Multiplicative updates with other half-steps (graph-regularized NMF); default muHalfSteps. */
  halfSteps?: (p: SolverProblem) => HalfSteps;
  /** A pause point inside a long iteration (yields on the fit's time budget; may throw an abort). */
  pause?: () => Promise<void>;
}

export interface SolverOutcome {
  iterations: number;
  converged: boolean;
  reconstructionError: number;
  history: { iteration: number; error: number }[];
}

/** The numerators and denominators of one half-step, by loss. */
export interface HalfSteps {
  updateW(): void;
  updateH(): void;
  /**
   * Error at a check (Frobenius: from traces the half-steps left). `last`: no iteration follows,
   * so nothing the check could prepare for the next one is wanted.
   */
  error(last: boolean): number;
}

function frobeniusSteps(p: SolverProblem): HalfSteps {
  const { engine, V, W, H, reg, updateH } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  // Denominators W·HHᵀ and WᵀW·H are fused into the update kernels: no m×k or k×n matrix for them.
  const numerW = engine.alloc(m, k), numerH = engine.alloc(k, n);
  const gramH = engine.alloc(k, k), gramW = engine.alloc(k, k);
  const scratch = engine.allocGramUpdateScratch(k);
  // With H fixed, V·Hᵀ and H·Hᵀ never change: form them once.
  const prepareW = () => {
    V.vTimesHt(numerW, H);
    engine.gemm(gramH, H, H, { transB: true });
  };
  if (!updateH) prepareW();
  return {
    updateW() {
      if (updateH) prepareW();
      engine.multiplicativeUpdateGram("rows", W, numerW, gramH, reg.l1W, reg.l2W, F32_SUBNORMAL_BELOW, scratch);
    },
    updateH() {
      V.wtTimesV(numerH, W);
      engine.gemm(gramW, W, W, { transA: true });
      engine.multiplicativeUpdateGram("columns", H, numerH, gramW, reg.l1H, reg.l2H, F32_SUBNORMAL_BELOW, scratch);
    },
    error() {
      engine.gemm(gramW, W, W, { transA: true });
      engine.gemm(gramH, H, H, { transB: true });
      // numerH holds WᵀV for the current W after an H update; numerW holds VHᵀ when H is fixed.
      const cross = updateH ? engine.dot(numerH, H) : engine.dot(numerW, W);
      return reconstructionError(V, FROBENIUS, W, H, { cross, gramDot: engine.dot(gramW, gramH) });
    },
  };
}

function klSteps(p: SolverProblem): HalfSteps {
  const { engine, V, W, H, reg } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  const numerW = engine.alloc(m, k), numerH = engine.alloc(k, n);
  // Denominators are broadcast sums of H's rows and W's columns: no m×k or k×n matrix.
  const rowSumsH = engine.alloc(1, k), colSumsW = engine.alloc(k, 1);
  // A check forms WH at the non-zeros of V for the current W and H, as the next W update's
  // numerator does: it fills numerW as it goes, and that update reuses it.
  let numerWCurrent = false;
  return {
    updateW() {
      if (!numerWCurrent) V.klNumeratorW(numerW, W, H);
      numerWCurrent = false;
      engine.rowSums(H, rowSumsH);
      engine.multiplicativeUpdate(W, numerW, rowSumsH, "row", reg.l1W, reg.l2W, F64_EPS);
    },
    updateH() {
      numerWCurrent = false;
      V.klNumeratorH(numerH, W, H, p.updateW); // H unchanged since the W half-step
      engine.columnSums(W, colSumsW, 1); // scikit-learn: zero column sums of W become 1
      engine.multiplicativeUpdate(H, numerH, colSumsW, "column", reg.l1H, reg.l2H, F64_EPS);
    },
    error(last) {
      if (last || !p.updateW) return reconstructionError(V, KULLBACK_LEIBLER, W, H);
      numerWCurrent = true;
      return klErrorFromDivergence(V.klNumeratorWAndDivergence(numerW, W, H));
    },
  };
}

function betaSteps(p: SolverProblem): HalfSteps {
  const { engine, V, W, H, reg, beta } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  const numerW = engine.alloc(m, k), denomW = engine.alloc(m, k);
  const numerH = engine.alloc(k, n), denomH = engine.alloc(k, n);
  const scratch = engine.allocRowBlock(m, n);
  const gamma = updateExponent(beta);
  const zeroBelow = beta <= 1 ? F64_EPS : F32_SUBNORMAL_BELOW;
  return {
    updateW() {
      V.betaNumeratorW(numerW, W, H, beta);
      engine.betaProduct("forW", denomW, null, W, H, beta, scratch);
      engine.multiplicativeUpdate(W, numerW, denomW, "matrix", reg.l1W, reg.l2W, zeroBelow, gamma);
    },
    updateH() {
      V.betaNumeratorH(numerH, W, H, beta, p.updateW);
      engine.betaProduct("forH", denomH, null, W, H, beta, scratch);
      engine.multiplicativeUpdate(H, numerH, denomH, "matrix", reg.l1H, reg.l2H, zeroBelow, gamma);
    },
    error: () => reconstructionError(V, beta, W, H),
  };
}

/** The half-steps of the loss p.beta (their scratch allocated now, in p.engine's arena). */
export function muHalfSteps(p: SolverProblem): HalfSteps {
  return p.beta === FROBENIUS ? frobeniusSteps(p) : p.beta === KULLBACK_LEIBLER ? klSteps(p) : betaSteps(p);
}

export async function multiplicativeUpdates(p: SolverProblem): Promise<SolverOutcome> {
  const { V, W, H, beta, maxIter, tol, updateW, updateH } = p;
  const steps = (p.halfSteps ?? muHalfSteps)(p);

  const errorAtInit = reconstructionError(V, beta, W, H);
  const history = [{ iteration: 0, error: errorAtInit }];
  let previous = errorAtInit;
  let iteration = 0;
  let converged = false;

  while (iteration < maxIter) {
    iteration++;
    if (updateW) steps.updateW();
    if (updateH) steps.updateH();

    if (iteration % CHECK_EVERY === 0) {
      const error = steps.error(iteration === maxIter);
      history.push({ iteration, error });
      await p.afterIteration(iteration, error);
      // A start that is already exact (error 0) has nothing left to improve.
      if (stalled(previous, error, errorAtInit, tol)) {
        converged = true;
        break;
      }
      previous = error;
    } else {
      await p.afterIteration(iteration, undefined);
    }
  }

  // The reported error is always summed directly, so it never carries trace-form rounding.
  return { iterations: iteration, converged, reconstructionError: reconstructionError(V, beta, W, H), history };
}
