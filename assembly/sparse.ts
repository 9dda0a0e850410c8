// Sparse kernels over a compressed-row structure (indptr i32[rows+1], indices i32[nnz], values
// f32[nnz]). A CSR matrix V and its CSC form (the CSR of Vᵀ, built once by csrTranspose) cover
// every product NMF needs as a row-range "gather" pass whose output row is private to the row:
//   V·B   = rows of V combine rows of B            (CSR;  e.g. V·Hᵀ with B = Hᵀ)
//   Vᵀ·B  = rows of Vᵀ combine rows of B           (CSC;  e.g. Wᵀ·V, stored transposed)
// so a worker pool can split any of them by rows without write conflicts.
//
// The dense operand B (and A in the SDDMM passes) has `k4` columns, a multiple of 4, padded with
// zeros by the caller: no lane tails inside the loops. Only the first `k` lanes are stored.
//
// Row i's non-zeros are [starts[i], ends[i]) rather than indptr[i..i+1]: with starts = indptr and
// ends = indptr one element on, a call covers whole rows; with the bounds of a column block it covers only the
// non-zeros whose gathered rows of B lie in that block, so a B larger than the caches is read one
// cache-sized block at a time (the caller sweeps the blocks, accumulating into out).
import { madd, EPS32, sumF64x2, widenHigh, widenLow, zeroToEps } from "./simd";
import { klTerm, klTerms4 } from "./kl";
import { betaRatio, betaTerm } from "./beta";

/** Columns held in registers while a row's non-zeros are combined (6 vectors). */
const BLOCK: i32 = 24;

/**
 * Σ_p coef[p]·B[indices[p], c0:c0+w] for p in [start, end), w = min(BLOCK, k - c0 rounded up to 4),
 * stored to out (lanes < k only) at `outStride` bytes per column (4: a row of out, ldo·4:
 * transposed). One loop per width keeps the accumulators in registers: up to 6 accumulators +
 * 6 loaded rows + the splat stay within the 15 vector registers V8 allocates.
 */
// @ts-ignore: decorator
@inline function combineBlock(start: i32, end: i32, indices: usize, coef: usize, b: usize, ldb: i32,
  c0: i32, k: i32, out: usize, outStride: usize, accumulate: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0), a4 = f32x4.splat(0), a5 = f32x4.splat(0);
  const vectors = min(BLOCK, k - c0 + 3) >> 2;
  const bc = b + (<usize>c0 << 2);
  if (vectors == 6) {
    for (let p = start; p < end; p++) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
      a1 = madd(s, v128.load(row, 16), a1);
      a2 = madd(s, v128.load(row, 32), a2);
      a3 = madd(s, v128.load(row, 48), a3);
      a4 = madd(s, v128.load(row, 64), a4);
      a5 = madd(s, v128.load(row, 80), a5);
    }
  } else if (vectors == 5) {
    for (let p = start; p < end; p++) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
      a1 = madd(s, v128.load(row, 16), a1);
      a2 = madd(s, v128.load(row, 32), a2);
      a3 = madd(s, v128.load(row, 48), a3);
      a4 = madd(s, v128.load(row, 64), a4);
    }
  } else if (vectors == 4) {
    for (let p = start; p < end; p++) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
      a1 = madd(s, v128.load(row, 16), a1);
      a2 = madd(s, v128.load(row, 32), a2);
      a3 = madd(s, v128.load(row, 48), a3);
    }
  } else if (vectors == 3) {
    // Two non-zeros per step into two sets of accumulators: halves the add latency chain.
    let p = start;
    for (; p + 2 <= end; p += 2) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const row2 = bc + ((<usize>load<i32>(indices + (<usize>p << 2), 4) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      const s2 = v128.load32_splat(coef + (<usize>p << 2), 4);
      a0 = madd(s, v128.load(row, 0), a0);
      a3 = madd(s2, v128.load(row2, 0), a3);
      a1 = madd(s, v128.load(row, 16), a1);
      a4 = madd(s2, v128.load(row2, 16), a4);
      a2 = madd(s, v128.load(row, 32), a2);
      a5 = madd(s2, v128.load(row2, 32), a5);
    }
    if (p < end) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
      a1 = madd(s, v128.load(row, 16), a1);
      a2 = madd(s, v128.load(row, 32), a2);
    }
    a0 = f32x4.add(a0, a3);
    a1 = f32x4.add(a1, a4);
    a2 = f32x4.add(a2, a5);
  } else if (vectors == 2) {
    // Two non-zeros per step into two sets of accumulators: halves the add latency chain.
    let p = start;
    for (; p + 2 <= end; p += 2) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const row2 = bc + ((<usize>load<i32>(indices + (<usize>p << 2), 4) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      const s2 = v128.load32_splat(coef + (<usize>p << 2), 4);
      a0 = madd(s, v128.load(row, 0), a0);
      a3 = madd(s2, v128.load(row2, 0), a3);
      a1 = madd(s, v128.load(row, 16), a1);
      a4 = madd(s2, v128.load(row2, 16), a4);
    }
    if (p < end) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
      a1 = madd(s, v128.load(row, 16), a1);
    }
    a0 = f32x4.add(a0, a3);
    a1 = f32x4.add(a1, a4);
  } else {
    // Two non-zeros per step into two sets of accumulators: halves the add latency chain.
    let p = start;
    for (; p + 2 <= end; p += 2) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const row2 = bc + ((<usize>load<i32>(indices + (<usize>p << 2), 4) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      const s2 = v128.load32_splat(coef + (<usize>p << 2), 4);
      a0 = madd(s, v128.load(row, 0), a0);
      a3 = madd(s2, v128.load(row2, 0), a3);
    }
    if (p < end) {
      const row = bc + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      const s = v128.load32_splat(coef + (<usize>p << 2));
      a0 = madd(s, v128.load(row, 0), a0);
    }
    a0 = f32x4.add(a0, a3);
  }
  storeLanes(a0, c0, k, out, outStride, accumulate);
  if (vectors > 1) storeLanes(a1, c0 + 4, k, out, outStride, accumulate);
  if (vectors > 2) storeLanes(a2, c0 + 8, k, out, outStride, accumulate);
  if (vectors > 3) storeLanes(a3, c0 + 12, k, out, outStride, accumulate);
  if (vectors > 4) storeLanes(a4, c0 + 16, k, out, outStride, accumulate);
  if (vectors > 5) storeLanes(a5, c0 + 20, k, out, outStride, accumulate);
}

