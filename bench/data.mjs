// Deterministic synthetic benchmark data: V = W·H of gamma-like (exponential) factors plus
// uniform noise, and a fixed start (W0, H0), so every run times the same work.

/** xorshift-based uniform [0, 1) generator. */
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

export function factorData(m, n, k, seed = 1) {
  const u = uniform(seed);
  const w = Float32Array.from({ length: m * k }, () => exponential(u));
  const h = Float32Array.from({ length: k * n }, () => exponential(u));
  const v = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < k; c++) {
      const x = w[i * k + c];
      for (let j = 0; j < n; j++) v[i * n + j] += x * h[c * n + j];
    }
  }
  for (let t = 0; t < v.length; t++) v[t] += 0.1 * u();
  const start = (rows, cols) => ({ rows, cols, data: Float32Array.from({ length: rows * cols }, () => 0.1 + u()) });
  return { V: { rows: m, cols: n, data: v }, W0: start(m, k), H0: start(k, n) };
}
