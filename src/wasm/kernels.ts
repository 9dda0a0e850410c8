// The raw exports of the kernel module. All pointers are byte offsets into the shared linear
// memory; every kernel works on an explicit row (or column) range.
export interface KernelExports {
  gemm(transA: number, transB: number, i0: number, i1: number, j0: number, j1: number, K: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: number,
    work: number): void;
  gemmWorkBytes(): number;
  /** The GEMM register tile alone, `reps` times over L1-resident panels (benchmark ceiling). */
  gemmTileLoop(kc: number, pa: number, pb: number, c: number, reps: number): void;
  muUpdate(i0: number, i1: number, cols: number, x: number, ldx: number, numer: number, ldn: number,
    denom: number, ldd: number, denomMode: number, l1: number, l2: number, zeroBelow: number, gamma: number): void;
  klNumerator(mode: number, i0: number, i1: number, n: number, k: number, v: number, ldv: number,
    w: number, ldw: number, h: number, ldh: number, out: number, ldo: number,
    scratch: number, blockRows: number, work: number): void;
  klDivergencePart(i0: number, i1: number, n: number, k: number, v: number, ldv: number,
    w: number, ldw: number, h: number, ldh: number, scratch: number, blockRows: number,
    work: number): number;
  squaredErrorPart(i0: number, i1: number, n: number, k: number, v: number, ldv: number,
    w: number, ldw: number, h: number, ldh: number, scratch: number, blockRows: number,
    work: number): number;
  dotF64(a: number, b: number, count: number): number;
  countNonZeros(a: number, count: number): number;
  columnSums(i0: number, i1: number, cols: number, a: number, lda: number, out: number, zeroTo: number): void;
  rowSums(i0: number, i1: number, cols: number, a: number, lda: number, out: number, zeroTo: number): void;
  spmm(i0: number, i1: number, starts: number, ends: number, indices: number, values: number, b: number,
    ldb: number, k: number, out: number, ldo: number, transposed: number, accumulate: number): void;
  klNumeratorSparse(i0: number, i1: number, starts: number, ends: number, indices: number, values: number,
    a: number, lda: number, b: number, ldb: number, k: number, out: number, ldo: number,
    transposed: number, ratio: number, beta: number, accumulate: number, whRow: number): number;
  klDivergenceSparsePart(i0: number, i1: number, starts: number, ends: number, indices: number, values: number,
    a: number, lda: number, b: number, ldb: number, k4: number, scratch: number): number;
  squaredErrorSparsePart(i0: number, i1: number, starts: number, ends: number, indices: number, values: number,
    a: number, lda: number, b: number, ldb: number, k4: number, terms: number): number;
  gramF64(i0: number, i1: number, k: number, a: number, lda: number, out: number): void;
  columnSumsF64(i0: number, i1: number, cols: number, a: number, lda: number, out: number): void;
  sumF64(a: number, count: number): number;
  csrTranspose(rows: number, cols: number, indptr: number, indices: number, values: number,
    tIndptr: number, tIndices: number, tValues: number): void;
  transpose(i0: number, i1: number, cols: number, a: number, lda: number, out: number, ldo: number): void;
  copyRows(i0: number, i1: number, cols: number, a: number, lda: number, out: number, ldo: number): void;
  cdSweep(i0: number, i1: number, k: number, x: number, ldx: number, g: number, p: number, ldp: number,
    order: number, l1: number, l2: number, row: number): number;
  cdRowBytes(k: number): number;
  gramPartials(ch0: number, ch1: number, chunkK: number, K: number, m: number, n: number, a: number, lda: number,
    b: number, ldb: number, partials: number, work: number): void;
  sumStrided(e0: number, e1: number, count: number, src: number, stride: number, dst: number, accumulate: number): void;
  betaProduct(mode: number, i0: number, i1: number, n: number, k: number, v: number, ldv: number,
    w: number, ldw: number, h: number, ldh: number, out: number, ldo: number, scratch: number,
    blockRows: number, work: number, beta: number): void;
  betaDivergencePart(i0: number, i1: number, n: number, k: number, v: number, ldv: number,
    w: number, ldw: number, h: number, ldh: number, scratch: number, blockRows: number, work: number,
    beta: number): number;
  betaDivergenceSparsePart(i0: number, i1: number, starts: number, ends: number, indices: number, values: number,
    a: number, lda: number, b: number, ldb: number, k4: number, beta: number): number;
  nnlsRows(i0: number, i1: number, k: number, x: number, ldx: number, g: number, p: number, ldp: number,
    l1: number, l2: number, work: number): number;
  nnlsWorkBytes(k: number): number;
  muUpdateRowsGram(i0: number, i1: number, k: number, x: number, ldx: number, numer: number, ldn: number,
    g: number, l1: number, l2: number, zeroBelow: number, scratch: number): void;
  muUpdateColumnsGram(j0: number, j1: number, k: number, x: number, ldx: number, numer: number, ldn: number,
    g: number, l1: number, l2: number, zeroBelow: number, scratch: number): void;
  muUpdateGramScratchBytes(k: number): number;
  halsSweeps(i0: number, i1: number, k: number, x: number, ldx: number, g: number, p: number, ldp: number,
    l1: number, l2: number, maxSweeps: number, delta2: number, work: number): number;
  halsWorkBytes(k: number): number;
  halsBlockRows(): number;
  extrapolate(i0: number, i1: number, cols: number, xNew: number, xOld: number, y: number, ld: number,
    beta: number, project: number): void;
  heapBase(): number;
  gramChunks(ch0: number, ch1: number, chunkRows: number, rows: number, lp: number, y: number, ldy: number,
    partials: number): void;
  gramCombine(count: number, lp: number, partials: number, out: number): void;
  applyRight(i0: number, i1: number, lp: number, y: number, ldy: number, t: number, tc: number, upper: number,
    q: number, ldq: number): void;
  fillNormalRows(i0: number, i1: number, cols: number, ld: number, key1: number, key2: number, out: number): void;
  partNormChunks(ch0: number, ch1: number, chunkRows: number, rows: number, k: number, x: number, ldx: number,
    partials: number): void;
  nndsvdFactorRows(i0: number, i1: number, k: number, x: number, ldx: number, coef: number, fill: number,
    fillValue: number, key1: number, key2: number, indexBase: number, out: number, oRow: number, oCol: number): void;
  onlineStatistics(i0: number, i1: number, cols: number, ld: number, h: number, numer: number,
    denom: number, denomMode: number, den: number, l1: number, l2: number, gamma: number): void;
  onlineApply(i0: number, i1: number, cols: number, ld: number, h: number, numer: number, den: number,
    a: number, b: number, rho: number, zeroBelow: number, gamma: number): void;
  squaredDistanceF64(a: number, b: number, count: number): number;
  addScaledRows(i0: number, i1: number, cols: number, out: number, ldo: number, d: number, x: number, ldx: number): void;
  graphKlUpdateW(i0: number, i1: number, k: number, w: number, ldw: number, numer: number, ldn: number,
    hsum: number, aw: number, ldaw: number, d: number, l1: number, l2: number, zeroBelow: number): void;
  rowNormsL2(i0: number, i1: number, cols: number, x: number, ldx: number, out: number): void;
  scaleColumns(i0: number, i1: number, cols: number, x: number, ldx: number, s: number): void;
  scaleRows(i0: number, i1: number, cols: number, x: number, ldx: number, s: number): void;
  knnSelect(rows: number, first: number, m: number, dots: number, ldd: number, norms: number, k: number,
    outIdx: number, outDist: number): void;
  weightedProduct(mode: number, i0: number, i1: number, n: number, k: number, s: number, lds: number,
    w: number, ldw: number, h: number, ldh: number, out: number, ldo: number, scratch: number, blockRows: number, work: number): void;
  maskedCdRows(i0: number, i1: number, starts: number, ends: number, indices: number, values: number,
    weights: number, y: number, ldy: number, k: number, x: number, ldx: number, order: number, l1: number, l2: number, scratch: number): number;
  maskedCdScratchBytes(k: number): number;
  weightedLossPart(mode: number, i0: number, i1: number, n: number, k: number, v: number, s: number, ld: number,
    w: number, ldw: number, h: number, ldh: number, scratch: number, blockRows: number, work: number): number;
}

/** Values of the kernels' mode arguments (mirrors assembly/update.ts and assembly/kl.ts). */
export const DenomMode = { matrix: 0, row: 1, column: 2 } as const;
export const KlNumerator = { forW: 0, forH: 1 } as const;
export const BetaProduct = { forW: 0, forH: 1 } as const;
export const SparseTerms = { squaredMinusWh2: 0, squared: 1, wh: 2 } as const;