/** Store (or add to) lanes c..c+3 of an output row (those below k) at `stride` bytes per column. */
// @ts-ignore: decorator
@inline function storeLanes(v: v128, c: i32, k: i32, out: usize, stride: usize, accumulate: i32): void {
  const base = out + <usize>c * stride;
  if (stride == 4 && c + 4 <= k) {
    v128.store(base, accumulate ? f32x4.add(v128.load(base), v) : v);
    return;
  }
  storeLane(base, f32x4.extract_lane(v, 0), accumulate);
  if (c + 1 < k) storeLane(base + stride, f32x4.extract_lane(v, 1), accumulate);
  if (c + 2 < k) storeLane(base + 2 * stride, f32x4.extract_lane(v, 2), accumulate);
  if (c + 3 < k) storeLane(base + 3 * stride, f32x4.extract_lane(v, 3), accumulate);
}

// @ts-ignore: decorator
@inline function storeLane(at: usize, x: f32, accumulate: i32): void {
  store<f32>(at, accumulate ? load<f32>(at) + x : x);
}

/** Output row i of a product: out[i·ldo + c] (row-major) or out[c·ldo + i] (transposed). */
// @ts-ignore: decorator
@inline function outRow(out: usize, ldo: i32, i: i32, transposed: i32): usize {
  return transposed ? out + (<usize>i << 2) : out + ((<usize>i * ldo) << 2);
}

// @ts-ignore: decorator
@inline function outStride(ldo: i32, transposed: i32): usize {
  return transposed ? <usize>ldo << 2 : 4;
}

/**
 * SpMM for rows [i0, i1) of the compressed matrix S: out[i, 0:k] = Σ_p S[i, j_p]·B[j_p, 0:k].
 * B has k4 = roundUp4(k) columns (zero-padded), leading dimension ldb.
 * transposed ≠ 0 stores out[c, i] instead (Wᵀ·V from the CSC of V: k×n directly);
 * accumulate ≠ 0 adds to out (the column blocks after the first).
 */
export function spmm(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32): void {
  const stride = outStride(ldo, transposed);
  for (let i = i0; i < i1; i++) {
    const start = load<i32>(starts + (<usize>i << 2));
    const end = load<i32>(ends + (<usize>i << 2));
    const o = outRow(out, ldo, i, transposed);
    for (let c0 = 0; c0 < k; c0 += BLOCK) combineBlock(start, end, indices, values, b, ldb, c0, k, o, stride, accumulate);
  }
}

