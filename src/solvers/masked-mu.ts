// Multiplicative updates for masked / weighted NMF (weights S, 0 = missing):
//   Frobenius Σ s·(v − wh)² (LS-NMF, Wang et al. 2006):
//     W ← W ∘ ((S∘V)·Hᵀ) / ((S∘WH)·Hᵀ),   H ← H ∘ (Wᵀ·(S∘V)) / (Wᵀ·(S∘WH))
//   KL Σ s·(v·log(v/wh) − v + wh):
//     W ← W ∘ (((S∘V)/WH)·Hᵀ) / (S·Hᵀ),   H ← H ∘ (Wᵀ·((S∘V)/WH)) / (Wᵀ·S)
// with nmf's zero rules and L1/L2 terms. A row (column) with no observed entry gets numerator
// and denominator 0: its W row (H column) becomes 0.
import type { MaskedData } from "../data/masked-data.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { F32_SUBNORMAL_BELOW, F64_EPS } from "../mu-rules.js";
import type { HalfSteps, SolverProblem } from "./mu.js";

export function maskedHalfSteps(p: SolverProblem, V: MaskedData): HalfSteps {
  const { engine, W, H, reg, beta } = p;
  const m = V.rows, n = V.cols, k = W.cols;
  const numerW = engine.alloc(m, k), denomW = engine.alloc(m, k);
  const numerH = engine.alloc(k, n), denomH = engine.alloc(k, n);
  const frobenius = beta === FROBENIUS;
  const zeroBelow = frobenius ? F32_SUBNORMAL_BELOW : F64_EPS;
  return {
    updateW() {
      if (frobenius) {
        V.vTimesHt(numerW, H);
        V.maskedProductW(denomW, W, H);
      } else {
        V.klNumeratorW(numerW, W, H);
        V.maskTimesHt(denomW, H);
      }
      engine.multiplicativeUpdate(W, numerW, denomW, "matrix", reg.l1W, reg.l2W, zeroBelow);
    },
    updateH() {
      if (frobenius) {
        V.wtTimesV(numerH, W);
        V.maskedProductH(denomH, W, H);
      } else {
        V.klNumeratorH(numerH, W, H);
        V.wtTimesMask(denomH, W);
      }
      engine.multiplicativeUpdate(H, numerH, denomH, "matrix", reg.l1H, reg.l2H, zeroBelow);
    },
    error: () => reconstructionError(V, beta, W, H),
  };
}
