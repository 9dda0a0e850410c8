// Small dense float64 linear algebra for the randomized SVD: only (k + oversamples)-sized
// problems run here; everything over the rows of V or its factors runs in kernels.

/**
 * Below this, a pivot of the Cholesky factor (squared), relative to its column's squared norm,
 * means the column is numerically inside the span of the previous ones: Y is f32, so a residual
 * of 1e-5 of a column (d/G_jj = 1e-10) is still ~100× its rounding; below that, CholeskyQR would
 * amplify noise or fail, and the eigen fallback runs instead.
 */
const CHOLESKY_MIN_PIVOT = 1e-10;
/** Eigenvalues of YᵀY below this fraction of the largest are dropped by the fallback (σ ratio ~3e-6). */
const EIGEN_MIN_RATIO = 1e-11;

/**
 * A T (lp×lp, row-major, f64) with Y·T orthonormal, from G = YᵀY (lp×lp; only its leading
 * l×l block is used, T is zero elsewhere): R⁻¹ of the Cholesky factor G = RᵀR (upper: true),
 * or, when Y is numerically rank-deficient, V·Λ^(−½) from G's eigen-decomposition with the
 * columns of negligible eigenvalues set to zero (upper: false). Never NaN: a zero Y gives T = 0.
 */
export function orthonormalizingTransform(G: Float64Array, lp: number, l: number): { T: Float64Array; upper: boolean } {
  const R = choleskyUpper(G, lp, l);
  if (R) return { T: invertUpper(R, lp, l), upper: true };
  const sub = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = 0; j < l; j++) sub[i * l + j] = G[i * lp + j];
  const { values, vectors } = symmetricEigen(sub, l);
  const T = new Float64Array(lp * lp);
  const floor = Math.max(values[0], 0) * EIGEN_MIN_RATIO;
  for (let c = 0; c < l; c++) {
    if (!(values[c] > floor)) continue;
    const scale = 1 / Math.sqrt(values[c]);
    for (let p = 0; p < l; p++) T[p * lp + c] = vectors[p * l + c] * scale;
  }
  return { T, upper: false };
}

/** Upper R (lp×lp storage) with RᵀR = G's leading l×l block, or undefined if a pivot is too small. */
function choleskyUpper(G: Float64Array, lp: number, l: number): Float64Array | undefined {
  const R = new Float64Array(lp * lp);
  for (let j = 0; j < l; j++) {
    const gjj = G[j * lp + j];
    let d = gjj;
    for (let p = 0; p < j; p++) d -= R[p * lp + j] * R[p * lp + j];
    if (!(gjj > 0) || !(d > CHOLESKY_MIN_PIVOT * gjj)) return undefined;
    const rjj = Math.sqrt(d);
    R[j * lp + j] = rjj;
    for (let c = j + 1; c < l; c++) {
      let s = G[j * lp + c];
      for (let p = 0; p < j; p++) s -= R[p * lp + j] * R[p * lp + c];
      R[j * lp + c] = s / rjj;
    }
  }
  return R;
}

/** R⁻¹ of an upper-triangular R (leading l×l of lp×lp storage), by back substitution per column. */
function invertUpper(R: Float64Array, lp: number, l: number): Float64Array {
  const T = new Float64Array(lp * lp);
  for (let c = 0; c < l; c++) {
    T[c * lp + c] = 1 / R[c * lp + c];
    for (let i = c - 1; i >= 0; i--) {
      let s = 0;
      for (let p = i + 1; p <= c; p++) s += R[i * lp + p] * T[p * lp + c];
      T[i * lp + c] = -s / R[i * lp + i];
    }
  }
  return T;
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major) by cyclic Jacobi rotations.
 * Returns eigenvalues in descending order and eigenvectors as the columns of `vectors`.
 */
export function symmetricEigen(sym: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] * a[i * n + i];
      for (let j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p], arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r], aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p], vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = a[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + dst] = v[r * n + src];
  });
  return { values, vectors };
}