/** a[0:k4]·b[0:k4] in f32 (k4 a multiple of 4), lanes summed in f32 like a GEMM dot. */
// @ts-ignore: decorator
@inline function dot4(a: usize, b: usize, k4: i32): f32 {
  let s = f32x4.splat(0);
  for (let c = 0; c < k4; c += 4) s = madd(v128.load(a + (<usize>c << 2)), v128.load(b + (<usize>c << 2)), s);
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** The lane sums of four vectors, as one vector [Σs0, Σs1, Σs2, Σs3]. */
// @ts-ignore: decorator
@inline function sum4x4(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(s0, s1, 0, 4, 1, 5), v128.shuffle<f32>(s0, s1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(s2, s3, 0, 4, 1, 5), v128.shuffle<f32>(s2, s3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
}

/**
 * [A·B0, A·B1, A·B2, A·B3] over k4 lanes (k4 ≥ 4). The first three vectors are spelled out: a
 * k-loop here made V8 keep the four row addresses on the stack and redo their multiplies on
 * every trip (the SDDMM alone measured ~30 % faster spelled out, on SOTU's shapes, k = 10).
 */
// @ts-ignore: decorator
@inline function dots4(a: usize, b0: usize, b1: usize, b2: usize, b3: usize, k4: i32): v128 {
  let va = v128.load(a);
  let s0 = f32x4.mul(va, v128.load(b0)), s1 = f32x4.mul(va, v128.load(b1));
  let s2 = f32x4.mul(va, v128.load(b2)), s3 = f32x4.mul(va, v128.load(b3));
  if (k4 > 4) {
    va = v128.load(a, 16);
    s0 = madd(va, v128.load(b0, 16), s0); s1 = madd(va, v128.load(b1, 16), s1);
    s2 = madd(va, v128.load(b2, 16), s2); s3 = madd(va, v128.load(b3, 16), s3);
    if (k4 > 8) {
      va = v128.load(a, 32);
      s0 = madd(va, v128.load(b0, 32), s0); s1 = madd(va, v128.load(b1, 32), s1);
      s2 = madd(va, v128.load(b2, 32), s2); s3 = madd(va, v128.load(b3, 32), s3);
      for (let o: usize = 48; o < (<usize>k4 << 2); o += 16) {
        va = v128.load(a + o);
        s0 = madd(va, v128.load(b0 + o), s0); s1 = madd(va, v128.load(b1 + o), s1);
        s2 = madd(va, v128.load(b2 + o), s2); s3 = madd(va, v128.load(b3 + o), s3);
      }
    }
  }
  return sum4x4(s0, s1, s2, s3);
}

/**
 * dots4 for the last 1–3 non-zeros [p, end) of a row, as one group: the missing lanes repeat the
 * first one's row of B (klRowsFused forms its tail group the same way).
 */
// @ts-ignore: decorator
@inline function tailDots4(a: usize, indices: usize, p: i32, end: i32, b: usize, ldb: i32, k4: i32): v128 {
  const ip = indices + (<usize>p << 2);
  const b0 = b + ((<usize>load<i32>(ip) * ldb) << 2);
  const b1 = p + 1 < end ? b + ((<usize>load<i32>(ip, 4) * ldb) << 2) : b0;
  const b2 = p + 2 < end ? b + ((<usize>load<i32>(ip, 8) * ldb) << 2) : b0;
  return dots4(a, b0, b1, b2, b0, k4);
}

/** V / WH for four non-zeros' values x and their WH (an exact zero of WH → EPS32). */
// @ts-ignore: decorator
@inline function klRatios(x: v128, wh: v128): v128 {
  return f32x4.div(x, zeroToEps(wh));
}

/**
 * The ratios of `lanes` (1–4) non-zeros from their values at x and their WH: V/WH for β = 1 (an
 * exact zero of WH → EPS32; one vector division, whose lanes past `lanes` read and write the
 * buffers' slack and are never used), V·WH^(β−2) lane by lane otherwise.
 */
// @ts-ignore: decorator
@inline function storeRatios(x: usize, wh: v128, out: usize, lanes: i32, beta: f64): void {
  if (beta == 1) {
    v128.store(out, klRatios(v128.load(x), wh));
    return;
  }
  if (beta == 3) { // V·WH, one vector product (masked Frobenius: S = the pattern, r = WH)
    v128.store(out, f32x4.mul(v128.load(x), wh));
    return;
  }
  store<f32>(out, betaRatio(load<f32>(x), f32x4.extract_lane(wh, 0), beta));
  if (lanes > 1) store<f32>(out, betaRatio(load<f32>(x, 4), f32x4.extract_lane(wh, 1), beta), 4);
  if (lanes > 2) store<f32>(out, betaRatio(load<f32>(x, 8), f32x4.extract_lane(wh, 2), beta), 8);
  if (lanes > 3) store<f32>(out, betaRatio(load<f32>(x, 12), f32x4.extract_lane(wh, 3), beta), 12);
}

/**
 * KL (β = 1) or β-divergence numerator for rows [i0, i1) of S, never forming A·Bᵀ beyond the
 * non-zeros (SDDMM + SpMM):
 *   r_p = S[i, j_p] / (A[i]·B[j_p])                (β = 1; an exact zero of WH → EPS32, scikit-learn 1.2)
 *   r_p = S[i, j_p]·(A[i]·B[j_p])^(β−2)            (other β; see beta.ts)
 *   out[i, 0:k] = Σ_p r_p·B[j_p, 0:k]
 * With S = CSR of V, A = W, B = Hᵀ: (V / WH)·Hᵀ.   With S = CSC of V, A = Hᵀ, B = W,
 * transposed: Wᵀ·(V / WH).  `ratio` holds one row's r (as many floats as S has columns, +3);
 * KL with k ≤ 12 never stores r.
 */
export function klNumeratorSparse(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32,
  ratio: usize, beta: f64, accumulate: i32, whRow: usize): f64 {
  const k4 = (k + 3) & ~3;
  const withDivergence = beta == 1 && whRow != 0;
  // KL up to k = 12: ratios and combine fused, one loop per width (its vector count a literal).
  // Wider rows keep two phases: fused, V8 holds all of a group's 4·k4/4 loaded vectors of B
  // from the dot products to the combine and spills them (k = 20 ran 8–20 % slower fused).
  if (beta == 1 && k4 <= 12) {
    if (withDivergence) {
      if (k4 == 4) return klRowsFused4D(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, whRow);
      if (k4 == 8) return klRowsFused8D(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, whRow);
      return klRowsFused12D(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, whRow);
    }
    if (k4 == 4) klRowsFused4(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate);
    else if (k4 == 8) klRowsFused8(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate);
    else klRowsFused12(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate);
    return 0;
  }
  const stride = outStride(ldo, transposed);
  let divergence: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const start = load<i32>(starts + (<usize>i << 2));
    const end = load<i32>(ends + (<usize>i << 2));
    const ai = a + ((<usize>i * lda) << 2);
    let p = start;
    // Four non-zeros at a time: four dot products share the loads of A's row, and one
    // transpose-add finishes them.
    for (; p + 4 <= end; p += 4) {
      const ip = indices + (<usize>p << 2);
      const b0 = b + ((<usize>load<i32>(ip) * ldb) << 2), b1 = b + ((<usize>load<i32>(ip, 4) * ldb) << 2);
      const b2 = b + ((<usize>load<i32>(ip, 8) * ldb) << 2), b3 = b + ((<usize>load<i32>(ip, 12) * ldb) << 2);
      const wh = dots4(ai, b0, b1, b2, b3, k4);
      if (withDivergence) v128.store(whRow + (<usize>(p - start) << 2), wh);
      storeRatios(values + (<usize>p << 2), wh, ratio + (<usize>(p - start) << 2), 4, beta);
    }
    if (p < end) {
      // The last 1–3 non-zeros as one more group (short CSC rows are mostly tail); the missing
      // lanes' ratios land in `ratio`'s slack and are never combined.
      const wh = tailDots4(ai, indices, p, end, b, ldb, k4);
      if (withDivergence) v128.store(whRow + (<usize>(p - start) << 2), wh);
      storeRatios(values + (<usize>p << 2), wh, ratio + (<usize>(p - start) << 2), end - p, beta);
    }
    if (withDivergence) divergence += klTermsOfRow(values + (<usize>start << 2), whRow, end - start);
    // Combine with the row's ratios: indices and ratio are both offset by `start`.
    const idx = indices + (<usize>start << 2);
    const o = outRow(out, ldo, i, transposed);
    for (let c0 = 0; c0 < k; c0 += BLOCK) combineBlock(0, end - start, idx, ratio, b, ldb, c0, k, o, stride, accumulate);
  }
  return divergence;
}

/**
 * Σ_{V > EPS32} V·log(V / WH) − V over one row's `count` non-zeros: values at vr, their WH at wh
 * (f64; the dense pass's terms from kl.ts, four at a time).
 */
// @ts-ignore: decorator
@inline function klTermsOfRow(vr: usize, wh: usize, count: i32): f64 {
  let acc = f64x2.splat(0);
  let total: f64 = 0;
  const groups = count & ~3;
  let q = 0;
  for (; q < groups; q += 4) {
    acc = f64x2.add(acc, klTerms4(v128.load(vr + (<usize>q << 2)), v128.load(wh + (<usize>q << 2)), false));
  }
  for (; q < count; q++) total += klTerm(load<f32>(vr + (<usize>q << 2)), load<f32>(wh + (<usize>q << 2)));
  return total + sumF64x2(acc);
}

// One function per width. Inlined side by side into one function, the copies differed only in
// the constant their width local was set to, and Binaryen folded them into a single loop that
// tested the width at run time (with the k-loop of dots4 and spilled registers in V8's code).
function klRowsFused4(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32): void {
  klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 1);
}

function klRowsFused8(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32): void {
  klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 2);
}

