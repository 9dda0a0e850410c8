// Standard normal draws addressed by element index (a counter-based generator): the value at
// index t depends only on t and two 32-bit keys, so a fill split into any row ranges, on any
// number of threads, gives the same bits. Box–Muller on four lanes: two hashed uniforms per
// index, r = √(−2 ln u₁), and cos(2π u₂) from a polynomial; f32 precision (Ω is f32).
import { logf4 } from "./logf";

/** Chris Wellons' lowbias32 integer hash, on four lanes. */
// @ts-ignore: decorator
@inline function mix4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 16));
  x = i32x4.mul(x, i32x4.splat(0x7feb352d));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  x = i32x4.mul(x, i32x4.splat(<i32>0x846ca68b));
  return v128.xor(x, i32x4.shr_u(x, 16));
}

/** cos(2πb) for b in [0, ¼]: Taylor series in z = (2πb)² to z⁶ (error < 1e-8). */
// @ts-ignore: decorator
@inline function cos2pi(b: v128): v128 {
  const x = f32x4.mul(b, f32x4.splat(6.283185307179586));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(2.08767569878681e-9);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-2.755731922398589e-7));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.48015873015873e-5));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-1.388888888888889e-3));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(4.1666666666666664e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-0.5));
  return f32x4.add(f32x4.mul(p, z), f32x4.splat(1));
}

/** Four standard normals, for the element indices in the lanes of idx (each < 2³⁰). */
// @ts-ignore: decorator
@inline export function normal4(idx: v128, key1: u32, key2: u32): v128 {
  const k1 = i32x4.splat(key1), k2 = i32x4.splat(key2);
  const even = i32x4.shl(idx, 1);
  const h1 = mix4(v128.xor(mix4(v128.xor(even, k1)), k2));
  const h2 = mix4(v128.xor(mix4(v128.xor(v128.or(even, i32x4.splat(1)), k1)), k2));
  // u₁ in (0, 1): 23 bits + ½, exact in f32, so never 0 or 1 (r > 0).
  const u1 = f32x4.mul(f32x4.add(f32x4.convert_i32x4_u(i32x4.shr_u(h1, 9)), f32x4.splat(0.5)),
    f32x4.splat(1.1920928955078125e-7));
  const r = f32x4.sqrt(f32x4.mul(f32x4.splat(-2), logf4(u1)));
  const u2 = f32x4.mul(f32x4.convert_i32x4_u(i32x4.shr_u(h2, 8)), f32x4.splat(5.960464477539063e-8));
  // cos(2πu) = −cos(2πa), a = |u − ½| ∈ [0, ½]; past ¼, −cos(2πa) = cos(2π(½ − a)).
  const half = f32x4.splat(0.5);
  const a = f32x4.abs(f32x4.sub(u2, half));
  const far = f32x4.gt(a, f32x4.splat(0.25));
  const c = cos2pi(v128.bitselect(f32x4.sub(half, a), a, far));
  return f32x4.mul(r, v128.bitselect(c, f32x4.neg(c), far));
}

/** One standard normal for element index t. */
export function normalAt(t: i32, key1: u32, key2: u32): f32 {
  return f32x4.extract_lane(normal4(i32x4.splat(t), key1, key2), 0);
}

/**
 * Rows [i0, i1) of out (ld floats per row): columns [0, cols) get normals of element index
 * i·cols + c (the unpadded position), columns [cols, ld) zero.
 */
export function fillNormalRows(i0: i32, i1: i32, cols: i32, ld: i32, key1: u32, key2: u32, out: usize): void {
  const lanes = i32x4(0, 1, 2, 3);
  for (let i = i0; i < i1; i++) {
    const row = out + ((<usize>i * ld) << 2);
    const base = i * cols;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      v128.store(row + (<usize>c << 2), normal4(i32x4.add(i32x4.splat(base + c), lanes), key1, key2));
    }
    if (c < cols) {
      const v = normal4(i32x4.add(i32x4.splat(base + c), lanes), key1, key2);
      const at = row + (<usize>c << 2), left = cols - c;
      store<f32>(at, f32x4.extract_lane(v, 0));
      if (left > 1) store<f32>(at, f32x4.extract_lane(v, 1), 4);
      if (left > 2) store<f32>(at, f32x4.extract_lane(v, 2), 8);
    }
    for (let p = cols; p < ld; p++) store<f32>(row + (<usize>p << 2), 0);
  }
}
