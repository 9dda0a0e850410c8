// Fits at any float32 scale. NMF is scale-equivariant: V·2ᵛ = (W·2ʷ)(H·2ʰ) with v = w + h, and
// D_β(sV‖sWH) = s^β·D_β(V‖WH). float32 products are not: V scaled by 1e19 (cd), 1e17 (MU
// Frobenius), 1e10 (β = 3) or 1e-20 (Itakura-Saito) overflowed or underflowed to NaN. So V
// (and a given init) is scaled by a power of two, exact in float32, to bring its largest
// entry to [1, 2), the regularization is rescaled so the problem solved is the same, and the
// factors and errors are scaled back. V already within a safe band of 1 is not touched: those
// fits stay bit-identical.
import { NMFError } from "./errors.js";
import type { Regularization } from "./solvers/mu.js";

/** V, W, H were multiplied by 2^v, 2^w, 2^h (v = w + h). */
export interface Scaling {
  v: number;
  w: number;
  h: number;
}

export const NO_SCALING: Scaling = { v: 0, w: 0, h: 0 };

/**
 * Largest |log2 max(V)| left alone for loss β: WH^(β−1) and the f32 products of up to ~2³¹ terms
 * stay far inside float32 range (2^±126) for β = 1, 2 up to 2^±24 (1.7e7), for other β less.
 */
function safeExponent(beta: number): number {
  return Math.floor(24 / Math.max(1, Math.abs(beta - 1)));
}

/** Largest entry of a given factor left alone when V is not scaled. */
const SAFE_FACTOR_EXPONENT = 32;

/**
 * A given start whose W·H can reach 2^this times V's largest entry (or as far below it) is
 * useless as a start and overflows float32 products: its free factors are rescaled to V.
 */
const MAX_START_OFFSET_EXPONENT = 16;

/** Regularization beyond this (after rescaling) only says "zero this factor": capped to stay finite in f32. */
const MAX_REGULARIZATION = 2 ** 100;

const exponentOf = (x: number) => Math.floor(Math.log2(x));

/** The power of two V is scaled by: 0 within the safe band (or V all zeros), else max(V)·2ᵛ ∈ [1, 2). */
export function dataScaleExponent(largest: number, beta: number): number {
  if (!(largest > 0)) return 0;
  const e = exponentOf(largest);
  return Math.abs(e) <= safeExponent(beta) ? 0 : -e;
}

/**
 * V's values ← values·2^e. For β ≤ 0, which cannot fit zeros, a non-zero entry that the scale
 * flushes to 0 (V spanning more than float32's range) is refused rather than turned into a zero.
 */
export function scaleData(values: Float32Array, e: number, beta: number): void {
  const check = e < 0 && beta <= 0 && !values.includes(0);
  scaleValues(values, e);
  if (check && values.includes(0)) {
    throw new NMFError("NON_FINITE_RESULT",
      "V's entries span more than float32's range: brought into it, the smallest become 0, which a β ≤ 0 loss cannot fit");
  }
}

/**
 * A fixed factor's values ← values·2^e. It is part of the problem: if scaling it pushes an entry
 * below float32's normal range (its entries span more than float32 can hold once its products are
 * in range, e.g. 3e38 next to 1), the fit is refused rather than solved for other numbers.
 */
export function scaleFixedFactor(values: Float32Array, e: number, name: string): void {
  const factor = 2 ** e;
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    values[t] = x * factor;
    if (x !== 0 && !(values[t] >= 2 ** -126)) {
      throw new NMFError("NON_FINITE_RESULT",
        `${name}'s entries span more than float32's range: brought to where its products fit, entry ${t} (${x}) falls below it`);
    }
  }
}

/**
 * A free factor's start ← values·2^e, with non-zero entries below 2⁻¹⁰⁰ of its largest raised to
 * that: once its largest entries are in range, those would sit at float32's subnormal edge, where
 * products lose their digits (a start holding 1e-7 next to 1e30 gave KL errors 30 % off the
 * factors'). Raised, not zeroed: multiplicative updates could never move a zero. A start only.
 */
export function scaleStart(values: Float32Array, e: number, largest: number): void {
  if (e === 0) return;
  scaleValues(values, e);
  const floor = largest * 2 ** (e - 100);
  for (let t = 0; t < values.length; t++) if (values[t] > 0 && values[t] < floor) values[t] = floor;
}

/** values ← values·2^e in place (exact in float32 away from the subnormal range). */
export function scaleValues(values: Float32Array, e: number): void {
  if (e === 0) return;
  const factor = 2 ** e;
  for (let t = 0; t < values.length; t++) values[t] *= factor;
}

/** How to split V's 2ᵛ between W and H when the fit computes both from the scaled V (w + h = v). */
export function factorScaling(v: number): Scaling {
  const w = Math.trunc(v / 2);
  return { v, w, h: v - w };
}

export interface GivenStart {
  largestV: number;
  largestW: number;
  largestH: number;
  /** Which factors the fit changes (a fixed one is part of the problem, never rescaled beyond 2^w, 2^h). */
  updateW: boolean;
  updateH: boolean;
}