function klRowsFused12(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32): void {
  klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 3);
}

// The same with the divergence of the non-zeros (an error check fused into the next numerator).
function klRowsFused4D(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32, whRow: usize): f64 {
  return klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 1, whRow);
}

function klRowsFused8D(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32, whRow: usize): f64 {
  return klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 2, whRow);
}

function klRowsFused12D(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32, whRow: usize): f64 {
  return klRowsFused(i0, i1, starts, ends, indices, values, a, lda, b, ldb, k, out, ldo, transposed, accumulate, 3, whRow);
}

/** r0·B0[o:o+4] + r1·B1[o:o+4] + r2·B2[o:o+4] + r3·B3[o:o+4] for r = [r0, r1, r2, r3]. */
// @ts-ignore: decorator
@inline function weighted4(r: v128, b0: usize, b1: usize, b2: usize, b3: usize, o: usize): v128 {
  const first = madd(v128.shuffle<f32>(r, r, 1, 1, 1, 1), v128.load(b1 + o), f32x4.mul(v128.shuffle<f32>(r, r, 0, 0, 0, 0), v128.load(b0 + o)));
  const second = madd(v128.shuffle<f32>(r, r, 3, 3, 3, 3), v128.load(b3 + o), f32x4.mul(v128.shuffle<f32>(r, r, 2, 2, 2, 2), v128.load(b2 + o)));
  return f32x4.add(first, second);
}

