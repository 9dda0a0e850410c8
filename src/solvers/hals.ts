// 'hals': accelerated HALS (Gillis & Glineur 2012) with extrapolation and restarts (Ang & Gillis
// 2019), the default Frobenius solver. H is kept transposed, as in alternating.ts, so both
// half-steps are the same row problem for the row-blocked sweep kernel (assembly/hals.ts).
//   Outer iteration (both factors free), from the accepted (W, H) and extrapolated (Wy, Hy):
//     Hn ← A-HALS of H against Wy, from Hy;   Hy ← max(0, Hn + β(Hn − H))
//     Wn ← A-HALS of W against Hy, from Wy;   Wy ← Wn + β(Wn − W)
//     f = objective of (Wn, Hy), from the products the W half-step formed (no extra pass);
//     f rose since the last iteration → restart (Wy, Hy ← W, H; β ← β/η, β_max ← the last β),
//     else accept (W, H ← Wn, Hn; β ← min(β_max, γβ), β_max ← min(1, γ̄β_max)).
//   The best (Wn, Hy) seen is the result, so the reported error never rises.
//   A-HALS half-step: the products (V·Y, YᵀY) once, then at most ⌊1 + α·ρ⌋ sweeps, where ρ is
//   how many sweeps cost as much as the products (ρ_W = 1 + (K + n·k)/(m·(k + 1)), K = stored
//   entries of V), stopping a block of rows early once a sweep changed it by less than δ² of its
//   first sweep. Deterministic: no timer, no thread-dependent order.
// With one factor fixed (updateW/updateH false, transform) the problem is convex: plain A-HALS
// on the free factor, its products formed once.
// Stopping: every CHECK_EVERY iterations, stop when the last CHECK_EVERY iterations improved the
// best objective f, as the error-like √(2f) (= ‖V − WH‖ without regularization), by less than tol
// × its current value (or × 1e-4·‖V‖ when the fit is closer than that). Relative to the current value, not the initial one as MU's rule: an
// NNDSVD-A start can be 10⁴–10⁵× the final error (its zeros are filled with mean(V)), and a rule
// relative to that stopped hals at 3× the best error on a planted set (docs/solvers.md).
import type { Buf, Engine } from "../engine.js";
import { squaredErrorFromTraces } from "../data/data-matrix.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { CHECK_EVERY } from "../mu-rules.js";
import type { SolverOutcome, SolverProblem } from "./mu.js";

/** Inner-sweep budget factor α (Gillis & Glineur use 0.5; 1 measured better here: docs/solvers.md). */
export const HALS_ALPHA = 1;
/** Early exit of the inner sweeps: a block stops below δ² of its first sweep's change. */
export const HALS_DELTA = 0.1;
/** Ang & Gillis' extrapolation parameters for A-HALS: β₀, η, γ, γ̄. */
const BETA0 = 0.5, ETA = 1.5, GAMMA = 1.01, GAMMA_BAR = 1.005;
/** Outer iterations of plain A-HALS before extrapolation starts (measured in docs/solvers.md). */
export const EXTRAPOLATE_AFTER = 0;

/** ⌊1 + α·ρ⌋ sweeps for the rows of a factor with `rows` rows against one with `other` rows. */
export function sweepBudget(nonZeros: number, rows: number, other: number, k: number, alpha = HALS_ALPHA): number {
  const rho = 1 + (nonZeros + other * k) / (rows * (k + 1));
  return Math.max(1, Math.floor(1 + alpha * rho));
}

export async function hals(p: SolverProblem): Promise<SolverOutcome> {
  return p.updateW && p.updateH ? extrapolated(p) : oneFactor(p);
}

/**
 * Below this fraction of ‖V‖ the stopping test measures improvement against the fraction instead
 * of the error itself: a near-exact fit then stops once it gains less than tol × 1e-4·‖V‖ per
 * check, instead of chasing relative gains at float32's resolution.
 */
const EXACT_FIT_FRACTION = 1e-4;

