// Model-selection and quality measures (R NMF's), read in our orientation: V samples × features.
export { sparseness, type SparsenessOptions } from "./sparseness.js";
export { clusters, connectivity, dispersion, purity, entropy } from "./clustering.js";
export { cophenetic } from "./linkage.js";
export { consensusSilhouette, type Silhouette } from "./silhouette.js";
export { featureScore, extractFeatures, type FeatureMethod } from "./features.js";
export { rss, evar } from "./residuals.js";
export { normalizeFactors, type NormalizeOptions } from "./normalize.js";
export { MAX_CONSENSUS_SAMPLES } from "./input.js";
