export { nmf, NMF, type NMFResult } from "./nmf.js";
export type { NMFOptions, ProgressEvent } from "./options.js";
export type { Matrix, MatrixInput, DenseMatrixLike } from "./matrix.js";
export type { CsrMatrix, CsrMatrixLike } from "./sparse/csr.js";
export { cooToCsr, denseToCsr, csrToDense, type CooMatrixLike } from "./sparse/coo.js";
export { parseMatrixMarket, formatMatrixMarket } from "./sparse/matrix-market.js";
export { parseCsv, formatCsv, type ParseCsvOptions, type ParsedCsv, type FormatCsvOptions } from "./io/csv.js";
export { parseNpy, formatNpy, type ParsedNpy, type FormatNpyOptions } from "./io/npy.js";
export type { InitMethod } from "./init.js";
export {
  NMFError, MatrixValueError, MatrixShapeError, OptionError, NotFittedError, type NMFErrorCode,
} from "./errors.js";
export { setKernelVariant, kernelVariant, type KernelVariant } from "./wasm/module.js";
export { wasmMemoryBytes } from "./engine.js";
export {
  sparseness, clusters, connectivity, dispersion, purity, entropy, cophenetic, consensusSilhouette,
  featureScore, extractFeatures, rss, evar, normalizeFactors, MAX_CONSENSUS_SAMPLES,
  type SparsenessOptions, type Silhouette, type FeatureMethod, type NormalizeOptions,
} from "./measures/index.js";
export { estimateRank, type EstimateRankOptions, type RankMeasures, type RankSurvey, type RankProgressEvent } from "./rank.js";
export { runSeeds, type RunSummary } from "./runs.js";
export { closeThreadPool } from "./threads/fit-engine.js";
export { MiniBatchNMF, type MiniBatchNMFOptions, type ShardStatistics } from "./minibatch.js";
export { knnGraph, type KnnGraphOptions } from "./graph.js";
export type { GraphOption } from "./options.js";
