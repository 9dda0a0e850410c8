// Blocked, register-tiled f32 GEMM:
//   C[i0:i1, j0:j1] (+)= op(A)[i0:i1, 0:K] · op(B)[0:K, j0:j1]
//   op(A)(i, p) = transA ? A[p·lda + i] : A[i·lda + p]
//   op(B)(p, j) = transB ? B[j·ldb + p] : B[p·ldb + j]
// Transposes are never materialized. Every call names its own output block and writes nothing
// else of C, so a worker pool can split C by rows or columns (each worker with its own `work`).
//
// Three paths, chosen per call:
//  - packed (general): BLIS loop order jc → pc → pack B panel → ic → pack A block → jr → ir,
//    4×8 register tile. The A panel is 16 B per k (load32_splat at constant offsets), the
//    B strip 32 B per k.
//  - one row block (i1 - i0 ≤ MC, e.g. Wᵀ·V): A packed once per k block; a non-transposed
//    B is read in place with its row stride (packing V would cost more traffic than it saves).
//  - A·Bᵀ with few columns (e.g. V·Hᵀ): both operands are contiguous along k, so the tile
//    keeps vectors along k (2 rows × 4 columns, no splats) and V is read in place.
//
// Register budget (V8 hoists a loop body's loads and allocates from xmm0–xmm14): a tile's
// accumulators + the vectors it loads per k (+1 temporary for mul+add) must stay ≤ 15.
// 4×8 = 8 accumulators + 2 B + 4 A splats; the dot tile = 8 + 2 A + 4 B. Bigger tiles or a
// hand-unrolled k-loop spill and run at about half speed. V8 unrolls the k-loop itself (one
// interrupt check per copy group) and unrolls deeper-nested loops more, so the kernels are
// @inline: their k-loops then sit at the bottom of the block loops (measured 5-10% faster).
import { madd, transpose4 } from "./simd";

const MR: i32 = 4;          // rows of the register tile
const NR: i32 = 8;          // columns of the register tile (two f32x4)
const KC: i32 = 512;        // k block: a B strip (KC·NR·4 = 16 KiB) stays in L1 across the A block
const MC: i32 = 64;         // rows per A block (MC·KC·4 = 128 KiB, L2)
const NC: i32 = 768;        // columns per packed B panel (KC·NC·4 = 1.5 MiB, L3)
const DOT_MAX_N: i32 = 64;  // A·Bᵀ with at most this many columns takes the dot path
const DOT_PANEL_FLOATS: i32 = 64 * 1024; // packed Bᵀ panel of the dot path (256 KiB, L2)

const PANEL_B_BYTES: i32 = KC * NC * 4;
const BLOCK_A_BYTES: i32 = MC * KC * 4;

const STAGE_OFFSET: i32 = max(PANEL_B_BYTES + BLOCK_A_BYTES, DOT_PANEL_FLOATS * 4);
const STAGE_BYTES: i32 = MR * NR * 4 + 32;

// Staging areas inside `work`, set by each gemm call: a partial tile (rows 32 B apart), and the
// last k < 4 of two A rows in the dot path. They live in the caller's scratch rather than in
// static data, and globals are per module instance, so concurrent callers (one instance per
// worker, each with its own `work`) never share them.
let edgeTile: usize = 0;
let dotTail: usize = 0;

/** Bytes of scratch `gemm` needs: packed B panel + packed A block (the dot path uses less) + staging. */
export function gemmWorkBytes(): i32 {
  return STAGE_OFFSET + STAGE_BYTES;
}

// ---------------------------------------------------------------------------------------------
// Packing

/** Pack op(A)[i:i+mr, pc:pc+kc] as one panel: kc groups of MR floats, rows past mr zeroed. */
function packAPanel(transA: i32, a: usize, lda: i32, i: i32, mr: i32, pc: i32, kc: i32, dst: usize): void {
  const ldaB = <usize>lda << 2;
  if (transA && mr == MR) {
    // The MR values of one k are adjacent in A: one vector per k.
    let src = a + ((<usize>pc * lda + i) << 2);
    for (let p = 0; p < kc; p++) {
      v128.store(dst + (<usize>p << 4), v128.load(src));
      src += ldaB;
    }
    return;
  }
  let p = 0;
  if (!transA && mr == MR) {
    let src = a + ((<usize>i * lda + pc) << 2);
    for (; p + 4 <= kc; p += 4) {
      transpose4(v128.load(src), v128.load(src + ldaB), v128.load(src + 2 * ldaB), v128.load(src + 3 * ldaB),
        dst + (<usize>p << 4), 16);
      src += 16;
    }
  }
  for (; p < kc; p++) {
    const d = dst + (<usize>p << 4);
    v128.store(d, f32x4.splat(0));
    for (let q = 0; q < mr; q++) {
      const idx = transA ? <usize>(pc + p) * lda + i + q : <usize>(i + q) * lda + pc + p;
      store<f32>(d + (<usize>q << 2), load<f32>(a + (idx << 2)));
    }
  }
}

