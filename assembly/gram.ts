// Small products C = AᵀB (C at most 64×64) over a long K, the Gram matrices of the solvers
// (WᵀW, HHᵀ from Hᵀ), as a reduction over fixed chunks of K: chunk ch writes its own partial,
// the partials are added in chunk order. The chunks depend only on K, so a worker pool that
// hands them out gives the same bits as one thread; splitting C instead would make every
// thread pack all of A and B.
import { gemm } from "./gemm";

/** Partials for chunks [ch0, ch1) of K (chunkK rows each, the last to K): partial ch = A[rows]ᵀ·B[rows] (m×n). */
export function gramPartials(ch0: i32, ch1: i32, chunkK: i32, K: i32, m: i32, n: i32, a: usize, lda: i32,
  b: usize, ldb: i32, partials: usize, work: usize): void {
  for (let ch = ch0; ch < ch1; ch++) {
    const k0 = ch * chunkK, k1 = min(K, k0 + chunkK);
    gemm(1, 0, 0, m, 0, n, k1 - k0, a + ((<usize>k0 * lda) << 2), lda, b + ((<usize>k0 * ldb) << 2), ldb,
      partials + ((<usize>ch * m * n) << 2), n, 0, work);
  }
}

/**
 * dst[e] = (accumulate ? dst[e] : 0) + Σ over c = 0..count−1 in order of src[c·stride + e], for
 * elements [e0, e1) (floats; stride in floats): partial results of fixed chunks combined.
 */
export function sumStrided(e0: i32, e1: i32, count: i32, src: usize, stride: i32, dst: usize, accumulate: i32): void {
  const step = <usize>stride << 2;
  let e = e0;
  for (; e + 4 <= e1; e += 4) {
    const at = <usize>e << 2;
    let s = accumulate ? v128.load(dst + at) : f32x4.splat(0);
    for (let c = 0; c < count; c++) s = f32x4.add(s, v128.load(src + <usize>c * step + at));
    v128.store(dst + at, s);
  }
  for (; e < e1; e++) {
    const at = <usize>e << 2;
    let s: f32 = accumulate ? load<f32>(dst + at) : 0;
    for (let c = 0; c < count; c++) s += load<f32>(src + <usize>c * step + at);
    store<f32>(dst + at, s);
  }
}
