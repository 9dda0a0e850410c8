// Graph-regularized NMF (GNMF; Cai, He, Han & Huang, TPAMI 2011) as multiplicative updates, rows
// of V being the samples and the graph's nodes (L = D − A over them):
//   Frobenius  ½‖V − WH‖² + (λ/2)·tr(WᵀLW):   W ← W ∘ (V·Hᵀ + λA·W) / (W·HHᵀ + λD·W)   (Cai's rule)
//   KL         D(V‖WH) + (λ/2)·tr(WᵀLW):      W ← the root of its auxiliary function (assembly/graph.ts)
// H's update is the plain one (the graph term does not involve H). With `normalize`, every
// iteration ends by scaling H's rows to unit norm (L2 for Frobenius, L1 for KL) and W's columns
// by the same factors: WH is unchanged, and the penalty, which grows with ‖W‖², cannot be
// lowered by shrinking W against H instead of smoothing it.
import {
  addDegreeTerm, affinityTimes, graphKlUpdateW, rowNormsL2, scaleColumns, scaleRows, type GraphBuf,
} from "../engine-graph.js";
import type { Buf, Engine } from "../engine.js";
import { FROBENIUS, reconstructionError } from "../loss.js";
import { F32_SUBNORMAL_BELOW, F64_EPS } from "../mu-rules.js";
import { muHalfSteps, type HalfSteps, type SolverProblem } from "./mu.js";

export interface GraphTerm {
  graph: GraphBuf;
  normalize: boolean;
}

/** H's rows to unit norm, W's columns times the removed norms (zero rows left alone). */
function normalizer(engine: Engine, W: Buf, H: Buf, l2: boolean): () => void {
  const k = H.rows;
  const norms = engine.alloc(k, 1), inverse = engine.alloc(k, 1);
  return () => {
    if (l2) rowNormsL2(engine, H, norms);
    else engine.rowSums(H, norms);
    const s = engine.view(norms), r = engine.view(inverse);
    for (let c = 0; c < k; c++) {
      if (!(s[c] > 0)) s[c] = 1;
      r[c] = 1 / s[c];
    }
    scaleRows(engine, H, inverse);
    scaleColumns(engine, W, norms);
  };
}

export function graphHalfSteps(p: SolverProblem, term: GraphTerm): HalfSteps {
  const { engine, V, W, H, reg, beta } = p;
  const { graph } = term;
  const m = V.rows, k = W.cols;
  const plain = muHalfSteps(p);
  const numerW = engine.alloc(m, k), second = engine.alloc(m, k);
  const normalize = term.normalize ? normalizer(engine, W, H, beta === FROBENIUS) : undefined;
  let updateW: () => void;
  if (beta === FROBENIUS) {
    const gramH = engine.alloc(k, k);
    updateW = () => {
      V.vTimesHt(numerW, H);
      affinityTimes(engine, numerW, graph, W, true);
      engine.gemm(gramH, H, H, { transB: true });
      engine.gemm(second, W, gramH); // the denominator W·HHᵀ + λD·W
      addDegreeTerm(engine, second, graph, W);
      engine.multiplicativeUpdate(W, numerW, second, "matrix", reg.l1W, reg.l2W, F32_SUBNORMAL_BELOW);
    };
  } else {
    const hSums = engine.alloc(1, k);
    updateW = () => {
      V.klNumeratorW(numerW, W, H);
      engine.rowSums(H, hSums);
      affinityTimes(engine, second, graph, W, false);
      graphKlUpdateW(engine, W, numerW, hSums, second, graph, reg.l1W, reg.l2W, F64_EPS);
    };
  }
  return {
    updateW,
    updateH() {
      plain.updateH();
      normalize?.();
    },
    error: () => reconstructionError(V, beta, W, H),
  };
}