/**
 * For a given init: the scaling of the problem and the exponents its values are loaded with.
 * Fitted factors end near V's scaled size, so they are scaled back by the default split; a fixed
 * factor is part of the problem and is brought to [1, 2) itself, the other taking the rest of v.
 * A free factor's start is only a start: it is loaded balanced against the other (an init holding
 * 3e38 against 1e-38), and moved to V's scale when its W·H is 2^16 or more times off (no start
 * at all, and it overflows).
 */
export function givenStartScaling(v: number, rank: number, start: GivenStart): { scaling: Scaling; startW: number; startH: number } {
  const ew = exponentOf(start.largestW), eh = exponentOf(start.largestH);
  const offset = start.largestV > 0 ? ew + eh + Math.ceil(Math.log2(rank)) - exponentOf(start.largestV) : 0;
  const correction = Math.abs(offset) > MAX_START_OFFSET_EXPONENT ? offset : 0;
  if (v === 0 && correction === 0 && Math.abs(ew) <= SAFE_FACTOR_EXPONENT && Math.abs(eh) <= SAFE_FACTOR_EXPONENT) {
    return { scaling: NO_SCALING, startW: 0, startH: 0 };
  }
  if (!start.updateW) {
    const w = -ew;
    return { scaling: { v, w, h: v - w }, startW: w, startH: v - w - correction };
  }
  if (!start.updateH) {
    const h = -eh;
    return { scaling: { v, w: v - h, h }, startW: v - h - correction, startH: h };
  }
  const startW = Math.round((v - correction + eh - ew) / 2);
  return { scaling: factorScaling(v), startW, startH: v - correction - startW };
}

/** Scale a given init (W, H as loaded) for the problem: returns the problem's scaling. */
export function scaleGivenStart(W: Float32Array, H: Float32Array, v: number, rank: number, start: GivenStart): Scaling {
  const { scaling, startW, startH } = givenStartScaling(v, rank, start);
  if (start.updateW) scaleStart(W, startW, start.largestW);
  else scaleFixedFactor(W, startW, "init.W");
  if (start.updateH) scaleStart(H, startH, start.largestH);
  else scaleFixedFactor(H, startH, "init.H");
  return scaling;
}

/** x·2^e, capped at MAX_REGULARIZATION (0 stays 0; nothing becomes Infinity or NaN). */
function scaledRegularization(x: number, e: number): number {
  if (x === 0) return 0;
  return Math.log2(x) + e >= Math.log2(MAX_REGULARIZATION) ? MAX_REGULARIZATION : x * 2 ** e;
}

/**
 * The regularization of the scaled problem: the objective becomes 2^(βv)·(D_β + αW·(l1·‖W‖₁ + …)),
 * and ‖W‖₁ = 2^(−w)‖W'‖₁, ‖W‖² = 2^(−2w)‖W'‖², so l1W' = l1W·2^(βv − w), l2W' = l2W·2^(βv − 2w).
 */
export function scaleRegularization(reg: Regularization, s: Scaling, beta: number): Regularization {
  const b = beta * s.v;
  return {
    l1W: scaledRegularization(reg.l1W, b - s.w),
    l2W: scaledRegularization(reg.l2W, b - 2 * s.w),
    l1H: scaledRegularization(reg.l1H, b - s.h),
    l2H: scaledRegularization(reg.l2H, b - 2 * s.h),
  };
}

/**
 * Whether scaling W' (m×k) and H' (k×n) back by 2^(−w), 2^(−h) pushes an entry that matters below
 * float32's normal range, where it loses its digits or vanishes (a fixed W of 1e38 against V of
 * 1e-21 needs H of 1e-59): then the factors returned would not be the fit whose error is reported.
 * An entry matters when its products with the other factor reach 2⁻²⁴ of the largest product.
 */
export function scalingBackLoses(W: Float32Array, H: Float32Array, m: number, k: number, n: number, s: Scaling): boolean {
  if (s.w <= 0 && s.h <= 0) return false;
  const columnMaxW = new Float64Array(k), rowMaxH = new Float64Array(k);
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) columnMaxW[c] = Math.max(columnMaxW[c], W[i * k + c]);
  for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) rowMaxH[c] = Math.max(rowMaxH[c], H[c * n + j]);
  let largest = 0;
  for (let c = 0; c < k; c++) largest = Math.max(largest, columnMaxW[c] * rowMaxH[c]);
  const matters = 2 ** -24 * largest, normal = 2 ** -126;
  const lost = (x: number, e: number, partner: number) => x !== 0 && x * 2 ** -e < normal && x * partner >= matters;
  for (let i = 0; i < m; i++) for (let c = 0; c < k; c++) if (lost(W[i * k + c], s.w, rowMaxH[c])) return true;
  for (let c = 0; c < k; c++) for (let j = 0; j < n; j++) if (lost(H[c * n + j], s.h, columnMaxW[c])) return true;
  return false;
}

/** The reconstruction error of the original problem from the scaled one's: √(2·D_β) scales by 2^(βv/2). */
export function unscaleError(error: number, s: Scaling, beta: number): number {
  return s.v === 0 ? error : error * 2 ** (-beta * s.v / 2);
}
