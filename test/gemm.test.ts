// The f32 GEMM kernel against a float64 reference: every transpose combination, odd sizes,
// thin NMF shapes, blocks larger than the cache blocking, sub-ranges of C with sentinels,
// padded leading dimensions, accumulate, and operands that end exactly at the end of memory
// (reading past an operand would trap). Runs build/nmf-simd.wasm (or $GEMM_WASM).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Gemm {
  gemm(transA: number, transB: number, i0: number, i1: number, j0: number, j1: number, K: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, accumulate: number,
    work: number): void;
  gemmWorkBytes(): number;
  gemmTileLoop(kc: number, pa: number, pb: number, c: number, reps: number): void;
  heapBase(): number;
}

const wasmPath = process.env.GEMM_WASM ?? new URL("../build/nmf-simd.wasm", import.meta.url);
const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536 });
const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), { env: { memory } });
const kernel = instance.exports as unknown as Gemm;

interface Case {
  transA: number; transB: number; M: number; N: number; K: number;
  i0?: number; i1?: number; j0?: number; j1?: number;
  padA?: number; padB?: number; padC?: number; accumulate?: number;
  /** Which operand is placed so that its last element is the last byte of memory. */
  last?: "A" | "B";
  /** B is A itself (same pointer and leading dimension): a Gram product such as H·Hᵀ. */
  same?: boolean;
}

let seed = 1;
/** Values in ±[0.25, 1): every product term matters, so a dropped term is far above rounding. */
function fill(view: Float32Array): void {
  for (let i = 0; i < view.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const u = seed / 4294967296;
    view[i] = (u < 0.5 ? -1 : 1) * (0.25 + 1.5 * Math.abs(u - 0.5));
  }
}

/** Run one gemm call and compare the whole C buffer: the block against float64, the rest bitwise. */
function check(t: Case): void {
  const { transA, transB, M, N, K } = t;
  const i0 = t.i0 ?? 0, i1 = t.i1 ?? M, j0 = t.j0 ?? 0, j1 = t.j1 ?? N;
  const acc = t.accumulate ?? 0;
  // op(A) is M×K, op(B) is K×N; storage is the transpose when trans is set.
  const aRows = transA ? K : M, aCols = transA ? M : K;
  const bRows = transB ? N : K, bCols = transB ? K : N;
  const lda = Math.max(1, aCols + (t.padA ?? 0));
  const ldb = Math.max(1, bCols + (t.padB ?? 0));
  const ldc = N + (t.padC ?? 0);
  // Exact extent: the last row ends at its last logical element.
  const aLen = aRows > 0 ? (aRows - 1) * lda + aCols : 0;
  const bLen = bRows > 0 ? (bRows - 1) * ldb + bCols : 0;
  const cLen = M * ldc;
  const work = kernel.gemmWorkBytes();

  const align = (x: number) => (x + 15) & ~15;
  let top = align(kernel.heapBase());
  const cPtr = top; top = align(top + 4 * cLen);
  const wPtr = top; top = align(top + work);
  let aPtr = 0, bPtr = 0;
  if (t.last !== "A") { aPtr = top; top = align(top + 4 * aLen); }
  if (t.last !== "B" && !t.same) { bPtr = top; top = align(top + 4 * bLen); }
  const lastBytes = 4 * (t.last === "A" ? aLen : t.last === "B" ? bLen : 0);
  const pages = Math.ceil((top + lastBytes) / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  const end = memory.buffer.byteLength;
  if (t.last === "A") aPtr = end - lastBytes;
  if (t.last === "B") bPtr = end - lastBytes;

  if (t.same) {
    if (aLen !== bLen || lda !== ldb) throw new Error(`${JSON.stringify(t)}: B cannot be A`);
    bPtr = aPtr;
  }
  const A = new Float32Array(memory.buffer, aPtr, aLen);
  const B = new Float32Array(memory.buffer, bPtr, bLen);
  const C = new Float32Array(memory.buffer, cPtr, cLen);
  fill(A); if (!t.same) fill(B); fill(C);
  new Float32Array(memory.buffer, wPtr, work >> 2).fill(NaN); // scratch contents must not matter
  const before = C.slice();

  kernel.gemm(transA, transB, i0, i1, j0, j1, K, aPtr, lda, bPtr, ldb, cPtr, ldc, acc, wPtr);

  const opA = (i: number, p: number) => (transA ? A[p * lda + i] : A[i * lda + p]);
  const opB = (p: number, j: number) => (transB ? B[j * ldb + p] : B[p * ldb + j]);
  const u = 2 ** -24;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < ldc; j++) {
      const got = C[i * ldc + j];
      if (i < i0 || i >= i1 || j < j0 || j >= j1) {
        if (!Object.is(got, before[i * ldc + j])) {
          throw new Error(`${JSON.stringify(t)}: wrote outside the block at (${i}, ${j})`);
        }
        continue;
      }
      const c0 = acc ? before[i * ldc + j] : 0;
      let sum = c0, mag = Math.abs(c0);
      for (let p = 0; p < K; p++) {
        const prod = opA(i, p) * opB(p, j);
        sum += prod; mag += Math.abs(prod);
      }
      // Any summation order (with or without fused multiply-add) stays within (K+2)·u·Σ|a||b|.
      if (!(Math.abs(got - sum) <= (K + 2) * u * mag + 1e-30)) {
        throw new Error(`${JSON.stringify(t)}: C(${i}, ${j}) = ${got}, expected ${sum}`);
      }
    }
  }
}

