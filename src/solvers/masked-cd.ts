// Coordinate descent (HALS) for masked / weighted Frobenius NMF: each half-step is one sweep of
// exact coordinate updates per row of W (then of Hᵀ), every row with the weighted Gram of the other
// factor over its own observed entries (assembly/masked-cd.ts). Stopping as scikit-learn's
// cd: Σ|projected gradient| of an iteration relative to the first iteration's ≤ tol.
import type { MaskedData } from "../data/masked-data.js";
import { maskedCdScratchBytes, maskedCdSweep } from "../engine-masked.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { CHECK_EVERY } from "../mu-rules.js";
import type { SolverOutcome, SolverProblem } from "./mu.js";

export async function maskedCoordinateDescent(p: SolverProblem, V: MaskedData): Promise<SolverOutcome> {
  const { engine, W, H, maxIter, tol, reg, updateW, updateH } = p;
  const k = W.cols;
  const Ht = engine.alloc(H.cols, k);
  const order = engine.allocInt32(Array.from({ length: k }, (_, t) => t));
  const scratch = engine.allocBytes(maskedCdScratchBytes(engine, k));
  engine.transpose(Ht, H);
  const entries = V.observedEntries();
  const error = () => {
    engine.transpose(H, Ht);
    return reconstructionError(V, FROBENIUS, W, H);
  };

  const errorAtInit = error();
  const history = [{ iteration: 0, error: errorAtInit }];
  let violationAtFirst = 0, iteration = 0, converged = false;
  while (iteration < maxIter) {
    iteration++;
    let violation = 0;
    if (updateW) violation += maskedCdSweep(engine, entries.byRow, entries.rowWeights, Ht, W, order, reg.l1W, reg.l2W, scratch);
    if (updateH) violation += maskedCdSweep(engine, entries.byColumn, entries.columnWeights, W, Ht, order, reg.l1H, reg.l2H, scratch);
    if (iteration === 1) violationAtFirst = violation;
    const done = violationAtFirst === 0 || violation / violationAtFirst <= tol;
    if (iteration % CHECK_EVERY === 0 || done || iteration === maxIter) {
      const e = error();
      history.push({ iteration, error: e });
      await p.afterIteration(iteration, e);
    } else {
      await p.afterIteration(iteration, undefined);
    }
    if (done) {
      converged = true;
      break;
    }
  }
  return { iterations: iteration, converged, reconstructionError: error(), history };
}
