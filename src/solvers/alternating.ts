// Solvers that alternate exact(ish) half-steps over the rows of W and of Hᵀ, each from the Gram
// matrix of the other factor and its product with V (scikit-learn's _fit_coordinate_descent
// layout: H is kept transposed during the fit so both half-steps are the same row problem):
//   'cd'   coordinate descent / HALS: one sweep of exact coordinate updates per half-step
//   'anls' alternating NNLS: each half-step solved exactly by block principal pivoting
// Stopping (scikit-learn's cd rule): Σ|projected gradient| of an iteration relative to the
// first iteration's ≤ tol. Frobenius loss only.
import type { Buf } from "../engine.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { CHECK_EVERY } from "../mu-rules.js";
import type { SolverOutcome, SolverProblem } from "./mu.js";

/** Update the rows of X for ½‖V − X·Yᵀ‖² + l1·ΣX + ½·l2·‖X‖², given G = YᵀY and P = V·Y; returns Σ|pg|. */
type RowHalfStep = (X: Buf, G: Buf, P: Buf, l1: number, l2: number) => number;

export function coordinateDescent(p: SolverProblem): Promise<SolverOutcome> {
  const { engine } = p;
  // Components in natural order (scikit-learn's default, shuffle=False).
  const order = engine.allocInt32(Array.from({ length: p.W.cols }, (_, t) => t));
  const row = engine.allocCdRow(p.W.cols);
  return alternate(p, (X, G, P, l1, l2) => engine.coordinateDescentSweep(X, G, P, order, l1, l2, row), (k) => k * k);
}

export function alternatingNnls(p: SolverProblem): Promise<SolverOutcome> {
  const { engine } = p;
  const work = engine.allocNnlsWork(p.W.cols);
  return alternate(p, (X, G, P, l1, l2) => engine.nnlsRows(X, G, P, l1, l2, work), (k) => k * k * k);
}

/**
 * Work (multiply-adds, estimated) of one slice of a half-step's rows: a fit yields (and can be
 * aborted) between slices. Roughly 10 ms of kernel time; slices are fixed by the problem's shape,
 * never by timing, so a fit's numbers do not depend on the machine's speed or the thread count.
 */
const SLICE_WORK = 2 ** 24;

/**
 * The half-step over row slices with a pause between them: rows are independent given G and P, so
 * W and H are the same as in one call; Σ|pg| is summed slice by slice in order. A row costs about
 * k² (a cd sweep) or k³ (an NNLS solve, whose pivoting may repeat it).
 */
function sliced(p: SolverProblem, halfStep: RowHalfStep, rowCost: (k: number) => number):
  (X: Buf, G: Buf, P: Buf, l1: number, l2: number) => Promise<number> {
  const { engine } = p;
  return async (X, G, P, l1, l2) => {
    const rowsPerSlice = Math.max(1, Math.floor(SLICE_WORK / rowCost(X.cols)));
    if (rowsPerSlice >= X.rows) return halfStep(X, G, P, l1, l2);
    let violation = 0;
    for (let i0 = 0; i0 < X.rows;) {
      const i1 = Math.min(X.rows, i0 + rowsPerSlice);
      violation += halfStep(engine.rowSlice(X, i0, i1), G, engine.rowSlice(P, i0, i1), l1, l2);
      i0 = i1;
      if (i0 < X.rows) await p.pause?.();
    }
    return violation;
  };
}

async function alternate(p: SolverProblem, rowHalfStep: RowHalfStep, rowCost: (k: number) => number): Promise<SolverOutcome> {
  const { engine, V, W, H, maxIter, tol, reg, updateW, updateH } = p;
  const halfStep = sliced(p, rowHalfStep, rowCost);
  const m = V.rows, n = V.cols, k = W.cols;
  const Ht = engine.alloc(n, k);
  const VHt = engine.alloc(m, k), VtW = engine.alloc(n, k);
  const gramH = engine.alloc(k, k), gramW = engine.alloc(k, k);
  engine.transpose(Ht, H);

  const errorAtInit = reconstructionError(V, FROBENIUS, W, H);
  const history = [{ iteration: 0, error: errorAtInit }];
  let violationAtFirst = 0;
  let iteration = 0;
  let converged = false;

  // A fixed factor's products with V and Gram matrix never change: form them once.
  const prepareW = () => {
    V.vTimes(VHt, Ht);
    engine.gemm(gramH, Ht, Ht, { transA: true });
  };
  const prepareH = () => {
    V.vtTimes(VtW, W);
    engine.gemm(gramW, W, W, { transA: true });
  };
  if (!updateH) prepareW();
  if (!updateW) prepareH();

  while (iteration < maxIter) {
    iteration++;
    let violation = 0;
    if (updateW) {
      if (updateH) prepareW();
      violation += await halfStep(W, gramH, VHt, reg.l1W, reg.l2W);
    }
    if (updateH) {
      if (updateW) prepareH();
      violation += await halfStep(Ht, gramW, VtW, reg.l1H, reg.l2H);
    }
    if (iteration === 1) violationAtFirst = violation;
    const done = violationAtFirst === 0 || violation / violationAtFirst <= tol;

    if (iteration % CHECK_EVERY === 0 || done || iteration === maxIter) {
      const error = checkError(p, Ht, VHt, VtW, gramW, gramH);
      history.push({ iteration, error });
      await p.afterIteration(iteration, error);
    } else {
      await p.afterIteration(iteration, undefined);
    }
    if (done) {
      converged = true;
      break;
    }
  }

  engine.transpose(H, Ht);
  return { iterations: iteration, converged, reconstructionError: reconstructionError(V, FROBENIUS, W, H), history };
}

/** The error at a check, from the traces the iteration left (H written back from Hᵀ). */
function checkError(p: SolverProblem, Ht: Buf, VHt: Buf, VtW: Buf, gramW: Buf, gramH: Buf): number {
  const { engine, V, W, H, updateH } = p;
  engine.transpose(H, Ht);
  engine.gemm(gramW, W, W, { transA: true });
  engine.gemm(gramH, Ht, Ht, { transA: true });
  // ⟨V, WH⟩ = ⟨Vᵀ·W, Hᵀ⟩ when VtW is for the current W (after an H update), else ⟨V·Hᵀ, W⟩.
  const cross = updateH ? engine.dot(VtW, Ht) : engine.dot(VHt, W);
  return reconstructionError(V, FROBENIUS, W, H, { cross, gramDot: engine.dot(gramW, gramH) });
}