/**
 * The KL numerator's rows with the ratios and their combine fused, four non-zeros at a time:
 * the four rows of B just loaded for the dot products are weighted by their ratios while they
 * are still in L1, with no ratio buffer and no second pass over the row's indices. `vectors`
 * = k4 / 4 (1–3) is a literal in each of klRowsFused4/8/12, so each width compiles to its own
 * loop with its accumulators in registers.
 */
// @ts-ignore: decorator
@inline function klRowsFused(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k: i32, out: usize, ldo: i32, transposed: i32, accumulate: i32,
  vectors: i32, whRow: usize = 0): f64 {
  let divergence: f64 = 0;
  const k4 = vectors << 2;
  const stride = outStride(ldo, transposed);
  const lane = i32x4(0, 1, 2, 3);
  for (let i = i0; i < i1; i++) {
    const start = load<i32>(starts + (<usize>i << 2));
    const end = load<i32>(ends + (<usize>i << 2));
    const ai = a + ((<usize>i * lda) << 2);
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0);
    let p = start;
    if (p + 4 <= end) {
      // Software-pipelined: each step forms the next group's ratios before it combines the
      // current group, so the long dot → divide → combine chain of one group overlaps the next.
      let ip = indices + (<usize>p << 2);
      let b0 = b + ((<usize>load<i32>(ip) * ldb) << 2), b1 = b + ((<usize>load<i32>(ip, 4) * ldb) << 2);
      let b2 = b + ((<usize>load<i32>(ip, 8) * ldb) << 2), b3 = b + ((<usize>load<i32>(ip, 12) * ldb) << 2);
      let wh = dots4(ai, b0, b1, b2, b3, k4);
      if (whRow) v128.store(whRow, wh);
      let r = klRatios(v128.load(values + (<usize>p << 2)), wh);
      for (p += 4; p + 4 <= end; p += 4) {
        ip = indices + (<usize>p << 2);
        const n0 = b + ((<usize>load<i32>(ip) * ldb) << 2), n1 = b + ((<usize>load<i32>(ip, 4) * ldb) << 2);
        const n2 = b + ((<usize>load<i32>(ip, 8) * ldb) << 2), n3 = b + ((<usize>load<i32>(ip, 12) * ldb) << 2);
        wh = dots4(ai, n0, n1, n2, n3, k4);
        if (whRow) v128.store(whRow + (<usize>(p - start) << 2), wh);
        const next = klRatios(v128.load(values + (<usize>p << 2)), wh);
        c0 = f32x4.add(c0, weighted4(r, b0, b1, b2, b3, 0));
        if (vectors > 1) c1 = f32x4.add(c1, weighted4(r, b0, b1, b2, b3, 16));
        if (vectors > 2) c2 = f32x4.add(c2, weighted4(r, b0, b1, b2, b3, 32));
        r = next; b0 = n0; b1 = n1; b2 = n2; b3 = n3;
      }
      c0 = f32x4.add(c0, weighted4(r, b0, b1, b2, b3, 0));
      if (vectors > 1) c1 = f32x4.add(c1, weighted4(r, b0, b1, b2, b3, 16));
      if (vectors > 2) c2 = f32x4.add(c2, weighted4(r, b0, b1, b2, b3, 32));
    }
    if (p < end) {
      // The last 1–3 non-zeros as one more group (short CSC rows are mostly tail): missing lanes
      // repeat B's first row and get ratio 0 (their values are the buffers' slack or the next row's).
      const ip = indices + (<usize>p << 2);
      const b0 = b + ((<usize>load<i32>(ip) * ldb) << 2);
      const b1 = p + 1 < end ? b + ((<usize>load<i32>(ip, 4) * ldb) << 2) : b0;
      const b2 = p + 2 < end ? b + ((<usize>load<i32>(ip, 8) * ldb) << 2) : b0;
      const present = i32x4.gt_s(i32x4.splat(end - p), lane);
      const wh = dots4(ai, b0, b1, b2, b0, k4);
      if (whRow) v128.store(whRow + (<usize>(p - start) << 2), wh);
      const r = v128.and(klRatios(v128.load(values + (<usize>p << 2)), wh), present);
      c0 = f32x4.add(c0, weighted4(r, b0, b1, b2, b0, 0));
      if (vectors > 1) c1 = f32x4.add(c1, weighted4(r, b0, b1, b2, b0, 16));
      if (vectors > 2) c2 = f32x4.add(c2, weighted4(r, b0, b1, b2, b0, 32));
    }
    const o = outRow(out, ldo, i, transposed);
    storeLanes(c0, 0, k, o, stride, accumulate);
    if (vectors > 1) storeLanes(c1, 4, k, o, stride, accumulate);
    if (vectors > 2) storeLanes(c2, 8, k, o, stride, accumulate);
    if (whRow) divergence += klTermsOfRow(values + (<usize>start << 2), whRow, end - start);
  }
  return divergence;
}

