// The module's exports: pointer-and-range kernels only. Memory is imported and owned by the
// TypeScript arena; nothing here allocates.
export { gemm, gemmWorkBytes, gemmTileLoop } from "./gemm";
export { muUpdate } from "./update";
export { muUpdateRowsGram, muUpdateColumnsGram, muUpdateGramScratchBytes } from "./update-gram";
export { klNumerator, klDivergencePart, squaredErrorPart } from "./kl";
export { dotF64, columnSums, rowSums, countNonZeros } from "./reduce";

/** First byte after the module's static data: the arena starts here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
export {
  spmm, klNumeratorSparse, klDivergenceSparsePart, squaredErrorSparsePart, gramF64, columnSumsF64,
  sumF64, csrTranspose, transpose, copyRows, betaDivergenceSparsePart,
} from "./sparse";
export { cdRowBytes, cdSweep } from "./cd";
export { betaProduct, betaDivergencePart } from "./beta";
export { nnlsRows, nnlsWorkBytes } from "./nnls";
export { gramChunks, gramCombine, applyRight } from "./orth";
export { gramPartials, sumStrided } from "./gram";
export { fillNormalRows } from "./normal";
export { partNormChunks, nndsvdFactorRows } from "./nndsvd";
export { onlineStatistics, onlineApply, squaredDistanceF64 } from "./online";
export { addScaledRows, graphKlUpdateW, knnSelect, rowNormsL2, scaleColumns, scaleRows } from "./graph";
export { weightedProduct, weightedLossPart } from "./masked";
export { maskedCdRows, maskedCdScratchBytes } from "./masked-cd";
export { halsSweeps, halsWorkBytes, halsBlockRows, extrapolate } from "./hals";
