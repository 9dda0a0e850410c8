// Our measures against R NMF 0.25 on the same numbers (scripts/r-measures.R wrote the fixture;
// R works on the transpose, so its basis is our H and its samples are our rows).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  clusters, connectivity, consensusSilhouette, cophenetic, dispersion, entropy, evar, extractFeatures, featureScore, purity, rss, sparseness,
} from "../src/index.js";
import { averageLinkage, consensusDistances, cutTree } from "../src/measures/linkage.js";

interface Dense { rows: number; cols: number; data: number[] }
interface ConsensusCase {
  C: Dense; k: number; cophenetic: number; dispersion: number; clusters: number[]; heights: number[];
  silhouette: number; silhouetteWidths: number[];
}
const R = JSON.parse(readFileSync(new URL("./fixtures/r/measures.json", import.meta.url), "utf8")) as {
  sparseness: { vectors: { x: number[]; value: number }[]; matrix: { x: Dense; value: number } };
  clustering: { labels: number[]; classes: string[]; purity: number; entropy: number };
  consensus: ConsensusCase[];
  realFit: {
    consensus: Dense; k: number; cophenetic: number; dispersion: number; silhouette: number;
    V: Dense; W: Dense; H: Dense; clusters: number[]; rss: number; evar: number; sparsenessBasis: number; sparsenessCoef: number;
  };
  predict: { W: Dense; clusters: number[] };
  features: { H: Dense; kim: number[]; max: number[]; extractKim: number[][]; extractMax: number[][] };
  residuals: { V: Dense; W: Dense; H: Dense; rss: number; evar: number };
};

/** Inputs are copied to float32: R's float64 values agree to about 1e-7 relative. */
const F32 = 1e-6;

describe("measures match R NMF", () => {
  it("sparseness of vectors and of a matrix (mean over columns)", () => {
    for (const { x, value } of R.sparseness.vectors) expect(sparseness(x)).toBeCloseTo(value, 6);
    expect(sparseness(R.sparseness.matrix.x)).toBeCloseTo(R.sparseness.matrix.value, 6);
  });

  it("purity and entropy against known classes", () => {
    const { labels, classes } = R.clustering;
    expect(purity(labels, classes)).toBeCloseTo(R.clustering.purity, 12);
    expect(entropy(labels, classes)).toBeCloseTo(R.clustering.entropy, 12);
  });

  it.each(R.consensus.map((c, i) => [i, c] as const))("consensus case %i: tree, cophenetic, dispersion, silhouette", (_, c) => {
    const n = c.C.rows;
    const C = { rows: n, cols: n, data: Float64Array.from(c.C.data) };
    const heights = averageLinkage(consensusDistances({ ...C, data: Float32Array.from(c.C.data) }), n).map((m) => m.height);
    // R reports the merge heights in merge order; ties broken the same way give the same tree.
    expect(heights.length).toBe(c.heights.length);
    heights.forEach((h, t) => expect(h).toBeCloseTo(c.heights[t], 6));
    expect(Array.from(cutTree(averageLinkage(consensusDistances({ ...C, data: Float32Array.from(c.C.data) }), n), n, c.k)))
      .toEqual(c.clusters);
    expect(cophenetic(C)).toBeCloseTo(c.cophenetic, 6);
    expect(dispersion(C)).toBeCloseTo(c.dispersion, 6);
    const si = consensusSilhouette(C, c.k);
    expect(si.average).toBeCloseTo(c.silhouette, 6);
    Array.from(si.widths).forEach((w, i) => expect(w).toBeCloseTo(c.silhouetteWidths[i], 6));
  });

  it("reproduces R's summary of a real 8-run fit from its consensus", () => {
    const { consensus, k } = R.realFit;
    expect(cophenetic(consensus)).toBeCloseTo(R.realFit.cophenetic, 6);
    expect(dispersion(consensus)).toBeCloseTo(R.realFit.dispersion, 6);
    expect(consensusSilhouette(consensus, k).average).toBeCloseTo(R.realFit.silhouette, 6);
  });

  it("reads R's best fit in our orientation: clusters, connectivity, rss, evar, sparseness of basis and coef", async () => {
    const { V, W, H } = R.realFit;
    expect(Array.from(clusters(W))).toEqual(R.realFit.clusters);
    expect(Array.from(connectivity(R.realFit.clusters).data)).toEqual(
      R.realFit.clusters.flatMap((a) => R.realFit.clusters.map((b) => (a === b ? 1 : 0))));
    expect(Math.abs(await rss(V, W, H) - R.realFit.rss) / R.realFit.rss).toBeLessThan(F32 * 10);
    expect(await evar(V, W, H)).toBeCloseTo(R.realFit.evar, 6);
    // estimateRank's sparsenessH / sparsenessW: H's rows = R's basis columns, W's rows = R's coef columns.
    expect(sparseness(H, { along: "rows" })).toBeCloseTo(R.realFit.sparsenessBasis, 6);
    expect(sparseness(W, { along: "rows" })).toBeCloseTo(R.realFit.sparsenessCoef, 6);
  });

  it("clusters: the first largest component on ties, as R's predict", () => {
    expect(Array.from(clusters(R.predict.W))).toEqual(R.predict.clusters);
  });

  it("featureScore and extractFeatures on H (R's basis transposed)", () => {
    const { H } = R.features;
    Array.from(featureScore(H, "kim")).forEach((s, f) => expect(Math.abs(s - R.features.kim[f])).toBeLessThan(F32 * 10));
    Array.from(featureScore(H, "max")).forEach((s, f) => expect(s).toBeCloseTo(R.features.max[f], 5));
    expect(extractFeatures(H, "kim")).toEqual(R.features.extractKim);
    expect(extractFeatures(H, "max")).toEqual(R.features.extractMax);
  });

  it("rss and evar", async () => {
    const { V, W, H } = R.residuals;
    expect(Math.abs(await rss(V, W, H) - R.residuals.rss) / R.residuals.rss).toBeLessThan(F32 * 10);
    expect(await evar(V, W, H)).toBeCloseTo(R.residuals.evar, 5);
  });
});