/**
 * Σ over the non-zeros of rows [i0, i1) with S > EPS32 of S·log(S / WH) − S, in f64
 * (WH = A[i]·B[j] in f32 as in the dense pass; an exact zero → EPS32). Σ WH over all entries
 * is added by the caller from column sums of A and B. `scratch` holds a row's WH (a row's
 * non-zeros + 3 floats).
 */
export function klDivergenceSparsePart(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k4: i32, scratch: usize): f64 {
  let total: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const start = load<i32>(starts + (<usize>i << 2));
    const end = load<i32>(ends + (<usize>i << 2));
    const ai = a + ((<usize>i * lda) << 2);
    // Two passes over the row: the row's WH first, then the logs. A log's long dependency
    // chain then overlaps the next group's rather than waiting behind its dot products.
    let p = start;
    for (; p + 4 <= end; p += 4) {
      const ip = indices + (<usize>p << 2);
      const b0 = b + ((<usize>load<i32>(ip) * ldb) << 2), b1 = b + ((<usize>load<i32>(ip, 4) * ldb) << 2);
      const b2 = b + ((<usize>load<i32>(ip, 8) * ldb) << 2), b3 = b + ((<usize>load<i32>(ip, 12) * ldb) << 2);
      v128.store(scratch + (<usize>(p - start) << 2), dots4(ai, b0, b1, b2, b3, k4));
    }
    if (p < end) {
      // The last 1–3 as one more group, as the numerator kernels form them (so a check fused into
      // a numerator pass sums the same WH); the missing lanes land in the scratch's slack.
      v128.store(scratch + (<usize>(p - start) << 2), tailDots4(ai, indices, p, end, b, ldb, k4));
    }
    total += klTermsOfRow(values + (<usize>start << 2), scratch, end - start);
  }
  return total;
}

export const SPARSE_TERMS_SQUARED_MINUS_WH2: i32 = 0;
export const SPARSE_TERMS_SQUARED: i32 = 1;
export const SPARSE_TERMS_WH: i32 = 2;