function packABlock(transA: i32, a: usize, lda: i32, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    packAPanel(transA, a, lda, ic + ir, min(MR, mc - ir), pc, kc, dst + ((<usize>ir * kc) << 2));
  }
}

/** Pack op(B)[pc:pc+kc, j:j+nr] as one strip: kc rows of NR floats, columns past nr zeroed. */
function packBStrip(transB: i32, b: usize, ldb: i32, pc: i32, kc: i32, j: i32, nr: i32, dst: usize): void {
  const ldbB = <usize>ldb << 2;
  if (!transB && nr == NR) {
    let src = b + ((<usize>pc * ldb + j) << 2);
    for (let p = 0; p < kc; p++) {
      const out = dst + (<usize>p << 5);
      v128.store(out, v128.load(src));
      v128.store(out, v128.load(src, 16), 16);
      src += ldbB;
    }
    return;
  }
  let p = 0;
  if (transB && nr == NR) {
    // Columns j..j+7 of op(B) are rows of B: two 4×4 transposes per 4 k.
    let src = b + ((<usize>j * ldb + pc) << 2);
    for (; p + 4 <= kc; p += 4) {
      const d = dst + (<usize>p << 5);
      transpose4(v128.load(src), v128.load(src + ldbB), v128.load(src + 2 * ldbB), v128.load(src + 3 * ldbB), d, 32);
      const s4 = src + 4 * ldbB;
      transpose4(v128.load(s4), v128.load(s4 + ldbB), v128.load(s4 + 2 * ldbB), v128.load(s4 + 3 * ldbB), d + 16, 32);
      src += 16;
    }
  }
  for (; p < kc; p++) {
    const d = dst + (<usize>p << 5);
    v128.store(d, f32x4.splat(0));
    v128.store(d, f32x4.splat(0), 16);
    for (let q = 0; q < nr; q++) {
      const idx = transB ? <usize>(j + q) * ldb + pc + p : <usize>(pc + p) * ldb + j + q;
      store<f32>(d + (<usize>q << 2), load<f32>(b + (idx << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Write-back

const STORE_SET: i32 = 0;   // full tile, C = tile
const STORE_ADD: i32 = 1;   // full tile, C += tile
const STORE_EDGE: i32 = 2;  // partial tile: stage in edgeTile, then flushEdge

/** Copy (or add) the top-left mr×nr of edgeTile (rows 32 B apart) to C. */
function flushEdge(c: usize, ldc: i32, mr: i32, nr: i32, accumulate: bool): void {
  const ldcB = <usize>ldc << 2;
  for (let q = 0; q < mr; q++) {
    const row = c + <usize>q * ldcB;
    const tile = edgeTile + (<usize>q << 5);
    for (let j = 0; j < nr; j++) {
      const dst = row + (<usize>j << 2);
      const v = load<f32>(tile + (<usize>j << 2));
      store<f32>(dst, accumulate ? load<f32>(dst) + v : v);
    }
  }
}

// @ts-ignore: decorator
@inline function storeTile(c: usize, ldc: i32, mode: i32,
  c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128): void {
  if (mode == STORE_EDGE) {
    v128.store(edgeTile, c00); v128.store(edgeTile, c01, 16);
    v128.store(edgeTile, c10, 32); v128.store(edgeTile, c11, 48);
    v128.store(edgeTile, c20, 64); v128.store(edgeTile, c21, 80);
    v128.store(edgeTile, c30, 96); v128.store(edgeTile, c31, 112);
    return;
  }
  const ldcB = <usize>ldc << 2;
  const c1 = c + ldcB, c2 = c + 2 * ldcB, c3 = c + 3 * ldcB;
  if (mode == STORE_ADD) {
    // Row by row: each row's stores order the next row's loads after them, so V8 cannot
    // hoist all eight C loads (that would spill an accumulator inside the k-loop).
    v128.store(c, f32x4.add(c00, v128.load(c))); v128.store(c, f32x4.add(c01, v128.load(c, 16)), 16);
    v128.store(c1, f32x4.add(c10, v128.load(c1))); v128.store(c1, f32x4.add(c11, v128.load(c1, 16)), 16);
    v128.store(c2, f32x4.add(c20, v128.load(c2))); v128.store(c2, f32x4.add(c21, v128.load(c2, 16)), 16);
    v128.store(c3, f32x4.add(c30, v128.load(c3))); v128.store(c3, f32x4.add(c31, v128.load(c3, 16)), 16);
    return;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c1, c10); v128.store(c1, c11, 16);
  v128.store(c2, c20); v128.store(c2, c21, 16);
  v128.store(c3, c30); v128.store(c3, c31, 16);
}

// ---------------------------------------------------------------------------------------------
// Packed path

/** 4×8 tile over kc ≥ 1 steps: packed A panel at pa (16 B per k), B strip at pb (`bs` B per k). */
// @ts-ignore: decorator
@inline function kernel(kc: i32, pa: usize, pb: usize, bs: usize, c: usize, ldc: i32, mode: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = pb + <usize>kc * bs;
  do {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += 16;
    pb += bs;
  } while (pb != end);
  storeTile(c, ldc, mode, c00, c01, c10, c11, c20, c21, c30, c31);
}

/**
 * The 4×8 tile alone, `reps` times over the same kc-step panels: A at pa (16 B per k), B at pb
 * (32 B per k), the tile stored to c (4 rows, 8 floats each, rows 32 B apart). With panels that
 * fit L1 this measures the ceiling every packed GEMM here runs under on this machine: the
 * benchmark reports it beside the products, in the same run.
 */
export function gemmTileLoop(kc: i32, pa: usize, pb: usize, c: usize, reps: i32): void {
  for (let r = 0; r < reps; r++) kernel(kc, pa, pb, NR * 4, c, NR, STORE_SET);
}

/** All row tiles of a packed A block (mc rows) against one B strip (nr ≤ NR columns). */
// @ts-ignore: decorator
@inline function stripKernels(mc: i32, nr: i32, kc: i32, aBlock: usize, pb: usize, bs: usize,
  c: usize, ldc: i32, acc: bool): void {
  const ldcB = <usize>ldc << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const ct = c + <usize>ir * ldcB;
    const edge = mr < MR || nr < NR;
    kernel(kc, aBlock + ((<usize>ir * kc) << 2), pb, bs, ct, ldc, edge ? STORE_EDGE : (acc ? STORE_ADD : STORE_SET));
    if (edge) flushEdge(ct, ldc, mr, nr, acc);
  }
}

/** General case: B panels (KC×NC, L3) packed once per (jc, pc) and reused by every A block. */
function gemmPacked(transA: i32, transB: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32, work: usize): void {
  const workB = work;
  const workA = work + PANEL_B_BYTES;
  const ldcB = <usize>ldc << 2;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const acc = accumulate != 0 || pc > 0;
      for (let jr = 0; jr < nc; jr += NR) {
        packBStrip(transB, b, ldb, pc, kc, jc + jr, min(NR, nc - jr), workB + ((<usize>jr * kc) << 2));
      }
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packABlock(transA, a, lda, ic, mc, pc, kc, workA);
        const cBlock = c + <usize>ic * ldcB + (<usize>jc << 2);
        for (let jr = 0; jr < nc; jr += NR) {
          stripKernels(mc, min(NR, nc - jr), kc, workA, workB + ((<usize>jr * kc) << 2), NR * 4,
            cBlock + (<usize>jr << 2), ldc, acc);
        }
      }
    }
  }
}

/** One row block (i1 - i0 ≤ MC): A packed once per k block, B streamed strip by strip. */
function gemmRowBlock(transA: i32, transB: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32, work: usize): void {
  const workB = work;
  const workA = work + PANEL_B_BYTES;
  const mc = i1 - i0;
  const cBlock = c + ((<usize>i0 * ldc) << 2);
  for (let pc = 0; pc < K; pc += KC) {
    const kc = min(KC, K - pc);
    const acc = accumulate != 0 || pc > 0;
    packABlock(transA, a, lda, i0, mc, pc, kc, workA);
    for (let j = j0; j < j1; j += NR) {
      const nr = min(NR, j1 - j);
      let pb = workB, bs: usize = NR * 4;
      if (!transB && nr == NR) {
        // In place: a full strip never reads past column j+7 of B.
        pb = b + ((<usize>pc * ldb + j) << 2);
        bs = <usize>ldb << 2;
      } else {
        packBStrip(transB, b, ldb, pc, kc, j, nr, workB);
      }
      stripKernels(mc, nr, kc, workA, pb, bs, cBlock + (<usize>j << 2), ldc, acc);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Dot path: C = A·Bᵀ with A rows and B rows both contiguous along k

/** Pack B rows j..j+nc, k range pc..pc+kc, as groups of 4 rows: per 4 k, 4 vectors (64 B),
 *  one per row. k past kc and rows past nc are zero. */
function packDotB(b: usize, ldb: i32, pc: i32, kc: i32, j: i32, nc: i32, dst: usize): void {
  const kq = kc >> 2, tail = kc & 3;
  const groupBytes = <usize>((kc + 3) >> 2) << 6;
  for (let g = 0; g < nc; g += 4) {
    const group = dst + <usize>(g >> 2) * groupBytes;
    for (let t = 0; t < 4; t++) {
      let d = group + (<usize>t << 4);
      if (g + t >= nc) {
        for (let q = 0; q < kq + (tail ? 1 : 0); q++) v128.store(d + (<usize>q << 6), f32x4.splat(0));
        continue;
      }
      let src = b + ((<usize>(j + g + t) * ldb + pc) << 2);
      for (let q = 0; q < kq; q++) {
        v128.store(d, v128.load(src));
        src += 16;
        d += 64;
      }
      if (tail) {
        v128.store(d, f32x4.splat(0));
        for (let r = 0; r < tail; r++) store<f32>(d + (<usize>r << 2), load<f32>(src + (<usize>r << 2)));
      }
    }
  }
}

/** Lane t of the result = sum of the lanes of x_t. */
// @ts-ignore: decorator
@inline function hsum4(x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const t0 = f32x4.add(v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), v128.shuffle<f32>(x0, x1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), v128.shuffle<f32>(x2, x3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
}

/** 2×4 tile with vectors along k: A rows at pa and pa + ar (in place), one packed group of 4
 *  B rows at pb; kq full 4-k steps, then, if `tail`, one zero-padded step from dotTail. */
// @ts-ignore: decorator
@inline function kernelDot(kq: i32, tail: bool, pa: usize, ar: usize, pb: usize, c: usize, ldc: i32, mode: i32): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
  if (kq > 0) {
    const end = pb + (<usize>kq << 6);
    do {
      const a0 = v128.load(pa);
      const a1 = v128.load(pa + ar);
      let b = v128.load(pb);
      s00 = madd(a0, b, s00); s10 = madd(a1, b, s10);
      b = v128.load(pb, 16);
      s01 = madd(a0, b, s01); s11 = madd(a1, b, s11);
      b = v128.load(pb, 32);
      s02 = madd(a0, b, s02); s12 = madd(a1, b, s12);
      b = v128.load(pb, 48);
      s03 = madd(a0, b, s03); s13 = madd(a1, b, s13);
      pa += 16;
      pb += 64;
    } while (pb != end);
  }
  if (tail) {
    const a0 = v128.load(dotTail);
    const a1 = v128.load(dotTail, 16);
    let b = v128.load(pb);
    s00 = madd(a0, b, s00); s10 = madd(a1, b, s10);
    b = v128.load(pb, 16);
    s01 = madd(a0, b, s01); s11 = madd(a1, b, s11);
    b = v128.load(pb, 32);
    s02 = madd(a0, b, s02); s12 = madd(a1, b, s12);
    b = v128.load(pb, 48);
    s03 = madd(a0, b, s03); s13 = madd(a1, b, s13);
  }
  let r0 = hsum4(s00, s01, s02, s03);
  let r1 = hsum4(s10, s11, s12, s13);
  if (mode == STORE_EDGE) {
    v128.store(edgeTile, r0);
    v128.store(edgeTile, r1, 32);
    return;
  }
  const c1 = c + (<usize>ldc << 2);
  if (mode == STORE_ADD) {
    r0 = f32x4.add(r0, v128.load(c));
    r1 = f32x4.add(r1, v128.load(c1));
  }
  v128.store(c, r0);
  v128.store(c1, r1);
}

/** Stage the last `tail` (< 4) k of rows pa, pa + ar (from k offset kq·4) in dotTail, zero-padded. */
function stageDotTail(pa: usize, ar: usize, kq: i32, tail: i32): void {
  v128.store(dotTail, f32x4.splat(0));
  v128.store(dotTail, f32x4.splat(0), 16);
  for (let r = 0; r < tail; r++) {
    const off = (<usize>(kq << 2) + r) << 2;
    store<f32>(dotTail + (<usize>r << 2), load<f32>(pa + off));
    store<f32>(dotTail + 16 + (<usize>r << 2), load<f32>(pa + ar + off));
  }
}

/**
 * C block = A·Bᵀ for j1 - j0 ≤ DOT_MAX_N: B packed once per k block, A rows read in place.
 * A Gram matrix (B is A, the block is square on the diagonal, C not accumulated) skips the tiles
 * wholly below the diagonal and mirrors them at the end: C[r, c] and C[c, r] are the same
 * products summed in the same order, so the mirror is exact.
 */
function gemmDot(i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32, work: usize): void {
  const ldaB = <usize>lda << 2, ldcB = <usize>ldc << 2;
  const nc = j1 - j0;
  const gram = a == b && lda == ldb && i0 == j0 && i1 == j1 && !accumulate;
  // The longest k block whose packed panel fits the budget: long contiguous A rows stream best.
  const kd = max(64, (DOT_PANEL_FLOATS / ((nc + 3) & ~3)) & ~3);
  for (let pc = 0; pc < K; pc += kd) {
    const kc = min(kd, K - pc);
    const kq = kc >> 2, tail = kc & 3;
    const groupBytes = <usize>((kc + 3) >> 2) << 6;
    const acc = accumulate != 0 || pc > 0;
    packDotB(b, ldb, pc, kc, j0, nc, work);
    for (let i = i0; i < i1; i += 2) {
      const mr = min(2, i1 - i);
      const pa = a + ((<usize>i * lda + pc) << 2);
      const ar = mr > 1 ? ldaB : 0; // a lone last row is computed twice, stored once
      if (tail) stageDotTail(pa, ar, kq, tail);
      const cRow = c + <usize>i * ldcB + (<usize>j0 << 2);
      for (let jr = gram ? (i - j0) & ~3 : 0; jr < nc; jr += 4) {
        const nr = min(4, nc - jr);
        const ct = cRow + (<usize>jr << 2);
        const edge = mr < 2 || nr < 4;
        kernelDot(kq, tail != 0, pa, ar, work + <usize>(jr >> 2) * groupBytes, ct, ldc,
          edge ? STORE_EDGE : (acc ? STORE_ADD : STORE_SET));
        if (edge) flushEdge(ct, ldc, mr, nr, acc);
      }
    }
  }
  if (gram) {
    for (let r = i0 + 1; r < i1; r++) {
      for (let q = i0; q < r; q++) store<f32>(c + <usize>r * ldcB + (<usize>q << 2), load<f32>(c + <usize>q * ldcB + (<usize>r << 2)));
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** C[i0:i1, j0:j1] = (accumulate ? C : 0) + op(A)·op(B) over K; `work` holds gemmWorkBytes(). */
export function gemm(transA: i32, transB: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32, work: usize): void {
  if (i1 <= i0 || j1 <= j0) return;
  edgeTile = work + STAGE_OFFSET;
  dotTail = edgeTile + MR * NR * 4;
  if (K <= 0) {
    if (!accumulate) {
      for (let i = i0; i < i1; i++) memory.fill(c + ((<usize>i * ldc + j0) << 2), 0, <usize>(j1 - j0) << 2);
    }
    return;
  }
  if (!transA && transB && j1 - j0 <= DOT_MAX_N) {
    gemmDot(i0, i1, j0, j1, K, a, lda, b, ldb, c, ldc, accumulate, work);
  } else if (i1 - i0 <= MC) {
    gemmRowBlock(transA, transB, i0, i1, j0, j1, K, a, lda, b, ldb, c, ldc, accumulate, work);
  } else {
    gemmPacked(transA, transB, i0, i1, j0, j1, K, a, lda, b, ldb, c, ldc, accumulate, work);
  }
}
