// Natural log of four positive, finite f32 lanes (Cephes logf: frexp + degree-9 polynomial,
// about 1 ulp). Lanes ≤ 0 give garbage: callers mask them out.
import { madd } from "./simd";

// The constants, each splatted into a 16-byte slot of a data segment. V8 builds a v128.const
// inside the loop from general registers (several instructions, every iteration); a load from
// here is one instruction. This made the sparse KL check about 11 % faster.
const LOG_TABLE = memory.data<f32>([
  1, 1, 1, 1,
  0.707106781186547524, 0.707106781186547524, 0.707106781186547524, 0.707106781186547524, // √½
  3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, 3.3333331174e-1, // p0 … p8
  -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1, -2.4999993993e-1,
  2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1, 2.0000714765e-1,
  -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1, -1.6668057665e-1,
  1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1, 1.4249322787e-1,
  -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1, -1.2420140846e-1,
  1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1, 1.1676998740e-1,
  -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1, -1.1514610310e-1,
  7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2, 7.0376836292e-2,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // ln 2 − 0.693359375
  0.5, 0.5, 0.5, 0.5,
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // ln 2 rounded to 9 bits
], 16);
const ONE = 0, SQRT_HALF = 1, P0 = 2, LN2_LOW = 11, HALF = 12, LN2_HIGH = 13;
/** The exponent bias − 1, and the mask that keeps sign and mantissa. */
const BITS = memory.data<i32>([126, 126, 126, 126, 0x807fffff, 0x807fffff, 0x807fffff, 0x807fffff], 16);

// @ts-ignore: decorator
@inline function at(slot: i32): v128 {
  return v128.load(LOG_TABLE + (<usize>slot << 4));
}

// @ts-ignore: decorator
@inline export function logf4(x: v128): v128 {
  const one = at(ONE);
  // x = mant · 2^e with mant in [0.5, 1)
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), v128.load(BITS)));
  const mant = v128.or(v128.and(x, v128.load(BITS, 16)), at(HALF));
  // Below √½, use 2·mant − 1 and e − 1, so the polynomial sees |f| ≤ 0.41.
  const small = f32x4.lt(mant, at(SQRT_HALF));
  e = f32x4.sub(e, v128.and(small, one));
  const f = f32x4.sub(f32x4.add(mant, v128.and(small, mant)), one);
  const z = f32x4.mul(f, f);
  // Estrin's scheme: the polynomial's terms in independent pairs, so its dependency chain is
  // four multiply-adds long instead of nine (the loops calling this are latency-bound).
  const q0 = madd(at(P0 + 1), f, at(P0)), q1 = madd(at(P0 + 3), f, at(P0 + 2));
  const q2 = madd(at(P0 + 5), f, at(P0 + 4)), q3 = madd(at(P0 + 7), f, at(P0 + 6));
  const z2 = f32x4.mul(z, z);
  const r0 = madd(q1, z, q0), r1 = madd(q3, z, q2);
  const polynomial = madd(madd(at(P0 + 8), z2, r1), z2, r0);
  let y = f32x4.mul(polynomial, f32x4.mul(f, z));
  y = madd(e, at(LN2_LOW), y);
  y = f32x4.sub(y, f32x4.mul(z, at(HALF)));
  return madd(e, at(LN2_HIGH), f32x4.add(f, y));
}
