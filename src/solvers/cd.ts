// Coordinate descent / HALS on the Frobenius loss (scikit-learn's _fit_coordinate_descent):
// each iteration sweeps every column of W, then every row of H, with exact non-negative
// coordinate updates from the Gram matrices and the products with V. H is kept transposed
// (Hᵀ, n×k) during the fit so both half-steps are the same row sweep, as scikit-learn does.
// Stopping: Σ|projected gradient| of an iteration relative to the first iteration's ≤ tol.
import type { Buf } from "../engine.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { CHECK_EVERY, type SolverOutcome, type SolverProblem } from "./mu.js";

export async function coordinateDescent(p: SolverProblem): Promise<SolverOutcome> {
  const { engine, V, W, H, maxIter, tol, reg, updateH } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  const Ht = engine.alloc(n, k);
  const VHt = engine.alloc(m, k), VtW = engine.alloc(n, k);
  const gramH = engine.alloc(k, k), gramW = engine.alloc(k, k);
  // Components in natural order (scikit-learn's default, shuffle=False).
  const order = engine.allocBytes(k * 4);
  new Int32Array(engine.memory.buffer, order, k).set(Array.from({ length: k }, (_, t) => t));
  engine.transpose(Ht, H);

  const errorAtInit = reconstructionError(V, FROBENIUS, W, H);
  const history = [{ iteration: 0, error: errorAtInit }];
  let violationAtFirst = 0;
  let iteration = 0;
  let converged = false;

  // With H fixed (transform), V·Hᵀ and HHᵀ never change.
  const prepareW = () => {
    V.vTimes(VHt, Ht);
    engine.gemm(gramH, Ht, Ht, { transA: true });
  };
  if (!updateH) prepareW();

  while (iteration < maxIter) {
    iteration++;
    if (updateH) prepareW();
    let violation = engine.coordinateDescentSweep(W, gramH, VHt, order, reg.l1W, reg.l2W);
    if (updateH) {
      V.vtTimes(VtW, W);
      engine.gemm(gramW, W, W, { transA: true });
      violation += engine.coordinateDescentSweep(Ht, gramW, VtW, order, reg.l1H, reg.l2H);
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
  // ⟨V, WH⟩ = ⟨Vᵀ·W, Hᵀ⟩ after an H update (VtW is for the current W), else ⟨V·Hᵀ, W⟩.
  const cross = updateH ? engine.dot(VtW, Ht) : engine.dot(VHt, W);
  return reconstructionError(V, FROBENIUS, W, H, { cross, gramDot: engine.dot(gramW, gramH) });
}
