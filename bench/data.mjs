// Deterministic synthetic benchmark data: V = W·H + noise, where W (m×k) and H (k×n) have
// independent Exponential(1) = Gamma(1, 1) entries and the noise is uniform [0, 0.1); plus a fixed
// start (W0, H0) with uniform [0.1, 1.1) entries, so every run and every solver times the same work.
// Everything comes from one xorshift32 stream seeded by `seed`.

export const DATA_DESCRIPTION =
  "V = W·H + U[0, 0.1) noise with W, H entries ~ Exponential(1) (Gamma(1,1)); start W0, H0 ~ U[0.1, 1.1); xorshift32, seed 1";

/** xorshift32 uniform [0, 1) generator. */
export function uniform(seed) {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

const exponential = (u) => -Math.log(1 - u());

function filled(length, draw) {
  const a = new Float32Array(length);
  for (let i = 0; i < length; i++) a[i] = draw();
  return a;
}

/** { V: m×n, W0: m×k, H0: k×n } as row-major { rows, cols, data: Float32Array }. */
export function factorData(m, n, k, seed = 1) {
  const u = uniform(seed);
  const w = filled(m * k, () => exponential(u));
  const h = filled(k * n, () => exponential(u));
  const v = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let c = 0; c < k; c++) {
      const x = w[i * k + c], hc = c * n;
      for (let j = 0; j < n; j++) v[row + j] += x * h[hc + j];
    }
  }
  for (let t = 0; t < v.length; t++) v[t] += 0.1 * u();
  const start = (rows, cols) => ({ rows, cols, data: filled(rows * cols, () => 0.1 + u()) });
  return { V: { rows: m, cols: n, data: v }, W0: start(m, k), H0: start(k, n) };
}