/** The stopping test: √(2f) improved by less than tol × max(√(2f), 1e-4·‖V‖) since the last check. */
export function improvedLittle(objectiveAtCheck: number, objective: number, tol: number, normV: number): boolean {
  const before = Math.sqrt(2 * Math.max(objectiveAtCheck, 0)), now = Math.sqrt(2 * Math.max(objective, 0));
  return tol > 0 && (now === 0 || before - now < tol * Math.max(now, EXACT_FIT_FRACTION * normV));
}

/** The l1/l2 penalty of the objective for X with the weights of its half-step. */
function penalty(engine: Engine, X: Buf, l1: number, l2: number): number {
  return (l1 ? l1 * engine.sum(X) : 0) + (l2 ? 0.5 * l2 * engine.dot(X, X) : 0);
}

/** ‖V − X·Yᵀ‖² from the traces where accurate, else summed directly (with H = Yᵀ written out). */
function squaredError(p: SolverProblem, W: Buf, cross: number, gramDot: number, Ht: Buf): number {
  const fromTraces = squaredErrorFromTraces(p.V.sumSquares, { cross, gramDot });
  if (fromTraces !== undefined) return fromTraces;
  p.engine.transpose(p.H, Ht);
  return p.V.squaredError(W, p.H);
}

async function extrapolated(p: SolverProblem): Promise<SolverOutcome> {
  const { engine, V, maxIter, tol, reg } = p;
  const m = V.rows, n = V.cols, k = p.W.cols;
  const matrix = (rows: number) => engine.alloc(rows, k);
  let W = matrix(m), Wn = matrix(m);
  const Wy = matrix(m), Wbest = matrix(m);
  let Ht = matrix(n), Htn = matrix(n);
  const Hty = matrix(n), Htbest = matrix(n);
  const VHt = matrix(m), VtW = matrix(n);
  const gramW = engine.alloc(k, k), gramH = engine.alloc(k, k);
  const work = engine.allocHalsWork(k);
  const budgetW = sweepBudget(V.nonZeros, m, n, k), budgetH = sweepBudget(V.nonZeros, n, m, k);

  engine.copy(W, p.W);
  engine.transpose(Ht, p.H);
  engine.copy(Wy, W);
  engine.copy(Hty, Ht);
  engine.copy(Wbest, W);
  engine.copy(Htbest, Ht);
  const penalties = (Wx: Buf, Htx: Buf) => penalty(engine, Wx, reg.l1W, reg.l2W) + penalty(engine, Htx, reg.l1H, reg.l2H);

  const errorAtInit = reconstructionError(V, FROBENIUS, p.W, p.H);
  const objectiveAtInit = 0.5 * errorAtInit ** 2 + penalties(W, Ht);
  const history = [{ iteration: 0, error: errorAtInit }];
  let best = { objective: objectiveAtInit, error: errorAtInit };
  let objectiveAtCheck = objectiveAtInit;
  let last = objectiveAtInit;
  let beta = BETA0, betaMax = 1, betaBefore = BETA0;
  let iteration = 0;
  let converged = false;

  while (iteration < maxIter) {
    iteration++;
    const b = iteration > EXTRAPOLATE_AFTER ? beta : 0;
    // H against Wy, from Hy; then Hy extrapolated and projected.
    V.vtTimes(VtW, Wy);
    engine.gemm(gramW, Wy, Wy, { transA: true });
    engine.copy(Htn, Hty);
    engine.halsSweeps(Htn, gramW, VtW, reg.l1H, reg.l2H, budgetH, HALS_DELTA, work);
    engine.extrapolate(Hty, Htn, Ht, b, true);
    // W against Hy, from Wy; then Wy extrapolated (not projected, as Ang & Gillis).
    V.vTimes(VHt, Hty);
    engine.gemm(gramH, Hty, Hty, { transA: true });
    engine.copy(Wn, Wy);
    engine.halsSweeps(Wn, gramH, VHt, reg.l1W, reg.l2W, budgetW, HALS_DELTA, work);
    engine.extrapolate(Wy, Wn, W, b, false);
    // The objective of (Wn, Hy) from V·Hyᵀ and Hy·Hyᵀ, already formed.
    engine.gemm(gramW, Wn, Wn, { transA: true });
    const squared = squaredError(p, Wn, engine.dot(VHt, Wn), engine.dot(gramW, gramH), Hty);
    const objective = 0.5 * Math.max(squared, 0) + penalties(Wn, Hty);

    if (objective <= best.objective) {
      best = { objective, error: Math.sqrt(Math.max(squared, 0)) };
      engine.copy(Wbest, Wn);
      engine.copy(Htbest, Hty);
    }
    const rose = objective > last;
    last = objective;
    if (rose && b > 0) {
      engine.copy(Wy, W);
      engine.copy(Hty, Ht);
      betaMax = betaBefore;
      betaBefore = beta;
      beta /= ETA;
    } else {
      [W, Wn] = [Wn, W];
      [Ht, Htn] = [Htn, Ht];
      betaBefore = beta;
      if (b > 0) {
        beta = Math.min(betaMax, GAMMA * beta);
        betaMax = Math.min(1, GAMMA_BAR * betaMax);
      }
    }

    const check = iteration % CHECK_EVERY === 0;
    const done = check && improvedLittle(objectiveAtCheck, best.objective, tol, Math.sqrt(V.sumSquares));
    if (check || iteration === maxIter) {
      history.push({ iteration, error: best.error });
      await p.afterIteration(iteration, best.error);
      objectiveAtCheck = best.objective;
    } else {
      await p.afterIteration(iteration, undefined);
    }
    if (done) {
      converged = true;
      break;
    }
  }

  engine.copy(p.W, Wbest);
  engine.transpose(p.H, Htbest);
  return { iterations: iteration, converged, reconstructionError: reconstructionError(V, FROBENIUS, p.W, p.H), history };
}

