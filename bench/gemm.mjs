// GEMM throughput of one kernel binary, single-threaded: the register tile alone (the ceiling),
// square products and the three NMF products (m=4000, n=2000, k=32). GFLOP/s = 2·M·N·K / time,
// for the median and the best run.
//   node bench/gemm.mjs [build/nmf-simd.wasm]
//   node --experimental-wasm-relaxed-simd bench/gemm.mjs build/nmf-relaxed.wasm
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";

const PAGE = 65536;
const NMF = { m: 4000, n: 2000, k: 32 };

/** Shapes as gemm argument lists over named operands of given sizes (elements). */
function shapes() {
  const square = (s) => ({
    shape: `square ${s}`, flops: 2 * s * s * s,
    sizes: { A: s * s, B: s * s, C: s * s },
    args: (p) => [0, 0, 0, s, 0, s, s, p.A, s, p.B, s, p.C, s, 0],
  });
  const { m, n, k } = NMF;
  const nmfSizes = { W: m * k, H: k * n, V: m * n, C: m * n };
  return [
    square(512),
    square(1024),
    { shape: `WtV ${k}x${n}x${m}`, flops: 2 * k * n * m, sizes: nmfSizes,
      args: (p) => [1, 0, 0, k, 0, n, m, p.W, k, p.V, n, p.C, n, 0] },
    { shape: `VHt ${m}x${k}x${n}`, flops: 2 * m * k * n, sizes: nmfSizes,
      args: (p) => [0, 1, 0, m, 0, k, n, p.V, n, p.H, n, p.C, k, 0] },
    { shape: `WH ${m}x${n}x${k}`, flops: 2 * m * n * k, sizes: nmfSizes,
      args: (p) => [0, 0, 0, m, 0, n, k, p.W, k, p.H, n, p.C, n, 0] },
  ];
}

async function instantiate(wasmPath) {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536 });
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { env: { memory } });
  return { memory, exports: instance.exports };
}

/** Lay out the operands after heapBase (16-byte aligned), fill with uniform [0,1) values. */
function allocate(memory, exports, sizes) {
  let top = (Number(exports.heapBase()) + 15) & ~15;
  const ptrs = {};
  for (const [name, count] of Object.entries(sizes)) {
    ptrs[name] = top;
    top += ((count * 4 + 63) & ~63);
  }
  ptrs.work = top;
  top += exports.gemmWorkBytes();
  const need = Math.ceil(top / PAGE) - memory.buffer.byteLength / PAGE;
  if (need > 0) memory.grow(need);
  let seed = 12345;
  for (const [name, count] of Object.entries(sizes)) {
    const view = new Float32Array(memory.buffer, ptrs[name], count);
    for (let i = 0; i < count; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      view[i] = seed / 4294967296;
    }
  }
  return ptrs;
}

/**
 * The ceiling: the packed path's 4×8 register tile alone (gemmTileLoop), repeated over panels of
 * KC = 256 steps that stay in L1 (A 4 KiB, B 8 KiB) — no packing, no cache misses, no edges.
 */
function tileCeiling(reps) {
  const kc = 256;
  return {
    shape: "4×8 register tile, L1-resident", flops: 2 * 4 * 8 * kc * reps, ceiling: true,
    sizes: { A: kc * 4, B: kc * 8, C: 32 },
    call: (exports, p) => () => exports.gemmTileLoop(kc, p.A, p.B, p.C, reps),
  };
}

/** A gemm call over the shape's operands, its arguments built once. */
function gemmCall(exports, ptrs, args) {
  const all = [...args(ptrs), ptrs.work];
  return () => exports.gemm(...all);
}

export async function benchGemm({ wasmPath = "build/nmf-simd.wasm", quick = false } = {}) {
  const { memory, exports } = await instantiate(wasmPath);
  const variant = basename(wasmPath).replace(/^nmf-|\.wasm$/g, "");
  const rows = [];
  for (const s of [tileCeiling(quick ? 512 : 8192), ...shapes()]) {
    const ptrs = allocate(memory, exports, s.sizes);
    const run = s.call ? s.call(exports, ptrs) : gemmCall(exports, ptrs, s.args);
    const bench = new Bench({
      iterations: quick ? 3 : 10, time: quick ? 200 : 1500,
      warmupIterations: quick ? 1 : 3, warmupTime: quick ? 50 : 300,
    });
    bench.add(s.shape, run, { async: false });
    await bench.run();
    const { p50, min } = bench.tasks[0].result.latency;
    rows.push({ shape: s.shape, variant, ceiling: s.ceiling ?? false, gflops: s.flops / (p50 * 1e6), bestGflops: s.flops / (min * 1e6), ms: p50 });
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const wasmPath = process.argv.slice(2).find((a) => !a.startsWith("--")) ?? fileURLToPath(new URL("../build/nmf-simd.wasm", import.meta.url));
  const rows = await benchGemm({ wasmPath, quick: process.argv.includes("--quick") });
  if (process.argv.includes("--json")) console.log(JSON.stringify(rows));
  else console.table(rows.map((r) => ({ ...r, gflops: +r.gflops.toFixed(1), bestGflops: +r.bestGflops.toFixed(1), ms: +r.ms.toFixed(2) })));
}
