// The default KL fit: a short Frobenius 'hals' fit from the init, then KL multiplicative updates.
// MU crawls from NNDSVD on dense data (ALGORITHMS.md §4: planted 3000×1500, KL error 356 after
// 1000 MU iterations, 73 after a few dozen A-HALS ones and one MU step); the Frobenius fit puts
// it near the KL solution for a few passes over V. The warm-up runs at most `warmIterations`
// iterations and stops earlier by hals' own rule at a fixed tol of 1e-4 (sparse text converges
// in a few, a dense planted set uses them all), whatever the fit's tol, so a fit with tol 0 runs
// the same algorithm as the default. It belongs to the initialization:
// no history, no progress events (its errors are Frobenius), aborts still honoured.
import { FROBENIUS } from "../loss.js";
import { hals } from "./hals.js";
import { multiplicativeUpdates, type SolverOutcome, type SolverProblem } from "./mu.js";

/** hals' stopping tol during the warm-up (its default's). */
const WARM_START_TOL = 1e-4;
const NO_REGULARIZATION = { l1W: 0, l2W: 0, l1H: 0, l2H: 0 };

export function klWarmStarted(warmIterations: number): (p: SolverProblem) => Promise<SolverOutcome> {
  return async (p) => {
    await hals({
      ...p, beta: FROBENIUS, maxIter: warmIterations, tol: WARM_START_TOL, reg: NO_REGULARIZATION,
      afterIteration: (iteration) => p.afterIteration(iteration, undefined),
    });
    return multiplicativeUpdates(p);
  };
}
