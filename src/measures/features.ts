// Which features make each component: R NMF's featureScore and extractFeatures, read on our H
// (k components × features; R's basis is its transpose). Both use H as given, so they depend on
// how W and H share the scale: R applies them to its fit's basis as the algorithm returns it.
import { OptionError } from "../errors.js";
import type { Matrix } from "../matrix.js";
import { readMatrix, type MeasureMatrix } from "./input.js";

export type FeatureMethod = "kim" | "max";

function checkMethod(method: unknown): asserts method is FeatureMethod {
  if (method !== "kim" && method !== "max") {
    throw new OptionError("INVALID_OPTION", `method must be 'kim' or 'max', got ${String(method)}`, "method");
  }
}

/** R's median: the mean of the two middle values for an even count. */
function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** R's mad(): 1.4826 · median |x − median(x)|. */
function mad(values: Float64Array): number {
  const center = median(values);
  return 1.4826 * median(values.map((x) => Math.abs(x - center)));
}

function scores(H: Matrix, method: FeatureMethod): Float64Array {
  const { rows: k, cols: n, data } = H;
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let total = 0, max = 0;
    for (let c = 0; c < k; c++) {
      total += data[c * n + f];
      max = Math.max(max, data[c * n + f]);
    }
    if (method === "max") {
      out[f] = max;
      continue;
    }
    if (k === 1) {
      out[f] = 1;
      continue;
    }
    let plogp = 0;
    for (let c = 0; c < k && total > 0; c++) {
      const p = data[c * n + f] / total;
      if (p > 0) plogp += p * Math.log2(p);
    }
    out[f] = total > 0 ? 1 + plogp / Math.log2(k) : 0;
  }
  return out;
}

/**
 * A score per feature (per column of H). 'kim' (Kim & Park 2007): 1 + Σ_c p_c·log₂ p_c / log₂ k
 * with p the column divided by its sum — 1 for a feature used by one component, 0 for one used
 * evenly by all (0·log 0 = 0; an all-zero column scores 0, where R gives NaN). 'max': the column's
 * largest entry.
 */
export function featureScore(H: MeasureMatrix, method: FeatureMethod = "kim"): Float64Array {
  checkMethod(method);
  return scores(readMatrix(H, "H"), method);
}

/** Indices of `values` sorted by decreasing value, ties in index order (R's stable order()). */
function decreasingOrder(count: number, value: (i: number) => number): number[] {
  return Array.from({ length: count }, (_, i) => i).sort((a, b) => value(b) - value(a) || a - b);
}

/**
 * The features (column indices of H) selected for each component (row of H), as R's extractFeatures:
 * - 'kim': features scoring ≥ median + 3·MAD of the Kim scores whose largest entry is ≥ the median
 *   of all entries of H, each assigned to the component of that entry; by decreasing score.
 * - 'max' (bioNMF): a component's features by decreasing weight, up to the first that weighs at
 *   least as much in another component.
 * - a whole number n ≥ 1: each component's n heaviest features; a fraction in (0, 1): the features
 *   whose share of their column's sum in this component is ≥ it.
 * A component with no feature gets [] (R gives NA).
 */
export function extractFeatures(H: MeasureMatrix, method: FeatureMethod | number = "kim"): number[][] {
  const M = readMatrix(H, "H");
  const { rows: k, cols: n, data } = M;
  const at = (c: number, f: number) => data[c * n + f];
  if (typeof method === "number") {
    if (!(method > 0) || (method >= 1 && !Number.isInteger(method)) || !Number.isFinite(method)) {
      throw new OptionError("INVALID_OPTION",
        `a numeric method must be a whole count ≥ 1 or a fraction in (0, 1), got ${method}`, "method");
    }
    return Array.from({ length: k }, (_, c) => {
      if (method >= 1) return decreasingOrder(n, (f) => at(c, f)).slice(0, method);
      const picked: number[] = [];
      for (let f = 0; f < n; f++) {
        let total = 0;
        for (let r = 0; r < k; r++) total += at(r, f);
        if (total > 0 && at(c, f) / total >= method) picked.push(f);
      }
      return picked;
    });
  }
  checkMethod(method);
  if (method === "max") {
    return Array.from({ length: k }, (_, c) => {
      const order = decreasingOrder(n, (f) => at(c, f));
      const picked: number[] = [];
      for (const f of order) {
        let dominated = false;
        for (let r = 0; r < k && !dominated; r++) dominated = r !== c && at(r, f) >= at(c, f);
        if (dominated) break;
        picked.push(f);
      }
      return picked;
    });
  }
  const s = scores(M, "kim");
  const threshold = median(s) + 3 * mad(s);
  const entryMedian = median(Float64Array.from(data));
  const out: number[][] = Array.from({ length: k }, () => []);
  for (const f of decreasingOrder(n, (f) => s[f])) {
    if (s[f] < threshold) break;
    let top = 0;
    for (let c = 1; c < k; c++) if (at(c, f) > at(top, f)) top = c;
    if (at(top, f) >= entryMedian) out[top].push(f);
  }
  return out;
}