/**
 * Σ over the non-zeros of rows [i0, i1) of (S − WH)² − WH², with WH = A[i]·B[j] in f64.
 * Adding Σ_all WH² = ⟨AᵀA, BᵀB⟩ (f64 Grams) gives ‖S − A·Bᵀ‖² without cancellation in f32.
 * `terms` SPARSE_TERMS_SQUARED sums (S − WH)² alone and SPARSE_TERMS_WH sums WH (the observed-entries
 * losses of matrix completion).
 */
export function squaredErrorSparsePart(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k4: i32, terms: i32): f64 {
  let total: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const start = load<i32>(starts + (<usize>i << 2));
    const end = load<i32>(ends + (<usize>i << 2));
    const ai = a + ((<usize>i * lda) << 2);
    for (let p = start; p < end; p++) {
      const bj = b + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2);
      let s0 = f64x2.splat(0), s1 = f64x2.splat(0);
      for (let c = 0; c < k4; c += 4) {
        const va = v128.load(ai + (<usize>c << 2)), vb = v128.load(bj + (<usize>c << 2));
        s0 = f64x2.add(s0, f64x2.mul(widenLow(va), widenLow(vb)));
        s1 = f64x2.add(s1, f64x2.mul(widenHigh(va), widenHigh(vb)));
      }
      const wh = sumF64x2(f64x2.add(s0, s1));
      const d = <f64>load<f32>(values + (<usize>p << 2)) - wh;
      total += terms == SPARSE_TERMS_WH ? wh : terms == SPARSE_TERMS_SQUARED ? d * d : d * d - wh * wh;
    }
  }
  return total;
}

/** out (k×k, f64) += Σ_{i in [i0, i1)} A[i, 0:k]ᵀ·A[i, 0:k]: an f64 Gram matrix of rows. */
export function gramF64(i0: i32, i1: i32, k: i32, a: usize, lda: i32, out: usize): void {
  for (let i = i0; i < i1; i++) {
    const ai = a + ((<usize>i * lda) << 2);
    for (let c = 0; c < k; c++) {
      const x = <f64>load<f32>(ai + (<usize>c << 2));
      if (x == 0) continue;
      const oc = out + ((<usize>c * k) << 3);
      for (let d = c; d < k; d++) {
        const od = oc + (<usize>d << 3);
        store<f64>(od, load<f64>(od) + x * <f64>load<f32>(ai + (<usize>d << 2)));
      }
    }
  }
}

/** out[0:cols] (f64) += column sums of rows [i0, i1) of A. */
export function columnSumsF64(i0: i32, i1: i32, cols: i32, a: usize, lda: i32, out: usize): void {
  for (let i = i0; i < i1; i++) {
    const ai = a + ((<usize>i * lda) << 2);
    for (let c = 0; c < cols; c++) {
      const o = out + (<usize>c << 3);
      store<f64>(o, load<f64>(o) + <f64>load<f32>(ai + (<usize>c << 2)));
    }
  }
}

/** Σ a[0:count] in f64. */
export function sumF64(a: usize, count: i32): f64 {
  let s: f64 = 0;
  for (let t = 0; t < count; t++) s += <f64>load<f32>(a + (<usize>t << 2));
  return s;
}

/**
 * The compressed form of the transpose (CSR → CSC), by a counting sort: within each output
 * row, entries come in increasing source row. tIndptr needs cols+1 entries.
 */
export function csrTranspose(rows: i32, cols: i32, indptr: usize, indices: usize, values: usize,
  tIndptr: usize, tIndices: usize, tValues: usize): void {
  const nnz = load<i32>(indptr + (<usize>rows << 2));
  memory.fill(tIndptr, 0, (<usize>cols + 1) << 2);
  for (let p = 0; p < nnz; p++) {
    const slot = tIndptr + ((<usize>load<i32>(indices + (<usize>p << 2)) + 1) << 2);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let j = 0; j < cols; j++) {
    const slot = tIndptr + ((<usize>j + 1) << 2);
    store<i32>(slot, load<i32>(slot) + load<i32>(slot - 4));
  }
  // tIndptr[j] now is the start of row j; use it as the fill cursor, then shift back.
  for (let i = 0; i < rows; i++) {
    const end = load<i32>(indptr + ((<usize>i + 1) << 2));
    for (let p = load<i32>(indptr + (<usize>i << 2)); p < end; p++) {
      const slot = tIndptr + (<usize>load<i32>(indices + (<usize>p << 2)) << 2);
      const q = load<i32>(slot);
      store<i32>(tIndices + (<usize>q << 2), i);
      store<f32>(tValues + (<usize>q << 2), load<f32>(values + (<usize>p << 2)));
      store<i32>(slot, q + 1);
    }
  }
  for (let j = cols; j > 0; j--) store<i32>(tIndptr + (<usize>j << 2), load<i32>(tIndptr + ((<usize>j - 1) << 2)));
  store<i32>(tIndptr, 0);
}