/** One factor fixed: A-HALS on the other, from products formed once. */
async function oneFactor(p: SolverProblem): Promise<SolverOutcome> {
  const { engine, V, W, H, maxIter, tol, reg, updateW } = p;
  const n = V.cols, k = W.cols;
  const work = engine.allocHalsWork(k);
  // The free factor as rows (W, or Hᵀ), the fixed one's Gram matrix and product with V.
  const X = updateW ? W : engine.alloc(n, k);
  const Y = updateW ? engine.alloc(n, k) : W;
  const gramY = engine.alloc(k, k), gramX = engine.alloc(k, k), P = engine.alloc(X.rows, k);
  if (updateW) {
    engine.transpose(Y, H);
    V.vTimes(P, Y);
  } else {
    engine.transpose(X, H);
    V.vtTimes(P, W);
  }
  engine.gemm(gramY, Y, Y, { transA: true });
  const l1 = updateW ? reg.l1W : reg.l1H, l2 = updateW ? reg.l2W : reg.l2H;
  const budget = sweepBudget(V.nonZeros, X.rows, Y.rows, k);
  const objectiveOf = (squared: number) => 0.5 * Math.max(squared, 0) + penalty(engine, X, l1, l2);

  const errorAtInit = reconstructionError(V, FROBENIUS, W, H);
  const objectiveAtInit = objectiveOf(errorAtInit ** 2);
  const history = [{ iteration: 0, error: errorAtInit }];
  let objectiveAtCheck = objectiveAtInit;
  let iteration = 0;
  let converged = false;

  while (iteration < maxIter) {
    iteration++;
    engine.halsSweeps(X, gramY, P, l1, l2, budget, HALS_DELTA, work);
    const check = iteration % CHECK_EVERY === 0;
    if (check || iteration === maxIter) {
      engine.gemm(gramX, X, X, { transA: true });
      const squared = squaredError(p, W, engine.dot(P, X), engine.dot(gramX, gramY), updateW ? Y : X);
      const objective = objectiveOf(squared);
      const error = Math.sqrt(Math.max(squared, 0));
      history.push({ iteration, error });
      await p.afterIteration(iteration, error);
      if (check && improvedLittle(objectiveAtCheck, objective, tol, Math.sqrt(V.sumSquares))) {
        converged = true;
        break;
      }
      objectiveAtCheck = objective;
    } else {
      await p.afterIteration(iteration, undefined);
    }
  }

  if (!updateW) engine.transpose(H, X);
  return { iterations: iteration, converged, reconstructionError: reconstructionError(V, FROBENIUS, W, H), history };
}
