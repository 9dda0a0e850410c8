// Multiplicative updates (Lee & Seung; scikit-learn's _fit_multiplicative_update) for the
// Frobenius and Kullback-Leibler losses. Each iteration updates W, then H. Every 10 iterations
// the error is checked: stop when (previous − current) / initial < tol.
// The loop only calls kernels: no allocation and no copy of V inside it.
import type { DataMatrix } from "../data/data-matrix.js";
import type { Buf, Engine } from "../engine.js";
import { reconstructionError, type Loss } from "../loss.js";

/** scikit-learn zeroes H entries below float64 epsilon after each KL update. */
const F64_EPS = 2.220446049250313e-16;
export const CHECK_EVERY = 10;

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
  loss: Loss;
  maxIter: number;
  tol: number;
  reg: Regularization;
  /** false: H stays fixed (transform). */
  updateH: boolean;
  /** Called after every iteration, with the error at checks; may stop the fit by throwing. */
  afterIteration: (iteration: number, error: number | undefined) => Promise<void> | void;
}

export interface SolverOutcome {
  iterations: number;
  converged: boolean;
  reconstructionError: number;
  history: { iteration: number; error: number }[];
}

export async function multiplicativeUpdates(p: SolverProblem): Promise<SolverOutcome> {
  const { engine, V, W, H, loss, maxIter, tol, reg, updateH } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  const frobenius = loss === "frobenius";

  const numerW = engine.alloc(m, k);
  const numerH = engine.alloc(k, n);
  // Frobenius: W·HHᵀ and WᵀW·H denominators; KL: broadcast sums of H rows and W columns.
  const denomW = frobenius ? engine.alloc(m, k) : engine.alloc(1, k);
  const denomH = frobenius ? engine.alloc(k, n) : engine.alloc(k, 1);
  const gramH = engine.alloc(k, k);
  const gramW = engine.alloc(k, k);

  const computeError = (): number => {
    if (!frobenius) return reconstructionError(V, loss, W, H);
    engine.gemm(gramW, W, W, { transA: true });
    engine.gemm(gramH, H, H, { transB: true });
    // numerH holds WᵀV for the current W after an H update; numerW holds VHᵀ when H is fixed.
    const cross = updateH ? engine.dot(numerH, H) : engine.dot(numerW, W);
    return reconstructionError(V, loss, W, H, { cross, gramDot: engine.dot(gramW, gramH) });
  };

  const errorAtInit = reconstructionError(V, loss, W, H);
  const history = [{ iteration: 0, error: errorAtInit }];
  let previous = errorAtInit;
  let lastError = errorAtInit;
  let iteration = 0;
  let converged = false;

  // With H fixed, the Frobenius W-update's V·Hᵀ and H·Hᵀ never change: form them once.
  if (frobenius && !updateH) {
    V.vTimesHt(numerW, H);
    engine.gemm(gramH, H, H, { transB: true });
  }

  while (iteration < maxIter) {
    iteration++;
    if (frobenius) {
      if (updateH) {
        V.vTimesHt(numerW, H);
        engine.gemm(gramH, H, H, { transB: true });
      }
      engine.gemm(denomW, W, gramH);
      engine.multiplicativeUpdate(W, numerW, denomW, "matrix", reg.l1W, reg.l2W, 0);
    } else {
      V.klNumeratorW(numerW, W, H);
      engine.rowSums(H, denomW);
      engine.multiplicativeUpdate(W, numerW, denomW, "row", reg.l1W, reg.l2W, 0);
    }

    if (updateH) {
      if (frobenius) {
        V.wtTimesV(numerH, W);
        engine.gemm(gramW, W, W, { transA: true });
        engine.gemm(denomH, gramW, H);
        engine.multiplicativeUpdate(H, numerH, denomH, "matrix", reg.l1H, reg.l2H, 0);
      } else {
        V.klNumeratorH(numerH, W, H);
        engine.columnSums(W, denomH, 1); // scikit-learn: zero column sums of W become 1
        engine.multiplicativeUpdate(H, numerH, denomH, "column", reg.l1H, reg.l2H, F64_EPS);
      }
    }

    if (iteration % CHECK_EVERY === 0) {
      lastError = computeError();
      history.push({ iteration, error: lastError });
      await p.afterIteration(iteration, lastError);
      // A start that is already exact (error 0) has nothing left to improve.
      if (tol > 0 && (errorAtInit === 0 || (previous - lastError) / errorAtInit < tol)) {
        converged = true;
        break;
      }
      previous = lastError;
    } else {
      await p.afterIteration(iteration, undefined);
    }
  }

  // The reported error is always summed directly, so it never carries trace-form rounding.
  const finalError = reconstructionError(V, loss, W, H);
  return { iterations: iteration, converged, reconstructionError: finalError, history };
}
