// Blocked, register-tiled f32 GEMM:
//   C[i0:i1, j0:j1] (+)= op(A)[i0:i1, 0:K] · op(B)[0:K, j0:j1]
//   op(A)(i, p) = transA ? A[p·lda + i] : A[i·lda + p]
//   op(B)(p, j) = transB ? B[j·ldb + p] : B[p·ldb + j]
// Transposes are never materialized: op(B) is packed into 8-wide strips (KC×NC panel, L2),
// op(A) is read in place with load32_splat (a 4×KC slab stays in L1).
// Every call names its own output block, so a worker pool can split C by rows or columns.
import { madd } from "./simd";

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const NC: i32 = 512;

// Partial tiles (fewer than MR rows or NR columns) are computed in full and copied out from here.
const edgeTile: usize = memory.data(MR * NR * 4, 16);

/** Bytes of scratch `gemm` needs for its packed B panel. */
export function gemmWorkBytes(): i32 {
  return KC * NC * 4;
}

/** Pack op(B)[pc:pc+kc, jc:jc+nc] as strips of NR columns, kc rows each, zero-padded. */
function packB(transB: i32, b: usize, ldb: i32, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jj = 0; jj < nc; jj += NR) {
    const cols = min(NR, nc - jj);
    const strip = dst + ((<usize>jj * kc) << 2);
    if (!transB && cols == NR) {
      let src = b + ((<usize>pc * ldb + jc + jj) << 2);
      const stride = <usize>ldb << 2;
      for (let p = 0; p < kc; p++) {
        const out = strip + (<usize>p << 5);
        v128.store(out, v128.load(src));
        v128.store(out, v128.load(src, 16), 16);
        src += stride;
      }
    } else if (!transB) {
      for (let p = 0; p < kc; p++) {
        const src = b + ((<usize>(pc + p) * ldb + jc + jj) << 2);
        const out = strip + (<usize>p << 5);
        v128.store(out, f32x4.splat(0));
        v128.store(out, f32x4.splat(0), 16);
        for (let q = 0; q < cols; q++) store<f32>(out + (<usize>q << 2), load<f32>(src + (<usize>q << 2)));
      }
    } else {
      // op(B)(p, j) = B[j·ldb + p]: read each source row contiguously.
      if (cols < NR) memory.fill(strip, 0, <usize>kc * NR * 4);
      for (let q = 0; q < cols; q++) {
        const src = b + ((<usize>(jc + jj + q) * ldb + pc) << 2);
        let out = strip + (<usize>q << 2);
        for (let p = 0; p < kc; p++) {
          store<f32>(out, load<f32>(src + (<usize>p << 2)));
          out += NR << 2;
        }
      }
    }
  }
}

/**
 * One MR×NR tile of C from kc steps: rows of op(A) start at r0..r3 and advance by `ps` bytes
 * per step; bp is a packed strip. 8 accumulators + 2 B vectors + 1 broadcast fit V8's 15 xmm.
 */
function microTile(kc: i32, r0: usize, r1: usize, r2: usize, r3: usize, ps: usize, bp: usize,
  c: usize, ldc: i32, mr: i32, nr: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(r0 + off);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(r1 + off);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(r2 + off);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(r3 + off);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    off += ps;
    bp += NR << 2;
  }
  const ldcB = <usize>ldc << 2;
  if (mr == MR && nr == NR) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldcB)); c11 = f32x4.add(c11, v128.load(c + ldcB, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldcB)); c21 = f32x4.add(c21, v128.load(c + 2 * ldcB, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldcB)); c31 = f32x4.add(c31, v128.load(c + 3 * ldcB, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + ldcB, c10); v128.store(c + ldcB, c11, 16);
    v128.store(c + 2 * ldcB, c20); v128.store(c + 2 * ldcB, c21, 16);
    v128.store(c + 3 * ldcB, c30); v128.store(c + 3 * ldcB, c31, 16);
    return;
  }
  v128.store(edgeTile, c00); v128.store(edgeTile, c01, 16);
  v128.store(edgeTile, c10, 32); v128.store(edgeTile, c11, 48);
  v128.store(edgeTile, c20, 64); v128.store(edgeTile, c21, 80);
  v128.store(edgeTile, c30, 96); v128.store(edgeTile, c31, 112);
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

/** C[i0:i1, j0:j1] = (accumulate ? C : 0) + op(A)·op(B) over K; `work` holds gemmWorkBytes(). */
export function gemm(transA: i32, transB: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, accumulate: i32, work: usize): void {
  if (i1 <= i0 || j1 <= j0) return;
  if (K <= 0) {
    if (!accumulate) {
      for (let i = i0; i < i1; i++) memory.fill(c + ((<usize>i * ldc + j0) << 2), 0, <usize>(j1 - j0) << 2);
    }
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      packB(transB, b, ldb, pc, kc, jc, nc, work);
      const acc = accumulate != 0 || pc > 0;
      for (let i = i0; i < i1; i += MR) {
        const mr = min(MR, i1 - i);
        let r0: usize, step: usize, ps: usize;
        if (transA) {
          r0 = a + ((<usize>pc * lda + i) << 2); step = 4; ps = <usize>lda << 2;
        } else {
          r0 = a + ((<usize>i * lda + pc) << 2); step = <usize>lda << 2; ps = 4;
        }
        // Rows past the edge alias row 0: computed, never stored.
        const r1 = mr > 1 ? r0 + step : r0;
        const r2 = mr > 2 ? r0 + 2 * step : r0;
        const r3 = mr > 3 ? r0 + 3 * step : r0;
        const cRow = c + ((<usize>i * ldc + jc) << 2);
        for (let jj = 0; jj < nc; jj += NR) {
          microTile(kc, r0, r1, r2, r3, ps, work + ((<usize>jj * kc) << 2),
            cRow + (<usize>jj << 2), ldc, mr, min(NR, nc - jj), acc);
        }
      }
    }
  }
}