const TRANS = [[0, 0], [0, 1], [1, 0], [1, 1]] as const;
const SIZES = [1, 3, 7, 17, 33, 65];

describe("gemm", () => {
  it("reports a work size within 2 MiB", () => {
    const bytes = kernel.gemmWorkBytes();
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(2 << 20);
  });

  for (const [transA, transB] of TRANS) {
    it(`odd sizes, transA=${transA} transB=${transB}`, () => {
      let n = 0;
      for (const M of SIZES) for (const N of SIZES) for (const K of SIZES) {
        // Alternate which operand ends at the end of memory.
        check({ transA, transB, M, N, K, last: n++ % 2 ? "A" : "B" });
      }
    });

    it(`sub-blocks, padded leading dimensions, accumulate, transA=${transA} transB=${transB}`, () => {
      for (const [M, N, K] of [[19, 23, 13], [40, 70, 33], [9, 130, 5], [131, 9, 66]]) {
        for (const accumulate of [0, 1]) {
          check({ transA, transB, M, N, K, i0: 3, i1: M - 2, j0: 5, j1: N - 1, accumulate, padA: 3, padB: 5, padC: 7 });
          check({ transA, transB, M, N, K, i0: 1, i1: 2, j0: 0, j1: N, accumulate, padC: 1, last: "A" });
          check({ transA, transB, M, N, K, i0: 0, i1: M, j0: N - 1, j1: N, accumulate, padB: 2, last: "B" });
          check({ transA, transB, M, N, K, i0: 4, i1: 8, j0: 8, j1: Math.min(N, 16), accumulate, padA: 1 });
        }
      }
    });

    it(`blocks larger than the cache blocking, transA=${transA} transB=${transB}`, () => {
      check({ transA, transB, M: 37, N: 1100, K: 600, padC: 3, last: "B" });
      check({ transA, transB, M: 141, N: 45, K: 600, i0: 2, i1: 139, accumulate: 1, last: "A" });
      check({ transA, transB, M: 67, N: 790, K: 530, j0: 1, padA: 2, padB: 1, last: transA ? "A" : "B" });
    });
  }

  it("K = 0 clears the block, or leaves it with accumulate", () => {
    for (const accumulate of [0, 1]) {
      check({ transA: 0, transB: 0, M: 9, N: 11, K: 0, i0: 2, i1: 7, j0: 3, j1: 10, padC: 2, accumulate });
    }
  });

  it("empty ranges write nothing", () => {
    check({ transA: 0, transB: 0, M: 5, N: 5, K: 4, i0: 3, i1: 3 });
    check({ transA: 1, transB: 1, M: 5, N: 5, K: 4, j0: 4, j1: 2 });
  });

  it("thin NMF shapes, ranks 1…40", () => {
    const m = 53, n = 47;
    for (let k = 1; k <= 40; k++) {
      const last = k % 2 ? "A" : "B";
      check({ transA: 1, transB: 0, M: k, N: n, K: m, last });                    // Wᵀ·V
      check({ transA: 0, transB: 1, M: m, N: k, K: n, last });                    // V·Hᵀ
      check({ transA: 0, transB: 0, M: m, N: n, K: k, last, accumulate: k % 3 === 0 ? 1 : 0 }); // W·H
      check({ transA: 1, transB: 0, M: k, N: k, K: m });                          // Wᵀ·W
      check({ transA: 0, transB: 1, M: k, N: k, K: n });                          // H·Hᵀ
    }
  });

  it("A·Bᵀ with few columns and a long k (several k blocks, k tail)", () => {
    check({ transA: 0, transB: 1, M: 9, N: 64, K: 1100, accumulate: 1, last: "A" });
    check({ transA: 0, transB: 1, M: 7, N: 61, K: 2051, accumulate: 1, padA: 3, last: "B" });
    check({ transA: 0, transB: 1, M: 6, N: 5, K: 20003, padB: 1, last: "A" });
  });

  it("Gram products A·Aᵀ (B is A): the whole matrix, exactly symmetric; sub-blocks and accumulate", () => {
    for (const k of [1, 2, 3, 5, 7, 10, 13, 20, 33, 64]) {
      for (const K of [1, 3, 17, 1030, 20003]) {
        check({ transA: 0, transB: 1, M: k, N: k, K, same: true, last: k % 2 ? "A" : undefined });
        const C = new Float32Array(memory.buffer, (kernel.heapBase() + 15) & ~15, k * k);
        for (let r = 0; r < k; r++) for (let c = 0; c < r; c++) expect(C[r * k + c], `k ${k} K ${K}`).toBe(C[c * k + r]);
      }
      // Not the whole square on the diagonal, or accumulating: every tile is computed.
      check({ transA: 0, transB: 1, M: k, N: k, K: 40, same: true, accumulate: 1 });
      if (k > 2) {
        check({ transA: 0, transB: 1, M: k, N: k, K: 40, same: true, i0: 1, i1: k, j0: 0, j1: k - 1 });
        check({ transA: 0, transB: 1, M: k, N: k, K: 40, same: true, i0: 1, i1: k - 1, j0: 1, j1: k - 1, padC: 3 });
      }
    }
  });

  it("thin NMF shapes at a size larger than the blocking", () => {
    check({ transA: 1, transB: 0, M: 21, N: 1030, K: 700, last: "B" });
    check({ transA: 0, transB: 1, M: 300, N: 21, K: 1030, last: "A" });
    check({ transA: 0, transB: 0, M: 300, N: 1030, K: 21, last: "B" });
  });

  it("the benchmark's register tile (gemmTileLoop) computes the 4×8 product of its packed panels", () => {
    // The ceiling row of the GEMM benchmark times this loop: it must do the tile's real work.
    for (const kc of [1, 3, 256]) {
      const top = (kernel.heapBase() + 15) & ~15;
      const pa = top, pb = pa + 16 * kc, c = pb + 32 * kc;
      const A = new Float32Array(memory.buffer, pa, 4 * kc), B = new Float32Array(memory.buffer, pb, 8 * kc);
      fill(A); fill(B);
      const C = new Float32Array(memory.buffer, c, 32);
      C.fill(NaN);
      kernel.gemmTileLoop(kc, pa, pb, c, 3);
      for (let r = 0; r < 4; r++) {
        for (let j = 0; j < 8; j++) {
          let want = 0;
          for (let p = 0; p < kc; p++) want += A[p * 4 + r] * B[p * 8 + j];
          expect(C[r * 8 + j], `kc ${kc} (${r}, ${j})`).toBeCloseTo(want, 3);
        }
      }
    }
  });
});
