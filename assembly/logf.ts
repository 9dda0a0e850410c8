// Natural log of four positive, finite f32 lanes (Cephes logf: frexp + degree-9 polynomial,
// about 1 ulp). Lanes ≤ 0 give garbage: callers mask them out.

// @ts-ignore: decorator
@inline export function logf4(x: v128): v128 {
  const one = f32x4.splat(1);
  // x = mant · 2^e with mant in [0.5, 1)
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  let mant = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  // Below √½, use 2·mant − 1 and e − 1, so the polynomial sees |f| ≤ 0.41.
  const small = f32x4.lt(mant, f32x4.splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, one));
  const f = f32x4.sub(f32x4.add(mant, v128.and(small, mant)), one);
  const z = f32x4.mul(f, f);
  let y = f32x4.splat(7.0376836292e-2);
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.1514610310e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.1676998740e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.2420140846e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(1.4249322787e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-1.6668057665e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(2.0000714765e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(-2.4999993993e-1));
  y = f32x4.add(f32x4.mul(y, f), f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, f), z);
  y = f32x4.add(y, f32x4.mul(e, f32x4.splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  return f32x4.add(f32x4.add(f, y), f32x4.mul(e, f32x4.splat(0.693359375)));
}