/**
 * out[j, i] = A[i, j] for rows [i0, i1) of A (cols wide): 4×4 blocks transposed in registers by
 * shuffles. A last group of 1–3 rows reads zeros for its missing rows and stores only the lanes
 * of the rows it has, so nothing of out outside [0, cols) × [i0, i1) is written.
 */
export function transpose(i0: i32, i1: i32, cols: i32, a: usize, lda: i32, out: usize, ldo: i32): void {
  const rowBytes = <usize>lda << 2, outRowBytes = <usize>ldo << 2;
  const jv = cols & ~3;
  // Columns outermost: each row of out is written whole before the next (out may be far larger
  // than the caches, A's few rows are read as that many streams).
  let j = 0;
  for (; j < jv; j += 4) {
    const c = <usize>j << 2;
    const oj = out + <usize>j * outRowBytes;
    for (let i = i0; i < i1; i += 4) {
      const rows = min(4, i1 - i);
      const r0 = a + <usize>i * rowBytes + c;
      const x0 = v128.load(r0);
      const x1 = rows > 1 ? v128.load(r0 + rowBytes) : f32x4.splat(0);
      const x2 = rows > 2 ? v128.load(r0 + 2 * rowBytes) : f32x4.splat(0);
      const x3 = rows > 3 ? v128.load(r0 + 3 * rowBytes) : f32x4.splat(0);
      const t01lo = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t01hi = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const t23lo = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), t23hi = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const o = oj + (<usize>i << 2);
      storeColumn(o, v128.shuffle<f32>(t01lo, t23lo, 0, 1, 4, 5), rows);
      storeColumn(o + outRowBytes, v128.shuffle<f32>(t01lo, t23lo, 2, 3, 6, 7), rows);
      storeColumn(o + 2 * outRowBytes, v128.shuffle<f32>(t01hi, t23hi, 0, 1, 4, 5), rows);
      storeColumn(o + 3 * outRowBytes, v128.shuffle<f32>(t01hi, t23hi, 2, 3, 6, 7), rows);
    }
  }
  for (; j < cols; j++) {
    for (let i = i0; i < i1; i++) {
      store<f32>(out + <usize>j * outRowBytes + (<usize>i << 2), load<f32>(a + <usize>i * rowBytes + (<usize>j << 2)));
    }
  }
}

/** The first `rows` (1–4) lanes of v, stored at `at`. */
// @ts-ignore: decorator
@inline function storeColumn(at: usize, v: v128, rows: i32): void {
  if (rows == 4) {
    v128.store(at, v);
  } else {
    if (rows & 2) v128.store64_lane(at, v, 0);
    if (rows == 1) v128.store32_lane(at, v, 0);
    if (rows == 3) v128.store32_lane(at, v, 2, 8);
  }
}

/** out[i, 0:cols] = A[i, 0:cols] for rows [i0, i1): re-stride a matrix (e.g. to a padded copy). */
export function copyRows(i0: i32, i1: i32, cols: i32, a: usize, lda: i32, out: usize, ldo: i32): void {
  for (let i = i0; i < i1; i++) {
    memory.copy(out + ((<usize>i * ldo) << 2), a + ((<usize>i * lda) << 2), <usize>cols << 2);
  }
}


/** Σ over the non-zeros of rows [i0, i1) with S > EPS32 of the β-divergence term (beta.ts), f64. */
export function betaDivergenceSparsePart(i0: i32, i1: i32, starts: usize, ends: usize, indices: usize, values: usize,
  a: usize, lda: i32, b: usize, ldb: i32, k4: i32, beta: f64): f64 {
  let total: f64 = 0;
  for (let i = i0; i < i1; i++) {
    const end = load<i32>(ends + (<usize>i << 2));
    const ai = a + ((<usize>i * lda) << 2);
    for (let p = load<i32>(starts + (<usize>i << 2)); p < end; p++) {
      const x = load<f32>(values + (<usize>p << 2));
      if (x > EPS32) {
        const wh = dot4(ai, b + ((<usize>load<i32>(indices + (<usize>p << 2)) * ldb) << 2), k4);
        total += betaTerm(<f64>x, <f64>wh, beta);
      }
    }
  }
  return total;
}

